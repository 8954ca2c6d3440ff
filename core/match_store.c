/* Saving and loading a matcher's quotes (the "matcher" record).
 *
 * The index itself is not written: it is rebuilt from the quotes' word
 * hashes on load, in O(n log n), so the saved form does not depend on the
 * table layout. Numbers inside byte strings are little-endian.
 */
#include <stdio.h>

#include "cbor_io.h"
#include "match_internal.h"

static void put_le(uint8_t *p, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; i--) v = v << 8 | p[i];
  return v;
}

vb_status vb_matcher_save(const vb_matcher *m, vb_writer *w, vb_error *err) {
  if (!m || !w) return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  vb_buf *b = vb_writer_buf(w);
  size_t mark = b->len;
  const char *S = (const char *)m->strings.data;
  /* keys: docs type format quotes */
  vb_cbor_put_map(b, 4);
  vb_cbor_put_cstr(b, "docs");
  vb_cbor_put_array(b, m->ndocs);
  for (size_t d = 0; d < m->ndocs; d++) vb_cbor_put_text(b, S + m->docs[d].id_off, m->docs[d].id_len);
  vb_cbor_put_cstr(b, "type");
  vb_cbor_put_cstr(b, "matcher");
  vb_cbor_put_cstr(b, "format");
  vb_cbor_put_uint(b, VB_MATCH_FORMAT_VERSION);
  vb_cbor_put_cstr(b, "quotes");
  vb_cbor_put_array(b, m->nquotes);
  for (size_t i = 0; i < m->nquotes; i++) {
    const vb_match_quote *q = &m->quotes[i];
    const mquote_extra *x = &m->qextra[i];
    /* keys: doc end kind text group start words speaker */
    vb_cbor_put_map(b, 8);
    vb_cbor_put_cstr(b, "doc");
    vb_cbor_put_uint(b, q->doc);
    vb_cbor_put_cstr(b, "end");
    vb_cbor_put_uint(b, q->end);
    vb_cbor_put_cstr(b, "kind");
    vb_cbor_put_uint(b, q->kind);
    vb_cbor_put_cstr(b, "text");
    vb_cbor_put_text(b, S + q->text_off, q->text_len);
    vb_cbor_put_cstr(b, "group");
    vb_cbor_put_uint(b, x->group);
    vb_cbor_put_cstr(b, "start");
    vb_cbor_put_uint(b, q->start);
    /* Each word: its hash (8 bytes) and its span relative to the quote's
     * start (4 + 4 bytes). */
    const uint64_t *h = x->ix_id != UINT32_MAX ? vb_qindex_quote_hashes(m->ix, x->ix_id) : NULL;
    size_t nw = h ? q->words : 0;
    vb_cbor_put_cstr(b, "words");
    vb_cbor_put_bytes_head(b, nw * 16);
    for (size_t k = 0; k < nw; k++) {
      uint8_t tmp[16];
      const wspan *ws = &m->wspans[x->first_word + k];
      put_le(tmp, h[k], 8);
      put_le(tmp + 8, ws->start - q->start, 4);
      put_le(tmp + 12, ws->end - q->start, 4);
      vb_buf_append(b, tmp, 16);
    }
    vb_cbor_put_cstr(b, "speaker");
    if (q->speaker_len) vb_cbor_put_text(b, S + q->speaker_off, q->speaker_len);
    else vb_cbor_put_null(b);
  }
  return vb_writer_commit(w, mark, err);
}

/* ---- loading ---- */

typedef struct loader {
  const uint8_t *p;
  size_t n;
  vb_error *err;
} loader;

static vb_status bad(loader *L, size_t at, const char *field, const char *what) {
  return vb_fail(L->err, VB_ERR_SCHEMA, 0, field, at, "matcher record: %s", what);
}

/* Read a head that must be of `kind` at *pos; advance past it. */
static bool expect(loader *L, size_t *pos, vb_ck kind, vb_chead *h) {
  if (*pos >= L->n || vb_cbor_head(L->p + *pos, L->n - *pos, h, NULL) != VB_OK) return false;
  if (h->kind != kind) return false;
  *pos += h->len;
  return true;
}

static bool key_is(const vb_chead *h, const char *k) {
  size_t n = strlen(k);
  return h->u == n && memcmp(h->str, k, n) == 0;
}

/* Position of the value of `key` in the map at `map_pos`, or 0. Keys are
 * looked up rather than read in order so any key order is accepted. */
static size_t find_key(loader *L, size_t map_pos, const char *key, vb_status *st) {
  vb_chead h;
  size_t pos = map_pos;
  if (!expect(L, &pos, VB_CK_MAP, &h)) {
    *st = bad(L, map_pos, NULL, "expected a definite-length map");
    return 0;
  }
  for (uint64_t i = 0; i < h.u; i++) {
    vb_chead k;
    if (!expect(L, &pos, VB_CK_TEXT, &k)) {
      *st = bad(L, pos, NULL, "map keys must be text");
      return 0;
    }
    if (key_is(&k, key)) return pos;
    pos += vb_cbor_item_len(L->p + pos, L->n - pos);
  }
  return 0;
}

static vb_status load_quote(vb_matcher *m, loader *L, size_t at, uint32_t min_doc) {
  vb_status st = VB_OK;
  static const char *const names[] = {"doc", "end", "kind", "text", "group", "start", "words", "speaker"};
  size_t pos[8];
  for (int i = 0; i < 8; i++) {
    pos[i] = find_key(L, at, names[i], &st);
    if (st != VB_OK) return st;
    if (!pos[i]) return bad(L, at, names[i], "a quote is missing a field");
  }
  vb_chead h[8];
  vb_ck want[8] = {VB_CK_UINT, VB_CK_UINT, VB_CK_UINT, VB_CK_TEXT,
                   VB_CK_UINT, VB_CK_UINT, VB_CK_BYTES, VB_CK_TEXT};
  for (int i = 0; i < 8; i++) {
    size_t p = pos[i];
    if (expect(L, &p, want[i], &h[i])) continue;
    if (i == 7) { /* speaker may be null */
      p = pos[i];
      if (expect(L, &p, VB_CK_NULL, &h[i])) {
        h[i].u = 0;
        h[i].str = NULL;
        continue;
      }
    }
    return bad(L, pos[i], names[i], "a quote field has the wrong type");
  }
  uint64_t doc = h[0].u, end = h[1].u, kind = h[2].u, group = h[4].u, start = h[5].u;
  if (doc >= m->ndocs || doc < min_doc) return bad(L, pos[0], "doc", "quote document out of order or range");
  if (start > end || end > UINT32_MAX || end - start != h[3].u)
    return bad(L, pos[5], "start", "quote span does not fit its text");
  if (kind > 1 || group > UINT32_MAX) return bad(L, pos[2], "kind", "unknown quote kind or group");
  if (h[6].u % 16) return bad(L, pos[6], "words", "word data is not whole 16-byte entries");
  size_t nw = (size_t)(h[6].u / 16);
  if (!vb_array_reserve(&m->alloc, (void **)&m->hashes, &m->hashes_cap, nw + 1, sizeof(uint64_t)) ||
      !vb_array_reserve(&m->alloc, (void **)&m->spans, &m->spans_cap, 2 * nw + 2, sizeof(uint32_t)))
    return vb_fail(L->err, VB_ERR_NOMEM, 0, NULL, VB_NO_OFFSET, "out of memory loading a matcher");
  uint32_t prev_end = 0;
  for (size_t k = 0; k < nw; k++) {
    const uint8_t *e = h[6].str + 16 * k;
    uint32_t rs = (uint32_t)get_le(e + 8, 4), re = (uint32_t)get_le(e + 12, 4);
    if (rs > re || re > end - start || rs < prev_end)
      return bad(L, pos[6], "words", "word spans are out of order or outside the quote");
    prev_end = re;
    m->hashes[k] = get_le(e, 8);
    m->spans[2 * k] = (uint32_t)start + rs;
    m->spans[2 * k + 1] = (uint32_t)start + re;
  }
  return vb_matcher_put_quote(m, (uint32_t)doc, (size_t)start, (size_t)end, (uint32_t)kind,
                              (uint32_t)group, (const char *)h[3].str, (const char *)h[7].str,
                              (size_t)h[7].u, m->hashes, m->spans, nw, L->err);
}

static vb_status load(vb_matcher *m, loader *L) {
  vb_status st = VB_OK;
  size_t p_type = find_key(L, 0, "type", &st);
  if (st != VB_OK) return st;
  vb_chead h;
  size_t p = p_type;
  if (!p_type || !expect(L, &p, VB_CK_TEXT, &h) || !key_is(&h, "matcher"))
    return bad(L, p_type, "type", "not a matcher record");
  size_t p_format = find_key(L, 0, "format", &st);
  p = p_format;
  if (!p_format || !expect(L, &p, VB_CK_UINT, &h))
    return bad(L, p_format, "format", "no format version");
  if (h.u != VB_MATCH_FORMAT_VERSION)
    return vb_fail(L->err, VB_ERR_VERSION, 0, "format", p_format,
                   "matcher saved in format %llu; this build reads format %d",
                   (unsigned long long)h.u, VB_MATCH_FORMAT_VERSION);
  size_t p_docs = find_key(L, 0, "docs", &st);
  p = p_docs;
  if (!p_docs || !expect(L, &p, VB_CK_ARRAY, &h)) return bad(L, p_docs, "docs", "no document list");
  uint64_t ndocs = h.u;
  if (!vb_array_reserve(&m->alloc, (void **)&m->docs, &m->docs_cap, (size_t)ndocs + 1, sizeof *m->docs))
    return vb_fail(L->err, VB_ERR_NOMEM, 0, NULL, VB_NO_OFFSET, "out of memory loading a matcher");
  for (uint64_t d = 0; d < ndocs; d++) {
    vb_chead id;
    size_t at = p;
    if (!expect(L, &p, VB_CK_TEXT, &id) || id.u == 0) return bad(L, at, "docs", "document ids must be non-empty text");
    size_t off = m->strings.len;
    vb_buf_append(&m->strings, id.str, (size_t)id.u);
    if (m->strings.failed)
      return vb_fail(L->err, VB_ERR_NOMEM, 0, NULL, VB_NO_OFFSET, "out of memory loading a matcher");
    m->docs[d].id_off = off;
    m->docs[d].id_len = (size_t)id.u;
    m->docs[d].first_quote = 0;
    m->docs[d].nquotes = 0;
    m->ndocs++;
  }
  size_t p_quotes = find_key(L, 0, "quotes", &st);
  p = p_quotes;
  if (!p_quotes || !expect(L, &p, VB_CK_ARRAY, &h)) return bad(L, p_quotes, "quotes", "no quote list");
  uint64_t nq = h.u;
  uint32_t min_doc = 0;
  for (uint64_t i = 0; i < nq; i++) {
    size_t at = p;
    st = load_quote(m, L, at, min_doc);
    if (st != VB_OK) return st;
    uint32_t d = m->quotes[m->nquotes - 1].doc;
    if (m->docs[d].nquotes == 0) m->docs[d].first_quote = (uint32_t)(m->nquotes - 1);
    m->docs[d].nquotes++;
    min_doc = d;
    p += vb_cbor_item_len(L->p + p, L->n - p);
  }
  /* Documents without quotes start where the next quotes would. */
  uint32_t next = (uint32_t)m->nquotes;
  for (size_t d = m->ndocs; d-- > 0;) {
    if (m->docs[d].nquotes) next = m->docs[d].first_quote;
    else m->docs[d].first_quote = next;
  }
  return vb_qindex_build(m->ix, L->err);
}

vb_status vb_matcher_load(vb_matcher *m, const void *data, size_t data_len, vb_error *err) {
  if (!m || (!data && data_len))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  if (m->ndocs || m->nquotes || m->broken)
    return vb_fail(err, VB_ERR_STATE, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "a matcher can only be loaded while it is empty");
  vb_limits lim = vb_limits_whole_item();
  size_t len = 0;
  vb_status st = vb_cbor_check(data, data_len, &lim, true, &len, err);
  if (st != VB_OK) return st;
  if (len != data_len)
    return vb_fail(err, VB_ERR_CBOR, 0, NULL, len, "bytes follow the matcher record");
  loader L = {data, data_len, err};
  st = load(m, &L);
  if (st != VB_OK) {
    /* Leave it empty; the index may hold postings of dropped quotes, so
     * start a fresh one. */
    vb_qindex_options qo = vb_qindex_options_default();
    qo.shingle_words = m->opt.shingle_words ? m->opt.shingle_words : 4;
    vb_qindex *fresh = vb_qindex_new(&m->alloc, &qo);
    if (fresh) {
      vb_qindex_free(m->ix);
      m->ix = fresh;
    } else {
      m->broken = true;
    }
    m->ndocs = m->nquotes = m->nwspans = 0;
    m->strings.len = 0;
  }
  return st;
}
