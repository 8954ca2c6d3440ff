/* The "similar-pair" result record (docs/records.md). */
#include "cbor_io.h"
#include "internal.h"
#include "verbatim/fingerprint.h"
#include "verbatim/normalize.h"

/* Keys by encoded length, then bytewise (RFC 8949 §4.2.1). */
static void put_passage(vb_buf *b, const vb_passage *p) {
  vb_cbor_put_map(b, 10);
  vb_cbor_put_cstr(b, "a_end");
  vb_cbor_put_uint(b, p->a_bytes.end);
  vb_cbor_put_cstr(b, "b_end");
  vb_cbor_put_uint(b, p->b_bytes.end);
  vb_cbor_put_cstr(b, "a_start");
  vb_cbor_put_uint(b, p->a_bytes.start);
  vb_cbor_put_cstr(b, "b_start");
  vb_cbor_put_uint(b, p->b_bytes.start);
  vb_cbor_put_cstr(b, "deleted");
  vb_cbor_put_uint(b, p->deleted);
  vb_cbor_put_cstr(b, "a_tokens");
  vb_cbor_put_array(b, 2);
  vb_cbor_put_uint(b, p->a_tokens.start);
  vb_cbor_put_uint(b, p->a_tokens.end);
  vb_cbor_put_cstr(b, "b_tokens");
  vb_cbor_put_array(b, 2);
  vb_cbor_put_uint(b, p->b_tokens.start);
  vb_cbor_put_uint(b, p->b_tokens.end);
  vb_cbor_put_cstr(b, "inserted");
  vb_cbor_put_uint(b, p->inserted);
  vb_cbor_put_cstr(b, "identical_words");
  vb_cbor_put_uint(b, p->identical);
  vb_cbor_put_cstr(b, "substituted_words");
  vb_cbor_put_uint(b, p->substituted);
}

vb_status vb_writer_similar_pair(vb_writer *w, const vb_similar_pair *pair, vb_error *err) {
  if (w == NULL || pair == NULL || (pair->passages == NULL && pair->passage_count > 0))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  const vb_str *ids[2] = {&pair->a, &pair->b};
  for (int i = 0; i < 2; i++) {
    size_t bad;
    if (ids[i]->data == NULL || !vb_utf8_valid(ids[i]->data, ids[i]->len, &bad))
      return vb_fail(err, VB_ERR_UTF8, VB_NO_RECORD, i ? "b" : "a", VB_NO_OFFSET,
                     "document id is missing or not UTF-8");
  }
  vb_buf *b = vb_writer_buf(w);
  size_t mark = b->len;
  vb_cbor_put_map(b, 9);
  vb_cbor_put_cstr(b, "a");
  vb_cbor_put_text(b, pair->a.data, pair->a.len);
  vb_cbor_put_cstr(b, "b");
  vb_cbor_put_text(b, pair->b.data, pair->b.len);
  vb_cbor_put_cstr(b, "type");
  vb_cbor_put_cstr(b, "similar-pair");
  vb_cbor_put_cstr(b, "score");
  vb_cbor_put_float(b, pair->score);
  vb_cbor_put_cstr(b, "jaccard");
  vb_cbor_put_float(b, pair->jaccard);
  vb_cbor_put_cstr(b, "passages");
  vb_cbor_put_array(b, pair->passage_count);
  for (size_t i = 0; i < pair->passage_count; i++) put_passage(b, &pair->passages[i]);
  vb_cbor_put_cstr(b, "containment_ab");
  vb_cbor_put_float(b, pair->containment_ab);
  vb_cbor_put_cstr(b, "containment_ba");
  vb_cbor_put_float(b, pair->containment_ba);
  vb_cbor_put_cstr(b, "simhash_distance");
  vb_cbor_put_uint(b, (uint64_t)(pair->simhash_distance < 0 ? 0 : pair->simhash_distance));
  return vb_writer_commit(w, mark, err);
}
