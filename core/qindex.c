/* The quote index and its scan loop; see qindex.h for the layout. */
#include <stdlib.h>

/* Inlined from libxxhash's header: the scan hashes one shingle per word, and
 * a call through the PLT costs as much as the hash of 32 bytes itself. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "qindex.h"

#define MIN_TABLE 64
#define PREFETCH_BATCH 16

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
  vb_mem_free(a, ix->post);
  vb_mem_free(a, ix->stage);
  vb_allocator copy = *a;
  vb_mem_free(&copy, ix);
}

/* Word hashes are hashed as little-endian bytes, so shingle hashes (and so
 * saved indexes) do not depend on the machine. */
static inline uint64_t hash_words(const uint64_t *w, size_t n, uint64_t seed) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  uint64_t tmp[16];
  for (size_t i = 0; i < n; i++) tmp[i] = __builtin_bswap64(w[i]);
  return XXH3_64bits_withSeed(tmp, n * 8, seed);
#else
  return XXH3_64bits_withSeed(w, n * 8, seed);
#endif
}

static uint64_t hash_quote(const uint64_t *w, size_t n) {
  return XXH3_64bits_withSeed(w, n * sizeof *w, UINT64_C(0x71756f7465));
}

static size_t slot_of(uint64_t h, size_t cap) {
  /* The top bits: XXH3 output is uniform, and they make neighbouring slots
   * hold neighbouring hashes. */
  return (size_t)(h >> 32) * cap >> 32;
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
    if (e->count && e->off + e->count != ix->npost) need += e->count;
    i = j;
  }
  if (!vb_array_reserve(&ix->alloc, &p, &ix->post_cap, need, sizeof(qposting))) goto nomem;
  ix->post = p;
  uint32_t cap = ix->opt.max_postings + 1; /* one past the cap marks a stop shingle */
  for (size_t i = 0; i < ix->nstage;) {
    size_t j = i;
    while (j < ix->nstage && ix->stage[j].hash == ix->stage[i].hash) j++;
    qentry *e = table_find(ix->table, ix->table_cap, ix->stage[i].hash);
    if (e->count == 0) {
      e->hash = ix->stage[i].hash;
      e->off = (uint32_t)ix->npost;
      ix->nkeys++;
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
         ix->table_cap * sizeof(qentry) + ix->post_cap * sizeof(qposting) +
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

struct vb_qscan {
  vb_allocator alloc;
  cslot *map;
  size_t map_cap, map_used;
  vb_qcand *cands;
  size_t ncands, cands_cap;
  vb_qcand *merged;
  size_t nmerged, merged_cap;
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

/* Probe one shingle hash and count its postings. */
static inline bool probe(const vb_qindex *ix, vb_qscan *s, uint64_t h, uint32_t at) {
  const qentry *t = ix->table;
  size_t mask = ix->table_cap - 1, slot = slot_of(h, ix->table_cap);
  while (t[slot].count) {
    if (t[slot].hash == h) {
      const qentry *e = &t[slot];
      if (e->count > ix->opt.max_postings) return true; /* stop shingle */
      for (uint32_t i = 0; i < e->count; i++) {
        const qposting *q = &ix->post[e->off + i];
        if (!add_hit(s, q->quote, q->pos, at)) return false;
      }
      return true;
    }
    slot = (slot + 1) & mask;
  }
  return true;
}

static int cmp_cand(const void *a, const void *b) {
  const vb_qcand *x = a, *y = b;
  if (x->quote != y->quote) return x->quote < y->quote ? -1 : 1;
  return x->lo < y->lo ? -1 : x->lo > y->lo;
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
  for (size_t li = 0; li < nlens; li++) {
    size_t L = lens[li];
    if (n < L) continue;
    size_t last = n - L + 1;
    uint64_t batch[PREFETCH_BATCH];
    for (size_t base = 0; base < last; base += PREFETCH_BATCH) {
      size_t m = last - base < PREFETCH_BATCH ? last - base : PREFETCH_BATCH;
      /* The default shingle gets a constant length, so the inlined hash
       * compiles to its 32-byte path with no length dispatch. */
      if (L == 4) {
        for (size_t j = 0; j < m; j++) {
          batch[j] = hash_words(hashes + base + j, 4, ix->opt.seed);
          __builtin_prefetch(&ix->table[slot_of(batch[j], ix->table_cap)]);
        }
      } else {
        for (size_t j = 0; j < m; j++) {
          batch[j] = hash_words(hashes + base + j, L, ix->opt.seed);
          __builtin_prefetch(&ix->table[slot_of(batch[j], ix->table_cap)]);
        }
      }
      for (size_t j = 0; j < m; j++)
        if (!probe(ix, s, batch[j], (uint32_t)(base + j))) goto nomem;
      nprobes += m;
    }
  }
  if (probes) *probes = nprobes;
  if (s->ncands == 0) return VB_OK;
  qsort(s->cands, s->ncands, sizeof *s->cands, cmp_cand);
  /* Merge candidates of one quote whose diagonals are within `band`:
   * shifts from inserted or deleted words keep one occurrence one
   * candidate. */
  void *p = s->merged;
  if (!vb_array_reserve(&s->alloc, &p, &s->merged_cap, s->ncands, sizeof(vb_qcand))) goto nomem;
  s->merged = p;
  for (size_t i = 0; i < s->ncands;) {
    vb_qcand c = s->cands[i];
    size_t j = i + 1;
    while (j < s->ncands && s->cands[j].quote == c.quote && s->cands[j].lo <= c.hi + (int64_t)band) {
      const vb_qcand *x = &s->cands[j];
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
