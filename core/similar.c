/* vb_similar: candidate pairs, exact verification and passage alignment over
 * a corpus of fingerprinted documents (include/verbatim/similar.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "verbatim/similar.h"

/* One document: slices of the handle's flat arrays (no allocation per
 * document, and the arrays are reused after a reset). */
typedef struct sim_doc {
  size_t id_off, id_len;
  size_t tok_off, words, content;
  size_t set_off, set_len;
  size_t sig_off;
  uint64_t simhash;
} sim_doc;

/* A kept pair while a run is under way: its passages are an offset into
 * `pass`, which may still move. */
typedef struct sim_res {
  vb_similar_pair p;
  size_t pass_off;
} sim_res;

struct vb_similar {
  vb_allocator alloc;
  vb_similar_options opt;
  uint32_t k; /* MinHash values per signature (the LSH index's k) */
  vb_words *words;
  vb_fingerprinter *fp;
  vb_aligner *al;
  vb_lsh *lsh;
  sim_doc *docs;
  size_t ndocs, docs_cap;
  char *ids;
  size_t ids_len, ids_cap;
  uint64_t *hashes;
  vb_span *spans;
  uint8_t *flags;
  size_t ntok, hashes_cap, spans_cap, flags_cap;
  uint64_t *sets;
  size_t nsets, sets_cap;
  uint64_t *sigs;
  size_t nsigs, sigs_cap;
  sim_res *res;
  size_t nres, res_cap;
  vb_passage *pass;
  size_t npass, pass_cap;
  vb_similar_pair *pairs;
  size_t npairs, pairs_cap;
};

vb_similar_options vb_similar_options_default(void) {
  vb_similar_options o;
  o.flags = 0;
  o.ngram = vb_fp_options_default().ngram;
  o.min_score = 0.1;
  o.lsh_threshold = vb_lsh_options_default().threshold;
  o.seed = VB_FP_DEFAULT_SEED;
  o.all_pairs_limit = 2000;
  return o;
}

static vb_status configure_lsh(vb_similar *s, vb_error *err) {
  vb_lsh_options lo = vb_lsh_options_default();
  lo.k = s->k;
  lo.threshold = s->opt.lsh_threshold;
  lo.seed = s->opt.seed;
  return vb_lsh_configure(s->lsh, &lo, err);
}

vb_similar *vb_similar_new(const vb_allocator *alloc) {
  vb_allocator a = vb_alloc_resolve(alloc);
  vb_similar *s = vb_mem_calloc(&a, 1, sizeof *s);
  if (s == NULL) return NULL;
  s->alloc = a;
  s->opt = vb_similar_options_default();
  s->k = vb_lsh_options_default().k;
  s->words = vb_words_new(&s->alloc);
  s->fp = vb_fingerprinter_new(&s->alloc);
  s->al = vb_aligner_new(&s->alloc);
  s->lsh = vb_lsh_new(&s->alloc);
  if (s->words == NULL || s->fp == NULL || s->al == NULL || s->lsh == NULL ||
      configure_lsh(s, NULL) != VB_OK) {
    vb_similar_free(s);
    return NULL;
  }
  return s;
}

void vb_similar_free(vb_similar *self) {
  if (self == NULL) return;
  vb_allocator a = self->alloc;
  vb_words_free(self->words);
  vb_fingerprinter_free(self->fp);
  vb_aligner_free(self->al);
  vb_lsh_free(self->lsh);
  void *bufs[] = {self->docs, self->ids,  self->hashes, self->spans, self->flags,
                  self->sets, self->sigs, self->res,    self->pass,  self->pairs};
  for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) vb_mem_free(&a, bufs[i]);
  vb_mem_free(&a, self);
}

static void clear_results(vb_similar *s) {
  s->nres = 0;
  s->npass = 0;
  s->npairs = 0;
}

void vb_similar_reset(vb_similar *self) {
  if (self == NULL) return;
  self->ndocs = self->ids_len = self->ntok = self->nsets = self->nsigs = 0;
  clear_results(self);
  vb_lsh_reset(self->lsh);
}

vb_status vb_similar_configure(vb_similar *self, const vb_similar_options *opt, vb_error *err) {
  if (self == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET, "similar handle is NULL");
  if (self->ndocs > 0)
    return vb_fail(err, VB_ERR_STATE, VB_NO_RECORD, "", VB_NO_OFFSET,
                   "options can only change before the first document is added");
  vb_similar_options o = opt ? *opt : vb_similar_options_default();
  if (o.flags & ~(uint32_t)VB_SIMILAR_FLAGS_ALL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "flags", VB_NO_OFFSET,
                   "unknown similar flags 0x%x", (unsigned)(o.flags & ~(uint32_t)VB_SIMILAR_FLAGS_ALL));
  if (o.ngram < 1 || o.ngram > 64)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "ngram", VB_NO_OFFSET,
                   "ngram must be 1..64, not %u", (unsigned)o.ngram);
  if (!(o.min_score >= 0 && o.min_score <= 1))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "min_score", VB_NO_OFFSET,
                   "min_score must be between 0 and 1, not %g", o.min_score);
  if (!(o.lsh_threshold > 0 && o.lsh_threshold < 1))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "lsh_threshold", VB_NO_OFFSET,
                   "lsh_threshold must be strictly between 0 and 1, not %g", o.lsh_threshold);
  vb_similar_options old = self->opt;
  self->opt = o;
  vb_status st = configure_lsh(self, err);
  if (st != VB_OK) {
    self->opt = old;
    (void)configure_lsh(self, NULL); /* the old options were valid */
  }
  return st;
}

vb_similar_options vb_similar_get_options(const vb_similar *self) {
  return self ? self->opt : vb_similar_options_default();
}

size_t vb_similar_count(const vb_similar *self) { return self ? self->ndocs : 0; }

/* Name the document in an error the word list or fingerprinter raised:
 * "document 3 (\"id\"): <message>", the id cut to 60 bytes on a character
 * boundary. */
static vb_status name_doc(vb_error *err, vb_status st, size_t doc, const char *id, size_t id_len) {
  if (err == NULL || err->status != st) return st;
  size_t cut = id_len > 60 ? 60 : id_len;
  while (cut > 0 && cut < id_len && ((unsigned char)id[cut] & 0xC0) == 0x80) cut--;
  char prefix[96];
  snprintf(prefix, sizeof prefix, "document %zu (\"%.*s\"): ", doc, (int)cut, cut ? id : "");
  size_t pl = strlen(prefix), ml = strlen(err->message);
  if (pl + ml >= sizeof err->message) ml = sizeof err->message - 1 - pl;
  memmove(err->message + pl, err->message, ml);
  memcpy(err->message, prefix, pl);
  err->message[pl + ml] = '\0';
  err->record = (int64_t)doc;
  return st;
}

#define RESERVE(s, arr, cap, need)                                                            \
  vb_array_reserve(&(s)->alloc, (void **)&(s)->arr, &(s)->cap, (need), sizeof *(s)->arr)

static vb_status add_tokens(vb_similar *s, const char *id, size_t id_len, const vb_tokens *t,
                            uint32_t *doc, vb_error *err) {
  size_t n = s->ndocs;
  if (n >= UINT32_MAX)
    return vb_fail(err, VB_ERR_LIMIT, (int64_t)n, "", VB_NO_OFFSET, "too many documents");
  size_t content = 0;
  for (size_t i = 0; i < t->count; i++) {
    uint8_t f = t->flags ? t->flags[i] : 0;
    if (f & ~(unsigned)VB_TOKEN_BOILERPLATE)
      return vb_fail(err, VB_ERR_ARG, (int64_t)n, "flags", i, "unknown token flags 0x%x at word %zu",
                     (unsigned)f, i);
    content += !(f & VB_TOKEN_BOILERPLATE);
  }
  vb_fp_options fo = vb_fp_options_default();
  fo.flags = VB_FP_SHINGLES | VB_FP_MINHASH | VB_FP_SIMHASH;
  if (s->opt.flags & VB_SIMILAR_INCLUDE_BOILERPLATE) fo.flags |= VB_FP_INCLUDE_BOILERPLATE;
  fo.ngram = s->opt.ngram;
  fo.minhash_k = s->k;
  fo.seed = s->opt.seed;
  vb_status st = vb_fingerprinter_run(s->fp, &fo, t, NULL, 0, err);
  if (st != VB_OK) return name_doc(err, st, n, id, id_len);
  size_t set_len, k;
  const uint64_t *set = vb_fingerprinter_shingles(s->fp, &set_len);
  const uint64_t *sig = vb_fingerprinter_minhash(s->fp, &k);
  /* Reserve everything first, so that a failure adds nothing (one spare
   * id byte and set value, so no slice is ever an offset of NULL). */
  if (!RESERVE(s, docs, docs_cap, n + 1) || !RESERVE(s, ids, ids_cap, s->ids_len + id_len + 1) ||
      !RESERVE(s, hashes, hashes_cap, s->ntok + t->count) ||
      !RESERVE(s, spans, spans_cap, s->ntok + t->count) ||
      !RESERVE(s, flags, flags_cap, s->ntok + t->count) ||
      !RESERVE(s, sets, sets_cap, s->nsets + set_len + 1) ||
      !RESERVE(s, sigs, sigs_cap, s->nsigs + k))
    return vb_fail(err, VB_ERR_NOMEM, (int64_t)n, "", VB_NO_OFFSET,
                   "out of memory adding document %zu", n);
  st = vb_lsh_add(s->lsh, sig, k, NULL, err);
  if (st != VB_OK) return name_doc(err, st, n, id, id_len);
  sim_doc *d = &s->docs[n];
  d->id_off = s->ids_len;
  d->id_len = id_len;
  d->tok_off = s->ntok;
  d->words = t->count;
  d->content = content;
  d->set_off = s->nsets;
  d->set_len = set_len;
  d->sig_off = s->nsigs;
  d->simhash = vb_fingerprinter_simhash(s->fp);
  if (id_len) memcpy(s->ids + s->ids_len, id, id_len);
  if (t->count) {
    memcpy(s->hashes + s->ntok, t->hashes, t->count * sizeof *t->hashes);
    memcpy(s->spans + s->ntok, t->spans, t->count * sizeof *t->spans);
    if (t->flags)
      memcpy(s->flags + s->ntok, t->flags, t->count);
    else
      memset(s->flags + s->ntok, 0, t->count);
  }
  if (set_len) memcpy(s->sets + s->nsets, set, set_len * sizeof *set);
  memcpy(s->sigs + s->nsigs, sig, k * sizeof *sig);
  s->ids_len += id_len;
  s->ntok += t->count;
  s->nsets += set_len;
  s->nsigs += k;
  s->ndocs = n + 1;
  if (doc) *doc = (uint32_t)n;
  return VB_OK;
}

static vb_status check_id(const vb_similar *s, const char *id, size_t id_len, vb_error *err) {
  if (id == NULL && id_len > 0)
    return vb_fail(err, VB_ERR_ARG, (int64_t)s->ndocs, "id", VB_NO_OFFSET, "id is NULL");
  size_t bad = 0;
  if (id_len > 0 && !vb_utf8_valid(id, id_len, &bad))
    return vb_fail(err, VB_ERR_UTF8, (int64_t)s->ndocs, "id", bad,
                   "document %zu: id is not UTF-8 (byte %zu)", s->ndocs, bad);
  return VB_OK;
}

vb_status vb_similar_add(vb_similar *self, const char *id, size_t id_len, const char *text,
                         size_t text_len, uint32_t *doc, vb_error *err) {
  if (self == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET, "similar handle is NULL");
  vb_status st = check_id(self, id, id_len, err);
  if (st != VB_OK) return st;
  st = vb_words_run(self->words, text, text_len, err);
  if (st != VB_OK) return name_doc(err, st, self->ndocs, id, id_len);
  vb_tokens t = vb_words_tokens(self->words);
  return add_tokens(self, id, id_len, &t, doc, err);
}

vb_status vb_similar_add_tokens(vb_similar *self, const char *id, size_t id_len,
                                const vb_tokens *tokens, uint32_t *doc, vb_error *err) {
  if (self == NULL || tokens == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET, "NULL argument");
  if (tokens->count > 0 && (tokens->hashes == NULL || tokens->spans == NULL))
    return vb_fail(err, VB_ERR_ARG, (int64_t)self->ndocs, "tokens", VB_NO_OFFSET,
                   "tokens need hashes and spans");
  vb_status st = check_id(self, id, id_len, err);
  if (st != VB_OK) return st;
  return add_tokens(self, id, id_len, tokens, doc, err);
}

static vb_tokens doc_tokens(const vb_similar *s, const sim_doc *d) {
  vb_tokens t = {s->hashes + d->tok_off, s->spans + d->tok_off, s->flags + d->tok_off, d->words};
  if (d->words == 0) t.hashes = NULL, t.spans = NULL, t.flags = NULL;
  return t;
}

/* Verify, align and score one candidate pair (a < b); keep it if it scores. */
static vb_status consider(vb_similar *s, uint32_t a, uint32_t b, vb_error *err) {
  const sim_doc *A = &s->docs[a], *B = &s->docs[b];
  double min = s->opt.min_score;
  vb_set_overlap ov =
      vb_shingle_compare(s->sets + A->set_off, A->set_len, s->sets + B->set_off, B->set_len);
  /* Aligning is the costly step: with a positive min_score, a pair sharing
   * not one shingle is not worth it. */
  if (min > 0 && ov.shared == 0) return VB_OK;
  bool boiler = (s->opt.flags & VB_SIMILAR_INCLUDE_BOILERPLATE) != 0;
  vb_align_options ao = vb_align_options_default();
  ao.flags = boiler ? VB_FP_INCLUDE_BOILERPLATE : 0;
  vb_tokens ta = doc_tokens(s, A), tb = doc_tokens(s, B);
  vb_status st = vb_aligner_run(s->al, &ao, &ta, &tb, err);
  if (st != VB_OK) return st;
  size_t np;
  const vb_passage *ps = vb_aligner_passages(s->al, &np);
  double score = vb_passages_score(ps, np, boiler ? A->words : A->content,
                                   boiler ? B->words : B->content);
  if (score < min || (min > 0 && score == 0)) return VB_OK;
  if (!RESERVE(s, res, res_cap, s->nres + 1) || !RESERVE(s, pass, pass_cap, s->npass + np))
    return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, "", VB_NO_OFFSET,
                   "out of memory keeping a similar pair");
  sim_res *r = &s->res[s->nres++];
  memset(r, 0, sizeof *r);
  r->p.a = (vb_str){s->ids + A->id_off, A->id_len};
  r->p.b = (vb_str){s->ids + B->id_off, B->id_len};
  r->p.score = score;
  r->p.jaccard = ov.jaccard;
  r->p.containment_ab = ov.containment_ab;
  r->p.containment_ba = ov.containment_ba;
  r->p.simhash_distance = vb_simhash_distance(A->simhash, B->simhash);
  r->p.passage_count = np;
  r->p.a_doc = a;
  r->p.b_doc = b;
  r->pass_off = s->npass;
  if (np) memcpy(s->pass + s->npass, ps, np * sizeof *ps);
  s->npass += np;
  return VB_OK;
}

static int by_score(const void *x, const void *y) {
  const vb_similar_pair *a = &((const sim_res *)x)->p, *b = &((const sim_res *)y)->p;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  if (a->a_doc != b->a_doc) return a->a_doc < b->a_doc ? -1 : 1;
  return a->b_doc < b->b_doc ? -1 : a->b_doc > b->b_doc;
}

/* Sort the kept pairs and publish them with their final pointers. */
static vb_status finish(vb_similar *s, vb_error *err) {
  if (s->nres > 1) qsort(s->res, s->nres, sizeof *s->res, by_score);
  if (!RESERVE(s, pairs, pairs_cap, s->nres)) {
    clear_results(s);
    return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, "", VB_NO_OFFSET, "out of memory");
  }
  for (size_t i = 0; i < s->nres; i++) {
    s->pairs[i] = s->res[i].p;
    s->pairs[i].passages = s->res[i].p.passage_count ? s->pass + s->res[i].pass_off : NULL;
  }
  s->npairs = s->nres;
  return VB_OK;
}

static bool lsh_mode(const vb_similar *s) {
  return (s->opt.flags & VB_SIMILAR_LSH) || s->ndocs > s->opt.all_pairs_limit;
}

vb_status vb_similar_run(vb_similar *self, vb_error *err) {
  if (self == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET, "similar handle is NULL");
  clear_results(self);
  vb_status st = VB_OK;
  if (lsh_mode(self)) {
    const vb_doc_pair *cand;
    size_t nc;
    st = vb_lsh_pairs(self->lsh, &cand, &nc, err);
    for (size_t i = 0; st == VB_OK && i < nc; i++) st = consider(self, cand[i].a, cand[i].b, err);
  } else {
    for (size_t a = 0; st == VB_OK && a < self->ndocs; a++)
      for (size_t b = a + 1; st == VB_OK && b < self->ndocs; b++)
        st = consider(self, (uint32_t)a, (uint32_t)b, err);
  }
  if (st != VB_OK) {
    clear_results(self);
    return st;
  }
  return finish(self, err);
}

vb_status vb_similar_query(vb_similar *self, uint32_t doc, vb_error *err) {
  if (self == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET, "similar handle is NULL");
  clear_results(self);
  if (doc >= self->ndocs)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "doc", VB_NO_OFFSET,
                   "document %u is out of range (%zu documents)", (unsigned)doc, self->ndocs);
  vb_status st = VB_OK;
  if (lsh_mode(self)) {
    const uint32_t *ids;
    size_t nc;
    st = vb_lsh_query(self->lsh, self->sigs + self->docs[doc].sig_off, self->k, &ids, &nc, err);
    for (size_t i = 0; st == VB_OK && i < nc; i++)
      if (ids[i] != doc)
        st = consider(self, ids[i] < doc ? ids[i] : doc, ids[i] < doc ? doc : ids[i], err);
  } else {
    for (size_t j = 0; st == VB_OK && j < self->ndocs; j++)
      if (j != doc)
        st = consider(self, j < doc ? (uint32_t)j : doc, j < doc ? doc : (uint32_t)j, err);
  }
  if (st != VB_OK) {
    clear_results(self);
    return st;
  }
  return finish(self, err);
}

const vb_similar_pair *vb_similar_pairs(const vb_similar *self, size_t *count) {
  if (count) *count = self ? self->npairs : 0;
  return self && self->npairs ? self->pairs : NULL;
}

vb_status vb_similar_write(const vb_similar *self, vb_writer *w, vb_error *err) {
  if (self == NULL || w == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET, "NULL argument");
  for (size_t i = 0; i < self->npairs; i++) {
    vb_status st = vb_writer_similar_pair(w, &self->pairs[i], err);
    if (st != VB_OK) return st;
  }
  return VB_OK;
}

vb_str vb_similar_doc_id(const vb_similar *self, uint32_t doc) {
  vb_str s = {"", 0};
  if (self == NULL || doc >= self->ndocs) return s;
  s.data = self->ids + self->docs[doc].id_off;
  s.len = self->docs[doc].id_len;
  return s;
}

vb_tokens vb_similar_doc_tokens(const vb_similar *self, uint32_t doc) {
  vb_tokens t = {NULL, NULL, NULL, 0};
  if (self == NULL || doc >= self->ndocs) return t;
  return doc_tokens(self, &self->docs[doc]);
}
