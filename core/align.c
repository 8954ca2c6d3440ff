/* Aligned passages between two documents: exact seeds, chained along the
 * diagonal, extended, then aligned word by word in a band. */
#include <stdlib.h>

#include "fp_internal.h"
#include "internal.h"
#include "verbatim/fingerprint.h"

#define MAX_SEED_NGRAM 64
#define MAX_OCCURRENCES 16          /* a seed repeated more often in B is too common to anchor */
#define MAX_CELLS ((size_t)1 << 24) /* band cells (bytes) of one passage's alignment */

typedef struct side {
  uint64_t *h;  /* word hashes taking part */
  uint32_t *at; /* their input indexes */
  size_t n, cap;
} side;

typedef struct gram {
  uint64_t h;
  uint32_t pos;
} gram;

typedef struct seed {
  uint32_t i, j;
} seed;

typedef struct chain {
  uint32_t first_i, first_j, last_i, last_j;
  uint32_t covered_i; /* words of A inside seeds (for the fallback count) */
} chain;

struct vb_aligner {
  vb_allocator alloc;
  side a, b;
  gram *grams;
  size_t grams_cap;
  seed *seeds;
  size_t seeds_cap;
  chain *open, *done;
  size_t open_cap, done_cap;
  int32_t *rows; /* two DP rows */
  size_t rows_cap;
  uint8_t *trace;
  size_t trace_cap;
  vb_passage *out, *tmp;
  size_t out_cap, tmp_cap, n_out;
};

vb_align_options vb_align_options_default(void) {
  vb_align_options o;
  o.seed_ngram = 3;
  o.max_gap = 12;
  o.band = 8;
  o.min_words = 6;
  o.flags = 0;
  return o;
}

vb_aligner *vb_aligner_new(const vb_allocator *alloc) {
  vb_allocator a = vb_alloc_resolve(alloc);
  vb_aligner *l = vb_mem_calloc(&a, 1, sizeof *l);
  if (l == NULL) return NULL;
  l->alloc = a;
  return l;
}

void vb_aligner_free(vb_aligner *self) {
  if (self == NULL) return;
  vb_allocator a = self->alloc;
  void *bufs[] = {self->a.h, self->a.at, self->b.h,   self->b.at,  self->grams, self->seeds,
                  self->open, self->done, self->rows, self->trace, self->out,   self->tmp};
  for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) vb_mem_free(&a, bufs[i]);
  vb_mem_free(&a, self);
}

const vb_passage *vb_aligner_passages(const vb_aligner *self, size_t *count) {
  if (count) *count = self ? self->n_out : 0;
  return self ? self->out : NULL;
}

static bool reserve(vb_aligner *l, void *ptr, size_t *cap, size_t need, size_t elem) {
  return vb_array_reserve(&l->alloc, (void **)ptr, cap, need ? need : 1, elem);
}

static vb_status load_side(vb_aligner *l, side *s, const vb_tokens *t, bool keep_bp,
                           const char *name, vb_error *err) {
  s->n = 0;
  if (t->count > 0 && t->hashes == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, name, VB_NO_OFFSET, "tokens without hashes");
  if (t->count >= UINT32_MAX)
    return vb_fail(err, VB_ERR_LIMIT, VB_NO_RECORD, name, VB_NO_OFFSET, "too many tokens");
  size_t cap = s->cap;
  if (!reserve(l, &s->h, &cap, t->count, sizeof *s->h)) goto nomem;
  cap = s->cap;
  if (!reserve(l, &s->at, &cap, t->count, sizeof *s->at)) goto nomem;
  s->cap = cap;
  for (size_t i = 0; i < t->count; i++) {
    uint8_t f = t->flags ? t->flags[i] : 0;
    if (f & ~VB_TOKEN_BOILERPLATE)
      return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, name, VB_NO_OFFSET,
                     "token %zu has unknown flag bits 0x%x", i, (unsigned)f);
    if ((f & VB_TOKEN_BOILERPLATE) && !keep_bp) continue;
    s->h[s->n] = t->hashes[i];
    s->at[s->n++] = (uint32_t)i;
  }
  return VB_OK;
nomem:
  return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET, "out of memory");
}

static int gram_cmp(const void *x, const void *y) {
  const gram *a = x, *b = y;
  if (a->h != b->h) return a->h < b->h ? -1 : 1;
  return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Every (i, j) where A and B share the seed n-gram starting at i and j,
 * ordered by i then j. */
static bool find_seeds(vb_aligner *l, size_t s, size_t *nseeds) {
  side *A = &l->a, *B = &l->b;
  *nseeds = 0;
  if (A->n < s || B->n < s) return true;
  size_t nb = B->n - s + 1, na = A->n - s + 1;
  if (!reserve(l, &l->grams, &l->grams_cap, nb, sizeof *l->grams)) return false;
  for (size_t j = 0; j < nb; j++) {
    l->grams[j].h = vb_hash_u64s(B->h + j, s, 0);
    l->grams[j].pos = (uint32_t)j;
  }
  qsort(l->grams, nb, sizeof *l->grams, gram_cmp);
  size_t n = 0;
  for (size_t i = 0; i < na; i++) {
    uint64_t h = vb_hash_u64s(A->h + i, s, 0);
    size_t lo = 0, hi = nb;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (l->grams[mid].h < h)
        lo = mid + 1;
      else
        hi = mid;
    }
    size_t end = lo;
    while (end < nb && l->grams[end].h == h) end++;
    if (end == lo || end - lo > MAX_OCCURRENCES) continue;
    if (!reserve(l, &l->seeds, &l->seeds_cap, n + (end - lo), sizeof *l->seeds)) return false;
    for (size_t k = lo; k < end; k++) {
      l->seeds[n].i = (uint32_t)i;
      l->seeds[n++].j = l->grams[k].pos;
    }
  }
  *nseeds = n;
  return true;
}

static int64_t absdiff(int64_t x) { return x < 0 ? -x : x; }

/* Greedy chaining: each seed joins the open chain it continues with the
 * smallest shift of diagonal (gaps of at most max_gap words on either side),
 * or opens a new one. Chains left behind by more than max_gap words close. */
static bool chain_seeds(vb_aligner *l, size_t nseeds, size_t s, size_t gap, size_t *nchains) {
  size_t nopen = 0, ndone = 0;
  for (size_t k = 0; k <= nseeds; k++) {
    bool last = k == nseeds;
    seed sd = last ? (seed){UINT32_MAX, UINT32_MAX} : l->seeds[k];
    /* close chains that can no longer grow */
    size_t w = 0;
    for (size_t c = 0; c < nopen; c++) {
      chain *ch = &l->open[c];
      if (last || (size_t)ch->last_i + s + gap < sd.i) {
        if (!reserve(l, &l->done, &l->done_cap, ndone + 1, sizeof *l->done)) return false;
        l->done[ndone++] = *ch;
      } else {
        l->open[w++] = *ch;
      }
    }
    nopen = w;
    if (last) break;
    size_t best = SIZE_MAX;
    int64_t best_shift = INT64_MAX;
    for (size_t c = 0; c < nopen; c++) {
      chain *ch = &l->open[c];
      if (sd.i <= ch->last_i || sd.j <= ch->last_j) continue;
      if ((size_t)sd.j > (size_t)ch->last_j + s + gap) continue;
      int64_t shift = absdiff(((int64_t)sd.j - sd.i) - ((int64_t)ch->last_j - ch->last_i));
      if (shift > (int64_t)gap) continue;
      if (shift < best_shift) {
        best_shift = shift;
        best = c;
      }
    }
    if (best != SIZE_MAX) {
      chain *ch = &l->open[best];
      size_t new_words = sd.i - ch->last_i < s ? sd.i - ch->last_i : s;
      ch->covered_i += (uint32_t)new_words;
      ch->last_i = sd.i;
      ch->last_j = sd.j;
    } else {
      if (!reserve(l, &l->open, &l->open_cap, nopen + 1, sizeof *l->open)) return false;
      l->open[nopen++] = (chain){sd.i, sd.j, sd.i, sd.j, (uint32_t)s};
    }
  }
  *nchains = ndone;
  return true;
}

/* Grow [ai, ae) x [bi, be) outward over equal words, and over one unequal
 * word when the two words beyond it are equal again (a garbled name at the
 * edge of a passage). */
static void extend(const side *A, const side *B, size_t *ai, size_t *ae, size_t *bi, size_t *be) {
  for (;;) {
    if (*ae < A->n && *be < B->n && A->h[*ae] == B->h[*be]) {
      ++*ae;
      ++*be;
    } else if (*ae + 2 < A->n && *be + 2 < B->n && A->h[*ae + 1] == B->h[*be + 1] &&
               A->h[*ae + 2] == B->h[*be + 2]) {
      *ae += 3;
      *be += 3;
    } else {
      break;
    }
  }
  for (;;) {
    if (*ai > 0 && *bi > 0 && A->h[*ai - 1] == B->h[*bi - 1]) {
      --*ai;
      --*bi;
    } else if (*ai >= 3 && *bi >= 3 && A->h[*ai - 2] == B->h[*bi - 2] &&
               A->h[*ai - 3] == B->h[*bi - 3]) {
      *ai -= 3;
      *bi -= 3;
    } else {
      break;
    }
  }
}

enum { OP_DIAG = 0, OP_UP = 1, OP_LEFT = 2 };

/* Edit distance over word hashes of A[ai, ae) and B[bi, be), in a band
 * around the straight line between the corners (both corners are matches,
 * so the alignment is global); traceback counts the operations.
 * Returns false when out of memory. */
static bool align_region(vb_aligner *l, size_t ai, size_t ae, size_t bi, size_t be, size_t band,
                         vb_passage *p, uint32_t seed_words) {
  size_t la = ae - ai, lb = be - bi;
  size_t W = band + (la > lb ? la - lb : lb - la);
  size_t width = 2 * W + 1;
  if (la == 0 || lb == 0 || (la + 1) > MAX_CELLS / width) {
    /* Too large to align in the band: keep the seed evidence only. */
    p->identical = seed_words;
    p->substituted = 0;
    p->deleted = (uint32_t)(la - (seed_words < la ? seed_words : la));
    p->inserted = (uint32_t)(lb - (seed_words < lb ? seed_words : lb));
    return true;
  }
  if (!reserve(l, &l->trace, &l->trace_cap, (la + 1) * width, 1) ||
      !reserve(l, &l->rows, &l->rows_cap, 2 * width, sizeof *l->rows))
    return false;
  const uint64_t *A = l->a.h + ai, *B = l->b.h + bi;
  int32_t *prev = l->rows, *cur = l->rows + width;
  const int32_t INF = INT32_MAX / 2;
  /* Row i covers j in [c_i - W, c_i + W]; column index k = j - c_i + W. */
#define CENTER(i) ((int64_t)((uint64_t)(i) * lb / la))
  for (size_t i = 0; i <= la; i++) {
    int64_t c = CENTER(i), pc = i ? CENTER(i - 1) : 0;
    uint8_t *tr = l->trace + i * width;
    for (size_t k = 0; k < width; k++) {
      int64_t j = c - (int64_t)W + (int64_t)k;
      if (j < 0 || j > (int64_t)lb) {
        cur[k] = INF;
        continue;
      }
      if (i == 0) {
        cur[k] = (int32_t)j;
        tr[k] = OP_LEFT;
        continue;
      }
      int32_t best = INF;
      uint8_t op = OP_DIAG;
      int64_t kd = j - 1 - pc + (int64_t)W, ku = j - pc + (int64_t)W;
      if (j > 0 && kd >= 0 && kd < (int64_t)width && prev[kd] < INF)
        best = prev[kd] + (A[i - 1] != B[j - 1]);
      if (ku >= 0 && ku < (int64_t)width && prev[ku] < INF && prev[ku] + 1 < best) {
        best = prev[ku] + 1;
        op = OP_UP;
      }
      if (k > 0 && j > 0 && cur[k - 1] < INF && cur[k - 1] + 1 < best) {
        best = cur[k - 1] + 1;
        op = OP_LEFT;
      }
      cur[k] = best;
      tr[k] = op;
    }
    int32_t *t = prev;
    prev = cur;
    cur = t;
  }
  uint32_t same = 0, sub = 0, ins = 0, del = 0;
  size_t i = la, j = lb;
  while (i > 0 || j > 0) {
    int64_t k = (int64_t)j - CENTER(i) + (int64_t)W;
    uint8_t op = i == 0 ? OP_LEFT : l->trace[i * width + (size_t)k];
    if (op == OP_DIAG) {
      if (A[i - 1] == B[j - 1])
        same++;
      else
        sub++;
      i--;
      j--;
    } else if (op == OP_UP) {
      del++;
      i--;
    } else {
      ins++;
      j--;
    }
  }
#undef CENTER
  p->identical = same;
  p->substituted = sub;
  p->inserted = ins;
  p->deleted = del;
  return true;
}

static bool overlaps(vb_span x, vb_span y) { return x.start < y.end && y.start < x.end; }

static int by_identical_desc(const void *x, const void *y) {
  const vb_passage *a = x, *b = y;
  if (a->identical != b->identical) return a->identical > b->identical ? -1 : 1;
  if (a->a_tokens.start != b->a_tokens.start) return a->a_tokens.start < b->a_tokens.start ? -1 : 1;
  return a->b_tokens.start < b->b_tokens.start ? -1 : a->b_tokens.start > b->b_tokens.start;
}

static int by_a_start(const void *x, const void *y) {
  const vb_passage *a = x, *b = y;
  if (a->a_tokens.start != b->a_tokens.start) return a->a_tokens.start < b->a_tokens.start ? -1 : 1;
  return a->b_tokens.start < b->b_tokens.start ? -1 : a->b_tokens.start > b->b_tokens.start;
}

static vb_span byte_span(const vb_tokens *t, uint32_t first, uint32_t last) {
  vb_span s = {0, 0};
  if (t->spans) {
    s.start = t->spans[first].start;
    s.end = t->spans[last].end;
  }
  return s;
}

vb_status vb_aligner_run(vb_aligner *self, const vb_align_options *opt, const vb_tokens *a,
                         const vb_tokens *b, vb_error *err) {
  if (self == NULL || a == NULL || b == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  self->n_out = 0;
  vb_align_options o = opt ? *opt : vb_align_options_default();
  if (o.flags & ~(uint32_t)VB_FP_INCLUDE_BOILERPLATE)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "flags", VB_NO_OFFSET,
                   "unknown alignment flags 0x%x", (unsigned)o.flags);
  if (o.seed_ngram < 1 || o.seed_ngram > MAX_SEED_NGRAM || o.band > 4096 || o.max_gap > 4096)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "seed_ngram must be 1..%d, band and max_gap at most 4096", MAX_SEED_NGRAM);
  bool keep_bp = (o.flags & VB_FP_INCLUDE_BOILERPLATE) != 0;
  vb_status st = load_side(self, &self->a, a, keep_bp, "a", err);
  if (st == VB_OK) st = load_side(self, &self->b, b, keep_bp, "b", err);
  if (st != VB_OK) return st;
  size_t s = o.seed_ngram, nseeds = 0, nchains = 0;
  if (!find_seeds(self, s, &nseeds) || !chain_seeds(self, nseeds, s, o.max_gap, &nchains))
    goto nomem;
  if (!reserve(self, &self->tmp, &self->tmp_cap, nchains, sizeof *self->tmp)) goto nomem;
  size_t np = 0;
  for (size_t c = 0; c < nchains; c++) {
    const chain *ch = &self->done[c];
    size_t ai = ch->first_i, ae = (size_t)ch->last_i + s, bi = ch->first_j,
           be = (size_t)ch->last_j + s;
    extend(&self->a, &self->b, &ai, &ae, &bi, &be);
    vb_passage p;
    memset(&p, 0, sizeof p);
    if (!align_region(self, ai, ae, bi, be, o.band, &p, ch->covered_i)) goto nomem;
    p.a_tokens.start = self->a.at[ai];
    p.a_tokens.end = self->a.at[ae - 1] + 1;
    p.b_tokens.start = self->b.at[bi];
    p.b_tokens.end = self->b.at[be - 1] + 1;
    p.a_bytes = byte_span(a, p.a_tokens.start, p.a_tokens.end - 1);
    p.b_bytes = byte_span(b, p.b_tokens.start, p.b_tokens.end - 1);
    self->tmp[np++] = p;
  }
  /* Strongest passages first; drop any that repeats one already kept on both
   * sides (the same reuse found twice through repeated words). */
  qsort(self->tmp, np, sizeof *self->tmp, by_identical_desc);
  if (!reserve(self, &self->out, &self->out_cap, np, sizeof *self->out)) goto nomem;
  size_t n = 0;
  for (size_t k = 0; k < np; k++) {
    const vb_passage *p = &self->tmp[k];
    if (p->identical < o.min_words) continue;
    bool dup = false;
    for (size_t q = 0; q < n && !dup; q++)
      dup = overlaps(p->a_tokens, self->out[q].a_tokens) &&
            overlaps(p->b_tokens, self->out[q].b_tokens);
    if (!dup) self->out[n++] = *p;
  }
  qsort(self->out, n, sizeof *self->out, by_a_start);
  self->n_out = n;
  return VB_OK;
nomem:
  self->n_out = 0;
  return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                 "out of memory aligning passages");
}

double vb_passages_score(const vb_passage *passages, size_t count, size_t a_words,
                         size_t b_words) {
  if (passages == NULL || count == 0) return 0.0;
  double sa = 0.0, sb = 0.0;
  for (size_t i = 0; i < count; i++) {
    double aligned = (double)passages[i].identical + (double)passages[i].substituted;
    sa += aligned;
    sb += aligned;
  }
  double ca = a_words ? sa / (double)a_words : 0.0, cb = b_words ? sb / (double)b_words : 0.0;
  double s = ca > cb ? ca : cb;
  return s > 1.0 ? 1.0 : s;
}
