/* The "normalized" result record: a normalizer's output, offset map and
 * quotation-mark roles, for the CLI's --json and for other languages. */
#include "cbor_io.h"
#include "internal.h"
#include "verbatim/normalize.h"

vb_status vb_normalizer_write(const vb_normalizer *self, vb_writer *w, const char *doc_id,
                              size_t doc_id_len, vb_error *err) {
  if (doc_id == NULL && doc_id_len != 0)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "doc", VB_NO_OFFSET, "doc_id is NULL");
  size_t bad;
  if (!vb_utf8_valid(doc_id, doc_id_len, &bad))
    return vb_fail(err, VB_ERR_UTF8, VB_NO_RECORD, "doc", bad, "document id is not valid UTF-8");
  size_t text_len, nseg, nq;
  const char *text = vb_normalizer_output(self, &text_len);
  const vb_norm_segment *seg = vb_normalizer_segments(self, &nseg);
  const vb_norm_quote *q = vb_normalizer_quotes(self, &nq);
  vb_buf *b = vb_writer_buf(w);
  size_t mark = b->len;
  /* Keys in deterministic order: shorter first, then bytewise. */
  vb_cbor_put_map(b, 5);
  vb_cbor_put_cstr(b, "doc");
  vb_cbor_put_text(b, doc_id ? doc_id : "", doc_id_len);
  vb_cbor_put_cstr(b, "map");
  vb_cbor_put_array(b, nseg);
  for (size_t k = 0; k < nseg; k++) {
    vb_cbor_put_array(b, 5);
    vb_cbor_put_uint(b, seg[k].out_start);
    vb_cbor_put_uint(b, seg[k].in_start);
    vb_cbor_put_uint(b, seg[k].out_len);
    vb_cbor_put_uint(b, seg[k].in_len);
    vb_cbor_put_uint(b, seg[k].exact);
  }
  vb_cbor_put_cstr(b, "text");
  vb_cbor_put_text(b, text, text_len);
  vb_cbor_put_cstr(b, "type");
  vb_cbor_put_cstr(b, "normalized");
  vb_cbor_put_cstr(b, "quotes");
  vb_cbor_put_array(b, nq);
  for (size_t k = 0; k < nq; k++) {
    vb_cbor_put_array(b, 2);
    vb_cbor_put_uint(b, q[k].offset);
    vb_cbor_put_uint(b, q[k].role);
  }
  return vb_writer_commit(w, mark, err);
}
