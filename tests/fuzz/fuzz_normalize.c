/* libFuzzer harness: the normalizer (normalize.h). The first two bytes pick
 * the flags (an unknown bit now and then, which must be refused); the rest
 * is the text. Checks: invalid UTF-8 is refused at the first bad byte unless
 * VB_NORM_LENIENT; the output is valid UTF-8; the offset map's segments tile
 * both the output and the input in order, exact ones with equal lengths;
 * every replaced quotation mark is an ASCII quote of the output; mapping
 * the whole output gives the whole input and every output character maps
 * to whole input characters on UTF-8 boundaries; the one-call vb_normalize
 * agrees; normalizing the output again changes nothing (with confusable
 * folding, outside the exception documented in normalize.h); the record
 * encodes. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "verbatim/verbatim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  unsigned flags = ((unsigned)data[0] | (unsigned)data[1] << 8) & ((1u << 14) - 1);
  const uint8_t *t = data + 2;
  size_t n = size - 2;
  vb_error err;
  vb_normalizer *nz = vb_normalizer_new(NULL, flags, &err);
  if (vb_norm_flags_check(flags, NULL) != VB_OK) {
    CHECK(nz == NULL && err.status == VB_ERR_ARG);
    return 0;
  }
  CHECK(nz != NULL);
  vb_status st = vb_normalizer_run(nz, (const char *)t, n, &err);
  size_t bad;
  bool valid = vb_utf8_valid((const char *)t, n, &bad);
  size_t olen;
  const char *out = vb_normalizer_output(nz, &olen);
  if (!valid && !(flags & VB_NORM_LENIENT)) {
    CHECK(st == VB_ERR_UTF8 && err.offset == bad && olen == 0);
    vb_normalizer_free(nz);
    return 0;
  }
  CHECK(st == VB_OK);
  CHECK(vb_utf8_valid(out, olen, NULL));
  const uint8_t *o = (const uint8_t *)out;
  /* The map tiles both sides. */
  size_t nseg;
  const vb_norm_segment *sg = vb_normalizer_segments(nz, &nseg);
  size_t at_out = 0, at_in = 0;
  for (size_t i = 0; i < nseg; i++) {
    CHECK(sg[i].out_start == at_out && sg[i].in_start == at_in);
    if (sg[i].exact) CHECK(sg[i].out_len == sg[i].in_len);
    at_out += sg[i].out_len;
    at_in += sg[i].in_len;
  }
  CHECK(at_out == olen && at_in == n);
  size_t nq;
  const vb_norm_quote *q = vb_normalizer_quotes(nz, &nq);
  for (size_t i = 0; i < nq; i++) {
    CHECK(q[i].offset < olen && (o[q[i].offset] == '"' || o[q[i].offset] == '\''));
    CHECK(q[i].role <= VB_QUOTE_CLOSE);
    if (i > 0) CHECK(q[i - 1].offset < q[i].offset);
  }
  vb_span all = vb_normalizer_map_span(nz, 0, olen);
  CHECK(all.start == 0 && all.end == n);
  /* Byte k maps inside the input (one byte of a copied run, by design);
   * a whole output character maps to whole input characters. */
  for (size_t k = 0; k < olen; k++) {
    vb_span s = vb_normalizer_map(nz, k);
    CHECK(s.start <= s.end && s.end <= n);
    if (!fz_boundary(o, olen, k)) continue;
    size_t e = k + 1;
    while (e < olen && !fz_boundary(o, olen, e)) e++;
    vb_span c = vb_normalizer_map_span(nz, k, e);
    if (valid) CHECK(fz_span(t, n, c.start, c.end));
  }
  /* The one-call form gives the same bytes. */
  char *buf = malloc(olen + 1);
  CHECK(buf != NULL);
  size_t blen = 0;
  CHECK(vb_normalize((const char *)t, n, flags, buf, olen + 1, &blen, &err) == VB_OK);
  CHECK(blen == olen && memcmp(buf, out, olen) == 0);
  if (olen > 0) CHECK(vb_normalize((const char *)t, n, flags, buf, olen - 1, &blen, &err) ==
                      VB_ERR_LIMIT);
  free(buf);
  /* Normalizing the output again changes nothing more. The documented
   * exception (VB_NORM_CONFUSABLES): a look-alike more than 64 letters from
   * every Latin letter of its word, which the first run leaves and the
   * second folds, or one behind more than 1024 marks and invisibles. An
   * output of at most 21 characters (a character decomposes to at most 3
   * letters: Hangul LVT) from an input of at most 1024 cannot hold such a
   * word, so with VB_NORM_CONFUSABLES only those are checked. (The seeds
   * regress-confusable-after-nfkc.txt and -after-strip-marks.txt failed
   * this before the word test saw characters as normalized.) */
  size_t out_chars = 0, in_chars = 0;
  for (size_t k = 0; k < olen; k++) out_chars += (o[k] & 0xC0) != 0x80;
  for (size_t k = 0; k < n; k++) in_chars += (t[k] & 0xC0) != 0x80;
  if ((flags & VB_NORM_CONFUSABLES) && (out_chars > 21 || in_chars > 1024)) {
    vb_writer *w0 = vb_writer_new(NULL);
    CHECK(w0 != NULL);
    CHECK(vb_normalizer_write(nz, w0, "d", 1, &err) == VB_OK);
    vb_writer_free(w0);
    vb_normalizer_free(nz);
    return 0;
  }
  vb_normalizer *again = vb_normalizer_new(NULL, flags, NULL);
  CHECK(again != NULL);
  CHECK(vb_normalizer_run(again, out, olen, &err) == VB_OK);
  size_t alen;
  const char *aout = vb_normalizer_output(again, &alen);
  CHECK(alen == olen && memcmp(aout, out, olen) == 0);
  vb_normalizer_free(again);
  vb_writer *w = vb_writer_new(NULL);
  CHECK(w != NULL);
  CHECK(vb_normalizer_write(nz, w, "d", 1, &err) == VB_OK);
  vb_writer_free(w);
  vb_normalizer_free(nz);
  return 0;
}
