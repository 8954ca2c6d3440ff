/* The interim word tokenizer (see fp_words.h): the source of word tokens for
 * the CLI, tests and benchmark until the UAX #29 segmenter lands. */
#include "fp_words.h"

#include <utf8proc.h>
#include <xxhash.h>

#include "internal.h"

#define FOLD_OPTIONS \
  (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)

void vb_fp_words_init(vb_fp_words *w, const vb_allocator *alloc) {
  memset(w, 0, sizeof *w);
  w->alloc = alloc;
}

void vb_fp_words_release(vb_fp_words *w) {
  vb_mem_free(w->alloc, w->hashes);
  vb_mem_free(w->alloc, w->spans);
  vb_mem_free(w->alloc, w->cps);
  vb_mem_free(w->alloc, w->utf8);
  vb_fp_words_init(w, w->alloc);
}

vb_tokens vb_fp_words_tokens(const vb_fp_words *w) {
  vb_tokens t = {w->hashes, w->spans, NULL, w->count};
  return t;
}

static bool is_word_cp(int32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

/* Code point at p (n > 0 bytes left); its length in *len; -1 if ill-formed. */
static int32_t next_cp(const uint8_t *p, size_t n, size_t *len) {
  if (p[0] < 0x80) {
    *len = 1;
    return p[0];
  }
  utf8proc_int32_t cp;
  utf8proc_ssize_t k = utf8proc_iterate(p, n > 4 ? 4 : (utf8proc_ssize_t)n, &cp);
  if (k <= 0) {
    *len = 1;
    return -1;
  }
  *len = (size_t)k;
  return cp;
}

/* Fold one word and hash it. ASCII words (most of English news) are lowered
 * in place of the full NFKC case fold, which gives the same bytes. */
static vb_status fold_hash(vb_fp_words *w, const uint8_t *s, size_t n, uint64_t seed,
                           uint64_t *out) {
  bool ascii = true;
  for (size_t i = 0; i < n; i++)
    if (s[i] >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) {
    if (n > w->utf8_cap) {
      void *p = w->utf8;
      if (!vb_array_reserve(w->alloc, &p, &w->utf8_cap, n, 1)) return VB_ERR_NOMEM;
      w->utf8 = p;
    }
    for (size_t i = 0; i < n; i++)
      w->utf8[i] = (uint8_t)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    *out = XXH3_64bits_withSeed(w->utf8, n, seed);
    return VB_OK;
  }
  for (;;) {
    utf8proc_ssize_t got = utf8proc_decompose(s, (utf8proc_ssize_t)n, w->cps,
                                              (utf8proc_ssize_t)w->cps_cap, FOLD_OPTIONS);
    if (got < 0) { /* cannot happen for well-formed words; hash the raw bytes */
      *out = XXH3_64bits_withSeed(s, n, seed);
      return VB_OK;
    }
    if ((size_t)got <= w->cps_cap) {
      for (utf8proc_ssize_t i = 0; i < got; i++)
        if (w->cps[i] == 0x2019) w->cps[i] = '\'';
      utf8proc_ssize_t len = utf8proc_reencode(w->cps, got, FOLD_OPTIONS);
      if (len < 0) len = 0;
      *out = XXH3_64bits_withSeed(w->cps, (size_t)len, seed);
      return VB_OK;
    }
    void *p = w->cps;
    if (!vb_array_reserve(w->alloc, &p, &w->cps_cap, (size_t)got + 1, sizeof(int32_t)))
      return VB_ERR_NOMEM;
    w->cps = p;
  }
}

vb_status vb_fp_words_run(vb_fp_words *w, const char *text, size_t text_len, uint64_t seed,
                          vb_error *err) {
  w->count = 0;
  if (text == NULL && text_len > 0)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "text is NULL");
  if (text_len > UINT32_MAX)
    return vb_fail(err, VB_ERR_LIMIT, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "text of %zu bytes is beyond the 4 GiB a span can address", text_len);
  const uint8_t *s = (const uint8_t *)text;
  size_t i = 0;
  while (i < text_len) {
    size_t len;
    int32_t cp = next_cp(s + i, text_len - i, &len);
    if (!is_word_cp(cp)) {
      i += len;
      continue;
    }
    size_t start = i;
    i += len;
    while (i < text_len) {
      cp = next_cp(s + i, text_len - i, &len);
      if (is_word_cp(cp)) {
        i += len;
        continue;
      }
      if (cp == '\'' || cp == 0x2019) { /* "didn't", "O’Neill": keep when a letter follows */
        size_t l2;
        if (i + len < text_len && is_word_cp(next_cp(s + i + len, text_len - i - len, &l2))) {
          i += len + l2;
          continue;
        }
      }
      break;
    }
    if (w->count == w->cap) {
      size_t cap = w->cap;
      void *h = w->hashes, *sp = w->spans;
      if (!vb_array_reserve(w->alloc, &h, &cap, w->count + 1, sizeof(uint64_t)))
        goto nomem;
      w->hashes = h;
      cap = w->cap;
      if (!vb_array_reserve(w->alloc, &sp, &cap, w->count + 1, sizeof(vb_span))) goto nomem;
      w->spans = sp;
      w->cap = cap;
    }
    if (fold_hash(w, s + start, i - start, seed, &w->hashes[w->count]) != VB_OK) goto nomem;
    w->spans[w->count].start = (uint32_t)start;
    w->spans[w->count].end = (uint32_t)i;
    w->count++;
  }
  return VB_OK;
nomem:
  w->count = 0;
  return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                 "out of memory tokenizing %zu bytes", text_len);
}
