/* Paragraph and token result records (docs/records.md). Keys are written in
 * core deterministic order: shorter keys first, then bytewise. */
#include "cbor_io.h"
#include "internal.h"
#include "verbatim/normalize.h"
#include "verbatim/segment.h"

static vb_status check_args(const void *self, vb_writer *w, const char *doc_id,
                            size_t doc_id_len, size_t index, size_t count, vb_error *err) {
  if (!self || !w || (!doc_id && doc_id_len))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  if (index >= count)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "index %zu is out of range (%zu items)", index, count);
  size_t bad;
  if (!vb_utf8_valid(doc_id, doc_id_len, &bad))
    return vb_fail(err, VB_ERR_UTF8, VB_NO_RECORD, "doc", bad, "document id is not UTF-8");
  return VB_OK;
}

vb_status vb_segmenter_write_paragraph(const vb_segmenter *self, vb_writer *w, const char *doc_id,
                                       size_t doc_id_len, size_t index, vb_error *err) {
  size_t n = 0;
  const vb_paragraph *p = self ? vb_segmenter_paragraphs(self, &n) : NULL;
  vb_status st = check_args(self, w, doc_id, doc_id_len, index, n, err);
  if (st != VB_OK) return st;
  p += index;
  vb_buf *b = vb_writer_buf(w);
  size_t mark = b->len;
  vb_cbor_put_map(b, 7);
  vb_cbor_put_cstr(b, "doc");
  vb_cbor_put_text(b, doc_id, doc_id_len);
  vb_cbor_put_cstr(b, "end");
  vb_cbor_put_uint(b, p->end);
  vb_cbor_put_cstr(b, "why");
  if (p->boiler == VB_BOILER_NONE) vb_cbor_put_null(b);
  else vb_cbor_put_cstr(b, vb_boiler_name(p->boiler));
  vb_cbor_put_cstr(b, "type");
  vb_cbor_put_cstr(b, "paragraph");
  vb_cbor_put_cstr(b, "index");
  vb_cbor_put_uint(b, index);
  vb_cbor_put_cstr(b, "start");
  vb_cbor_put_uint(b, p->start);
  vb_cbor_put_cstr(b, "boilerplate");
  vb_cbor_put_bool(b, p->boiler != VB_BOILER_NONE);
  return vb_writer_commit(w, mark, err);
}

vb_status vb_segmenter_write_token(const vb_segmenter *self, vb_writer *w, const char *doc_id,
                                   size_t doc_id_len, size_t index, vb_error *err) {
  size_t n = 0;
  const vb_token *t = self ? vb_segmenter_tokens(self, &n) : NULL;
  vb_status st = check_args(self, w, doc_id, doc_id_len, index, n, err);
  if (st != VB_OK) return st;
  t += index;
  const char *norm = vb_segmenter_norm(self, NULL);
  vb_buf *b = vb_writer_buf(w);
  size_t mark = b->len;
  vb_cbor_put_map(b, 6);
  vb_cbor_put_cstr(b, "doc");
  vb_cbor_put_text(b, doc_id, doc_id_len);
  vb_cbor_put_cstr(b, "end");
  vb_cbor_put_uint(b, t->end);
  vb_cbor_put_cstr(b, "kind");
  vb_cbor_put_cstr(b, vb_token_kind_name(t->kind));
  vb_cbor_put_cstr(b, "norm");
  vb_cbor_put_text(b, norm + t->norm_off, t->norm_len);
  vb_cbor_put_cstr(b, "type");
  vb_cbor_put_cstr(b, "token");
  vb_cbor_put_cstr(b, "start");
  vb_cbor_put_uint(b, t->start);
  return vb_writer_commit(w, mark, err);
}
