/* Quote matching: indexing quotes, scanning documents, classifying each
 * occurrence, and clustering variants. See include/verbatim/match.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cbor_io.h"
#include "match_internal.h"

vb_match_options vb_match_options_default(void) {
  vb_match_options o;
  o.shingle_words = 4;
  o.min_words = 4;
  o.min_similarity = 0.5;
  o.fragments = false;
  return o;
}

const char *vb_match_kind_name(vb_match_kind kind) {
  switch (kind) {
    case VB_MATCH_EXACT: return "exact";
    case VB_MATCH_NORMALIZED: return "normalized";
    case VB_MATCH_ALTERED: return "altered";
    case VB_MATCH_TRUNCATED: return "truncated";
    case VB_MATCH_SPLIT: return "split";
    case VB_MATCH_MERGED: return "merged";
    case VB_MATCH_UNQUOTED: return "unquoted";
  }
  return "unknown";
}

vb_matcher *vb_matcher_new(const vb_allocator *alloc, const vb_match_options *opt) {
  vb_allocator a = vb_alloc_resolve(alloc);
  vb_matcher *m = vb_mem_calloc(&a, 1, sizeof *m);
  if (!m) return NULL;
  m->alloc = a;
  m->opt = opt ? *opt : vb_match_options_default();
  if (m->opt.min_words < 2) m->opt.min_words = 2;
  vb_qindex_options qo = vb_qindex_options_default();
  qo.shingle_words = m->opt.shingle_words ? m->opt.shingle_words : 4;
  qo.min_words = qo.shingle_words < 3 ? qo.shingle_words : 3;
  vb_buf_init(&m->strings, &m->alloc);
  vb_buf_init(&m->name_a, &m->alloc);
  vb_buf_init(&m->name_b, &m->alloc);
  m->seg = vb_segmenter_new(&m->alloc);
  m->qx = vb_quote_extractor_new(&m->alloc);
  m->ix = vb_qindex_new(&m->alloc, &qo);
  m->scan = vb_qscan_new(&m->alloc);
  m->al = vb_qalign_new(&m->alloc);
  if (!m->seg || !m->qx || !m->ix || !m->scan || !m->al) {
    vb_matcher_free(m);
    return NULL;
  }
  return m;
}

void vb_matcher_free(vb_matcher *m) {
  if (!m) return;
  const vb_allocator *a = &m->alloc;
  vb_segmenter_free(m->seg);
  vb_quote_extractor_free(m->qx);
  vb_qindex_free(m->ix);
  vb_qscan_free(m->scan);
  vb_qalign_free(m->al);
  vb_buf_release(&m->strings);
  vb_buf_release(&m->name_a);
  vb_buf_release(&m->name_b);
  vb_normalizer_free(m->names);
  void *arrays[] = {m->docs,   m->quotes,  m->qextra,     m->ix_first,   m->wspans,
                    m->matches, m->edits,  m->words,      m->hashes,     m->parent,
                    m->cl_members, m->cl_offsets, m->cl_best, m->spans};
  for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) vb_mem_free(a, arrays[i]);
  vb_allocator copy = *a;
  vb_mem_free(&copy, m);
}

static vb_status broken_error(vb_error *err) {
  return vb_fail(err, VB_ERR_STATE, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                 "the matcher failed earlier (out of memory) and cannot go on; free it");
}

static vb_status nomem(vb_error *err, const char *what) {
  return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET, "out of memory %s", what);
}

#define RESERVE(m, arr, cap, need) \
  vb_array_reserve(&(m)->alloc, (void **)&(arr), &(cap), (need), sizeof *(arr))

/* Append bytes to the string pool; returns the offset, or SIZE_MAX when out
 * of memory. */
static size_t pool(vb_matcher *m, const char *s, size_t n) {
  size_t off = m->strings.len;
  vb_buf_append(&m->strings, s, n);
  if (m->strings.failed) {
    m->strings.failed = false;
    m->strings.len = off;
    return SIZE_MAX;
  }
  return off;
}

/* Segment `text` and keep its words (letters or digits) in m->words. Only
 * tokens are needed here (the quote extractor segments for itself), so the
 * segmenter skips sentences, paragraphs and boilerplate and takes its ASCII
 * fast path. */
static vb_status load_words(vb_matcher *m, const char *text, size_t len, vb_error *err) {
  vb_status st = vb_segmenter_run(m->seg, text, len, VB_SEGMENT_TOKENS_ONLY, err);
  if (st != VB_OK) return st;
  size_t nt;
  const vb_token *t = vb_segmenter_tokens(m->seg, &nt);
  m->nwords = 0;
  if (!RESERVE(m, m->words, m->words_cap, nt + 1) || !RESERVE(m, m->hashes, m->hashes_cap, nt + 1))
    return nomem(err, "segmenting a document");
  for (size_t i = 0; i < nt; i++) {
    if (t[i].kind != VB_TOKEN_WORD && t[i].kind != VB_TOKEN_NUMBER) continue;
    word *w = &m->words[m->nwords];
    w->hash = t[i].hash;
    w->start = (uint32_t)t[i].start;
    w->end = (uint32_t)t[i].end;
    m->hashes[m->nwords++] = t[i].hash;
  }
  return VB_OK;
}

/* First word whose start is >= pos. */
static size_t word_at(const word *w, size_t n, size_t pos) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (w[mid].start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* Words inside [start, end): [*from, *to). */
static void words_in(const word *w, size_t n, size_t start, size_t end, size_t *from, size_t *to) {
  size_t f = word_at(w, n, start), t = f;
  while (t < n && w[t].end <= end) t++;
  *from = f;
  *to = t;
}

vb_status vb_matcher_put_quote(vb_matcher *m, uint32_t doc, size_t start, size_t end,
                               uint32_t kind, uint32_t group, const char *text,
                               const char *speaker, size_t speaker_len, const uint64_t *hashes,
                               const uint32_t *spans, size_t nw, vb_error *err) {
  if (!RESERVE(m, m->quotes, m->quotes_cap, m->nquotes + 1) ||
      !RESERVE(m, m->qextra, m->qextra_cap, m->nquotes + 1) ||
      !RESERVE(m, m->wspans, m->wspans_cap, m->nwspans + nw))
    return nomem(err, "adding a quote");
  vb_match_quote *mq = &m->quotes[m->nquotes];
  mquote_extra *x = &m->qextra[m->nquotes];
  mq->doc = doc;
  mq->start = start;
  mq->end = end;
  mq->words = (uint32_t)nw;
  mq->kind = kind;
  mq->cluster = UINT32_MAX;
  mq->text_len = end - start;
  mq->text_off = pool(m, text, end - start);
  mq->speaker_len = speaker_len;
  mq->speaker_off = speaker_len ? pool(m, speaker, speaker_len) : 0;
  if (mq->text_off == SIZE_MAX || mq->speaker_off == SIZE_MAX) return nomem(err, "adding a quote");
  x->first_word = (uint32_t)m->nwspans;
  x->group = group;
  x->ix_id = UINT32_MAX;
  x->next_same = UINT32_MAX;
  for (size_t k = 0; k < nw; k++) {
    m->wspans[m->nwspans].start = spans[2 * k];
    m->wspans[m->nwspans].end = spans[2 * k + 1];
    m->nwspans++;
  }
  m->nquotes++;
  /* Every quote with a word goes in: fragments of three or more words get
   * postings; shorter ones are found only quote to quote (see the end of
   * scan_words). */
  if (nw == 0) return VB_OK;
  uint32_t ix_id;
  bool dup;
  vb_status st = vb_qindex_add(m->ix, hashes, nw, &ix_id, &dup, err);
  if (st != VB_OK) return st;
  if (!RESERVE(m, m->ix_first, m->ix_first_cap, (size_t)ix_id + 1))
    return nomem(err, "adding a quote");
  uint32_t qid = (uint32_t)(m->nquotes - 1);
  x->ix_id = ix_id;
  if (dup) {
    /* Chain identical quotes: one index entry, every copy reported. */
    uint32_t head = m->ix_first[ix_id];
    x->next_same = m->qextra[head].next_same;
    m->qextra[head].next_same = qid;
  } else {
    m->ix_first[ix_id] = qid;
  }
  return VB_OK;
}

vb_status vb_matcher_add(vb_matcher *m, const char *id, size_t id_len, const char *text,
                         size_t text_len, vb_error *err) {
  if (!m || !id || id_len == 0 || (!text && text_len))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "a document needs an id and a text");
  if (text_len > UINT32_MAX)
    return vb_fail(err, VB_ERR_LIMIT, VB_NO_RECORD, "text", VB_NO_OFFSET,
                   "a document is limited to 4 GiB");
  if (m->broken) return broken_error(err);
  vb_status st = load_words(m, text, text_len, err);
  if (st != VB_OK) return st;
  st = vb_quote_extractor_run(m->qx, text, text_len, NULL, 0, VB_QUOTE_HEURISTIC_BOILERPLATE, err);
  if (st != VB_OK) return st;
  size_t nq, names_len;
  const vb_quote *q = vb_quote_extractor_quotes(m->qx, &nq);
  const char *names = vb_quote_extractor_names(m->qx, &names_len);
  if (!RESERVE(m, m->docs, m->docs_cap, m->ndocs + 1)) return nomem(err, "adding a document");
  size_t strings_mark = m->strings.len, quotes_mark = m->nquotes, wspans_mark = m->nwspans;
  size_t id_off = pool(m, id, id_len);
  if (id_off == SIZE_MAX) return nomem(err, "adding a document");
  uint32_t doc = (uint32_t)m->ndocs;
  for (size_t i = 0; i < nq; i++) {
    size_t wf, wt;
    words_in(m->words, m->nwords, q[i].start, q[i].end, &wf, &wt);
    if (!RESERVE(m, m->spans, m->spans_cap, 2 * (wt - wf) + 2)) {
      st = nomem(err, "adding a document");
      goto fail;
    }
    for (size_t k = wf; k < wt; k++) {
      m->spans[2 * (k - wf)] = m->words[k].start;
      m->spans[2 * (k - wf) + 1] = m->words[k].end;
    }
    st = vb_matcher_put_quote(m, doc, q[i].start, q[i].end, (uint32_t)q[i].kind, q[i].group,
                              text + q[i].start,
                              q[i].speaker_len ? names + q[i].speaker_offset : NULL,
                              q[i].speaker_len, m->hashes ? m->hashes + wf : NULL, m->spans,
                              wt - wf, err);
    if (st != VB_OK) goto fail;
  }
  st = vb_qindex_build(m->ix, err);
  if (st != VB_OK) goto fail;
  m->docs[doc].id_off = id_off;
  m->docs[doc].id_len = id_len;
  m->docs[doc].first_quote = (uint32_t)quotes_mark;
  m->docs[doc].nquotes = (uint32_t)(m->nquotes - quotes_mark);
  m->ndocs++;
  return VB_OK;
fail:
  /* The index may hold postings of the quotes just dropped. */
  m->broken = true;
  m->strings.len = strings_mark;
  m->nquotes = quotes_mark;
  m->nwspans = wspans_mark;
  return st;
}

/* ---- scanning ---- */

/* Fold a speaker name for comparison into `out`: the normalizer's matching
 * set with confusable folding, so case, NFKC variants and Cyrillic or Greek
 * look-alike letters inside a Latin name ("Rеll") do not make two people of
 * one. A garbled spelling ("Brozek" for "Brezak") stays a different name on
 * purpose: the same words under another name is what a speaker conflict is
 * for. Returns false when the name cannot be folded (out of memory). */
static bool fold_name(vb_matcher *m, const char *s, size_t n, vb_buf *out) {
  out->len = 0;
  if (!m->names) {
    m->names = vb_normalizer_new(&m->alloc, VB_NORM_DEFAULT | VB_NORM_CONFUSABLES, NULL);
    if (!m->names) return false;
  }
  if (vb_normalizer_run(m->names, s, n, NULL) != VB_OK) return false;
  size_t len;
  const char *f = vb_normalizer_output(m->names, &len);
  vb_buf_append(out, f, len);
  return !out->failed;
}

static bool same_person(vb_matcher *m, const char *a0, size_t na0, const char *b0, size_t nb0) {
  if (!fold_name(m, a0, na0, &m->name_a) || !fold_name(m, b0, nb0, &m->name_b)) {
    m->name_a.failed = m->name_b.failed = false;
    return na0 == nb0 && memcmp(a0, b0, na0) == 0;
  }
  const char *a = (const char *)m->name_a.data, *b = (const char *)m->name_b.data;
  size_t na = m->name_a.len, nb = m->name_b.len;
  if (na == nb && (na == 0 || memcmp(a, b, na) == 0)) return true;
  /* "Ilse Varga" and "Varga": the shorter is the other's last word(s). */
  const char *l = na > nb ? a : b, *sh = na > nb ? b : a;
  size_t nl = na > nb ? na : nb, ns = na > nb ? nb : na;
  return ns > 0 && ns < nl && l[nl - ns - 1] == ' ' && memcmp(l + nl - ns, sh, ns) == 0;
}

typedef struct scan_ctx {
  uint32_t doc;
  const char *text;
  size_t bq_first, bq_count;  /* b's quotes in m->quotes */
  size_t *bq_from, *bq_to;    /* their word ranges in m->words */
} scan_ctx;

static vb_status push_match(vb_matcher *m, const scan_ctx *c, uint32_t qa, size_t a_from,
                            size_t a_to, size_t b_from, size_t b_to, uint32_t bq,
                            vb_match_kind kind, double sim, const vb_wedit *ed, size_t ned,
                            vb_error *err) {
  if (!RESERVE(m, m->matches, m->matches_cap, m->nmatches + 1)) return nomem(err, "recording a match");
  const vb_match_quote *A = &m->quotes[qa];
  const wspan *aw = m->wspans + m->qextra[qa].first_word;
  vb_match *r = &m->matches[m->nmatches];
  memset(r, 0, sizeof *r);
  r->a.doc = A->doc;
  r->a.quote = qa;
  /* The a side is the whole quote unless only part of it was found. */
  bool whole_a = a_from == 0 && a_to == A->words;
  r->a.start = whole_a ? A->start : aw[a_from].start;
  r->a.end = whole_a ? A->end : aw[a_to - 1].end;
  r->a.text_off = A->text_off + (r->a.start - A->start);
  r->a.text_len = r->a.end - r->a.start;
  r->a.speaker_off = A->speaker_off;
  r->a.speaker_len = A->speaker_len;
  r->b.doc = c->doc;
  r->b.quote = bq;
  if (bq != VB_MATCH_NO_QUOTE && kind != VB_MATCH_SPLIT && kind != VB_MATCH_UNQUOTED &&
      b_from <= c->bq_from[bq - c->bq_first] && b_to >= c->bq_to[bq - c->bq_first]) {
    r->b.start = m->quotes[bq].start;
    r->b.end = m->quotes[bq].end;
  } else {
    r->b.start = m->words[b_from].start;
    r->b.end = m->words[b_to - 1].end;
  }
  r->b.text_off = pool(m, c->text + r->b.start, r->b.end - r->b.start);
  if (r->b.text_off == SIZE_MAX) return nomem(err, "recording a match");
  r->b.text_len = r->b.end - r->b.start;
  if (bq != VB_MATCH_NO_QUOTE) {
    r->b.speaker_off = m->quotes[bq].speaker_off;
    r->b.speaker_len = m->quotes[bq].speaker_len;
  }
  r->kind = kind;
  r->similarity = sim;
  r->cluster = UINT32_MAX;
  const char *S = (const char *)m->strings.data;
  r->speaker_conflict = r->a.speaker_len && r->b.speaker_len &&
                        !same_person(m, S + r->a.speaker_off, r->a.speaker_len,
                                     S + r->b.speaker_off, r->b.speaker_len);
  r->first_edit = (uint32_t)m->nedits;
  for (size_t i = 0; i < ned; i++) {
    if (ed[i].op == VB_WEDIT_EQUAL) continue;
    if (!RESERVE(m, m->edits, m->edits_cap, m->nedits + 1)) return nomem(err, "recording a match");
    vb_match_edit *e = &m->edits[m->nedits];
    e->op = ed[i].op;
    e->a_off = e->b_off = 0;
    e->a_len = e->b_len = 0;
    /* An empty side sits where the other side's words would be. */
    size_t aat = ed[i].a_from < A->words ? aw[ed[i].a_from].start : A->end;
    size_t bat = ed[i].b_from < m->nwords ? m->words[ed[i].b_from].start
                                          : (m->nwords ? m->words[m->nwords - 1].end : 0);
    e->a_start = e->a_end = aat;
    e->b_start = e->b_end = bat;
    if (ed[i].a_to > ed[i].a_from) {
      size_t s = aw[ed[i].a_from].start, t = aw[ed[i].a_to - 1].end;
      e->a_off = A->text_off + (s - A->start);
      e->a_len = t - s;
      e->a_start = s;
      e->a_end = t;
    }
    if (ed[i].b_to > ed[i].b_from) {
      size_t s = m->words[ed[i].b_from].start, t = m->words[ed[i].b_to - 1].end;
      e->b_off = pool(m, c->text + s, t - s);
      if (e->b_off == SIZE_MAX) return nomem(err, "recording a match");
      e->b_len = t - s;
      e->b_start = s;
      e->b_end = t;
    }
    m->nedits++;
  }
  r->edit_count = (uint32_t)(m->nedits - r->first_edit);
  m->nmatches++;
  return VB_OK;
}

/* Classify one verified occurrence of quote qa in document c->doc and record
 * it. Alignment indices are relative to the quote (a) and to m->words (b). */
static vb_status classify(vb_matcher *m, const scan_ctx *c, uint32_t qa, const vb_walign *al,
                          const vb_wedit *ed, size_t ned, vb_error *err) {
  const vb_match_quote *A = &m->quotes[qa];
  size_t bf = al->b_from, bt = al->b_to;
  /* b's quotes overlapping the region. */
  size_t hits[8], nh = 0;
  for (size_t i = 0; i < c->bq_count && nh < 8; i++)
    if (c->bq_from[i] < bt && c->bq_to[i] > bf) hits[nh++] = i;
  bool has_edits = al->sub + al->ins + al->del > 0;
  double sim = A->words ? (double)al->equal / A->words : 0;
  /* A few shared words are evidence only when they are most of the quote,
   * a long run, or all of a quote of b; "on the east bank" inside a long
   * quote is not a reuse of it. */
  bool substantial = 2 * al->equal >= A->words || al->equal >= LONG_RUN;
  for (size_t i = 0; i < nh && !substantial; i++) {
    size_t qw = c->bq_to[hits[i]] - c->bq_from[hits[i]];
    size_t of = c->bq_from[hits[i]] > bf ? c->bq_from[hits[i]] : bf;
    size_t ot = c->bq_to[hits[i]] < bt ? c->bq_to[hits[i]] : bt;
    if (qw && ot > of && 10 * (ot - of) >= 9 * qw) substantial = true;
  }
  if (!substantial) return VB_OK;
  if (A->kind == VB_QUOTE_FRAGMENT) {
    /* A fragment is a few words: only the whole of it counts, and in running
     * text only when it is long enough to be distinctive. */
    if (al->a_from != 0 || al->a_to != A->words) return VB_OK;
    if (nh == 0 && A->words < m->opt.min_words) return VB_OK;
  }
  if (nh == 0)
    return push_match(m, c, qa, al->a_from, al->a_to, bf, bt, VB_MATCH_NO_QUOTE,
                      VB_MATCH_UNQUOTED, sim, ed, ned, err);
  if (nh >= 2) {
    /* One quote of a told as two or more in b: a match per part, each with
     * the part of a it carries. */
    for (size_t h = 0; h < nh; h++) {
      size_t pf = c->bq_from[hits[h]] > bf ? c->bq_from[hits[h]] : bf;
      size_t pt = c->bq_to[hits[h]] < bt ? c->bq_to[hits[h]] : bt;
      size_t af = SIZE_MAX, at = 0;
      for (size_t i = 0; i < ned; i++) {
        if (ed[i].op != VB_WEDIT_EQUAL) continue;
        for (uint32_t k = 0; k < ed[i].b_to - ed[i].b_from; k++) {
          size_t bw = ed[i].b_from + k, aw = ed[i].a_from + k;
          if (bw >= pf && bw < pt) {
            if (aw < af) af = aw;
            if (aw + 1 > at) at = aw + 1;
          }
        }
      }
      if (af == SIZE_MAX) continue;
      vb_status st = push_match(m, c, qa, af, at, pf, pt, (uint32_t)(c->bq_first + hits[h]),
                                VB_MATCH_SPLIT, (double)(at - af) / A->words, NULL, 0, err);
      if (st != VB_OK) return st;
    }
    return VB_OK;
  }
  size_t h = hits[0];
  uint32_t bq = (uint32_t)(c->bq_first + h);
  const vb_match_quote *B = &m->quotes[bq];
  bool whole_a = al->a_from == 0 && al->a_to == A->words;
  bool whole_b = bf <= c->bq_from[h] && bt >= c->bq_to[h];
  vb_match_kind kind;
  if (has_edits) {
    kind = VB_MATCH_ALTERED;
  } else if (whole_a && whole_b && A->words == B->words) {
    const char *S = (const char *)m->strings.data;
    bool bytes_equal = A->text_len == B->text_len &&
                       memcmp(S + A->text_off, S + B->text_off, A->text_len) == 0;
    kind = bytes_equal ? VB_MATCH_EXACT : VB_MATCH_NORMALIZED;
  } else {
    kind = VB_MATCH_TRUNCATED;
  }
  /* The region may run past b's quote into its running text; the match is
   * about the quote, so clip to it. */
  if (bf < c->bq_from[h]) bf = c->bq_from[h];
  if (bt > c->bq_to[h]) bt = c->bq_to[h];
  return push_match(m, c, qa, al->a_from, al->a_to, bf, bt, bq, kind, sim, ed, ned, err);
}

/* Two quotes of one document found inside the same quote of b: merged. The
 * parts of one split quotation count too: b joined what a had split. */
/* A match of a quote, keyed for mark_merged. */
typedef struct mm_item {
  uint32_t bq, adoc, aq, idx;
  size_t bs, be;
} mm_item;

static int mm_by_group(const void *a, const void *b) {
  const mm_item *x = a, *y = b;
  if (x->bq != y->bq) return x->bq < y->bq ? -1 : 1;
  if (x->adoc != y->adoc) return x->adoc < y->adoc ? -1 : 1;
  return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int mm_by_end(const void *a, const void *b) {
  const mm_item *x = a, *y = b;
  if (x->be != y->be) return x->be < y->be ? -1 : 1;
  return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int mm_by_start_desc(const void *a, const void *b) {
  const mm_item *x = a, *y = b;
  if (x->bs != y->bs) return x->bs > y->bs ? -1 : 1;
  return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Over a list sorted so that the items that qualify form a prefix, note for
 * each prefix length p the first a-quote (q1[p]) and the first one that
 * differs from it (q2[p], UINT32_MAX when none). */
static void mm_firsts(const mm_item *v, size_t n, uint32_t *q1, uint32_t *q2) {
  q1[0] = q2[0] = UINT32_MAX;
  for (size_t p = 0; p < n; p++) {
    q1[p + 1] = p == 0 ? v[0].aq : q1[p];
    q2[p + 1] = q2[p] != UINT32_MAX || p == 0 || v[p].aq == q1[p] ? q2[p] : v[p].aq;
  }
}

/* True when the first p items hold an a-quote other than aq. */
static bool mm_other(const uint32_t *q1, const uint32_t *q2, size_t p, uint32_t aq) {
  return p > 0 && (q1[p] != aq || q2[p] != UINT32_MAX);
}

/* Mark as merged the matches from `first` on where parts of one quote of b
 * are several quotes of one document a: two matches with the same b quote
 * and a document, different a quotes, and b spans that do not overlap (a
 * pull quote and its full form cover the same words of b: not a merge).
 * Grouped and sorted, so a document repeating one quote many times stays
 * O(n log n): a match is merged when some match of its group with another a
 * quote ends before it starts or starts after it ends. Falls back to
 * comparing every pair when out of memory. */
static void mark_merged_pairs(vb_matcher *m, size_t first);

static void mark_merged(vb_matcher *m, size_t first) {
  size_t n = 0;
  for (size_t i = first; i < m->nmatches; i++) {
    const vb_match *x = &m->matches[i];
    n += x->b.quote != VB_MATCH_NO_QUOTE && x->kind != VB_MATCH_SPLIT;
  }
  if (n < 2) return;
  mm_item *g = vb_mem_alloc(&m->alloc, 3 * n * sizeof *g);
  uint32_t *q = vb_mem_alloc(&m->alloc, 4 * (n + 1) * sizeof *q);
  if (!g || !q) {
    vb_mem_free(&m->alloc, g);
    vb_mem_free(&m->alloc, q);
    mark_merged_pairs(m, first);
    return;
  }
  mm_item *ends = g + n, *starts = g + 2 * n;
  size_t k = 0;
  for (size_t i = first; i < m->nmatches; i++) {
    const vb_match *x = &m->matches[i];
    if (x->b.quote == VB_MATCH_NO_QUOTE || x->kind == VB_MATCH_SPLIT) continue;
    g[k++] = (mm_item){x->b.quote, x->a.doc, x->a.quote, (uint32_t)i, x->b.start, x->b.end};
  }
  qsort(g, n, sizeof *g, mm_by_group);
  for (size_t a = 0; a < n;) {
    size_t b = a + 1;
    while (b < n && g[b].bq == g[a].bq && g[b].adoc == g[a].adoc) b++;
    size_t gn = b - a;
    if (gn > 1) {
      memcpy(ends, g + a, gn * sizeof *g);
      memcpy(starts, g + a, gn * sizeof *g);
      qsort(ends, gn, sizeof *g, mm_by_end);
      qsort(starts, gn, sizeof *g, mm_by_start_desc);
      uint32_t *e1 = q, *e2 = q + (n + 1), *s1 = q + 2 * (n + 1), *s2 = q + 3 * (n + 1);
      mm_firsts(ends, gn, e1, e2);
      mm_firsts(starts, gn, s1, s2);
      for (size_t i = a; i < b; i++) {
        /* Matches ending at or before this one's start: a prefix of ends. */
        size_t lo = 0, hi = gn;
        while (lo < hi) {
          size_t mid = (lo + hi) / 2;
          if (ends[mid].be <= g[i].bs) lo = mid + 1;
          else hi = mid;
        }
        bool merged = mm_other(e1, e2, lo, g[i].aq);
        /* Matches starting at or after its end: a prefix of starts. */
        lo = 0, hi = gn;
        while (lo < hi) {
          size_t mid = (lo + hi) / 2;
          if (starts[mid].bs >= g[i].be) lo = mid + 1;
          else hi = mid;
        }
        merged = merged || mm_other(s1, s2, lo, g[i].aq);
        if (merged) m->matches[g[i].idx].kind = VB_MATCH_MERGED;
      }
    }
    a = b;
  }
  vb_mem_free(&m->alloc, g);
  vb_mem_free(&m->alloc, q);
}

static void mark_merged_pairs(vb_matcher *m, size_t first) {
  for (size_t i = first; i < m->nmatches; i++) {
    vb_match *x = &m->matches[i];
    if (x->b.quote == VB_MATCH_NO_QUOTE || x->kind == VB_MATCH_SPLIT) continue;
    for (size_t j = i + 1; j < m->nmatches; j++) {
      vb_match *y = &m->matches[j];
      if (y->b.quote != x->b.quote || y->a.doc != x->a.doc || y->a.quote == x->a.quote) continue;
      if (y->kind == VB_MATCH_SPLIT) continue;
      /* Joined parts sit side by side in b; two quotes of a that cover the
       * same words of b (a pull quote and its full form) are not a merge. */
      if (x->b.start < y->b.end && y->b.start < x->b.end) continue;
      x->kind = VB_MATCH_MERGED;
      y->kind = VB_MATCH_MERGED;
    }
  }
}

static vb_status scan_words(vb_matcher *m, uint32_t doc, const char *text, bool both_ways,
                            vb_error *err) {
  scan_ctx c;
  c.doc = doc;
  c.text = text;
  c.bq_first = doc < m->ndocs ? m->docs[doc].first_quote : m->nquotes;
  c.bq_count = doc < m->ndocs ? m->docs[doc].nquotes : 0;
  size_t *ranges = NULL;
  if (c.bq_count) {
    ranges = vb_mem_alloc(&m->alloc, 2 * c.bq_count * sizeof *ranges);
    if (!ranges) return nomem(err, "scanning a document");
  }
  c.bq_from = ranges;
  c.bq_to = ranges ? ranges + c.bq_count : NULL;
  for (size_t i = 0; i < c.bq_count; i++)
    words_in(m->words, m->nwords, m->quotes[c.bq_first + i].start,
             m->quotes[c.bq_first + i].end, &c.bq_from[i], &c.bq_to[i]);
  const vb_qcand *cands;
  size_t ncands;
  size_t first_match = m->nmatches;
  vb_status st = vb_qindex_scan(m->ix, m->scan, m->hashes, m->nwords, WINDOW_SLACK, &cands,
                                &ncands, NULL, err);
  for (size_t ci = 0; st == VB_OK && ci < ncands; ci++) {
    const vb_qcand *cd = &cands[ci];
    if (cd->quote >= m->ix_first_cap) continue;
    uint32_t head = m->ix_first[cd->quote];
    if (head >= m->nquotes) continue; /* left by a failed add */
    /* Skip when every copy of these words is in this document. */
    bool other = false;
    for (uint32_t q = head; q != UINT32_MAX; q = m->qextra[q].next_same)
      if (m->quotes[q].doc != doc) other = true;
    if (!other) continue;
    uint32_t qw = m->quotes[head].words;
    int64_t lo = cd->lo - WINDOW_SLACK, hi = cd->hi + (int64_t)qw + WINDOW_SLACK;
    size_t wf = lo < 0 ? 0 : (size_t)lo;
    size_t wt = hi > (int64_t)m->nwords ? m->nwords : (size_t)hi;
    vb_walign al;
    const vb_wedit *ed;
    size_t ned;
    st = vb_qalign_run(m->al, vb_qindex_quote_hashes(m->ix, cd->quote), qw, m->hashes + wf, wt - wf,
                       ALIGN_CELLS, &al, &ed, &ned, err);
    if (st == VB_ERR_LIMIT) { /* a pathological quote: skip it, keep scanning */
      st = VB_OK;
      continue;
    }
    if (st != VB_OK) break;
    size_t aligned = al.equal + al.sub + al.ins + al.del;
    if (al.equal < m->opt.min_words && al.equal < qw) continue;
    if (aligned == 0 || (double)al.equal / (double)aligned < m->opt.min_similarity) continue;
    /* Shift b's indices from the window to the document. */
    al.b_from += (uint32_t)wf;
    al.b_to += (uint32_t)wf;
    vb_wedit *edm = (vb_wedit *)ed; /* the aligner's own buffer, reused next run */
    for (size_t i = 0; i < ned; i++) {
      edm[i].b_from += (uint32_t)wf;
      edm[i].b_to += (uint32_t)wf;
    }
    for (uint32_t q = head; st == VB_OK && q != UINT32_MAX; q = m->qextra[q].next_same) {
      if (m->quotes[q].doc == doc) continue;
      /* Quote-to-quote links are reported once, from the earlier document;
       * a streaming check only knows earlier documents anyway. */
      if (both_ways && m->quotes[q].doc > doc) {
        size_t h;
        bool inside_quote = false;
        for (h = 0; h < c.bq_count; h++)
          if (c.bq_from[h] < al.b_to && c.bq_to[h] > al.b_from) inside_quote = true;
        if (inside_quote) continue;
      }
      st = classify(m, &c, q, &al, ed, ned, err);
    }
  }
  /* Quotes too short for a shingle are matched whole, quote to quote. */
  for (size_t h = 0; st == VB_OK && h < c.bq_count; h++) {
    size_t nw = c.bq_to[h] - c.bq_from[h];
    if (nw == 0 || nw >= 3) continue;
    uint32_t id = vb_qindex_find(m->ix, m->hashes + c.bq_from[h], nw);
    if (id == UINT32_MAX || id >= m->ix_first_cap) continue;
    vb_walign al = {0, (uint32_t)nw, (uint32_t)c.bq_from[h], (uint32_t)c.bq_to[h], (uint32_t)nw, 0, 0, 0, 0};
    vb_wedit eq = {VB_WEDIT_EQUAL, 0, (uint32_t)nw, (uint32_t)c.bq_from[h], (uint32_t)c.bq_to[h]};
    for (uint32_t q = m->ix_first[id]; st == VB_OK && q != UINT32_MAX; q = m->qextra[q].next_same) {
      if (q >= m->nquotes || m->quotes[q].doc == doc) continue;
      if (both_ways && m->quotes[q].doc > doc) continue;
      st = classify(m, &c, q, &al, &eq, 1, err);
    }
  }
  if (st == VB_OK) mark_merged(m, first_match);
  vb_mem_free(&m->alloc, ranges);
  return st;
}

vb_status vb_matcher_scan(vb_matcher *m, uint32_t doc, const char *text, size_t text_len,
                          vb_error *err) {
  if (!m || (!text && text_len))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  if (m->broken) return broken_error(err);
  if (doc >= m->ndocs)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "document %u was never added", (unsigned)doc);
  vb_status st = load_words(m, text, text_len, err);
  if (st != VB_OK) return st;
  return scan_words(m, doc, text, true, err);
}

vb_status vb_matcher_check(vb_matcher *m, const char *id, size_t id_len, const char *text,
                           size_t text_len, size_t *first_match, vb_error *err) {
  if (!m) return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL matcher");
  size_t before = m->nmatches;
  vb_status st = vb_matcher_add(m, id, id_len, text, text_len, err);
  if (st != VB_OK) return st;
  /* Its own quotes are in the index now but are skipped as same-document. */
  st = load_words(m, text, text_len, err);
  if (st == VB_OK) st = scan_words(m, (uint32_t)(m->ndocs - 1), text, false, err);
  if (first_match) *first_match = before;
  return st;
}

/* ---- clusters ---- */

static uint32_t find(uint32_t *p, uint32_t x) {
  while (p[x] != x) {
    p[x] = p[p[x]];
    x = p[x];
  }
  return x;
}

vb_status vb_matcher_finish(vb_matcher *m, vb_error *err) {
  if (!m) return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL matcher");
  size_t n = m->nquotes;
  if (!RESERVE(m, m->parent, m->parent_cap, n + 1) ||
      !RESERVE(m, m->cl_members, m->cl_members_cap, n + 1) ||
      !RESERVE(m, m->cl_offsets, m->cl_offsets_cap, n + 2) ||
      !RESERVE(m, m->cl_best, m->cl_best_cap, n + 1))
    return nomem(err, "clustering quotes");
  uint32_t *p = m->parent;
  for (size_t i = 0; i < n; i++) p[i] = (uint32_t)i;
  uint32_t *linked = m->cl_best; /* scratch: 1 when a quote has a match */
  memset(linked, 0, n * sizeof *linked);
  for (size_t i = 0; i < m->nmatches; i++) {
    const vb_match *x = &m->matches[i];
    linked[x->a.quote] = 1;
    if (x->b.quote == VB_MATCH_NO_QUOTE) continue;
    linked[x->b.quote] = 1;
    uint32_t ra = find(p, x->a.quote), rb = find(p, x->b.quote);
    if (ra != rb) p[ra > rb ? ra : rb] = ra < rb ? ra : rb;
  }
  /* Number clusters by their first quote, so ids follow document order. */
  uint32_t *id_of_root = m->cl_members; /* scratch, rebuilt below */
  for (size_t i = 0; i < n; i++) id_of_root[i] = UINT32_MAX;
  uint32_t nc = 0;
  for (size_t i = 0; i < n; i++) {
    m->quotes[i].cluster = UINT32_MAX;
    if (!linked[i]) continue;
    uint32_t r = find(p, (uint32_t)i);
    if (id_of_root[r] == UINT32_MAX) id_of_root[r] = nc++;
    m->quotes[i].cluster = id_of_root[r];
  }
  /* Counting sort of members by cluster. */
  memset(m->cl_offsets, 0, (nc + 2) * sizeof *m->cl_offsets);
  for (size_t i = 0; i < n; i++)
    if (m->quotes[i].cluster != UINT32_MAX) m->cl_offsets[m->quotes[i].cluster + 1]++;
  for (uint32_t c = 0; c < nc; c++) m->cl_offsets[c + 1] += m->cl_offsets[c];
  for (uint32_t c = 0; c < nc; c++) m->cl_best[c] = UINT32_MAX;
  uint32_t *fillpos = m->parent; /* parents are no longer needed */
  for (uint32_t c = 0; c <= nc; c++) fillpos[c] = m->cl_offsets[c];
  for (size_t i = 0; i < n; i++) {
    uint32_t c = m->quotes[i].cluster;
    if (c == UINT32_MAX) continue;
    m->cl_members[fillpos[c]++] = (uint32_t)i;
    uint32_t b = m->cl_best[c];
    if (b == UINT32_MAX || m->quotes[i].words > m->quotes[b].words) m->cl_best[c] = (uint32_t)i;
  }
  m->nclusters = nc;
  for (size_t i = 0; i < m->nmatches; i++)
    m->matches[i].cluster = m->quotes[m->matches[i].a.quote].cluster;
  return VB_OK;
}

/* ---- accessors ---- */

const vb_match *vb_matcher_matches(const vb_matcher *m, size_t *count) {
  *count = m ? m->nmatches : 0;
  return m ? m->matches : NULL;
}
const vb_match_edit *vb_matcher_edits(const vb_matcher *m, size_t *count) {
  *count = m ? m->nedits : 0;
  return m ? m->edits : NULL;
}
const vb_match_quote *vb_matcher_quotes(const vb_matcher *m, size_t *count) {
  *count = m ? m->nquotes : 0;
  return m ? m->quotes : NULL;
}
const char *vb_matcher_strings(const vb_matcher *m, size_t *len) {
  if (len) *len = m ? m->strings.len : 0;
  return m ? (const char *)m->strings.data : NULL;
}
uint32_t vb_matcher_doc_count(const vb_matcher *m) { return m ? (uint32_t)m->ndocs : 0; }
const char *vb_matcher_doc_id(const vb_matcher *m, uint32_t doc, size_t *len) {
  if (!m || doc >= m->ndocs) {
    if (len) *len = 0;
    return NULL;
  }
  if (len) *len = m->docs[doc].id_len;
  return (const char *)m->strings.data + m->docs[doc].id_off;
}
uint32_t vb_matcher_cluster_count(const vb_matcher *m) { return m ? m->nclusters : 0; }
const uint32_t *vb_matcher_cluster_members(const vb_matcher *m, uint32_t c, size_t *count) {
  if (!m || c >= m->nclusters) {
    *count = 0;
    return NULL;
  }
  *count = m->cl_offsets[c + 1] - m->cl_offsets[c];
  return m->cl_members + m->cl_offsets[c];
}
uint32_t vb_matcher_cluster_best(const vb_matcher *m, uint32_t c) {
  return m && c < m->nclusters ? m->cl_best[c] : UINT32_MAX;
}

/* ---- records ---- */

static void put_side(const vb_matcher *m, vb_buf *b, uint32_t doc, size_t start, size_t end,
                     size_t text_off, size_t text_len, size_t sp_off, size_t sp_len) {
  const char *S = (const char *)m->strings.data;
  vb_cbor_put_map(b, 5);
  vb_cbor_put_cstr(b, "doc");
  vb_cbor_put_text(b, S + m->docs[doc].id_off, m->docs[doc].id_len);
  vb_cbor_put_cstr(b, "end");
  vb_cbor_put_uint(b, end);
  vb_cbor_put_cstr(b, "text");
  vb_cbor_put_text(b, S + text_off, text_len);
  vb_cbor_put_cstr(b, "start");
  vb_cbor_put_uint(b, start);
  vb_cbor_put_cstr(b, "speaker");
  if (sp_len) vb_cbor_put_text(b, S + sp_off, sp_len);
  else vb_cbor_put_null(b);
}

vb_status vb_matcher_write_matches(const vb_matcher *m, vb_writer *w, vb_error *err) {
  return vb_matcher_write_matches_from(m, w, 0, err);
}

vb_status vb_matcher_write_matches_from(const vb_matcher *m, vb_writer *w, size_t first,
                                        vb_error *err) {
  if (!m || !w) return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  if (first > m->nmatches)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "first match %zu is past the %zu matches", first, m->nmatches);
  static const char *const ops[] = {"equal", "sub", "ins", "del"};
  const char *S = (const char *)m->strings.data;
  for (size_t i = first; i < m->nmatches; i++) {
    const vb_match *x = &m->matches[i];
    vb_buf *b = vb_writer_buf(w);
    size_t mark = b->len;
    /* keys: a b kind type edits cluster similarity speaker_conflict */
    vb_cbor_put_map(b, 8);
    vb_cbor_put_cstr(b, "a");
    put_side(m, b, x->a.doc, x->a.start, x->a.end, x->a.text_off, x->a.text_len,
             x->a.speaker_off, x->a.speaker_len);
    vb_cbor_put_cstr(b, "b");
    put_side(m, b, x->b.doc, x->b.start, x->b.end, x->b.text_off, x->b.text_len,
             x->b.speaker_off, x->b.speaker_len);
    vb_cbor_put_cstr(b, "kind");
    vb_cbor_put_cstr(b, vb_match_kind_name(x->kind));
    vb_cbor_put_cstr(b, "type");
    vb_cbor_put_cstr(b, "match");
    vb_cbor_put_cstr(b, "edits");
    vb_cbor_put_array(b, x->edit_count);
    for (uint32_t k = 0; k < x->edit_count; k++) {
      const vb_match_edit *e = &m->edits[x->first_edit + k];
      /* keys: a b op a_end b_end a_start b_start */
      vb_cbor_put_map(b, 7);
      vb_cbor_put_cstr(b, "a");
      vb_cbor_put_text(b, S + e->a_off, e->a_len);
      vb_cbor_put_cstr(b, "b");
      vb_cbor_put_text(b, S + e->b_off, e->b_len);
      vb_cbor_put_cstr(b, "op");
      vb_cbor_put_cstr(b, ops[e->op & 3]);
      vb_cbor_put_cstr(b, "a_end");
      vb_cbor_put_uint(b, e->a_end);
      vb_cbor_put_cstr(b, "b_end");
      vb_cbor_put_uint(b, e->b_end);
      vb_cbor_put_cstr(b, "a_start");
      vb_cbor_put_uint(b, e->a_start);
      vb_cbor_put_cstr(b, "b_start");
      vb_cbor_put_uint(b, e->b_start);
    }
    vb_cbor_put_cstr(b, "cluster");
    if (x->cluster == UINT32_MAX) vb_cbor_put_null(b);
    else vb_cbor_put_uint(b, x->cluster);
    vb_cbor_put_cstr(b, "similarity");
    vb_cbor_put_float(b, (double)(int)(x->similarity * 1000 + 0.5) / 1000);
    vb_cbor_put_cstr(b, "speaker_conflict");
    vb_cbor_put_bool(b, x->speaker_conflict);
    vb_status st = vb_writer_commit(w, mark, err);
    if (st != VB_OK) return st;
  }
  return VB_OK;
}

vb_status vb_matcher_write_clusters(const vb_matcher *m, vb_writer *w, vb_error *err) {
  if (!m || !w) return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  for (uint32_t c = 0; c < m->nclusters; c++) {
    vb_buf *b = vb_writer_buf(w);
    size_t mark = b->len, n;
    const uint32_t *mem = vb_matcher_cluster_members(m, c, &n);
    const vb_match_quote *best = &m->quotes[m->cl_best[c]];
    /* keys: id best size type members */
    vb_cbor_put_map(b, 5);
    vb_cbor_put_cstr(b, "id");
    vb_cbor_put_uint(b, c);
    vb_cbor_put_cstr(b, "best");
    put_side(m, b, best->doc, best->start, best->end, best->text_off, best->text_len,
             best->speaker_off, best->speaker_len);
    vb_cbor_put_cstr(b, "size");
    vb_cbor_put_uint(b, n);
    vb_cbor_put_cstr(b, "type");
    vb_cbor_put_cstr(b, "cluster");
    vb_cbor_put_cstr(b, "members");
    vb_cbor_put_array(b, n);
    for (size_t i = 0; i < n; i++) {
      const vb_match_quote *q = &m->quotes[mem[i]];
      put_side(m, b, q->doc, q->start, q->end, q->text_off, q->text_len, q->speaker_off,
               q->speaker_len);
    }
    vb_status st = vb_writer_commit(w, mark, err);
    if (st != VB_OK) return st;
  }
  return VB_OK;
}
