/* libFuzzer harness: quote extraction. The first byte picks the options and
 * whether paragraph flags are passed; the rest is the text. Checks the
 * contract of quotes.h: invalid UTF-8 is refused at the first bad byte;
 * paragraphs are in order inside the text; every quote span lies inside the
 * text on UTF-8 boundaries with start <= end, inside its own paragraph, in
 * text order without overlap; groups are numbered from 0 in order of first
 * appearance; speaker names lie in the names buffer; mention and cue spans
 * are valid or all VB_QUOTE_NONE; and the records encode. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "verbatim/verbatim.h"

static vb_quote_extractor *ex;
static vb_writer *w;

static bool opt_span(const uint8_t *t, size_t n, size_t s, size_t e) {
  if (s == VB_QUOTE_NONE || e == VB_QUOTE_NONE) return s == e;
  return fz_span(t, n, s, e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  if (!ex) {
    ex = vb_quote_extractor_new(NULL);
    w = vb_writer_new(NULL);
  }
  CHECK(ex && w);
  uint32_t options = data[0] & 3;
  bool with_flags = (data[0] & 4) != 0;
  const uint8_t *t = data + 1;
  size_t n = size - 1;
  vb_error err;
  vb_status st = vb_quote_extractor_run(ex, (const char *)t, n, NULL, 0, options, &err);
  size_t bad;
  if (!vb_utf8_valid((const char *)t, n, &bad)) {
    CHECK(st == VB_ERR_UTF8 && err.offset == bad);
    size_t nq;
    vb_quote_extractor_quotes(ex, &nq);
    CHECK(nq == 0);
    return 0;
  }
  CHECK(st == VB_OK);
  size_t np;
  const vb_quote_paragraph *par = vb_quote_extractor_paragraphs(ex, &np);
  if (with_flags) {
    /* Flags from the input's own bits; a wrong count is refused. */
    uint8_t *pf = malloc(np + 1);
    CHECK(pf != NULL);
    for (size_t i = 0; i < np; i++) pf[i] = (uint8_t)(t[par[i].start] & 1);
    CHECK(vb_quote_extractor_run(ex, (const char *)t, n, pf, np + 1, options, &err) == VB_ERR_ARG);
    st = vb_quote_extractor_run(ex, (const char *)t, n, pf, np, options, &err);
    CHECK(st == VB_OK);
    free(pf);
    size_t np2;
    par = vb_quote_extractor_paragraphs(ex, &np2);
    CHECK(np2 == np);
  }
  for (size_t i = 0; i < np; i++) {
    CHECK(fz_span(t, n, par[i].start, par[i].end));
    if (i > 0) CHECK(par[i - 1].end <= par[i].start);
  }
  size_t nq, nnames;
  const vb_quote *q = vb_quote_extractor_quotes(ex, &nq);
  vb_quote_extractor_names(ex, &nnames);
  uint32_t next_group = 0;
  for (size_t i = 0; i < nq; i++) {
    CHECK(fz_span(t, n, q[i].start, q[i].end));
    CHECK(q[i].kind == VB_QUOTE_FULL || q[i].kind == VB_QUOTE_FRAGMENT);
    CHECK((q[i].flags & ~(uint32_t)15) == 0);
    CHECK(q[i].paragraph < np);
    const vb_quote_paragraph *p = &par[q[i].paragraph];
    CHECK(p->start <= q[i].start && q[i].end <= p->end);
    if (i > 0) {
      CHECK(q[i - 1].end <= q[i].start);
      CHECK(q[i - 1].paragraph <= q[i].paragraph);
    }
    CHECK(q[i].group <= next_group);
    if (q[i].group == next_group) next_group++;
    CHECK(q[i].speaker_len == 0 || q[i].speaker_offset + q[i].speaker_len <= nnames);
    if (options & VB_QUOTE_NO_SPEAKERS) CHECK(q[i].speaker_len == 0);
    CHECK(opt_span(t, n, q[i].mention_start, q[i].mention_end));
    CHECK(opt_span(t, n, q[i].cue_start, q[i].cue_end));
  }
  vb_writer_reset(w);
  CHECK(vb_quote_extractor_write(ex, w, "doc", 3, (const char *)t, n, &err) == VB_OK);
  return 0;
}
