/* Pathological inputs and limits. Each input must complete, give a sane
 * answer (or a VB_ERR_LIMIT naming the limit), and take work linear in its
 * size.
 *
 * Two modes:
 *   limits_test                 the cmocka suite: every input at full size
 *                               (a megabyte of quote marks, a 10 MB word,
 *                               combining marks, 100k one-word paragraphs,
 *                               deeply nested and huge CBOR, one quote
 *                               repeated a million times), checking results;
 *   limits_test CASE SIZE       one case at SIZE with no checks, for
 *                               scripts/check-linear.sh, which counts its
 *                               instructions under callgrind at two sizes
 *                               (an operation count, not a clock). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "qindex.h"
#include "verbatim/verbatim.h"

/* ---- inputs ---- */

static char *repeat(const char *unit, size_t unit_len, size_t count, size_t *len) {
  char *s = malloc(unit_len * count + 1);
  if (!s) return NULL;
  for (size_t i = 0; i < count; i++) memcpy(s + i * unit_len, unit, unit_len);
  *len = unit_len * count;
  return s;
}

/* Alternating straight and curly marks: openers and closers everywhere. */
static char *quote_marks(size_t bytes, size_t *len) {
  static const char unit[] = "\"\xE2\x80\x9C\xE2\x80\x9D'\xC2\xAB\xC2\xBB"; /* 12 bytes */
  return repeat(unit, sizeof unit - 1, bytes / (sizeof unit - 1), len);
}
static char *one_word(size_t bytes, size_t *len) { return repeat("a", 1, bytes, len); }
static char *combining(size_t bytes, size_t *len) { return repeat("\xCC\x81", 2, bytes / 2, len); }
static char *paragraphs(size_t count, size_t *len) { return repeat("word\n\n", 6, count, len); }
/* `count` paragraphs, each a quote spoken by a different capitalised word
 * at the start of its sentence ("Kabd said: ..."): past the attributor's
 * thousand people, every such word is asked whether its lower-case form
 * occurs in the document (once a scan of every token). */
static char *many_speakers(size_t count, size_t *len) {
  static const char tail[] = " said: \xE2\x80\x9CWe open the east pier at nine.\xE2\x80\x9D\n\n";
  char *s = malloc(count * (8 + sizeof tail) + 1);
  if (!s) return NULL;
  size_t n = 0;
  for (size_t i = 0; i < count; i++) {
    s[n++] = 'K';
    size_t v = i;
    for (int d = 0; d < 5; d++, v /= 26) s[n++] = (char)('a' + v % 26);
    memcpy(s + n, tail, sizeof tail - 1);
    n += sizeof tail - 1;
  }
  *len = n;
  return s;
}

/* One endless word of Latin x, Cyrillic о with an acute, and a zero-width
 * space: every о makes the confusable test scan its word. */
static char *lookalike_word(size_t bytes, size_t *len) {
  static const char unit[] = "x\xD0\xBE\xCC\x81\xE2\x80\x8B"; /* 8 bytes */
  return repeat(unit, sizeof unit - 1, bytes / (sizeof unit - 1), len);
}

/* Normalize with look-alike folding; returns the output length. */
static size_t fold_lookalikes(const char *t, size_t n, char **out) {
  vb_normalizer *nz = vb_normalizer_new(NULL, VB_NORM_DEFAULT | VB_NORM_CONFUSABLES, NULL);
  if (!nz || vb_normalizer_run(nz, t, n, NULL) != VB_OK) abort();
  size_t len;
  const char *o = vb_normalizer_output(nz, &len);
  if (out) {
    *out = malloc(len + 1);
    if (!*out) abort();
    memcpy(*out, o, len);
  }
  vb_normalizer_free(nz);
  return len;
}

/* ---- the work of each case ---- */

typedef struct outcome {
  vb_status seg, quotes;
  size_t tokens, paras, nquotes;
} outcome;

/* Segment (with classification) and extract quotes; check spans. */
static outcome segment_and_quote(const char *t, size_t n, bool check) {
  outcome o = {0};
  vb_segmenter *seg = vb_segmenter_new(NULL);
  vb_quote_extractor *ex = vb_quote_extractor_new(NULL);
  if (!seg || !ex) abort();
  o.seg = vb_segmenter_run(seg, t, n, 0, NULL);
  const vb_token *tok = vb_segmenter_tokens(seg, &o.tokens);
  vb_segmenter_paragraphs(seg, &o.paras);
  o.quotes = vb_quote_extractor_run(ex, t, n, NULL, 0, 0, NULL);
  const vb_quote *q = vb_quote_extractor_quotes(ex, &o.nquotes);
  if (check) {
    size_t at = 0;
    for (size_t i = 0; i < o.tokens; i++) {
      assert_int_equal(tok[i].start, at);
      at = tok[i].end;
    }
    if (o.seg == VB_OK) assert_int_equal(at, n);
    for (size_t i = 0; i < o.nquotes; i++) assert_true(q[i].start <= q[i].end && q[i].end <= n);
  }
  vb_quote_extractor_free(ex);
  vb_segmenter_free(seg);
  return o;
}

/* A document holding `count` copies of one quote, added to a matcher and
 * scanned by a document quoting it once. */
static size_t match_repeated(size_t count) {
  static const char unit[] = "\xE2\x80\x9CWe will keep the east pier open all winter,\xE2\x80\x9D "
                             "she said.\n\n";
  static const char other[] = "The harbour master said: \xE2\x80\x9CWe will keep the east pier "
                              "open all winter.\xE2\x80\x9D\n";
  size_t len;
  char *t = repeat(unit, sizeof unit - 1, count, &len);
  vb_matcher *m = vb_matcher_new(NULL, NULL);
  if (!t || !m) abort();
  size_t n = 0;
  if (vb_matcher_add(m, "many", 4, t, len, NULL) == VB_OK &&
      vb_matcher_add(m, "one", 3, other, sizeof other - 1, NULL) == VB_OK &&
      vb_matcher_scan(m, 1, other, sizeof other - 1, NULL) == VB_OK &&
      vb_matcher_finish(m, NULL) == VB_OK)
    vb_matcher_matches(m, &n);
  vb_matcher_free(m);
  free(t);
  return n;
}

/* One quote of 12 words added `count` times to a quote index, then built
 * and scanned. Returns the number of distinct quotes. */
static uint32_t index_repeated(size_t count, size_t *cands) {
  uint64_t q[12];
  for (int i = 0; i < 12; i++) q[i] = 0x9E3779B97F4A7C15u * (uint64_t)(i + 1);
  vb_qindex *ix = vb_qindex_new(NULL, NULL);
  vb_qscan *sc = vb_qscan_new(NULL);
  if (!ix || !sc) abort();
  for (size_t i = 0; i < count; i++) {
    uint32_t id;
    bool dup;
    if (vb_qindex_add(ix, q, 12, &id, &dup, NULL) != VB_OK) abort();
    if (i % 4096 == 4095 && vb_qindex_build(ix, NULL) != VB_OK) abort(); /* a service's rhythm */
  }
  if (vb_qindex_build(ix, NULL) != VB_OK) abort();
  const vb_qcand *c;
  *cands = 0;
  if (vb_qindex_scan(ix, sc, q, 12, 3, &c, cands, NULL, NULL) != VB_OK) abort();
  uint32_t distinct = vb_qindex_quote_count(ix);
  vb_qscan_free(sc);
  vb_qindex_free(ix);
  return distinct;
}

/* `depth` nested one-element arrays around a 0. */
static uint8_t *nested_cbor(size_t depth, size_t *len) {
  uint8_t *b = malloc(depth + 1);
  if (!b) abort();
  memset(b, 0x81, depth);
  b[depth] = 0x00;
  *len = depth + 1;
  return b;
}

/* One record: an array of `count` small integers (0x9A = 32-bit count). */
static uint8_t *wide_cbor(size_t count, size_t *len) {
  uint8_t *b = malloc(count + 5);
  if (!b) abort();
  b[0] = 0x9A;
  b[1] = (uint8_t)(count >> 24);
  b[2] = (uint8_t)(count >> 16);
  b[3] = (uint8_t)(count >> 8);
  b[4] = (uint8_t)count;
  memset(b + 5, 0x01, count);
  *len = count + 5;
  return b;
}

/* One document record whose text is `bytes` bytes of words and commas,
 * with a few metadata fields around it. */
static uint8_t *big_document(size_t bytes, size_t *len) {
  static const char unit[] = "the pier, ";
  size_t tlen;
  char *t = repeat(unit, sizeof unit - 1, bytes / (sizeof unit - 1), &tlen);
  vb_writer *w = vb_writer_new(NULL);
  if (!t || !w) abort();
  vb_document d = {{"doc-1", 5}, {t, tlen}, {"wire", 4}, {NULL, 0}, {"Title", 5}, {NULL, 0}, {NULL, 0}};
  if (vb_writer_document(w, &d, NULL) != VB_OK) abort();
  size_t n;
  const uint8_t *data = vb_writer_data(w, &n);
  uint8_t *b = malloc(n);
  if (!b) abort();
  memcpy(b, data, n);
  *len = n;
  vb_writer_free(w);
  free(t);
  return b;
}

/* A reader callback handing out at most `piece` bytes per call: 4 KiB as a
 * pipe does, or one byte as a slow socket may. */
typedef struct trickle {
  const uint8_t *p;
  size_t n, at, piece;
} trickle;

static long trickle_read(void *user, void *buf, size_t cap) {
  trickle *t = user;
  size_t k = t->n - t->at;
  if (k > t->piece) k = t->piece;
  if (k > cap) k = cap;
  memcpy(buf, t->p + t->at, k);
  t->at += k;
  return (long)k;
}

static vb_status read_one(const uint8_t *b, size_t len, const vb_limits *lim, bool chunked,
                          vb_error *err) {
  vb_reader *r = vb_reader_new(NULL);
  if (!r) abort();
  if (lim) vb_reader_set_limits(r, lim);
  trickle t = {b, len, 0, 4096};
  vb_status st = chunked ? vb_reader_open_callback(r, trickle_read, &t)
                         : vb_reader_open_memory(r, b, len);
  const uint8_t *item;
  size_t item_len;
  if (st == VB_OK) st = vb_reader_next_item(r, &item, &item_len, err);
  vb_reader_free(r);
  return st;
}

/* Read the one document in `b` through a callback giving `piece` bytes per
 * call; returns the status and the text length read. */
static vb_status read_document_in_pieces(const uint8_t *b, size_t len, size_t piece,
                                         size_t *text_len) {
  vb_reader *r = vb_reader_new(NULL);
  if (!r) abort();
  trickle t = {b, len, 0, piece};
  vb_document doc;
  vb_status st = vb_reader_open_callback(r, trickle_read, &t);
  if (st == VB_OK) st = vb_reader_next(r, &doc, NULL);
  *text_len = st == VB_OK ? doc.text.len : 0;
  if (st == VB_OK && vb_reader_next(r, &doc, NULL) != VB_END) st = VB_ERR_STATE;
  vb_reader_free(r);
  return st;
}

/* ---- the cmocka suite: full sizes ---- */

static void a_megabyte_of_quote_marks(void **state) {
  (void)state;
  size_t n;
  char *t = quote_marks((size_t)1 << 20, &n);
  outcome o = segment_and_quote(t, n, true);
  assert_int_equal(o.seg, VB_OK);
  assert_int_equal(o.quotes, VB_OK);
  free(t);
}

static void a_ten_megabyte_word(void **state) {
  (void)state;
  size_t n;
  char *t = one_word((size_t)10 << 20, &n);
  outcome o = segment_and_quote(t, n, true);
  assert_int_equal(o.seg, VB_OK);
  assert_int_equal(o.tokens, 1);
  assert_int_equal(o.paras, 1);
  assert_int_equal(o.nquotes, 0);
  free(t);
}

static void text_of_only_combining_marks(void **state) {
  (void)state;
  size_t n;
  char *t = combining((size_t)1 << 20, &n);
  outcome o = segment_and_quote(t, n, true);
  assert_int_equal(o.seg, VB_OK);
  assert_int_equal(o.quotes, VB_OK);
  assert_true(o.tokens >= 1);
  free(t);
}

static void a_hundred_thousand_one_word_paragraphs(void **state) {
  (void)state;
  size_t n;
  char *t = paragraphs(100000, &n);
  outcome o = segment_and_quote(t, n, true);
  assert_int_equal(o.seg, VB_OK);
  assert_int_equal(o.paras, 100000);
  free(t);
}

static void twenty_thousand_quotes_by_different_names_are_all_found(void **state) {
  (void)state;
  size_t n;
  char *t = many_speakers(20000, &n);
  assert_non_null(t);
  outcome o = segment_and_quote(t, n, true);
  assert_int_equal(o.quotes, VB_OK);
  assert_int_equal(o.nquotes, 20000);
  free(t);
}

static void a_megabyte_word_of_lookalikes_is_folded_whole(void **state) {
  (void)state;
  size_t n;
  char *t = lookalike_word((size_t)1 << 20, &n), *out;
  size_t len = fold_lookalikes(t, n, &out);
  /* Each unit becomes "xó": the о folded, the acute composed onto it, the
   * zero-width space removed. */
  assert_int_equal(len, n / 8 * 3);
  for (size_t i = 0; i < len; i += 3) assert_memory_equal(out + i, "x\xC3\xB3", 3);
  free(out);
  free(t);
}

static void deeply_nested_cbor_stops_at_the_depth_limit(void **state) {
  (void)state;
  size_t len;
  uint8_t *b = nested_cbor((size_t)1 << 20, &len);
  vb_error err;
  assert_int_equal(read_one(b, len, NULL, false, &err), VB_ERR_LIMIT);
  assert_non_null(strstr(err.message, "limit of 32"));
  vb_limits lim = vb_limits_default();
  lim.max_depth = 8;
  assert_int_equal(read_one(b, len, &lim, true, &err), VB_ERR_LIMIT);
  assert_non_null(strstr(err.message, "limit of 8"));
  vb_writer *w = vb_writer_new(NULL);
  assert_int_equal(vb_writer_json(w, b, len, &err), VB_ERR_LIMIT);
  vb_writer_free(w);
  free(b);
}

static void a_record_with_too_many_items_names_the_limit(void **state) {
  (void)state;
  size_t len;
  uint8_t *b = wide_cbor((size_t)1 << 20, &len);
  vb_error err;
  vb_limits lim = vb_limits_default();
  lim.max_items = 1000;
  assert_int_equal(read_one(b, len, &lim, false, &err), VB_ERR_LIMIT);
  assert_non_null(strstr(err.message, "limit of 1000"));
  /* Within the default limits it is read whole, also in 4 KiB pieces. */
  assert_int_equal(read_one(b, len, NULL, true, &err), VB_OK);
  free(b);
}

static void a_large_record_arriving_one_byte_at_a_time_is_read_whole(void **state) {
  (void)state;
  size_t len, text_len = 0;
  uint8_t *b = big_document((size_t)1 << 20, &len);
  assert_int_equal(read_document_in_pieces(b, len, 1, &text_len), VB_OK);
  assert_int_equal(text_len, ((size_t)1 << 20) / 10 * 10);
  assert_int_equal(read_document_in_pieces(b, len, 3, &text_len), VB_OK);
  assert_int_equal(text_len, ((size_t)1 << 20) / 10 * 10);
  /* Cut short, the same record is a truncation error, not a hang. */
  assert_int_equal(read_document_in_pieces(b, len - 1, 1, &text_len), VB_ERR_TRUNCATED);
  free(b);
}

/* ---- each configurable limit: at the limit passes, one past fails ---- */

/* Read the first item of `b` under `lim`, from memory and again one byte at
 * a time; both ways must agree on the status and the message. */
static vb_status read_both_ways(const uint8_t *b, size_t len, const vb_limits *lim, vb_error *err) {
  vb_error e1, e2;
  vb_status s1 = read_one(b, len, lim, false, &e1);
  vb_reader *r = vb_reader_new(NULL);
  if (!r) abort();
  vb_reader_set_limits(r, lim);
  trickle t = {b, len, 0, 1};
  const uint8_t *item;
  size_t item_len;
  vb_status s2 = vb_reader_open_callback(r, trickle_read, &t);
  if (s2 == VB_OK) s2 = vb_reader_next_item(r, &item, &item_len, &e2);
  vb_reader_free(r);
  assert_int_equal(s1, s2);
  if (s1 != VB_OK) {
    assert_string_equal(e1.message, e2.message);
    assert_string_equal(e1.field, e2.field);
    assert_int_equal(e1.offset, e2.offset);
  }
  if (err) *err = e1;
  return s1;
}

static void text_at_the_text_limit_passes_and_one_byte_more_names_the_field(void **state) {
  (void)state;
  size_t len;
  uint8_t *b = big_document(100, &len);
  vb_limits lim = vb_limits_default();
  vb_error err;
  lim.max_text_bytes = 100;
  assert_int_equal(read_both_ways(b, len, &lim, &err), VB_OK);
  lim.max_text_bytes = 99;
  assert_int_equal(read_both_ways(b, len, &lim, &err), VB_ERR_LIMIT);
  assert_string_equal(err.message, "text string of 100 bytes exceeds the limit of 99");
  assert_string_equal(err.field, "text");
  assert_int_equal(err.record, 0);
  free(b);
}

static void a_record_at_the_record_limit_passes_and_one_byte_more_fails(void **state) {
  (void)state;
  size_t len;
  uint8_t *b = big_document(100, &len);
  vb_limits lim = vb_limits_default();
  vb_error err;
  lim.max_record_bytes = len;
  assert_int_equal(read_one(b, len, &lim, false, &err), VB_OK);
  assert_int_equal(read_one(b, len, &lim, true, &err), VB_OK);
  lim.max_record_bytes = len - 1;
  char want[128];
  snprintf(want, sizeof want, "record of %zu bytes is larger than the limit of %zu bytes", len,
           len - 1);
  assert_int_equal(read_one(b, len, &lim, false, &err), VB_ERR_LIMIT);
  assert_string_equal(err.message, want);
  assert_int_equal(err.record, 0);
  /* Streamed, the reader stops once the limit's worth of bytes is not a
   * whole record, without waiting for the rest. */
  vb_reader *r = vb_reader_new(NULL);
  trickle t = {b, len, 0, 1};
  const uint8_t *item;
  size_t item_len;
  assert_non_null(r);
  vb_reader_set_limits(r, &lim);
  assert_int_equal(vb_reader_open_callback(r, trickle_read, &t), VB_OK);
  assert_int_equal(vb_reader_next_item(r, &item, &item_len, &err), VB_ERR_LIMIT);
  snprintf(want, sizeof want, "record is larger than the limit of %zu bytes", len - 1);
  assert_string_equal(err.message, want);
  assert_true(t.at < len);
  vb_reader_free(r);
  free(b);
}

static void nesting_at_the_depth_limit_passes_and_one_level_more_fails(void **state) {
  (void)state;
  size_t len;
  uint8_t *b = nested_cbor(5, &len); /* five arrays around a 0 */
  vb_limits lim = vb_limits_default();
  vb_error err;
  lim.max_depth = 5;
  assert_int_equal(read_both_ways(b, len, &lim, &err), VB_OK);
  lim.max_depth = 4;
  assert_int_equal(read_both_ways(b, len, &lim, &err), VB_ERR_LIMIT);
  assert_string_equal(err.message, "nesting deeper than the limit of 4");
  assert_int_equal(err.offset, 4); /* the fifth array's head */
  free(b);
}

static void items_at_the_item_limit_pass_and_one_item_more_fails(void **state) {
  (void)state;
  size_t len;
  uint8_t *b = wide_cbor(50, &len); /* the array and its 50 integers */
  vb_limits lim = vb_limits_default();
  vb_error err;
  lim.max_items = 51;
  assert_int_equal(read_both_ways(b, len, &lim, &err), VB_OK);
  lim.max_items = 50;
  assert_int_equal(read_both_ways(b, len, &lim, &err), VB_ERR_LIMIT);
  assert_string_equal(err.message, "record has more than 50 data items");
  assert_int_equal(err.offset, len - 1); /* the 51st item */
  free(b);
}

/* Three paragraphs, one quote each. */
static const char three_quotes[] = "\xE2\x80\x9CWe open at nine,\xE2\x80\x9D she said.\n\n"
                                   "\xE2\x80\x9C" "And close at five,\xE2\x80\x9D she said.\n\n"
                                   "\xE2\x80\x9C" "Except on Sundays,\xE2\x80\x9D she added.\n";

static void quotes_at_the_quote_limit_pass_and_one_more_fails(void **state) {
  (void)state;
  vb_quote_extractor *ex = vb_quote_extractor_new(NULL);
  assert_non_null(ex);
  size_t n = sizeof three_quotes - 1, count;
  vb_error err;
  vb_quote_extractor_set_limits(ex, 0, 3);
  assert_int_equal(vb_quote_extractor_run(ex, three_quotes, n, NULL, 0, 0, &err), VB_OK);
  vb_quote_extractor_quotes(ex, &count);
  assert_int_equal(count, 3);
  vb_quote_extractor_set_limits(ex, 0, 2);
  assert_int_equal(vb_quote_extractor_run(ex, three_quotes, n, NULL, 0, 0, &err), VB_ERR_LIMIT);
  assert_string_equal(err.message, "document has more than 2 quotes, the quote extractor's limit");
  assert_string_equal(err.field, "text");
  assert_int_equal(err.offset, strstr(three_quotes, "\xE2\x80\x9C" "Except") - three_quotes);
  vb_quote_extractor_quotes(ex, &count);
  assert_int_equal(count, 0);
  /* 0 restores the default, and the extractor is usable again. */
  vb_quote_extractor_set_limits(ex, 0, 0);
  assert_int_equal(vb_quote_extractor_run(ex, three_quotes, n, NULL, 0, 0, &err), VB_OK);
  vb_quote_extractor_quotes(ex, &count);
  assert_int_equal(count, 3);
  vb_quote_extractor_free(ex);
}

static void a_text_at_the_extractor_limit_passes_and_one_byte_more_fails(void **state) {
  (void)state;
  vb_quote_extractor *ex = vb_quote_extractor_new(NULL);
  assert_non_null(ex);
  size_t n = sizeof three_quotes - 1;
  vb_error err;
  vb_quote_extractor_set_limits(ex, n, 0);
  assert_int_equal(vb_quote_extractor_run(ex, three_quotes, n, NULL, 0, 0, &err), VB_OK);
  vb_quote_extractor_set_limits(ex, n - 1, 0);
  assert_int_equal(vb_quote_extractor_run(ex, three_quotes, n, NULL, 0, 0, &err), VB_ERR_LIMIT);
  char want[128];
  snprintf(want, sizeof want,
           "document text of %zu bytes exceeds the quote extractor's limit of %zu bytes", n, n - 1);
  assert_string_equal(err.message, want);
  assert_string_equal(err.field, "text");
  assert_int_equal(err.offset, n - 1);
  vb_quote_extractor_free(ex);
}

/* Found while checking which calls use the reader's default limits:
 * vb_writer_json recursed once per tag, so `verbatim cat` on a record of a
 * million tags (well-formed, and within the item limit) crashed with a
 * stack overflow. */
static void a_record_of_a_million_tags_prints_as_json(void **state) {
  (void)state;
  size_t n = ((size_t)1 << 20) + 1;
  uint8_t *b = malloc(n);
  assert_non_null(b);
  memset(b, 0xC6, n - 1); /* tag 6, a million times */
  b[n - 1] = 0x00;
  vb_error err;
  assert_int_equal(read_one(b, n, NULL, false, &err), VB_OK);
  vb_writer *w = vb_writer_new(NULL);
  assert_int_equal(vb_writer_json(w, b, n, &err), VB_OK);
  size_t len;
  const uint8_t *out = vb_writer_data(w, &len);
  assert_int_equal(len, 2);
  assert_memory_equal(out, "0\n", 2);
  vb_writer_free(w);
  free(b);
}

/* What a reader may be set to accept, the writer calls take back: an item
 * already whole in memory is bounded only in nesting, at 256 (the most a
 * reader accepts). The reader's defaults would refuse to load what a large
 * save wrote (an LSH index of 600k documents, a matcher of 250k quotes). */
static void items_already_in_memory_are_bounded_only_in_nesting(void **state) {
  (void)state;
  size_t len;
  uint8_t *wide = wide_cbor((size_t)5 << 20, &len); /* over the 4 Mi default */
  vb_writer *w = vb_writer_new(NULL);
  vb_error err;
  assert_int_equal(vb_writer_raw(w, wide, len, &err), VB_OK);
  assert_int_equal(vb_writer_json(w, wide, len, &err), VB_OK);
  free(wide);
  uint8_t *deep = nested_cbor(256, &len);
  assert_int_equal(vb_writer_raw(w, deep, len, &err), VB_OK);
  assert_int_equal(vb_writer_json(w, deep, len, &err), VB_OK);
  free(deep);
  deep = nested_cbor(257, &len);
  assert_int_equal(vb_writer_json(w, deep, len, &err), VB_ERR_LIMIT);
  assert_string_equal(err.message, "nesting deeper than the limit of 256");
  assert_int_equal(vb_writer_raw(w, deep, len, &err), VB_ERR_LIMIT);
  free(deep);
  vb_writer_free(w);
}

static void one_quote_repeated_a_million_times_is_stored_once(void **state) {
  (void)state;
  size_t cands;
  assert_int_equal(index_repeated(1000000, &cands), 1);
  assert_int_equal(cands, 1);
}

static void a_document_repeating_one_quote_matches_every_copy(void **state) {
  (void)state;
  assert_int_equal(match_repeated(20000), 20000);
}

/* ---- the measuring mode ---- */

static int measure(const char *name, size_t size) {
  size_t n, k;
  if (strcmp(name, "quote_marks") == 0) {
    char *t = quote_marks(size, &n);
    segment_and_quote(t, n, false);
    free(t);
  } else if (strcmp(name, "one_word") == 0) {
    char *t = one_word(size, &n);
    segment_and_quote(t, n, false);
    free(t);
  } else if (strcmp(name, "combining") == 0) {
    char *t = combining(size, &n);
    segment_and_quote(t, n, false);
    free(t);
  } else if (strcmp(name, "paragraphs") == 0) {
    char *t = paragraphs(size, &n);
    segment_and_quote(t, n, false);
    free(t);
  } else if (strcmp(name, "many_speakers") == 0) {
    char *t = many_speakers(size, &n);
    segment_and_quote(t, n, false);
    free(t);
  } else if (strcmp(name, "lookalike_word") == 0) {
    char *t = lookalike_word(size, &n);
    fold_lookalikes(t, n, NULL);
    free(t);
  } else if (strcmp(name, "nested_cbor") == 0) {
    uint8_t *b = nested_cbor(size, &n);
    vb_writer *w = vb_writer_new(NULL);
    vb_status rs = read_one(b, n, NULL, true, NULL);
    (void)rs;
    vb_status js = vb_writer_json(w, b, n, NULL);
    (void)js;
    vb_writer_free(w);
    free(b);
  } else if (strcmp(name, "wide_cbor") == 0 || strcmp(name, "wide_cbor_piped") == 0) {
    uint8_t *b = wide_cbor(size, &n);
    vb_status rs = read_one(b, n, NULL, strcmp(name, "wide_cbor_piped") == 0, NULL);
    (void)rs;
    free(b);
  } else if (strcmp(name, "record_bytewise") == 0) {
    uint8_t *b = big_document(size, &n);
    vb_status rs = read_document_in_pieces(b, n, 1, &k);
    (void)rs;
    free(b);
  } else if (strcmp(name, "wide_bytewise") == 0) {
    uint8_t *b = wide_cbor(size, &n);
    vb_reader *r = vb_reader_new(NULL);
    trickle t = {b, n, 0, 1};
    const uint8_t *item;
    if (!r || vb_reader_open_callback(r, trickle_read, &t) != VB_OK) abort();
    vb_status rs = vb_reader_next_item(r, &item, &k, NULL);
    (void)rs;
    vb_reader_free(r);
    free(b);
  } else if (strcmp(name, "repeated_quote") == 0) {
    index_repeated(size, &k);
  } else if (strcmp(name, "repeated_match") == 0) {
    match_repeated(size);
  } else {
    fprintf(stderr, "limits_test: unknown case %s\n", name);
    return 2;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 3) return measure(argv[1], (size_t)strtoull(argv[2], NULL, 10));
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_megabyte_of_quote_marks),
      cmocka_unit_test(a_ten_megabyte_word),
      cmocka_unit_test(text_of_only_combining_marks),
      cmocka_unit_test(a_hundred_thousand_one_word_paragraphs),
      cmocka_unit_test(twenty_thousand_quotes_by_different_names_are_all_found),
      cmocka_unit_test(a_megabyte_word_of_lookalikes_is_folded_whole),
      cmocka_unit_test(deeply_nested_cbor_stops_at_the_depth_limit),
      cmocka_unit_test(a_record_with_too_many_items_names_the_limit),
      cmocka_unit_test(a_large_record_arriving_one_byte_at_a_time_is_read_whole),
      cmocka_unit_test(text_at_the_text_limit_passes_and_one_byte_more_names_the_field),
      cmocka_unit_test(a_record_at_the_record_limit_passes_and_one_byte_more_fails),
      cmocka_unit_test(nesting_at_the_depth_limit_passes_and_one_level_more_fails),
      cmocka_unit_test(items_at_the_item_limit_pass_and_one_item_more_fails),
      cmocka_unit_test(quotes_at_the_quote_limit_pass_and_one_more_fails),
      cmocka_unit_test(a_text_at_the_extractor_limit_passes_and_one_byte_more_fails),
      cmocka_unit_test(a_record_of_a_million_tags_prints_as_json),
      cmocka_unit_test(items_already_in_memory_are_bounded_only_in_nesting),
      cmocka_unit_test(one_quote_repeated_a_million_times_is_stored_once),
      cmocka_unit_test(a_document_repeating_one_quote_matches_every_copy),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
