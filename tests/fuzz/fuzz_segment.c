/* libFuzzer harness: segmentation. The first byte picks the flags (some
 * combinations are invalid on purpose), the rest is the text. Checks the
 * contract of segment.h: tokens tile the text on UTF-8 boundaries;
 * sentences and paragraphs are in order, disjoint, trimmed and nested;
 * every token's sentence and paragraph contain it; normalized forms lie in
 * the norm buffer; word counts agree; invalid UTF-8 is refused at the first
 * bad byte. With VB_SEGMENT_TOKENS_ONLY, the tokens (spans, kinds, normalized
 * forms, hashes) equal the full path's, forced on a second segmenter: the
 * ASCII fast path's differential check. */
#include <string.h>

#include "fuzz_check.h"
#include "segment_internal.h"
#include "verbatim/verbatim.h"

static vb_segmenter *seg, *full;

static bool ascii_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  if (!seg) seg = vb_segmenter_new(NULL); /* reused, as a service would */
  CHECK(seg != NULL);
  unsigned flags = data[0] & 0x1F; /* bit 4 is unknown: must be refused */
  const uint8_t *t = data + 1;
  size_t n = size - 1;
  vb_error err;
  vb_status st = vb_segmenter_run(seg, (const char *)t, n, flags, &err);
  size_t bad;
  bool valid = vb_utf8_valid((const char *)t, n, &bad);
  bool flags_ok = (flags & ~VB_SEGMENT_FLAGS_ALL) == 0 &&
                  (flags & (VB_SEGMENT_PARA_BLANK | VB_SEGMENT_PARA_LINE)) !=
                      (VB_SEGMENT_PARA_BLANK | VB_SEGMENT_PARA_LINE) &&
                  (!(flags & VB_SEGMENT_TOKENS_ONLY) || flags == VB_SEGMENT_TOKENS_ONLY);
  size_t nt, ns, np, nnorm;
  const vb_token *tok = vb_segmenter_tokens(seg, &nt);
  const vb_sentence *sen = vb_segmenter_sentences(seg, &ns);
  const vb_paragraph *par = vb_segmenter_paragraphs(seg, &np);
  const char *norm = vb_segmenter_norm(seg, &nnorm);
  if (!flags_ok) {
    CHECK(st == VB_ERR_ARG && err.status == VB_ERR_ARG);
    CHECK(nt == 0 && ns == 0 && np == 0);
    return 0;
  }
  if (!valid) {
    CHECK(st == VB_ERR_UTF8 && err.offset == bad);
    CHECK(nt == 0 && ns == 0 && np == 0);
    return 0;
  }
  CHECK(st == VB_OK);
  if (flags & VB_SEGMENT_TOKENS_ONLY) {
    CHECK(ns == 0 && np == 0);
    if (!full) {
      full = vb_segmenter_new(NULL);
      CHECK(full != NULL);
      vb_segmenter_set_full_path(full, true);
    }
    CHECK(vb_segmenter_run(full, (const char *)t, n, flags, &err) == VB_OK);
    size_t fnt, fnorm;
    const vb_token *ft = vb_segmenter_tokens(full, &fnt);
    const char *fn = vb_segmenter_norm(full, &fnorm);
    CHECK(fnt == nt && fnorm == nnorm);
    CHECK(nnorm == 0 || memcmp(fn, norm, nnorm) == 0);
    for (size_t i = 0; i < nt; i++)
      CHECK(ft[i].start == tok[i].start && ft[i].end == tok[i].end && ft[i].kind == tok[i].kind &&
            ft[i].hash == tok[i].hash && ft[i].norm_off == tok[i].norm_off &&
            ft[i].norm_len == tok[i].norm_len);
  }
  /* Tokens tile the text. */
  size_t at = 0;
  for (size_t i = 0; i < nt; i++) {
    CHECK(tok[i].start == at && tok[i].end > tok[i].start);
    CHECK(fz_span(t, n, tok[i].start, tok[i].end));
    CHECK((unsigned)tok[i].kind <= VB_TOKEN_NEWLINE);
    CHECK((size_t)tok[i].norm_off + tok[i].norm_len <= nnorm);
    CHECK(tok[i].sentence == VB_SEGMENT_NONE || tok[i].sentence < ns);
    CHECK(tok[i].paragraph == VB_SEGMENT_NONE || tok[i].paragraph < np);
    if (tok[i].sentence != VB_SEGMENT_NONE) {
      const vb_sentence *s = &sen[tok[i].sentence];
      CHECK(s->start <= tok[i].start && tok[i].end <= s->end);
    }
    if (tok[i].paragraph != VB_SEGMENT_NONE) {
      const vb_paragraph *p = &par[tok[i].paragraph];
      CHECK(p->start <= tok[i].start && tok[i].end <= p->end);
    }
    at = tok[i].end;
  }
  CHECK(at == n);
  /* Sentences: in order, disjoint, non-empty, trimmed, inside their paragraph. */
  for (size_t i = 0; i < ns; i++) {
    CHECK(fz_span(t, n, sen[i].start, sen[i].end) && sen[i].start < sen[i].end);
    if (i > 0) CHECK(sen[i - 1].end <= sen[i].start);
    CHECK(!ascii_space(t[sen[i].start]) && !ascii_space(t[sen[i].end - 1]));
    if (sen[i].paragraph != VB_SEGMENT_NONE) {
      CHECK(sen[i].paragraph < np);
      const vb_paragraph *p = &par[sen[i].paragraph];
      CHECK(p->start <= sen[i].start && sen[i].end <= p->end);
      CHECK(p->first_sentence <= i && i < (size_t)p->first_sentence + p->sentence_count);
    }
  }
  /* Paragraphs: in order, disjoint, trimmed, with consistent sentence ranges. */
  for (size_t i = 0; i < np; i++) {
    const vb_paragraph *p = &par[i];
    CHECK(fz_span(t, n, p->start, p->end) && p->start < p->end);
    if (i > 0) CHECK(par[i - 1].end <= p->start);
    CHECK(!ascii_space(t[p->start]) && !ascii_space(t[p->end - 1]));
    CHECK((size_t)p->first_sentence + p->sentence_count <= ns);
    for (uint32_t k = 0; k < p->sentence_count; k++)
      CHECK(sen[p->first_sentence + k].paragraph == i);
    CHECK((unsigned)p->boiler <= VB_BOILER_NAVIGATION);
  }
  /* Word counts, in one pass: tokens meet the paragraphs in order (a
   * paragraph of only a non-ASCII space may hold no token of its own). */
  size_t cur = 0, words = 0;
  for (size_t k = 0; k < nt; k++) {
    uint32_t pk = tok[k].paragraph;
    if (pk == VB_SEGMENT_NONE) continue;
    CHECK(pk >= cur);
    while (cur < pk) {
      CHECK(words == par[cur].word_count);
      cur++;
      words = 0;
    }
    if (tok[k].kind == VB_TOKEN_WORD) words++;
  }
  for (; cur < np; cur++, words = 0) CHECK(words == par[cur].word_count);
  /* Reuse gives the same results as a fresh run. */
  vb_segmenter_reset(seg);
  vb_segmenter_tokens(seg, &nt);
  CHECK(nt == 0);
  return 0;
}
