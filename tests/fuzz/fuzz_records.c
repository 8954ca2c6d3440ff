/* libFuzzer harness: CBOR record decoding, the entry point for outside bytes
 * in every service. Checks more than "no crash": every document the reader
 * accepts re-encodes deterministically and reads back equal, and every item
 * it accepts converts to JSON. */
#include <stdint.h>
#include <string.h>

#include "verbatim/verbatim.h"

#define CHECK(c) \
  do {           \
    if (!(c)) __builtin_trap(); \
  } while (0)

static int same(vb_str a, vb_str b) {
  return a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vb_reader *r = vb_reader_new(NULL);
  vb_reader *again = vb_reader_new(NULL);
  vb_writer *w = vb_writer_new(NULL);
  vb_limits lim = vb_limits_default();
  lim.max_depth = 16;
  lim.max_items = 1 << 16;
  vb_reader_set_limits(r, &lim);
  CHECK(r && again && w);
  vb_error err;
  vb_document doc, back;
  CHECK(vb_reader_open_memory(r, data, size) == VB_OK);
  for (int guard = 0; guard <= (int)size; guard++) {
    vb_status st = vb_reader_next(r, &doc, &err);
    if (st == VB_END) break;
    if (st != VB_OK) {
      CHECK(VB_IS_ERROR(st) && err.message[0] != '\0');
      CHECK(err.offset == VB_NO_OFFSET || err.offset <= size);
      if (vb_reader_failed(r)) break;
      continue;
    }
    vb_writer_reset(w);
    CHECK(vb_writer_document(w, &doc, &err) == VB_OK);
    size_t len;
    const uint8_t *enc = vb_writer_data(w, &len);
    CHECK(vb_reader_open_memory(again, enc, len) == VB_OK);
    CHECK(vb_reader_next(again, &back, &err) == VB_OK);
    CHECK(same(doc.id, back.id) && same(doc.text, back.text) && same(doc.url, back.url));
    CHECK(vb_reader_next(again, &back, &err) == VB_END);
  }
  /* The generic path: any well-formed item becomes JSON. */
  CHECK(vb_reader_open_memory(r, data, size) == VB_OK);
  const uint8_t *item;
  size_t item_len;
  vb_writer_reset(w);
  for (int guard = 0; guard <= (int)size; guard++) {
    vb_status st = vb_reader_next_item(r, &item, &item_len, &err);
    if (st != VB_OK) {
      if (st == VB_END || vb_reader_failed(r)) break;
      continue;
    }
    vb_status js = vb_writer_json(w, item, item_len, &err);
    CHECK(js == VB_OK || js == VB_ERR_SCHEMA);
  }
  vb_reader_free(r);
  vb_reader_free(again);
  vb_writer_free(w);
  return 0;
}
