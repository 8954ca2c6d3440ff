/* Shingles, winnowing, MinHash and SimHash in one pass over a document's
 * words, plus the exact set comparisons. */
/* XXH3 inlined: the shingle loop hashes 40 bytes per word, and a call into
 * the shared library costs as much as the hash itself. */
#define XXH_INLINE_ALL
#include <utf8proc.h>

#include "cbor_io.h"
#include "fp_internal.h"
#include "internal.h"
#include "verbatim/normalize.h"
#include "verbatim/fingerprint.h"

#define MAX_NGRAM 64
#define MAX_WINDOW 1024
#define MAX_K 4096
#define KNOWN_FP_FLAGS (VB_FP_ALL | VB_FP_CHARGRAMS | VB_FP_INCLUDE_BOILERPLATE)

struct vb_fingerprinter {
  vb_allocator alloc;
  uint32_t flags; /* what the last run computed */
  uint32_t ngram; /* options of the last run, for the fingerprint record */
  uint64_t seed;
  uint64_t *words; /* the word hashes that take part, when some are left out */
  uint32_t *pos;   /* their indexes in the input */
  size_t words_cap, pos_cap;
  bool all_words;  /* every input word took part: pos[i] would be i */
  uint64_t *sh; /* shingle hashes in text order */
  size_t sh_cap, n_sh;
  uint32_t sh_len; /* words per shingle in the last run */
  uint64_t *set, *tmp;
  size_t set_cap, tmp_cap, n_set;
  vb_fp_print *win;
  size_t win_cap, n_win;
  uint64_t *mh;
  uint8_t *filled;
  size_t mh_cap, filled_cap, k;
  uint64_t simhash;
  uint32_t *cps;
  uint64_t *cg;
  size_t cps_cap, cg_cap, n_cg;
};

vb_fp_options vb_fp_options_default(void) {
  vb_fp_options o;
  o.flags = VB_FP_ALL;
  o.ngram = 5;
  o.window = 8;
  o.minhash_k = 128;
  o.char_ngram = 5;
  o.seed = VB_FP_DEFAULT_SEED;
  return o;
}

vb_fingerprinter *vb_fingerprinter_new(const vb_allocator *alloc) {
  vb_allocator a = vb_alloc_resolve(alloc);
  vb_fingerprinter *f = vb_mem_calloc(&a, 1, sizeof *f);
  if (f == NULL) return NULL;
  f->alloc = a;
  return f;
}

void vb_fingerprinter_reset(vb_fingerprinter *self) {
  if (self == NULL) return;
  self->flags = 0;
  self->n_sh = self->n_set = self->n_win = self->k = self->n_cg = 0;
  self->simhash = 0;
}

void vb_fingerprinter_free(vb_fingerprinter *self) {
  if (self == NULL) return;
  vb_allocator a = self->alloc;
  void *bufs[] = {self->words, self->pos, self->sh, self->set, self->tmp, self->win,
                  self->mh,    self->filled, self->cps, self->cg};
  for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) vb_mem_free(&a, bufs[i]);
  vb_mem_free(&a, self);
}

static bool grow(vb_fingerprinter *f, void *ptr, size_t *cap, size_t need, size_t elem) {
  void **p = ptr;
  return vb_array_reserve(&f->alloc, p, cap, need ? need : 1, elem);
}

/* ---- pure comparisons ---- */

vb_set_overlap vb_shingle_compare(const uint64_t *a, size_t a_len, const uint64_t *b,
                                  size_t b_len) {
  vb_set_overlap o = {a_len, b_len, 0, 0.0, 0.0, 0.0};
  size_t i = 0, j = 0;
  while (i < a_len && j < b_len) {
    if (a[i] < b[j])
      i++;
    else if (a[i] > b[j])
      j++;
    else {
      o.shared++;
      i++;
      j++;
    }
  }
  size_t uni = a_len + b_len - o.shared;
  if (uni) o.jaccard = (double)o.shared / (double)uni;
  if (a_len) o.containment_ab = (double)o.shared / (double)a_len;
  if (b_len) o.containment_ba = (double)o.shared / (double)b_len;
  return o;
}

double vb_minhash_jaccard(const uint64_t *a, const uint64_t *b, size_t k) {
  if (a == NULL || b == NULL || k == 0) return 0.0;
  /* Four independent counts: the loop is bound by its adds otherwise. */
  size_t eq0 = 0, eq1 = 0, eq2 = 0, eq3 = 0, i = 0;
  for (; i + 4 <= k; i += 4) {
    eq0 += a[i] == b[i];
    eq1 += a[i + 1] == b[i + 1];
    eq2 += a[i + 2] == b[i + 2];
    eq3 += a[i + 3] == b[i + 3];
  }
  for (; i < k; i++) eq0 += a[i] == b[i];
  return (double)(eq0 + eq1 + eq2 + eq3) / (double)k;
}

int vb_simhash_distance(uint64_t a, uint64_t b) {
  uint64_t x = a ^ b;
  int n = 0;
  while (x) {
    x &= x - 1;
    n++;
  }
  return n;
}

/* ---- the run ---- */

static vb_status check_options(const vb_fp_options *o, vb_error *err) {
  if (o->flags & ~(uint32_t)KNOWN_FP_FLAGS)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "flags", VB_NO_OFFSET,
                   "unknown fingerprint flags 0x%x", (unsigned)(o->flags & ~(uint32_t)KNOWN_FP_FLAGS));
  if (o->ngram < 1 || o->ngram > MAX_NGRAM)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "ngram", VB_NO_OFFSET,
                   "ngram must be 1..%d words, not %u", MAX_NGRAM, (unsigned)o->ngram);
  if (o->window < 1 || o->window > MAX_WINDOW)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "window", VB_NO_OFFSET,
                   "window must be 1..%d shingles, not %u", MAX_WINDOW, (unsigned)o->window);
  if (o->minhash_k < 1 || o->minhash_k > MAX_K)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "minhash_k", VB_NO_OFFSET,
                   "minhash_k must be 1..%d, not %u", MAX_K, (unsigned)o->minhash_k);
  if (o->char_ngram < 1 || o->char_ngram > MAX_NGRAM)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "char_ngram", VB_NO_OFFSET,
                   "char_ngram must be 1..%d, not %u", MAX_NGRAM, (unsigned)o->char_ngram);
  return VB_OK;
}

static vb_status nomem(vb_fingerprinter *f, vb_error *err, const char *what) {
  vb_fingerprinter_reset(f);
  return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                 "out of memory for %s", what);
}

/* Robust winnowing: every window of w shingles selects its minimum; on a
 * tie the previous window's choice stays if it is still inside, else the
 * rightmost minimum is taken. Each change of choice is one fingerprint. */
static void winnow(vb_fingerprinter *f, size_t w) {
  const uint64_t *h = f->sh;
  size_t m = f->n_sh, n = 0;
  f->n_win = 0;
  if (m == 0) return;
  if (w > m) w = m;
  size_t min = SIZE_MAX;
  for (size_t end = w; end <= m; end++) { /* window [end - w, end) */
    size_t start = end - w;
    if (min == SIZE_MAX || min < start) {
      min = start;
      for (size_t i = start + 1; i < end; i++)
        if (h[i] <= h[min]) min = i;
    } else if (h[end - 1] < h[min]) {
      min = end - 1;
    }
    uint32_t first = f->all_words ? (uint32_t)min : f->pos[min];
    if (n == 0 || f->win[n - 1].token != first) {
      f->win[n].hash = h[min];
      f->win[n].token = first;
      size_t last = min + f->sh_len - 1;
      f->win[n].token_end = (f->all_words ? (uint32_t)last : f->pos[last]) + 1;
      n++;
    }
  }
  f->n_win = n;
}

/* One-permutation hashing with optimal densification (Shrivastava 2017).
 * Each shingle is hashed once (not k times): the hash picks a bin from its
 * high bits and competes for that bin's minimum. Bins no shingle fell into
 * borrow the value of a filled bin found by a probe sequence that depends
 * only on the bin and the seed, so two documents probe alike and the
 * collision probability of every bin stays their Jaccard similarity. */
static void minhash(vb_fingerprinter *f, const uint64_t *x, size_t n, size_t k, uint64_t seed) {
  uint64_t *v = f->mh;
  uint8_t *filled = f->filled;
  uint64_t s1 = vb_mix64(seed ^ UINT64_C(0x6d696e68617368)); /* "minhash" */
  uint64_t s2 = vb_mix64(seed ^ UINT64_C(0x64656e7365));     /* "dense" */
  for (size_t i = 0; i < k; i++) v[i] = UINT64_MAX;
  memset(filled, 0, k);
  /* Repeats in `x` change nothing (a bin keeps its minimum), so the shingles
   * need not be deduplicated first. Branch-free: the minimum is a select,
   * and `filled` is stored unconditionally and counted afterwards. */
  for (size_t i = 0; i < n; i++) {
    uint64_t h = vb_mix64(x[i] ^ s1);
    size_t bin = (size_t)(((h >> 32) * (uint64_t)k) >> 32);
    uint64_t cur = v[bin];
    v[bin] = h < cur ? h : cur;
    filled[bin] = 1;
  }
  size_t nfilled = 0;
  for (size_t i = 0; i < k; i++) nfilled += filled[i];
  if (nfilled == 0 || nfilled == k) return;
  for (size_t i = 0; i < k; i++) {
    if (filled[i]) continue;
    for (uint64_t attempt = 1;; attempt++) {
      uint64_t r = vb_mix64(s2 ^ ((uint64_t)i << 32 | (attempt & 0xFFFFFFFFu)));
      size_t j = (size_t)(((r >> 32) * (uint64_t)k) >> 32);
      if (filled[j]) {
        v[i] = v[j];
        break;
      }
    }
  }
}

/* SimHash: bit k is set when more than half of the shingle hashes (counted
 * with repeats) have it set. Counting 64 bits one by one per shingle is the
 * slow way. Here the counts are bit-sliced: carry-save adders (Harley and
 * Seal's popcount tree) add 16 hashes into per-bit "ones, twos, fours,
 * eights" words and one "sixteens" word, about five logic operations per
 * hash; only the sixteens are spread into byte-wide lane counters. */
static void csa(uint64_t *hi, uint64_t *lo, uint64_t a, uint64_t b, uint64_t c) {
  uint64_t u = a ^ b;
  *hi = (a & b) | (u & c);
  *lo = u ^ c;
}

/* Add the bits of `x` to a packed accumulator of 64 byte-wide lanes:
 * multiplying a byte by 0x8040201008040201 puts its bit i at bit 9j + i of
 * the product for each byte j, with no carries; bit 8j + 7 is bit 7 - j of
 * the byte, so lane j of acc[b] counts bit 8b + 7 - j of x. */
static void spread_add(uint64_t acc[8], uint64_t x) {
#if defined(__GNUC__)
#pragma GCC unroll 8
#endif
  for (int b = 0; b < 8; b++) {
    uint64_t byte = (x >> (8 * b)) & 0xFF;
    acc[b] += (byte * UINT64_C(0x8040201008040201)) >> 7 & UINT64_C(0x0101010101010101);
  }
}

static void flush(uint64_t total[64], uint64_t acc[8]) {
  for (int b = 0; b < 8; b++) {
    for (int j = 0; j < 8; j++) total[8 * b + 7 - j] += (acc[b] >> (8 * j)) & 0xFF;
    acc[b] = 0;
  }
}

static uint64_t simhash(const uint64_t *h, size_t n) {
  uint64_t ones = 0, twos = 0, fours = 0, eights = 0;
  uint64_t total[64] = {0}; /* counts of the sixteens, per bit */
  uint64_t acc[8] = {0};    /* byte lanes, flushed into total every 255 adds */
  unsigned pending = 0;
  size_t i = 0;
  uint64_t pad[16];
  for (; i < n; i += 16) {
    uint64_t twos_a, twos_b, fours_a, fours_b, eights_a, eights_b, sixteens;
    const uint64_t *x = h + i;
    if (n - i < 16) { /* the last block, padded with zeros (which count nothing) */
      memset(pad, 0, sizeof pad);
      memcpy(pad, x, (n - i) * sizeof *x);
      x = pad;
    }
    csa(&twos_a, &ones, ones, x[0], x[1]);
    csa(&twos_b, &ones, ones, x[2], x[3]);
    csa(&fours_a, &twos, twos, twos_a, twos_b);
    csa(&twos_a, &ones, ones, x[4], x[5]);
    csa(&twos_b, &ones, ones, x[6], x[7]);
    csa(&fours_b, &twos, twos, twos_a, twos_b);
    csa(&eights_a, &fours, fours, fours_a, fours_b);
    csa(&twos_a, &ones, ones, x[8], x[9]);
    csa(&twos_b, &ones, ones, x[10], x[11]);
    csa(&fours_a, &twos, twos, twos_a, twos_b);
    csa(&twos_a, &ones, ones, x[12], x[13]);
    csa(&twos_b, &ones, ones, x[14], x[15]);
    csa(&fours_b, &twos, twos, twos_a, twos_b);
    csa(&eights_b, &fours, fours, fours_a, fours_b);
    csa(&sixteens, &eights, eights, eights_a, eights_b);
    spread_add(acc, sixteens);
    if (++pending == 255) {
      flush(total, acc);
      pending = 0;
    }
  }
  flush(total, acc);
  uint64_t out = 0;
  for (int b = 0; b < 64; b++) {
    uint64_t c = 16 * total[b] + 8 * (eights >> b & 1) + 4 * (fours >> b & 1) + 2 * (twos >> b & 1) +
                 (ones >> b & 1);
    if (2 * c > n) out |= (uint64_t)1 << b;
  }
  return out;
}

/* XXH3-64 of each window of `g` word hashes (vb_hash_u64s). Flattened,
 * with the common lengths as constants, the hash is inlined and its length
 * dispatch folded away: that halves the instructions per shingle. */
#if defined(__GNUC__)
#define VB_FLATTEN __attribute__((flatten))
#else
#define VB_FLATTEN
#endif
#define SHINGLE_CASE(G)                                                                    \
  case G:                                                                                  \
    for (size_t i = 0; i < m; i++) out[i] = XXH3_64bits_withSeed(w + i, (G) * 8, seed);    \
    return;

static VB_FLATTEN void shingle_hashes(uint64_t *out, const uint64_t *w, size_t m, size_t g,
                                      uint64_t seed) {
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
  switch (g) {
    SHINGLE_CASE(1)
    SHINGLE_CASE(2)
    SHINGLE_CASE(3)
    SHINGLE_CASE(4)
    SHINGLE_CASE(5)
    SHINGLE_CASE(6)
    SHINGLE_CASE(7)
    SHINGLE_CASE(8)
    default:
      break;
  }
#endif
  for (size_t i = 0; i < m; i++) out[i] = vb_hash_u64s(w + i, g, seed);
}

static uint32_t to_le32(uint32_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return __builtin_bswap32(v);
#else
  return v;
#endif
}

/* Character n-grams over the words' text, lowercased, one space between
 * words; each n-gram of code points hashed as little-endian 32-bit values. */
static vb_status chargrams(vb_fingerprinter *f, const vb_fp_options *o, const vb_tokens *t,
                           const char *text, size_t text_len, vb_error *err) {
  if (t->count > 0 && (t->spans == NULL || text == NULL))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "spans", VB_NO_OFFSET,
                   "character n-grams need the text and the word spans");
  size_t ncp = 0;
  size_t nwords = 0;
  for (size_t i = 0; i < t->count; i++) {
    bool skip = t->flags && (t->flags[i] & VB_TOKEN_BOILERPLATE) &&
                !(o->flags & VB_FP_INCLUDE_BOILERPLATE);
    if (skip) continue;
    vb_span sp = t->spans[i];
    if (sp.start > sp.end || sp.end > text_len)
      return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "spans", sp.start,
                     "span %zu [%u, %u) is outside the text of %zu bytes", i, (unsigned)sp.start,
                     (unsigned)sp.end, text_len);
    if (!grow(f, &f->cps, &f->cps_cap, ncp + (sp.end - sp.start) + 1, sizeof *f->cps))
      return nomem(f, err, "character n-grams");
    if (nwords++) f->cps[ncp++] = to_le32(' ');
    const uint8_t *s = (const uint8_t *)text + sp.start;
    size_t n = sp.end - sp.start;
    for (size_t k = 0; k < n;) {
      utf8proc_int32_t cp;
      utf8proc_ssize_t len = utf8proc_iterate(s + k, (utf8proc_ssize_t)(n - k), &cp);
      if (len <= 0) {
        cp = 0xFFFD;
        len = 1;
      }
      k += (size_t)len;
      f->cps[ncp++] = to_le32((uint32_t)utf8proc_tolower(cp));
    }
  }
  size_t q = o->char_ngram;
  size_t ng = ncp == 0 ? 0 : ncp < q ? 1 : ncp - q + 1;
  if (!grow(f, &f->cg, &f->cg_cap, ng, sizeof *f->cg) ||
      !grow(f, &f->tmp, &f->tmp_cap, 3 * ng, sizeof *f->tmp))
    return nomem(f, err, "character n-grams");
  size_t len = ncp < q ? ncp : q;
  for (size_t i = 0; i < ng; i++)
    f->cg[i] = XXH3_64bits_withSeed(f->cps + i, len * 4, o->seed ^ UINT64_C(0x63686172));
  f->n_cg = vb_sort_unique_hashes(f->cg, ng, f->tmp);
  return VB_OK;
}

vb_status vb_fingerprinter_run(vb_fingerprinter *self, const vb_fp_options *opt,
                               const vb_tokens *tokens, const char *text, size_t text_len,
                               vb_error *err) {
  if (self == NULL || tokens == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  vb_fingerprinter_reset(self);
  vb_fp_options o = opt ? *opt : vb_fp_options_default();
  vb_status st = check_options(&o, err);
  if (st != VB_OK) return st;
  size_t n = tokens->count;
  if (n > 0 && tokens->hashes == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "hashes", VB_NO_OFFSET,
                   "%zu tokens but no hashes", n);
  if (n >= UINT32_MAX)
    return vb_fail(err, VB_ERR_LIMIT, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "%zu tokens is more than a document may have", n);
  bool keep_bp = (o.flags & VB_FP_INCLUDE_BOILERPLATE) != 0;
  const uint8_t *fl = tokens->flags;
  uint8_t any = 0;
  if (fl != NULL)
    for (size_t i = 0; i < n; i++) any |= fl[i]; /* vectorizes; the error path looks again */
  if (any & ~VB_TOKEN_BOILERPLATE) {
    size_t i = 0;
    while (!(fl[i] & ~VB_TOKEN_BOILERPLATE)) i++;
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "flags", VB_NO_OFFSET,
                   "token %zu has unknown flag bits 0x%x", i, (unsigned)fl[i]);
  }

  /* The words that take part: the input itself unless boilerplate is left
   * out, else a compacted copy with the input positions. */
  const uint64_t *words = tokens->hashes;
  size_t nw = n;
  self->all_words = keep_bp || !(any & VB_TOKEN_BOILERPLATE);
  if (!self->all_words) {
    if (!grow(self, &self->words, &self->words_cap, n, sizeof *self->words) ||
        !grow(self, &self->pos, &self->pos_cap, n, sizeof *self->pos))
      return nomem(self, err, "word hashes");
    nw = 0;
    for (size_t i = 0; i < n; i++) {
      self->words[nw] = tokens->hashes[i];
      self->pos[nw] = (uint32_t)i;
      nw += !(fl[i] & VB_TOKEN_BOILERPLATE);
    }
    words = self->words;
  }

  /* Shingles: one XXH3 per window of ngram word hashes, straight from the
   * word array (no copies, no allocation per shingle). */
  size_t g = o.ngram < nw ? o.ngram : nw;
  size_t m = nw == 0 ? 0 : nw - g + 1;
  if (!grow(self, &self->sh, &self->sh_cap, m, sizeof *self->sh))
    return nomem(self, err, "shingles");
  shingle_hashes(self->sh, words, m, g, o.seed);
  self->n_sh = m;
  self->sh_len = (uint32_t)g;

  if (o.flags & VB_FP_SHINGLES) {
    if (!grow(self, &self->set, &self->set_cap, m, sizeof *self->set) ||
        !grow(self, &self->tmp, &self->tmp_cap, 3 * m, sizeof *self->tmp))
      return nomem(self, err, "the shingle set");
    memcpy(self->set, self->sh, m * sizeof *self->sh);
    self->n_set = vb_sort_unique_hashes(self->set, m, self->tmp);
  }
  if (o.flags & VB_FP_WINNOW) {
    if (!grow(self, &self->win, &self->win_cap, m, sizeof *self->win))
      return nomem(self, err, "winnowed fingerprints");
    winnow(self, o.window);
  }
  if (o.flags & VB_FP_MINHASH) {
    if (!grow(self, &self->mh, &self->mh_cap, o.minhash_k, sizeof *self->mh) ||
        !grow(self, &self->filled, &self->filled_cap, o.minhash_k, 1))
      return nomem(self, err, "the MinHash signature");
    minhash(self, self->sh, m, o.minhash_k, o.seed);
    self->k = o.minhash_k;
  }
  if (o.flags & VB_FP_SIMHASH) self->simhash = simhash(self->sh, m);
  if (o.flags & VB_FP_CHARGRAMS) {
    st = chargrams(self, &o, tokens, text, text_len, err);
    if (st != VB_OK) {
      vb_fingerprinter_reset(self);
      return st;
    }
  }
  self->flags = o.flags;
  self->ngram = o.ngram;
  self->seed = o.seed;
  return VB_OK;
}

const uint64_t *vb_fingerprinter_shingles(const vb_fingerprinter *self, size_t *count) {
  if (count) *count = self ? self->n_set : 0;
  return self ? self->set : NULL;
}

const vb_fp_print *vb_fingerprinter_winnowed(const vb_fingerprinter *self, size_t *count) {
  if (count) *count = self ? self->n_win : 0;
  return self ? self->win : NULL;
}

const uint64_t *vb_fingerprinter_minhash(const vb_fingerprinter *self, size_t *k) {
  if (k) *k = self ? self->k : 0;
  return self ? self->mh : NULL;
}

uint64_t vb_fingerprinter_simhash(const vb_fingerprinter *self) {
  return self ? self->simhash : 0;
}

const uint64_t *vb_fingerprinter_chargrams(const vb_fingerprinter *self, size_t *count) {
  if (count) *count = self ? self->n_cg : 0;
  return self ? self->cg : NULL;
}

size_t vb_fingerprinter_shingle_count(const vb_fingerprinter *self) {
  return self ? self->n_sh : 0;
}

/* ---- the fingerprint record ---- */

vb_status vb_writer_fingerprint(vb_writer *w, const char *id, size_t id_len,
                                const vb_fingerprinter *fp, vb_error *err) {
  if (w == NULL || fp == NULL || (id == NULL && id_len > 0))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  size_t bad;
  if (id_len == 0 || !vb_utf8_valid(id, id_len, &bad))
    return vb_fail(err, VB_ERR_UTF8, VB_NO_RECORD, "id", VB_NO_OFFSET,
                   "document id is empty or not UTF-8");
  if (!(fp->flags & VB_FP_MINHASH) || fp->k == 0)
    return vb_fail(err, VB_ERR_STATE, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "the last run computed no MinHash signature");
  vb_buf *b = vb_writer_buf(w);
  size_t mark = b->len;
  /* keys by encoded length, then bytewise */
  vb_cbor_put_map(b, 8);
  vb_cbor_put_cstr(b, "id");
  vb_cbor_put_text(b, id, id_len);
  vb_cbor_put_cstr(b, "seed");
  vb_cbor_put_uint(b, fp->seed);
  vb_cbor_put_cstr(b, "type");
  vb_cbor_put_cstr(b, "fingerprint");
  vb_cbor_put_cstr(b, "ngram");
  vb_cbor_put_uint(b, fp->ngram);
  vb_cbor_put_cstr(b, "format");
  vb_cbor_put_uint(b, VB_FP_FORMAT_VERSION);
  vb_cbor_put_cstr(b, "minhash");
  /* k big-endian 64-bit values (a fixed byte order on every host), written
   * straight into the buffer after a byte-string head; k <= 4096. */
  uint8_t head[9];
  size_t len = fp->k * 8, hl;
  if (len < 24) {
    head[0] = (uint8_t)(0x40 | len);
    hl = 1;
  } else if (len <= 0xFF) {
    head[0] = 0x58;
    head[1] = (uint8_t)len;
    hl = 2;
  } else if (len <= 0xFFFF) {
    head[0] = 0x59;
    head[1] = (uint8_t)(len >> 8);
    head[2] = (uint8_t)len;
    hl = 3;
  } else {
    head[0] = 0x5A;
    for (int i = 0; i < 4; i++) head[1 + i] = (uint8_t)(len >> (24 - 8 * i));
    hl = 5;
  }
  vb_buf_append(b, head, hl);
  for (size_t i = 0; i < fp->k; i++) {
    uint8_t be[8];
    for (int j = 0; j < 8; j++) be[j] = (uint8_t)(fp->mh[i] >> (56 - 8 * j));
    vb_buf_append(b, be, 8);
  }
  vb_cbor_put_cstr(b, "simhash");
  vb_cbor_put_uint(b, fp->simhash);
  vb_cbor_put_cstr(b, "shingles");
  vb_cbor_put_uint(b, fp->n_sh);
  return vb_writer_commit(w, mark, err);
}
