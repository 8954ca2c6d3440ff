/* libFuzzer harness: paragraph classification (boilerplate reasons) and the
 * paragraph/token records. Classification only reads the segmentation, so
 * the input is forced to valid UTF-8 by repair first, which keeps the fuzzer
 * in the classifier rather than at the UTF-8 gate. The first byte picks
 * the paragraph mode. Checks: every reason is a known one, labels do not
 * depend on the previous document, and every record encodes. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "verbatim/verbatim.h"

static vb_segmenter *seg, *fresh;
static vb_writer *w;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  if (!seg) {
    seg = vb_segmenter_new(NULL);
    fresh = vb_segmenter_new(NULL);
    w = vb_writer_new(NULL);
  }
  CHECK(seg && fresh && w);
  static const unsigned modes[4] = {0, VB_SEGMENT_PARA_BLANK, VB_SEGMENT_PARA_LINE,
                                    VB_SEGMENT_UAX29_ONLY};
  unsigned flags = modes[data[0] & 3];
  char *text = malloc(vb_utf8_repair_bound(size - 1) + 1);
  CHECK(text != NULL);
  size_t n = vb_utf8_repair((const char *)data + 1, size - 1, text, NULL);
  vb_error err;
  CHECK(vb_segmenter_run(seg, text, n, flags, &err) == VB_OK);
  size_t np, np2;
  const vb_paragraph *par = vb_segmenter_paragraphs(seg, &np);
  /* (An empty text returns before the mode is decided.) */
  if (n > 0 && flags == VB_SEGMENT_PARA_LINE) CHECK(vb_segmenter_line_mode(seg));
  if (flags == VB_SEGMENT_PARA_BLANK) CHECK(!vb_segmenter_line_mode(seg));
  for (size_t i = 0; i < np; i++) {
    CHECK((unsigned)par[i].boiler <= VB_BOILER_NAVIGATION);
    CHECK(strcmp(vb_boiler_name(par[i].boiler), "?") != 0);
  }
  /* A fresh segmenter (no earlier document) gives the same labels. */
  CHECK(vb_segmenter_run(fresh, text, n, flags, &err) == VB_OK);
  const vb_paragraph *par2 = vb_segmenter_paragraphs(fresh, &np2);
  CHECK(np == np2);
  for (size_t i = 0; i < np; i++) CHECK(par[i].boiler == par2[i].boiler);
  /* Records: every paragraph and token encodes; one past the end is refused. */
  vb_writer_reset(w);
  for (size_t i = 0; i < np; i++)
    CHECK(vb_segmenter_write_paragraph(seg, w, "doc", 3, i, &err) == VB_OK);
  CHECK(vb_segmenter_write_paragraph(seg, w, "doc", 3, np, &err) == VB_ERR_ARG);
  size_t nt;
  vb_segmenter_tokens(seg, &nt);
  for (size_t i = 0; i < nt && i < 256; i++)
    CHECK(vb_segmenter_write_token(seg, w, "doc", 3, i, &err) == VB_OK);
  CHECK(vb_segmenter_write_token(seg, w, "doc", 3, nt, &err) == VB_ERR_ARG);
  /* The records read back as documents-or-schema errors, never as garbage. */
  size_t len;
  const uint8_t *enc = vb_writer_data(w, &len);
  vb_reader *r = vb_reader_new(NULL);
  CHECK(r && vb_reader_open_memory(r, enc, len) == VB_OK);
  const uint8_t *item;
  size_t item_len, items = 0;
  while (vb_reader_next_item(r, &item, &item_len, &err) == VB_OK) items++;
  CHECK(!vb_reader_failed(r));
  CHECK(items == np + (nt < 256 ? nt : 256));
  vb_reader_free(r);
  free(text);
  return 0;
}
