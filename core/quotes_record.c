/* Quote records: one CBOR map per quote, keys in deterministic order. */
#include "cbor_io.h"
#include "quotes_internal.h"

static void put_key(vb_buf *b, const char *k) { vb_cbor_put_cstr(b, k); }

static void put_span_end(vb_buf *b, size_t v) {
  if (v == VB_QUOTE_NONE) vb_cbor_put_null(b);
  else vb_cbor_put_uint(b, v);
}

vb_status vb_quote_extractor_write(const vb_quote_extractor *self, vb_writer *w,
                                   const char *doc_id, size_t doc_id_len, const char *text,
                                   size_t text_len, vb_error *err) {
  if (!self || !w || (!doc_id && doc_id_len) || (!text && text_len))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  for (size_t i = 0; i < self->nquotes; i++) {
    const vb_quote *q = &self->quotes[i];
    if (q->end > text_len || (q->cue_end != VB_QUOTE_NONE && q->cue_end > text_len) ||
        (q->mention_end != VB_QUOTE_NONE && q->mention_end > text_len))
      return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "text", q->end,
                     "text is not the text of the last run");
  }
  vb_buf *b = vb_writer_buf(w);
  size_t mark = b->len;
  static const struct {
    uint32_t bit;
    const char *name;
  } flag_names[] = {{VB_QUOTE_UNBALANCED, "unbalanced"},
                    {VB_QUOTE_BOILERPLATE, "boilerplate"},
                    {VB_QUOTE_MULTI_PARAGRAPH, "multi_paragraph"},
                    {VB_QUOTE_SPLIT, "split"}};
  for (size_t i = 0; i < self->nquotes; i++) {
    const vb_quote *q = &self->quotes[i];
    vb_cbor_put_map(b, 13);
    put_key(b, "cue");
    if (q->cue_start == VB_QUOTE_NONE) vb_cbor_put_null(b);
    else vb_cbor_put_text(b, text + q->cue_start, q->cue_end - q->cue_start);
    put_key(b, "doc");
    vb_cbor_put_text(b, doc_id, doc_id_len);
    put_key(b, "end");
    vb_cbor_put_uint(b, q->end);
    put_key(b, "kind");
    vb_cbor_put_cstr(b, vb_quote_kind_name(q->kind));
    put_key(b, "text");
    vb_cbor_put_text(b, text + q->start, q->end - q->start);
    put_key(b, "type");
    vb_cbor_put_cstr(b, "quote");
    put_key(b, "flags");
    uint64_t nf = 0;
    for (size_t k = 0; k < sizeof flag_names / sizeof flag_names[0]; k++)
      if (q->flags & flag_names[k].bit) nf++;
    vb_cbor_put_array(b, nf);
    for (size_t k = 0; k < sizeof flag_names / sizeof flag_names[0]; k++)
      if (q->flags & flag_names[k].bit) vb_cbor_put_cstr(b, flag_names[k].name);
    put_key(b, "group");
    vb_cbor_put_uint(b, q->group);
    put_key(b, "start");
    vb_cbor_put_uint(b, q->start);
    put_key(b, "speaker");
    if (q->speaker_len == 0) vb_cbor_put_null(b);
    else vb_cbor_put_text(b, (const char *)self->names.data + q->speaker_offset, q->speaker_len);
    put_key(b, "paragraph");
    vb_cbor_put_uint(b, q->paragraph);
    put_key(b, "speaker_end");
    put_span_end(b, q->mention_end);
    put_key(b, "speaker_start");
    put_span_end(b, q->mention_start);
  }
  return vb_writer_commit(w, mark, err);
}
