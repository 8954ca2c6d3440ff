/* LSH index over MinHash signatures: banding, buckets in one open-addressing
 * table, queries, all-pairs candidates, and save/load as a CBOR record. */
/* XXH3 inlined: 16-byte band keys cost less than the call. */
#define XXH_INLINE_ALL
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cbor_io.h"
#include "fp_internal.h"
#include "internal.h"
#include "verbatim/fingerprint.h"

#define MAX_K 4096
#define NONE UINT32_MAX

/* The defaults' bands and rows, as vb_lsh_params(0.2, 128) chooses them
 * (tests/lsh_test.c checks): the search takes milliseconds. */
#define DEFAULT_BANDS 28
#define DEFAULT_ROWS 2

/* Entry e is band e % bands of document e / bands; its band key is keys[e].
 * A bucket is a chain of entries through next[], newest first. The table
 * maps a band key to its chain's head; most buckets hold one entry, so a
 * slot is kept small: the head and 32 bits of the key's mix, whose top bits
 * are also the home slot (so growing needs no keys) and whose other bits
 * spare a look at keys[] on almost every probe that does not match. */
typedef struct slot {
  uint32_t head; /* first entry of the bucket's chain, NONE if the slot is free */
  uint32_t tag;  /* vb_mix64(key) >> 32 */
} slot;

struct vb_lsh {
  vb_allocator alloc;
  vb_lsh_options opt; /* bands and rows resolved */
  uint64_t *keys;     /* docs * bands band keys, the index's own data */
  size_t keys_cap;
  uint32_t *next; /* one per (doc, band): the next entry of its bucket */
  size_t next_cap;
  slot *table;
  size_t table_cap; /* power of two, or 0 */
  unsigned table_bits;
  size_t used;      /* occupied slots */
  uint32_t docs;
  /* query and pairs scratch */
  uint32_t *stamp;
  size_t stamp_cap;
  uint32_t epoch;
  uint32_t *ids;
  size_t ids_cap;
  uint64_t *codes, *tmp;
  size_t codes_cap, tmp_cap;
  vb_doc_pair *pairs;
  size_t pairs_cap;
};

vb_lsh_options vb_lsh_options_default(void) {
  vb_lsh_options o;
  o.k = 128;
  o.threshold = 0.2;
  o.bands = 0;
  o.rows = 0;
  o.seed = VB_FP_DEFAULT_SEED;
  return o;
}

/* ---- choosing bands and rows ---- */

static double candidate_prob(double s, uint32_t b, uint32_t r) {
  return 1.0 - pow(1.0 - pow(s, (double)r), (double)b);
}

/* Simpson's rule over [lo, hi] of the false positive (want_fp) or false
 * negative probability. */
static double area(double lo, double hi, uint32_t b, uint32_t r, bool want_fp) {
  const int steps = 64;
  double h = (hi - lo) / steps, sum = 0.0;
  for (int i = 0; i <= steps; i++) {
    double p = candidate_prob(lo + h * i, b, r);
    double y = want_fp ? p : 1.0 - p;
    sum += y * (i == 0 || i == steps ? 1 : i % 2 ? 4 : 2);
  }
  return sum * h / 3.0;
}

vb_status vb_lsh_params(double threshold, uint32_t k, uint32_t *bands, uint32_t *rows) {
  if (!(threshold > 0.0 && threshold < 1.0) || k < 1 || k > MAX_K || !bands || !rows)
    return VB_ERR_ARG;
  double best = INFINITY;
  for (uint32_t b = 1; b <= k; b++)
    for (uint32_t r = 1; r <= k / b; r++) {
      double e = area(0.0, threshold, b, r, true) + area(threshold, 1.0, b, r, false);
      if (e < best) {
        best = e;
        *bands = b;
        *rows = r;
      }
    }
  return VB_OK;
}

/* ---- life cycle ---- */

vb_lsh *vb_lsh_new(const vb_allocator *alloc) {
  vb_allocator a = vb_alloc_resolve(alloc);
  vb_lsh *l = vb_mem_calloc(&a, 1, sizeof *l);
  if (l == NULL) return NULL;
  l->alloc = a;
  l->opt = vb_lsh_options_default();
  l->opt.bands = DEFAULT_BANDS;
  l->opt.rows = DEFAULT_ROWS;
  return l;
}

void vb_lsh_reset(vb_lsh *self) {
  if (self == NULL) return;
  self->docs = 0;
  self->used = 0;
  for (size_t i = 0; i < self->table_cap; i++) self->table[i].head = NONE;
}

void vb_lsh_free(vb_lsh *self) {
  if (self == NULL) return;
  vb_allocator a = self->alloc;
  void *bufs[] = {self->keys, self->next, self->table, self->stamp,
                  self->ids,  self->codes,   self->tmp,   self->pairs};
  for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) vb_mem_free(&a, bufs[i]);
  vb_mem_free(&a, self);
}

static vb_status check_opts(vb_lsh_options *o, vb_error *err) {
  if (o->k < 1 || o->k > MAX_K)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "k", VB_NO_OFFSET,
                   "k must be 1..%d, not %u", MAX_K, (unsigned)o->k);
  if ((o->bands == 0) != (o->rows == 0))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "bands", VB_NO_OFFSET,
                   "give both bands and rows, or neither");
  vb_lsh_options d = vb_lsh_options_default();
  if (o->bands == 0 && o->k == d.k && o->threshold == d.threshold) {
    o->bands = DEFAULT_BANDS;
    o->rows = DEFAULT_ROWS;
  } else if (o->bands == 0) {
    if (vb_lsh_params(o->threshold, o->k, &o->bands, &o->rows) != VB_OK)
      return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "threshold", VB_NO_OFFSET,
                     "threshold must be strictly between 0 and 1");
  } else if ((uint64_t)o->bands * o->rows > o->k) {
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "bands", VB_NO_OFFSET,
                   "%u bands of %u rows need more than k = %u values", (unsigned)o->bands,
                   (unsigned)o->rows, (unsigned)o->k);
  }
  return VB_OK;
}

vb_status vb_lsh_configure(vb_lsh *self, const vb_lsh_options *opt, vb_error *err) {
  if (self == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL index");
  if (self->docs > 0)
    return vb_fail(err, VB_ERR_STATE, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "options can only change while the index is empty");
  vb_lsh_options o = opt ? *opt : vb_lsh_options_default();
  vb_status st = check_opts(&o, err);
  if (st == VB_OK) self->opt = o;
  return st;
}

vb_lsh_options vb_lsh_get_options(const vb_lsh *self) {
  return self ? self->opt : vb_lsh_options_default();
}

size_t vb_lsh_count(const vb_lsh *self) { return self ? self->docs : 0; }

size_t vb_lsh_memory(const vb_lsh *self) {
  if (self == NULL) return 0;
  return sizeof *self + self->keys_cap * sizeof *self->keys +
         self->next_cap * sizeof *self->next + self->table_cap * sizeof *self->table +
         self->stamp_cap * sizeof *self->stamp + self->ids_cap * sizeof *self->ids +
         self->codes_cap * sizeof *self->codes + self->tmp_cap * sizeof *self->tmp +
         self->pairs_cap * sizeof *self->pairs;
}

double vb_lsh_bytes_per_doc(const vb_lsh *self) {
  if (self == NULL || self->docs == 0) return 0.0;
  return (double)vb_lsh_memory(self) / (double)self->docs;
}

/* ---- buckets ---- */

/* The band key of `rows` values: XXH3 of them, seeded with the band. */
static uint64_t band_key(const uint64_t *v, uint32_t rows, uint64_t seed) {
  return vb_hash_u64s(v, rows, seed);
}

static void band_keys(const vb_lsh *l, const uint64_t *sig, uint64_t *out) {
  for (uint32_t b = 0; b < l->opt.bands; b++)
    out[b] = band_key(sig + (size_t)b * l->opt.rows, l->opt.rows, l->opt.seed + b);
}

static uint32_t key_tag(uint64_t key) { return (uint32_t)(vb_mix64(key) >> 32); }

/* The slot of `key` (with tag `tag`), or the free slot where it would go. */
static size_t find_slot(const vb_lsh *l, uint64_t key, uint32_t tag) {
  size_t mask = l->table_cap - 1;
  size_t i = (size_t)(tag >> (32 - l->table_bits));
  for (;; i = (i + 1) & mask) {
    const slot *sl = &l->table[i];
    if (sl->head == NONE || (sl->tag == tag && l->keys[sl->head] == key)) return i;
  }
}

/* Keep the table at most 70% full, so probes stay short. */
static bool table_reserve(vb_lsh *l, size_t extra) {
  if ((l->used + extra) * 10 <= l->table_cap * 7) return true;
  size_t cap = l->table_cap ? l->table_cap : 64;
  unsigned bits = l->table_cap ? l->table_bits : 6;
  while ((l->used + extra) * 10 > cap * 7) {
    if (bits >= 32 || cap > SIZE_MAX / 2 / sizeof(slot)) return false;
    cap *= 2;
    bits++;
  }
  slot *t = vb_mem_alloc(&l->alloc, cap * sizeof *t);
  if (t == NULL) return false;
  for (size_t i = 0; i < cap; i++) t[i].head = NONE;
  /* Tags place the slots: moving them needs no key. */
  for (size_t i = 0; i < l->table_cap; i++) {
    slot sl = l->table[i];
    if (sl.head == NONE) continue;
    size_t j = (size_t)(sl.tag >> (32 - bits));
    while (t[j].head != NONE) j = (j + 1) & (cap - 1);
    t[j] = sl;
  }
  vb_mem_free(&l->alloc, l->table);
  l->table = t;
  l->table_cap = cap;
  l->table_bits = bits;
  return true;
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* Link document `doc`'s bands (keys already stored) into the buckets; the
 * caller reserved room. Once the table outgrows the caches every band is a
 * cache miss, so the home slots of a batch of bands are prefetched first and
 * their misses overlap. */
static void link_doc(vb_lsh *l, uint32_t doc) {
  uint32_t nb = l->opt.bands;
  uint32_t tags[32];
  for (uint32_t b0 = 0; b0 < nb; b0 += 32) {
    uint32_t n = nb - b0 < 32 ? nb - b0 : 32;
    for (uint32_t i = 0; i < n; i++) {
      tags[i] = key_tag(l->keys[(size_t)doc * nb + b0 + i]);
      PREFETCH(&l->table[tags[i] >> (32 - l->table_bits)]);
    }
    for (uint32_t i = 0; i < n; i++) {
      uint32_t e = doc * nb + b0 + i;
      slot *sl = &l->table[find_slot(l, l->keys[e], tags[i])];
      if (sl->head == NONE) {
        sl->tag = tags[i];
        l->used++;
      }
      l->next[e] = sl->head;
      sl->head = e;
    }
  }
}

static vb_status check_sig(const vb_lsh *l, const uint64_t *sig, size_t k, vb_error *err) {
  if (sig == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL signature");
  if (k != l->opt.k)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "signature has %zu values; the index takes %u", k, (unsigned)l->opt.k);
  return VB_OK;
}

static vb_status reserve_docs(vb_lsh *l, size_t docs, vb_error *err) {
  size_t nb = l->opt.bands;
  if (docs >= NONE / nb)
    return vb_fail(err, VB_ERR_LIMIT, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "an index holds at most %u documents of %zu bands", (unsigned)(NONE / nb - 1),
                   nb);
  void *k = l->keys, *e = l->next;
  if (!vb_array_reserve(&l->alloc, &k, &l->keys_cap, docs * nb, sizeof *l->keys)) goto nomem;
  l->keys = k;
  if (!vb_array_reserve(&l->alloc, &e, &l->next_cap, docs * nb, sizeof *l->next)) goto nomem;
  l->next = e;
  if (!table_reserve(l, (docs - l->docs) * nb)) goto nomem;
  return VB_OK;
nomem:
  return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                 "out of memory growing the index to %zu documents", docs);
}

vb_status vb_lsh_add(vb_lsh *self, const uint64_t *sig, size_t k, uint32_t *doc_id,
                     vb_error *err) {
  if (self == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL index");
  vb_status st = check_sig(self, sig, k, err);
  if (st != VB_OK) return st;
  st = reserve_docs(self, (size_t)self->docs + 1, err);
  if (st != VB_OK) return st;
  uint32_t doc = self->docs;
  band_keys(self, sig, self->keys + (size_t)doc * self->opt.bands);
  link_doc(self, doc);
  self->docs++;
  if (doc_id) *doc_id = doc;
  return VB_OK;
}

static int cmp_u32(const void *x, const void *y) {
  uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
  return a < b ? -1 : a > b;
}

vb_status vb_lsh_query(vb_lsh *self, const uint64_t *sig, size_t k, const uint32_t **ids,
                       size_t *count, vb_error *err) {
  if (self == NULL || ids == NULL || count == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  *ids = NULL;
  *count = 0;
  vb_status st = check_sig(self, sig, k, err);
  if (st != VB_OK) return st;
  if (self->docs == 0) return VB_OK;
  /* A per-document stamp dedupes candidates without clearing a set per
   * query; the epoch wraps after 4 billion queries, then stamps restart. */
  size_t old_cap = self->stamp_cap;
  void *p = self->stamp;
  if (!vb_array_reserve(&self->alloc, &p, &self->stamp_cap, self->docs, sizeof *self->stamp))
    return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET, "out of memory");
  self->stamp = p;
  if (self->stamp_cap > old_cap)
    memset(self->stamp + old_cap, 0, (self->stamp_cap - old_cap) * sizeof *self->stamp);
  if (++self->epoch == 0) {
    memset(self->stamp, 0, self->stamp_cap * sizeof *self->stamp);
    self->epoch = 1;
  }
  size_t n = 0;
  uint32_t nb = self->opt.bands;
  for (uint32_t b = 0; b < nb; b++) {
    uint64_t key = band_key(sig + (size_t)b * self->opt.rows, self->opt.rows,
                                self->opt.seed + b);
    slot *sl = &self->table[find_slot(self, key, key_tag(key))];
    for (uint32_t e = sl->head; e != NONE; e = self->next[e]) {
      uint32_t d = e / nb;
      if (self->stamp[d] == self->epoch) continue;
      self->stamp[d] = self->epoch;
      p = self->ids;
      if (!vb_array_reserve(&self->alloc, &p, &self->ids_cap, n + 1, sizeof *self->ids))
        return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET, "out of memory");
      self->ids = p;
      self->ids[n++] = d;
    }
  }
  /* Ascending ids: the chains list newest first. Few candidates is the
   * common case, where insertion beats qsort's set-up. */
  if (n > 32) {
    qsort(self->ids, n, sizeof *self->ids, cmp_u32);
  } else {
    for (size_t i = 1; i < n; i++) {
      uint32_t v = self->ids[i];
      size_t j = i;
      for (; j > 0 && self->ids[j - 1] > v; j--) self->ids[j] = self->ids[j - 1];
      self->ids[j] = v;
    }
  }
  *ids = self->ids;
  *count = n;
  return VB_OK;
}

vb_status vb_lsh_pairs(vb_lsh *self, const vb_doc_pair **pairs, size_t *count, vb_error *err) {
  if (self == NULL || pairs == NULL || count == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  *pairs = NULL;
  *count = 0;
  /* Buckets of two or more entries, found from next[] rather than the
   * table: an entry that another points to is not a head, so one pass marks
   * them and a second starts a chain at each unmarked entry with a next.
   * That reads next[] in order instead of probing it once per slot. */
  size_t ne = (size_t)self->docs * self->opt.bands, words = ne / 64 + 1, n = 0;
  void *t = self->tmp;
  if (!vb_array_reserve(&self->alloc, &t, &self->tmp_cap, words, sizeof *self->tmp))
    return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET, "out of memory");
  self->tmp = t;
  uint64_t *inner = self->tmp;
  memset(inner, 0, words * sizeof *inner);
  for (size_t e = 0; e < ne; e++) {
    uint32_t f = self->next[e];
    if (f != NONE) inner[f / 64] |= (uint64_t)1 << (f % 64);
  }
  uint32_t nb = self->opt.bands;
  for (size_t h = 0; h < ne; h++) {
    if (self->next[h] == NONE || (inner[h / 64] >> (h % 64) & 1)) continue;
    size_t size = 0;
    for (uint32_t e = (uint32_t)h; e != NONE; e = self->next[e]) size++;
    size_t need = size * (size - 1) / 2;
    void *p = self->codes;
    if (need > SIZE_MAX / 8 - n ||
        !vb_array_reserve(&self->alloc, &p, &self->codes_cap, n + need, sizeof *self->codes))
      return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                     "out of memory listing candidate pairs");
    self->codes = p;
    for (uint32_t e = (uint32_t)h; e != NONE; e = self->next[e])
      for (uint32_t f = self->next[e]; f != NONE; f = self->next[f]) {
        uint64_t a = e / nb, b = f / nb;
        if (a == b) continue;
        self->codes[n++] = a < b ? a << 32 | b : b << 32 | a;
      }
  }
  void *pp = self->pairs;
  t = self->tmp;
  if (!vb_array_reserve(&self->alloc, &t, &self->tmp_cap, n, sizeof *self->tmp))
    return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET, "out of memory");
  self->tmp = t;
  n = vb_sort_unique_u64(self->codes, n, self->tmp);
  if (!vb_array_reserve(&self->alloc, &pp, &self->pairs_cap, n, sizeof *self->pairs))
    return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET, "out of memory");
  self->pairs = pp;
  for (size_t i = 0; i < n; i++) {
    self->pairs[i].a = (uint32_t)(self->codes[i] >> 32);
    self->pairs[i].b = (uint32_t)self->codes[i];
  }
  *pairs = self->pairs;
  *count = n;
  return VB_OK;
}

/* ---- save and load ---- */

/* {"k", "docs", "keys", "rows", "seed", "type", "bands", "format"}: keys in
 * deterministic order (shorter first, then bytewise). Band keys are stored
 * as one byte string of big-endian 64-bit values, docs-major. */
vb_status vb_lsh_save(const vb_lsh *self, vb_writer *w, vb_error *err) {
  if (self == NULL || w == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  size_t nkeys = (size_t)self->docs * self->opt.bands;
  uint8_t *bytes = vb_mem_alloc(&self->alloc, nkeys * 8);
  if (bytes == NULL)
    return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "out of memory saving the index");
  for (size_t i = 0; i < nkeys; i++)
    for (int j = 0; j < 8; j++) bytes[i * 8 + (size_t)j] = (uint8_t)(self->keys[i] >> (56 - 8 * j));
  vb_buf *b = vb_writer_buf(w);
  size_t mark = b->len;
  vb_cbor_put_map(b, 8);
  vb_cbor_put_cstr(b, "k");
  vb_cbor_put_uint(b, self->opt.k);
  vb_cbor_put_cstr(b, "docs");
  vb_cbor_put_uint(b, self->docs);
  vb_cbor_put_cstr(b, "keys");
  vb_cbor_put_bytes(b, bytes, nkeys * 8);
  vb_mem_free(&self->alloc, bytes);
  vb_cbor_put_cstr(b, "rows");
  vb_cbor_put_uint(b, self->opt.rows);
  vb_cbor_put_cstr(b, "seed");
  vb_cbor_put_uint(b, self->opt.seed);
  vb_cbor_put_cstr(b, "type");
  vb_cbor_put_cstr(b, "lsh-index");
  vb_cbor_put_cstr(b, "bands");
  vb_cbor_put_uint(b, self->opt.bands);
  vb_cbor_put_cstr(b, "format");
  vb_cbor_put_uint(b, VB_FP_FORMAT_VERSION);
  return vb_writer_commit(w, mark, err);
}

typedef struct loaded {
  bool has[8];
  uint64_t k, docs, rows, seed, bands, format;
  const uint8_t *keys;
  size_t keys_len;
} loaded;

static const char *const load_keys[8] = {"k", "docs", "keys", "rows", "seed", "type", "bands", "format"};

static vb_status load_fail(vb_lsh *l, vb_error *err, vb_status st, const char *field, uint64_t off,
                           const char *msg) {
  vb_lsh_reset(l);
  return vb_fail(err, st, VB_NO_RECORD, field, off, "%s", msg);
}

vb_status vb_lsh_load(vb_lsh *self, const void *data, size_t data_len, vb_error *err) {
  if (self == NULL || (data == NULL && data_len > 0))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  vb_lsh_reset(self);
  const uint8_t *p = data;
  vb_limits lim = vb_limits_whole_item();
  size_t item_len = 0;
  vb_error e;
  vb_error_clear(&e);
  vb_status st = data_len == 0 ? VB_ERR_TRUNCATED : vb_cbor_check(p, data_len, &lim, true, &item_len, &e);
  if (st != VB_OK) {
    char msg[300];
    snprintf(msg, sizeof msg, "not an LSH index record: %s",
             data_len == 0 ? "no bytes" : e.message);
    return load_fail(self, err, st, NULL, e.offset == VB_NO_OFFSET ? 0 : e.offset, msg);
  }
  if (item_len != data_len)
    return load_fail(self, err, VB_ERR_CBOR, NULL, item_len,
                     "trailing bytes after the LSH index record");
  vb_chead h;
  size_t pos = 0;
  (void)vb_cbor_head(p, data_len, &h, NULL);
  if (h.kind != VB_CK_MAP)
    return load_fail(self, err, VB_ERR_SCHEMA, NULL, 0, "an LSH index record must be a map");
  pos += h.len;
  loaded L;
  memset(&L, 0, sizeof L);
  uint64_t *nums[8] = {&L.k, &L.docs, NULL, &L.rows, &L.seed, NULL, &L.bands, &L.format};
  for (uint64_t i = 0; i < h.u; i++) {
    vb_chead kh, vh;
    size_t key_at = pos;
    if (pos >= data_len) /* cannot happen after the whole-item check */
      return load_fail(self, err, VB_ERR_CBOR, NULL, pos, "malformed LSH index record");
    (void)vb_cbor_head(p + pos, data_len - pos, &kh, NULL);
    /* Step over the whole key, not just its head: a key may be an
     * indefinite-length or nested item (unknown keys are ignored), and
     * stepping over the head alone would read its contents as values. */
    pos += vb_cbor_item_len(p + pos, data_len - pos);
    if (pos >= data_len)
      return load_fail(self, err, VB_ERR_CBOR, NULL, pos, "malformed LSH index record");
    size_t val_at = pos;
    (void)vb_cbor_head(p + pos, data_len - pos, &vh, NULL);
    int which = -1;
    if (kh.kind == VB_CK_TEXT)
      for (int j = 0; j < 8; j++)
        if (kh.u == strlen(load_keys[j]) && memcmp(kh.str, load_keys[j], kh.u) == 0) which = j;
    pos += vb_cbor_item_len(p + pos, data_len - pos);
    if (which < 0) continue; /* unknown keys are ignored, as in every record */
    if (L.has[which])
      return load_fail(self, err, VB_ERR_SCHEMA, load_keys[which], key_at, "duplicate key");
    L.has[which] = true;
    if (which == 2) {
      if (vh.kind != VB_CK_BYTES)
        return load_fail(self, err, VB_ERR_SCHEMA, "keys", val_at, "\"keys\" must be a byte string");
      L.keys = vh.str;
      L.keys_len = (size_t)vh.u;
    } else if (which == 5) {
      if (vh.kind != VB_CK_TEXT || vh.u != 9 || memcmp(vh.str, "lsh-index", 9) != 0)
        return load_fail(self, err, VB_ERR_SCHEMA, "type", val_at, "record type is not \"lsh-index\"");
    } else {
      if (vh.kind != VB_CK_UINT)
        return load_fail(self, err, VB_ERR_SCHEMA, load_keys[which], val_at,
                         "index parameters must be unsigned integers");
      *nums[which] = vh.u;
    }
  }
  if (!L.has[7])
    return load_fail(self, err, VB_ERR_SCHEMA, "format", 0, "LSH index record has no \"format\"");
  if (L.format != VB_FP_FORMAT_VERSION) {
    vb_lsh_reset(self);
    return vb_fail(err, VB_ERR_VERSION, VB_NO_RECORD, "format", 0,
                   "LSH index was written with fingerprint format %llu; this build reads format %d "
                   "(rebuild the index)",
                   (unsigned long long)L.format, VB_FP_FORMAT_VERSION);
  }
  for (int j = 0; j < 8; j++)
    if (!L.has[j]) {
      vb_lsh_reset(self);
      return vb_fail(err, VB_ERR_SCHEMA, VB_NO_RECORD, load_keys[j], 0,
                     "LSH index record has no \"%s\"", load_keys[j]);
    }
  vb_lsh_options o = vb_lsh_options_default();
  if (L.k < 1 || L.k > MAX_K || L.bands < 1 || L.rows < 1 || L.bands > L.k || L.rows > L.k ||
      L.bands * L.rows > L.k)
    return load_fail(self, err, VB_ERR_SCHEMA, "bands", 0,
                     "inconsistent k, bands and rows in the LSH index record");
  if (L.docs >= NONE / L.bands)
    return load_fail(self, err, VB_ERR_LIMIT, "docs", 0, "too many documents in the LSH index");
  if (L.keys_len != L.docs * L.bands * 8)
    return load_fail(self, err, VB_ERR_SCHEMA, "keys", 0,
                     "\"keys\" must hold 8 bytes per band per document");
  o.k = (uint32_t)L.k;
  o.bands = (uint32_t)L.bands;
  o.rows = (uint32_t)L.rows;
  o.seed = L.seed;
  self->opt = o;
  st = reserve_docs(self, (size_t)L.docs, err);
  if (st != VB_OK) {
    vb_lsh_reset(self);
    return st;
  }
  size_t nkeys = (size_t)L.docs * L.bands;
  for (size_t i = 0; i < nkeys; i++) {
    uint64_t v = 0;
    for (int j = 0; j < 8; j++) v = v << 8 | L.keys[i * 8 + (size_t)j];
    self->keys[i] = v;
  }
  for (uint32_t d = 0; d < (uint32_t)L.docs; d++) link_doc(self, d);
  self->docs = (uint32_t)L.docs;
  return VB_OK;
}
