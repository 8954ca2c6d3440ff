/* The quote index and its scan loop; see qindex.h for the layout. */
#include <stdlib.h>

#include <xxhash.h>

#include "qindex.h"

#define MIN_TABLE 64
/* Scan pipeline depths: keys are made and their filter words prefetched
 * KEY_AHEAD positions ahead, filtered and their table slots prefetched
 * FILTER_AHEAD ahead, postings prefetched HIT_AHEAD hits ahead (rings of a
 * power of two above each). */
#define KEY_AHEAD 32
#define FILTER_AHEAD 16
#define PROBE_RING 64
#define HIT_AHEAD 6
#define HIT_RING 8
#define RADIX_MIN 64 /* fewer candidates than this are sorted by insertion */

typedef struct qentry {
  uint64_t hash;
  uint32_t off;
  uint32_t count; /* 0 marks an empty slot */
} qentry;

typedef struct qposting {
  uint32_t quote;
  uint32_t pos;
} qposting;

typedef struct staged {
  uint64_t hash;
  uint32_t quote, pos;
} staged;

typedef struct dedup {
  uint64_t hash; /* hash of the whole quote */
  uint32_t id;
  uint32_t used;
} dedup;

struct vb_qindex {
  vb_allocator alloc;
  vb_qindex_options opt;
  /* quotes: concatenated word hashes */
  uint64_t *words;
  size_t nwords, words_cap;
  uint32_t *qoff, *qlen;
  size_t nquotes, quotes_cap;
  dedup *dd;
  size_t dd_cap, dd_used;
  /* shingle table and postings */
  qentry *table;
  size_t table_cap, nkeys;
  uint64_t *bloom; /* Bloom filter of the table's keys, bloom_words words */
  size_t bloom_words;
  qposting *post;
  size_t npost, post_cap, garbage;
  staged *stage;
  size_t nstage, stage_cap;
  uint32_t short_mask; /* bit L set: some quote of L < k words is indexed */
};

vb_qindex_options vb_qindex_options_default(void) {
  vb_qindex_options o = {4, 3, 256, UINT64_C(0x766572626174696d)};
  return o;
}

vb_qindex *vb_qindex_new(const vb_allocator *alloc, const vb_qindex_options *opt) {
  vb_allocator a = vb_alloc_resolve(alloc);
  vb_qindex *ix = vb_mem_calloc(&a, 1, sizeof *ix);
  if (!ix) return NULL;
  ix->alloc = a;
  ix->opt = opt ? *opt : vb_qindex_options_default();
  if (ix->opt.shingle_words == 0 || ix->opt.shingle_words > 16) ix->opt.shingle_words = 4;
  if (ix->opt.min_words == 0) ix->opt.min_words = 1;
  if (ix->opt.min_words > ix->opt.shingle_words) ix->opt.min_words = ix->opt.shingle_words;
  if (ix->opt.max_postings == 0) ix->opt.max_postings = 4096;
  return ix;
}

void vb_qindex_free(vb_qindex *ix) {
  if (!ix) return;
  const vb_allocator *a = &ix->alloc;
  vb_mem_free(a, ix->words);
  vb_mem_free(a, ix->qoff);
  vb_mem_free(a, ix->qlen);
  vb_mem_free(a, ix->dd);
  vb_mem_free(a, ix->table);
  vb_mem_free(a, ix->bloom);
  vb_mem_free(a, ix->post);
  vb_mem_free(a, ix->stage);
  vb_allocator copy = *a;
  vb_mem_free(&copy, ix);
}

/* Shingle keys: a polynomial over the word hashes (mod 2^64, odd base, so
 * the scan rolls it from one position to the next with two multiplications
 * instead of hashing k words afresh), then a 64-bit finalizer so that every
 * bit of the key depends on every word. Word hashes are XXH3 outputs, so the
 * polynomial's inputs are already uniform; the finalizer is a bijection, so
 * distinct polynomials stay distinct keys. Arithmetic on values, not bytes:
 * the same on every machine. */
#define SH_BASE UINT64_C(0x9E3779B97F4A7C15)

static inline uint64_t mix64(uint64_t h) {
  h ^= h >> 33;
  h *= UINT64_C(0xFF51AFD7ED558CCD);
  h ^= h >> 33;
  h *= UINT64_C(0xC4CEB9FE1A85EC53);
  h ^= h >> 33;
  return h;
}

static inline uint64_t sh_poly(const uint64_t *w, size_t n) {
  uint64_t p = 0;
  for (size_t i = 0; i < n; i++) p = p * SH_BASE + w[i];
  return p;
}

/* The key of an n-word shingle whose polynomial is `poly`. */
static inline uint64_t sh_key(uint64_t poly, size_t n, uint64_t seed) {
  return mix64(poly + seed + n * UINT64_C(0xD6E8FEB86659FD93));
}

static inline uint64_t hash_words(const uint64_t *w, size_t n, uint64_t seed) {
  return sh_key(sh_poly(w, n), n, seed);
}

static uint64_t hash_quote(const uint64_t *w, size_t n) {
  return XXH3_64bits_withSeed(w, n * sizeof *w, UINT64_C(0x71756f7465));
}

static size_t slot_of(uint64_t h, size_t cap) {
  /* The top bits: XXH3 output is uniform, and they make neighbouring slots
   * hold neighbouring hashes. */
  return (size_t)(h >> 32) * cap >> 32;
}

/* ---- the filter in front of the table ----
 *
 * Most probes of a document miss: its shingles are not in any quote. The
 * table of a large index is far bigger than the caches, so each miss would
 * cost a trip to memory. A register-blocked Bloom filter (each key sets
 * three bits of one 64-bit word, 8 to 16 bits per key) is a few MB for a
 * 100k-quote index and answers "certainly absent" for all but a few percent
 * of the misses before the table is touched. No false negatives: every key
 * in the table is in the filter. */

static inline size_t bloom_word(uint64_t h, size_t words) { return (size_t)h & (words - 1); }

static inline uint64_t bloom_bits(uint64_t h) {
  /* Bits 40-57, away from the word index (low bits). */
  return UINT64_C(1) << ((h >> 40) & 63) | UINT64_C(1) << ((h >> 46) & 63) |
         UINT64_C(1) << ((h >> 52) & 63);
}

static inline bool bloom_maybe(const vb_qindex *ix, uint64_t h) {
  uint64_t b = bloom_bits(h);
  return (ix->bloom[bloom_word(h, ix->bloom_words)] & b) == b;
}

static inline void bloom_add(vb_qindex *ix, uint64_t h) {
  ix->bloom[bloom_word(h, ix->bloom_words)] |= bloom_bits(h);
}

/* ---- identical-quote detection ---- */

static bool dd_grow(vb_qindex *ix) {
  size_t ncap = ix->dd_cap ? ix->dd_cap * 2 : MIN_TABLE;
  dedup *n = vb_mem_calloc(&ix->alloc, ncap, sizeof *n);
  if (!n) return false;
  for (size_t i = 0; i < ix->dd_cap; i++) {
    if (!ix->dd[i].used) continue;
    size_t s = slot_of(ix->dd[i].hash, ncap);
    while (n[s].used) s = (s + 1) & (ncap - 1);
    n[s] = ix->dd[i];
  }
  vb_mem_free(&ix->alloc, ix->dd);
  ix->dd = n;
  ix->dd_cap = ncap;
  return true;
}

static bool same_quote(const vb_qindex *ix, uint32_t id, const uint64_t *w, size_t n) {
  return ix->qlen[id] == n && memcmp(ix->words + ix->qoff[id], w, n * sizeof *w) == 0;
}

uint32_t vb_qindex_find(const vb_qindex *ix, const uint64_t *hashes, size_t n) {
  if (!ix || ix->dd_cap == 0 || (!hashes && n)) return UINT32_MAX;
  uint64_t qh = hash_quote(hashes, n);
  size_t s = slot_of(qh, ix->dd_cap);
  while (ix->dd[s].used) {
    if (ix->dd[s].hash == qh && same_quote(ix, ix->dd[s].id, hashes, n)) return ix->dd[s].id;
    s = (s + 1) & (ix->dd_cap - 1);
  }
  return UINT32_MAX;
}

/* ---- adding ---- */

static bool stage_push(vb_qindex *ix, uint64_t h, uint32_t q, uint32_t pos) {
  void *p = ix->stage;
  if (!vb_array_reserve(&ix->alloc, &p, &ix->stage_cap, ix->nstage + 1, sizeof(staged)))
    return false;
  ix->stage = p;
  ix->stage[ix->nstage].hash = h;
  ix->stage[ix->nstage].quote = q;
  ix->stage[ix->nstage].pos = pos;
  ix->nstage++;
  return true;
}

vb_status vb_qindex_add(vb_qindex *ix, const uint64_t *hashes, size_t n, uint32_t *id,
                        bool *duplicate, vb_error *err) {
  if (!ix || !id || (!hashes && n))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  if (n > UINT32_MAX / 2 || ix->nquotes >= UINT32_MAX - 1)
    return vb_fail(err, VB_ERR_LIMIT, VB_NO_RECORD, NULL, VB_NO_OFFSET, "quote index is full");
  uint64_t qh = hash_quote(hashes, n);
  if ((ix->dd_used + 1) * 10 > ix->dd_cap * 7 && !dd_grow(ix)) goto nomem;
  size_t s = slot_of(qh, ix->dd_cap);
  while (ix->dd[s].used) {
    if (ix->dd[s].hash == qh && same_quote(ix, ix->dd[s].id, hashes, n)) {
      *id = ix->dd[s].id;
      if (duplicate) *duplicate = true;
      return VB_OK;
    }
    s = (s + 1) & (ix->dd_cap - 1);
  }
  /* Reserve everything before changing anything, so a failure leaves the
   * index as it was. */
  void *p;
  p = ix->words;
  if (!vb_array_reserve(&ix->alloc, &p, &ix->words_cap, ix->nwords + n, sizeof(uint64_t)))
    goto nomem;
  ix->words = p;
  size_t qcap = ix->quotes_cap;
  p = ix->qoff;
  if (!vb_array_reserve(&ix->alloc, &p, &qcap, ix->nquotes + 1, sizeof(uint32_t))) goto nomem;
  ix->qoff = p;
  p = ix->qlen;
  size_t qcap2 = ix->quotes_cap;
  if (!vb_array_reserve(&ix->alloc, &p, &qcap2, ix->nquotes + 1, sizeof(uint32_t))) goto nomem;
  ix->qlen = p;
  ix->quotes_cap = qcap < qcap2 ? qcap : qcap2;
  size_t k = ix->opt.shingle_words;
  size_t nsh = n >= k ? n - k + 1 : (n >= ix->opt.min_words ? 1 : 0);
  p = ix->stage;
  if (!vb_array_reserve(&ix->alloc, &p, &ix->stage_cap, ix->nstage + nsh, sizeof(staged)))
    goto nomem;
  ix->stage = p;

  uint32_t q = (uint32_t)ix->nquotes++;
  ix->qoff[q] = (uint32_t)ix->nwords;
  ix->qlen[q] = (uint32_t)n;
  if (n) memcpy(ix->words + ix->nwords, hashes, n * sizeof *hashes);
  ix->nwords += n;
  ix->dd[s].hash = qh;
  ix->dd[s].id = q;
  ix->dd[s].used = 1;
  ix->dd_used++;
  if (n >= k) {
    for (size_t i = 0; i + k <= n; i++) stage_push(ix, hash_words(hashes + i, k, ix->opt.seed), q, (uint32_t)i);
  } else if (nsh) {
    stage_push(ix, hash_words(hashes, n, ix->opt.seed), q, 0);
    ix->short_mask |= 1u << n;
  }
  *id = q;
  if (duplicate) *duplicate = false;
  return VB_OK;
nomem:
  return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                 "out of memory adding a quote to the index");
}

/* ---- building ---- */

static int cmp_staged(const void *a, const void *b) {
  const staged *x = a, *y = b;
  if (x->hash != y->hash) return x->hash < y->hash ? -1 : 1;
  if (x->quote != y->quote) return x->quote < y->quote ? -1 : 1;
  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static qentry *table_find(qentry *t, size_t cap, uint64_t h) {
  size_t s = slot_of(h, cap);
  while (t[s].count) {
    if (t[s].hash == h) return &t[s];
    s = (s + 1) & (cap - 1);
  }
  return &t[s];
}

static bool table_resize(vb_qindex *ix, size_t ncap) {
  qentry *n = vb_mem_calloc(&ix->alloc, ncap, sizeof *n);
  if (!n) return false;
  for (size_t i = 0; i < ix->table_cap; i++)
    if (ix->table[i].count) *table_find(n, ncap, ix->table[i].hash) = ix->table[i];
  vb_mem_free(&ix->alloc, ix->table);
  ix->table = n;
  ix->table_cap = ncap;
  return true;
}

/* Rewrite the postings so each key's group is contiguous with no holes. */
static bool compact(vb_qindex *ix) {
  qposting *n = vb_mem_alloc(&ix->alloc, (ix->npost - ix->garbage + 1) * sizeof *n);
  if (!n) return false;
  size_t o = 0;
  for (size_t i = 0; i < ix->table_cap; i++) {
    qentry *e = &ix->table[i];
    if (!e->count) continue;
    memcpy(n + o, ix->post + e->off, e->count * sizeof *n);
    e->off = (uint32_t)o;
    o += e->count;
  }
  vb_mem_free(&ix->alloc, ix->post);
  ix->post = n;
  ix->npost = o;
  ix->post_cap = o + 1;
  ix->garbage = 0;
  return true;
}

vb_status vb_qindex_build(vb_qindex *ix, vb_error *err) {
  if (!ix) return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL index");
  if (ix->nstage == 0) return VB_OK;
  qsort(ix->stage, ix->nstage, sizeof *ix->stage, cmp_staged);
  /* Worst case every staged key is new and every existing group moves. */
  size_t keys_after = ix->nkeys + ix->nstage;
  if (keys_after * 10 > ix->table_cap * 7) {
    size_t ncap = ix->table_cap ? ix->table_cap : MIN_TABLE;
    while (keys_after * 10 > ncap * 7) ncap *= 2;
    if (!table_resize(ix, ncap)) goto nomem;
  }
  if (ix->npost + ix->nstage > UINT32_MAX / 2)
    return vb_fail(err, VB_ERR_LIMIT, VB_NO_RECORD, NULL, VB_NO_OFFSET, "quote index is full");
  /* Groups that move are copied to the end; reserve for that too. */
  void *p = ix->post;
  size_t need = ix->npost + ix->nstage;
  for (size_t i = 0; i < ix->nstage;) {
    size_t j = i;
    while (j < ix->nstage && ix->stage[j].hash == ix->stage[i].hash) j++;
    qentry *e = table_find(ix->table, ix->table_cap, ix->stage[i].hash);
    /* Count the group at the end too: once an earlier group moves past it,
     * it is no longer at the end and moves as well. */
    if (e->count) need += e->count;
    i = j;
  }
  if (!vb_array_reserve(&ix->alloc, &p, &ix->post_cap, need, sizeof(qposting))) goto nomem;
  ix->post = p;
  /* A filter of at least 8 bits per key; when it grows, it is refilled
   * from the table after the merge (doubling keeps that linear overall).
   * The last allocation: nothing after it can fail, so the filter never
   * lacks a key of the table. */
  size_t bwords = ix->bloom_words ? ix->bloom_words : 64;
  while (bwords * 8 < keys_after) bwords *= 2;
  bool refill = bwords != ix->bloom_words;
  if (refill) {
    uint64_t *b = vb_mem_calloc(&ix->alloc, bwords, sizeof *b);
    if (!b) goto nomem;
    vb_mem_free(&ix->alloc, ix->bloom);
    ix->bloom = b;
    ix->bloom_words = bwords;
  }
  uint32_t cap = ix->opt.max_postings + 1; /* one past the cap marks a stop shingle */
  for (size_t i = 0; i < ix->nstage;) {
    size_t j = i;
    while (j < ix->nstage && ix->stage[j].hash == ix->stage[i].hash) j++;
    qentry *e = table_find(ix->table, ix->table_cap, ix->stage[i].hash);
    if (e->count == 0) {
      e->hash = ix->stage[i].hash;
      e->off = (uint32_t)ix->npost;
      ix->nkeys++;
      if (!refill) bloom_add(ix, e->hash);
    } else if (e->off + e->count != ix->npost && e->count < cap) {
      memmove(ix->post + ix->npost, ix->post + e->off, e->count * sizeof(qposting));
      ix->garbage += e->count;
      e->off = (uint32_t)ix->npost;
      ix->npost += e->count;
    }
    for (size_t t = i; t < j && e->count < cap; t++) {
      if (e->off + e->count != ix->npost) break; /* a stop group left in place */
      ix->post[ix->npost].quote = ix->stage[t].quote;
      ix->post[ix->npost].pos = ix->stage[t].pos;
      ix->npost++;
      e->count++;
    }
    i = j;
  }
  ix->nstage = 0;
  if (refill)
    for (size_t i = 0; i < ix->table_cap; i++)
      if (ix->table[i].count) bloom_add(ix, ix->table[i].hash);
  if (ix->garbage > ix->npost / 2) (void)compact(ix); /* best effort: holes are harmless */
  return VB_OK;
nomem:
  return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                 "out of memory building the quote index");
}

uint32_t vb_qindex_quote_count(const vb_qindex *ix) { return (uint32_t)ix->nquotes; }
uint32_t vb_qindex_quote_words(const vb_qindex *ix, uint32_t id) { return ix->qlen[id]; }
const uint64_t *vb_qindex_quote_hashes(const vb_qindex *ix, uint32_t id) {
  return ix->words + ix->qoff[id];
}
size_t vb_qindex_postings(const vb_qindex *ix) { return ix->npost - ix->garbage; }
size_t vb_qindex_memory(const vb_qindex *ix) {
  return ix->words_cap * 8 + ix->quotes_cap * 8 + ix->dd_cap * sizeof(dedup) +
         ix->table_cap * sizeof(qentry) + ix->bloom_words * 8 + ix->post_cap * sizeof(qposting) +
         ix->stage_cap * sizeof(staged) + sizeof *ix;
}

/* ---- scanning ---- */

/* Hits are folded as they come into one candidate per (quote, diagonal), in
 * a small open-addressing map that lives in the scan context, so the work
 * after probing grows with the candidates, not with every posting hit. */
typedef struct cslot {
  uint64_t key; /* quote << 32 | (diagonal + 2^31); 0 = empty */
  uint32_t cand;
} cslot;

/* A candidate's sort key (quote, then diagonal) and its index. */
typedef struct ckey {
  uint64_t key;
  uint32_t cand;
} ckey;

struct vb_qscan {
  vb_allocator alloc;
  cslot *map;
  size_t map_cap, map_used;
  vb_qcand *cands;
  size_t ncands, cands_cap;
  vb_qcand *merged;
  size_t nmerged, merged_cap;
  ckey *keys, *keys_tmp; /* radix sort buffers, keys_cap each */
  size_t keys_cap;
};

vb_qscan *vb_qscan_new(const vb_allocator *alloc) {
  vb_allocator a = vb_alloc_resolve(alloc);
  vb_qscan *s = vb_mem_calloc(&a, 1, sizeof *s);
  if (s) s->alloc = a;
  return s;
}

void vb_qscan_free(vb_qscan *s) {
  if (!s) return;
  vb_allocator a = s->alloc;
  vb_mem_free(&a, s->map);
  vb_mem_free(&a, s->cands);
  vb_mem_free(&a, s->merged);
  vb_mem_free(&a, s->keys);
  vb_mem_free(&a, s->keys_tmp);
  vb_mem_free(&a, s);
}

static inline size_t cslot_of(uint64_t key, size_t cap) {
  return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & (cap - 1);
}

static bool map_grow(vb_qscan *s) {
  size_t ncap = s->map_cap ? s->map_cap * 2 : 1024;
  cslot *n = vb_mem_calloc(&s->alloc, ncap, sizeof *n);
  if (!n) return false;
  for (size_t i = 0; i < s->map_cap; i++) {
    if (!s->map[i].key) continue;
    size_t j = cslot_of(s->map[i].key, ncap);
    while (n[j].key) j = (j + 1) & (ncap - 1);
    n[j] = s->map[i];
  }
  vb_mem_free(&s->alloc, s->map);
  s->map = n;
  s->map_cap = ncap;
  return true;
}

/* Count one posting hit at doc position `at`. */
static bool add_hit(vb_qscan *s, uint32_t quote, uint32_t qpos, uint32_t at) {
  int64_t diag = (int64_t)at - qpos;
  uint64_t key = (uint64_t)quote << 32 | (uint32_t)(diag + INT64_C(0x80000000));
  if (key == 0) key = 1; /* quote 0 at the lowest diagonal: never a real one */
  if ((s->map_used + 1) * 2 > s->map_cap && !map_grow(s)) return false;
  size_t j = cslot_of(key, s->map_cap);
  while (s->map[j].key) {
    if (s->map[j].key == key) {
      vb_qcand *c = &s->cands[s->map[j].cand];
      c->votes++;
      if (at > c->last) c->last = at;
      return true;
    }
    j = (j + 1) & (s->map_cap - 1);
  }
  void *p = s->cands;
  if (!vb_array_reserve(&s->alloc, &p, &s->cands_cap, s->ncands + 1, sizeof(vb_qcand))) return false;
  s->cands = p;
  vb_qcand *c = &s->cands[s->ncands];
  c->quote = quote;
  c->votes = 1;
  c->lo = c->hi = diag;
  c->first = c->last = at;
  s->map[j].key = key;
  s->map[j].cand = (uint32_t)s->ncands++;
  s->map_used++;
  return true;
}

/* The table entry of key h, or NULL (absent, or a stop shingle: rejected
 * here, before its postings are touched). */
static inline const qentry *lookup(const vb_qindex *ix, uint64_t h) {
  const qentry *t = ix->table;
  size_t mask = ix->table_cap - 1, slot = slot_of(h, ix->table_cap);
  while (t[slot].count) {
    if (t[slot].hash == h) return t[slot].count > ix->opt.max_postings ? NULL : &t[slot];
    slot = (slot + 1) & mask;
  }
  return NULL;
}

/* Fold the postings of queued hit number `i` into candidates. */
static inline bool take_hit(vb_qscan *s, const vb_qindex *ix, const qentry *const *hit,
                            const uint32_t *hit_at, size_t i) {
  const qentry *e = hit[i & (HIT_RING - 1)];
  const qposting *q = &ix->post[e->off];
  for (uint32_t k = 0; k < e->count; k++)
    if (!add_hit(s, q[k].quote, q[k].pos, hit_at[i & (HIT_RING - 1)])) return false;
  return true;
}

static inline uint64_t cand_key(const vb_qcand *c) {
  return (uint64_t)c->quote << 32 | (uint32_t)(c->lo + INT64_C(0x80000000));
}

/* Sort the candidates by (quote, diagonal) into s->keys: LSD radix sort on
 * the 64-bit key, skipping the bytes that are the same in every key (the
 * top of the quote id, the bias of the diagonal), so a scan with many
 * candidates costs a few linear passes instead of a comparison sort. Keys
 * are unique (one candidate per quote and diagonal), so the order is the
 * one a comparison sort on (quote, lo) gives. */
static void sort_cands(vb_qscan *s) {
  size_t n = s->ncands;
  ckey *a = s->keys, *b = s->keys_tmp;
  for (size_t i = 0; i < n; i++) {
    a[i].key = cand_key(&s->cands[i]);
    a[i].cand = (uint32_t)i;
  }
  if (n < RADIX_MIN) {
    for (size_t i = 1; i < n; i++) {
      ckey x = a[i];
      size_t j = i;
      while (j > 0 && a[j - 1].key > x.key) {
        a[j] = a[j - 1];
        j--;
      }
      a[j] = x;
    }
    return;
  }
  size_t count[8][256];
  memset(count, 0, sizeof count);
  for (size_t i = 0; i < n; i++)
    for (int d = 0; d < 8; d++) count[d][(a[i].key >> (8 * d)) & 0xFF]++;
  for (int d = 0; d < 8; d++) {
    if (count[d][(a[0].key >> (8 * d)) & 0xFF] == n) continue; /* one value: no pass */
    size_t sum = 0;
    for (int v = 0; v < 256; v++) {
      size_t c = count[d][v];
      count[d][v] = sum;
      sum += c;
    }
    for (size_t i = 0; i < n; i++) b[count[d][(a[i].key >> (8 * d)) & 0xFF]++] = a[i];
    ckey *t = a;
    a = b;
    b = t;
  }
  s->keys = a;
  s->keys_tmp = b;
}

vb_status vb_qindex_scan(const vb_qindex *ix, vb_qscan *s, const uint64_t *hashes, size_t n,
                         uint32_t band, const vb_qcand **cands, size_t *ncands, uint64_t *probes,
                         vb_error *err) {
  if (!ix || !s || !cands || !ncands || (!hashes && n))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  if (s->map_used) memset(s->map, 0, s->map_cap * sizeof *s->map);
  s->map_used = 0;
  s->ncands = 0;
  s->nmerged = 0;
  *cands = NULL;
  *ncands = 0;
  uint64_t nprobes = 0;
  if (ix->nkeys == 0 || n == 0) {
    if (probes) *probes = 0;
    return VB_OK;
  }
  size_t k = ix->opt.shingle_words;
  /* Lengths to probe: k, and each shorter length some quote was indexed at. */
  size_t lens[17], nlens = 0;
  lens[nlens++] = k;
  for (size_t L = 1; L < k; L++)
    if (ix->short_mask & (1u << L)) lens[nlens++] = L;
  const uint64_t seed = ix->opt.seed;
  for (size_t li = 0; li < nlens; li++) {
    size_t L = lens[li];
    if (n < L) continue;
    size_t last = n - L + 1;
    /* B^(L-1): what the word leaving the shingle weighs in the polynomial. */
    uint64_t top = 1;
    for (size_t i = 1; i < L; i++) top *= SH_BASE;
    uint64_t poly = sh_poly(hashes, L);
    /* A software pipeline in three stages, so that each memory access
     * has been prefetched well before it is needed: the key of position
     * at + KEY_AHEAD is rolled and its filter word prefetched; the key of
     * at + FILTER_AHEAD is tested against the filter and, if it may be in
     * the table, its slot prefetched; position `at` is looked up; a hit's
     * postings are prefetched HIT_AHEAD hits before they are read. Hits are
     * read in position order, so candidates are made in the same order as
     * by a plain loop. */
    uint64_t ring[PROBE_RING];
    bool maybe[PROBE_RING];
    const qentry *hit[HIT_RING];
    uint32_t hit_at[HIT_RING];
    size_t kx = 0, fx = 0, hits_in = 0, hits_out = 0;
#define VB_KEY_STAGE()                                                                         \
  do {                                                                                         \
    uint64_t key = sh_key(poly, L, seed);                                                      \
    ring[kx & (PROBE_RING - 1)] = key;                                                         \
    __builtin_prefetch(&ix->bloom[bloom_word(key, ix->bloom_words)]);                          \
    if (kx + L < n) poly = (poly - hashes[kx] * top) * SH_BASE + hashes[kx + L];               \
    kx++;                                                                                      \
  } while (0)
#define VB_FILTER_STAGE()                                                                      \
  do {                                                                                         \
    uint64_t key = ring[fx & (PROBE_RING - 1)];                                                \
    bool in = bloom_maybe(ix, key);                                                            \
    maybe[fx & (PROBE_RING - 1)] = in;                                                         \
    if (in) __builtin_prefetch(&ix->table[slot_of(key, ix->table_cap)]);                       \
    fx++;                                                                                      \
  } while (0)
    while (kx < last && kx < KEY_AHEAD) VB_KEY_STAGE();
    while (fx < last && fx < FILTER_AHEAD) VB_FILTER_STAGE();
    for (size_t at = 0; at < last; at++) {
      if (kx < last) VB_KEY_STAGE();
      if (fx < last) VB_FILTER_STAGE();
      if (!maybe[at & (PROBE_RING - 1)]) continue;
      const qentry *e = lookup(ix, ring[at & (PROBE_RING - 1)]);
      if (!e) continue;
      __builtin_prefetch(&ix->post[e->off]);
      hit[hits_in & (HIT_RING - 1)] = e;
      hit_at[hits_in++ & (HIT_RING - 1)] = (uint32_t)at;
      if (hits_in - hits_out > HIT_AHEAD && !take_hit(s, ix, hit, hit_at, hits_out++)) goto nomem;
    }
#undef VB_KEY_STAGE
#undef VB_FILTER_STAGE
    while (hits_out < hits_in)
      if (!take_hit(s, ix, hit, hit_at, hits_out++)) goto nomem;
    nprobes += last;
  }
  if (probes) *probes = nprobes;
  if (s->ncands == 0) return VB_OK;
  void *p = s->merged;
  if (!vb_array_reserve(&s->alloc, &p, &s->merged_cap, s->ncands, sizeof(vb_qcand))) goto nomem;
  s->merged = p;
  if (s->ncands > s->keys_cap) {
    size_t cap = s->keys_cap ? s->keys_cap : 256;
    while (cap < s->ncands) cap *= 2;
    ckey *a = vb_mem_alloc(&s->alloc, cap * sizeof *a);
    ckey *b = a ? vb_mem_alloc(&s->alloc, cap * sizeof *b) : NULL;
    if (!b) {
      vb_mem_free(&s->alloc, a);
      goto nomem;
    }
    vb_mem_free(&s->alloc, s->keys);
    vb_mem_free(&s->alloc, s->keys_tmp);
    s->keys = a;
    s->keys_tmp = b;
    s->keys_cap = cap;
  }
  sort_cands(s);
  /* Merge candidates of one quote whose diagonals are within `band`:
   * shifts from inserted or deleted words keep one occurrence one
   * candidate. */
  for (size_t i = 0; i < s->ncands;) {
    vb_qcand c = s->cands[s->keys[i].cand];
    size_t j = i + 1;
    while (j < s->ncands) {
      const vb_qcand *x = &s->cands[s->keys[j].cand];
      if (x->quote != c.quote || x->lo > c.hi + (int64_t)band) break;
      c.hi = x->hi;
      c.votes += x->votes;
      if (x->first < c.first) c.first = x->first;
      if (x->last > c.last) c.last = x->last;
      j++;
    }
    s->merged[s->nmerged++] = c;
    i = j;
  }
  *cands = s->merged;
  *ncands = s->nmerged;
  return VB_OK;
nomem:
  return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                 "out of memory scanning a document");
}
