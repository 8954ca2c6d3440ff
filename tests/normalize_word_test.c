/* The look-alike word test (whether a confusable is folded under
 * VB_NORM_CONFUSABLES) gives the same answer as the reference below, a copy
 * of the test as it was before it learnt to stop early, on random strings
 * and on every fixture text. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "normalize_internal.h"
#include "normalize_tables.h"
#include "utf8.h"
#include "verbatim/normalize.h"

/* ---- the reference: the word test before the early stop ----------------- */

typedef struct ref {
  const uint8_t *in;
  size_t in_len;
  utf8proc_option_t decomp;
} ref;

static uint8_t ref_prop(uint32_t c) {
  if (c >= 0x110000) return 0;
  return vb_nprop_stage2[((size_t)vb_nprop_stage1[c >> VB_NPROP_SHIFT] << VB_NPROP_SHIFT) +
                         (c & ((1u << VB_NPROP_SHIFT) - 1))];
}

static const vb_nmap_entry *ref_map_find(uint32_t c) {
  if (c - 0x2000 < 0x80) {
    uint8_t k = vb_nmap_2000[c - 0x2000];
    return k ? &vb_nmap[k - 1] : NULL;
  }
  for (size_t i = 0; i < VB_NMAP_COUNT; i++)
    if (c >= vb_nmap[i].lo && c <= vb_nmap[i].hi) return &vb_nmap[i];
  return NULL;
}

static bool ref_latin(uint32_t c) {
  for (size_t i = 0; i < VB_LATIN_COUNT; i++)
    if (c >= vb_latin[i][0] && c <= vb_latin[i][1]) return true;
  return false;
}

static uint32_t ref_decode(const uint8_t *s, size_t k) {
  int32_t c = -1;
  utf8proc_iterate(s, (utf8proc_ssize_t)k, &c);
  return (uint32_t)c;
}

static int32_t ref_char_before(const uint8_t *s, size_t at, size_t *start) {
  if (at == 0) return -1;
  size_t k = at - 1;
  while (k > 0 && at - k < 4 && (s[k] & 0xC0) == 0x80) k--;
  size_t len = vb_utf8_seq_len(s + k, at - k);
  if (len != at - k) return -1;
  *start = k;
  return (int32_t)ref_decode(s + k, len);
}

static int32_t ref_char_at(const uint8_t *s, size_t n, size_t at, size_t *len) {
  if (at >= n) return -1;
  size_t k = vb_utf8_seq_len(s + at, n - at);
  if (k == 0) return -1;
  *len = k;
  return (int32_t)ref_decode(s + at, k);
}

static bool ref_is_letter(int32_t c) {
  utf8proc_category_t k = utf8proc_category(c);
  return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

static bool ref_is_mark(int32_t c) {
  utf8proc_category_t k = utf8proc_category(c);
  return k >= UTF8PROC_CATEGORY_MN && k <= UTF8PROC_CATEGORY_ME;
}

static bool ref_in_word(int32_t c) {
  if (ref_is_letter(c) || ref_is_mark(c)) return true;
  const vb_nmap_entry *e = (ref_prop((uint32_t)c) & VB_NP_MAPPED) ? ref_map_find((uint32_t)c) : NULL;
  return e && (e->cls == VB_NCLASS_INVISIBLE || e->cls == VB_NCLASS_JOINER);
}

#define REF_DECOMP_MAX 32
static int ref_word_chars(const ref *n, int32_t c, int32_t *d) {
  utf8proc_option_t o = UTF8PROC_DECOMPOSE | (n->decomp & (UTF8PROC_COMPAT | UTF8PROC_CASEFOLD));
  int bc = 0;
  utf8proc_ssize_t r = utf8proc_decompose_char(c, d, REF_DECOMP_MAX, o, &bc);
  if (r < 1 || r > REF_DECOMP_MAX) {
    d[0] = c;
    return 1;
  }
  return (int)r;
}

static void ref_tally(int32_t c, int32_t d, int *latin, int *other) {
  if (!ref_is_letter(d)) return;
  if (ref_latin((uint32_t)d))
    (*latin)++;
  else if (!((ref_prop((uint32_t)c) | ref_prop((uint32_t)d)) & VB_NP_CONFUSABLE))
    (*other)++;
}

static void ref_scan_word(const ref *n, size_t at, int dir, int *latin, int *other) {
  int letters = 0;
  for (int raw = 0; raw < 1024 && letters < 64; raw++) {
    size_t start = 0, len = 0;
    int32_t c = dir < 0 ? ref_char_before(n->in, at, &start) : ref_char_at(n->in, n->in_len, at, &len);
    if (c < 0) return;
    int32_t d[REF_DECOMP_MAX];
    int k = ref_word_chars(n, c, d);
    for (int j = 0; j < k && letters < 64; j++) {
      int32_t x = d[dir < 0 ? k - 1 - j : j];
      if (!ref_in_word(x)) return;
      if (ref_is_letter(x)) letters++;
      ref_tally(c, x, latin, other);
    }
    at = dir < 0 ? start : at + len;
  }
}

static bool ref_word_is_latin(const ref *n, size_t a, size_t b) {
  int latin = 0, other = 0;
  size_t at, len;
  bool first_in = false, last_in = false;
  for (at = a; at < b; at += len) {
    int32_t c = ref_char_at(n->in, n->in_len, at, &len);
    if (c < 0) return false;
    int32_t d[REF_DECOMP_MAX];
    int k = ref_word_chars(n, c, d);
    if (at == a) first_in = ref_in_word(d[0]);
    last_in = ref_in_word(d[k - 1]);
    for (int j = 0; j < k; j++)
      if (ref_in_word(d[j])) ref_tally(c, d[j], &latin, &other);
  }
  if (first_in) ref_scan_word(n, a, -1, &latin, &other);
  if (last_in) ref_scan_word(n, b, 1, &latin, &other);
  return latin > 0 && other == 0;
}

/* ---- the forms the word test depends on -------------------------------- */

static const struct {
  unsigned flags;
} forms[] = {
    {VB_NORM_CONFUSABLES},
    {VB_NORM_NFC | VB_NORM_CONFUSABLES},
    {VB_NORM_DEFAULT | VB_NORM_CONFUSABLES},
    {VB_NORM_NFKC | VB_NORM_CASEFOLD | VB_NORM_CONFUSABLES},
};
#define NFORMS (sizeof forms / sizeof forms[0])

static utf8proc_option_t decomp_of(unsigned flags) {
  utf8proc_option_t o = 0;
  if (flags & VB_NORM_NFKC) o |= UTF8PROC_COMPAT;
  if (flags & VB_NORM_CASEFOLD) o |= UTF8PROC_CASEFOLD;
  return o;
}

/* Compare at every character of t (non-ASCII ones only when asked; only
 * those in the first or last `edge` bytes and the middle one when edge is
 * not 0), as a segment alone and with the one or two characters after it. */
static size_t compare_some(vb_normalizer *nz, const char *t, size_t len, bool only_nonascii,
                           size_t edge) {
  ref r = {(const uint8_t *)t, len, decomp_of(vb_normalizer_flags(nz))};
  size_t compared = 0;
  for (size_t a = 0; a < len;) {
    size_t k = vb_utf8_seq_len((const uint8_t *)t + a, len - a);
    assert_true(k > 0);
    bool near_edge = edge == 0 || a < edge || len - a < edge || (a <= len / 2 && len / 2 < a + k);
    if ((!only_nonascii || (uint8_t)t[a] >= 0x80) && near_edge) {
      size_t b = a;
      for (int chars = 0; chars < 3 && b < len; chars++) {
        b += vb_utf8_seq_len((const uint8_t *)t + b, len - b);
        bool want = ref_word_is_latin(&r, a, b);
        bool got = vb_normalizer_word_is_latin(nz, t, len, a, b);
        if (want != got) fail_msg("bytes [%zu, %zu) of \"%.*s\": reference %d, now %d", a, b, (int)len, t, want, got);
        compared++;
      }
    }
    a += k;
  }
  return compared;
}

static size_t compare_all(vb_normalizer *nz, const char *t, size_t len, bool only_nonascii) {
  return compare_some(nz, t, len, only_nonascii, 0);
}

/* ---- random strings ---------------------------------------------------- */

static uint64_t rng_state;
static uint32_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state >> 16);
}

/* Latin letters, look-alikes, other letters of their scripts, marks,
 * invisibles, characters that decompose to letters or to letters and
 * punctuation under NFKC, spaces and punctuation. */
static const uint32_t pool[] = {
    'a', 'x', 'o', 'E', 's', 0xE9 /* é */, 0xDF /* ß */, 0x1E9E /* ẞ */, 0x0131 /* ı */,
    0x043E, 0x0430, 0x0441, 0x0410, 0x0415, 0x0440, 0x0445, /* Cyrillic look-alikes */
    0x0431, 0x0434, 0x0436, 0x044F,                         /* other Cyrillic */
    0x03BF, 0x03B1, 0x039F, 0x03BD, 0x0390 /* ΐ */, 0x03C1, /* Greek look-alikes */
    0x03BB, 0x03C9, 0x03A9,                                 /* other Greek */
    0x4E2D, 0x6587,                                         /* Han */
    0x0301, 0x0308, 0x0327, 0x20DD, 0x094D,                 /* marks */
    0x200B, 0x200C, 0x200D, 0x00AD, 0xFEFF, 0x2060,         /* invisibles */
    0x24D0 /* ⓐ */, 0x2116 /* № */, 0x2122 /* ™ */, 0x2103 /* ℃ */, 0x2168 /* Ⅸ */,
    0xFB01 /* ﬁ */, 0x1D400 /* 𝐀 */, 0xFF41 /* ａ */, 0x3392 /* ㎒ */, 0x01C4 /* Ǆ */,
    ' ', ' ', 0x00A0, 0x3000, ',', '.', '-', '\'', 0x2019, 0x201C, '1', 0x0915 /* क */,
};
#define NPOOL (sizeof pool / sizeof pool[0])

static size_t random_text(char *buf, size_t max_chars, int bias) {
  size_t len = 0, n = 1 + rng() % max_chars;
  for (size_t i = 0; i < n; i++) {
    uint32_t c = pool[rng() % NPOOL];
    /* Some strings are long words of look-alikes and Latin letters only,
     * so windows of 64 letters each way are crossed. */
    if (bias && rng() % 8 != 0) c = (rng() % 3) ? 0x043E : 'x';
    len += (size_t)utf8proc_encode_char((utf8proc_int32_t)c, (uint8_t *)buf + len);
  }
  return len;
}

static void random_strings_get_the_reference_answer(void **state) {
  (void)state;
  rng_state = 0x2545F4914F6CDD1Du;
  char buf[4 * 300];
  size_t compared = 0;
  for (size_t f = 0; f < NFORMS; f++) {
    vb_normalizer *nz = vb_normalizer_new(NULL, forms[f].flags, NULL);
    assert_non_null(nz);
    for (int round = 0; round < 300; round++) {
      bool long_word = round % 10 == 0;
      size_t len = random_text(buf, long_word ? 160 : 40, long_word);
      compared += compare_all(nz, buf, len, false);
    }
    vb_normalizer_free(nz);
  }
  assert_true(compared > 15000);
}

/* Words right at the edges of the window: 60 to 68 look-alikes between two
 * Latin letters, letters of another script, or breaks, with up to 16
 * invisibles after each (so 1024 characters come before 64 letters). */
static void window_edges_get_the_reference_answer(void **state) {
  (void)state;
  vb_normalizer *nz = vb_normalizer_new(NULL, VB_NORM_DEFAULT | VB_NORM_CONFUSABLES, NULL);
  assert_non_null(nz);
  static const uint32_t ends[] = {'x', 0x0431, 0x2122, 0x0301, 0x200B, ' '};
  char buf[4 * 2200];
  for (size_t e = 0; e < sizeof ends / sizeof ends[0]; e++)
    for (int count = 60; count <= 68; count++)
      for (int marks = 0; marks <= 16; marks += 8) {
        size_t len = 0;
        len += (size_t)utf8proc_encode_char((utf8proc_int32_t)ends[e], (uint8_t *)buf + len);
        for (int i = 0; i < count; i++) {
          len += (size_t)utf8proc_encode_char(0x043E, (uint8_t *)buf + len);
          for (int m = 0; m < marks; m++)
            len += (size_t)utf8proc_encode_char(0x200B, (uint8_t *)buf + len);
        }
        len += (size_t)utf8proc_encode_char((utf8proc_int32_t)ends[e], (uint8_t *)buf + len);
        compare_some(nz, buf, len, false, 16);
      }
  vb_normalizer_free(nz);
}

/* ---- fixture texts ----------------------------------------------------- */

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *b = NULL;
  size_t cap = 0;
  *len = 0;
  for (;;) {
    if (cap - *len < 4096) {
      cap = cap * 2 + 4096;
      char *nb = realloc(b, cap);
      assert_non_null(nb);
      b = nb;
    }
    size_t r = fread(b + *len, 1, cap - *len, f);
    if (r == 0) break;
    *len += r;
  }
  fclose(f);
  return b;
}

static size_t compare_dir(vb_normalizer *nz, const char *dir, size_t *files) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  size_t compared = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    size_t n = strlen(e->d_name);
    if (n > 4 && strcmp(e->d_name + n - 4, ".txt") == 0) {
      size_t len;
      char *t = slurp(path, &len);
      if (!t) continue;
      (*files)++;
      compared += compare_all(nz, t, len, true);
      free(t);
    } else {
      compared += compare_dir(nz, path, files);
    }
  }
  closedir(d);
  return compared;
}

static void fixture_texts_get_the_reference_answer(void **state) {
  (void)state;
  size_t files = 0, compared = 0;
  for (size_t f = 0; f < NFORMS; f++) {
    vb_normalizer *nz = vb_normalizer_new(NULL, forms[f].flags, NULL);
    assert_non_null(nz);
    compared += compare_dir(nz, VB_SOURCE_DIR "/tests/fixtures", &files);
    compared += compare_dir(nz, VB_SOURCE_DIR "/benchmarks", &files);
    vb_normalizer_free(nz);
  }
  assert_true(files > 0);
  print_message("%zu fixture texts, %zu comparisons\n", files, compared);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(random_strings_get_the_reference_answer),
      cmocka_unit_test(window_edges_get_the_reference_answer),
      cmocka_unit_test(fixture_texts_get_the_reference_answer),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
