/* Normalization: options, the replacement map, the offset map, the quick
 * check against the full path, agreement with utf8proc, the ASCII fast paths
 * against each other, UTF-8 errors and allocation failures. The Unicode
 * conformance file runs in normalize_conformance_test.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "normalize_internal.h"
#include "normalize_tables.h"
#include "test_alloc.h"
#include "verbatim/normalize.h"

/* ---- helpers ------------------------------------------------------------ */

static uint64_t rng_state;
static uint32_t rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state >> 16);
}

/* Normalize a NUL-terminated literal; returns a malloc'd NUL-terminated copy. */
static char *norm(unsigned flags, const char *text) {
  vb_error err;
  vb_normalizer *n = vb_normalizer_new(NULL, flags, &err);
  assert_non_null(n);
  assert_int_equal(vb_normalizer_run(n, text, strlen(text), &err), VB_OK);
  size_t len;
  const char *o = vb_normalizer_output(n, &len);
  char *copy = malloc(len + 1);
  memcpy(copy, o, len);
  copy[len] = 0;
  vb_normalizer_free(n);
  return copy;
}

#define assert_norm(flags, in, want)        \
  do {                                      \
    char *got_ = norm((flags), (in));       \
    assert_string_equal(got_, (want));     \
    free(got_);                             \
  } while (0)

/* The offset map of the last run is well formed: segments tile output and
 * input in order, exact ones have equal lengths, every output byte maps
 * inside the input, maps are monotone, and the whole output maps to the
 * whole input. */
static void check_map(const vb_normalizer *n, size_t in_len) {
  size_t out_len, nseg;
  vb_normalizer_output(n, &out_len);
  const vb_norm_segment *seg = vb_normalizer_segments(n, &nseg);
  size_t o = 0, i = 0;
  for (size_t k = 0; k < nseg; k++) {
    assert_int_equal(seg[k].out_start, o);
    assert_int_equal(seg[k].in_start, i);
    assert_true(seg[k].in_len > 0);
    if (seg[k].exact) assert_int_equal(seg[k].out_len, seg[k].in_len);
    o += seg[k].out_len;
    i += seg[k].in_len;
  }
  assert_int_equal(o, out_len);
  assert_int_equal(i, in_len);
  vb_span prev = {0, 0};
  for (size_t b = 0; b < out_len; b++) {
    vb_span s = vb_normalizer_map(n, b);
    assert_true(s.start < s.end);
    assert_true(s.end <= in_len);
    assert_true(s.start >= prev.start);
    assert_true(s.end >= prev.end);
    prev = s;
  }
  vb_span all = vb_normalizer_map_span(n, 0, out_len);
  assert_int_equal(all.start, 0);
  assert_int_equal(all.end, in_len);
}

/* The kinds of text that exercise every path: ASCII, the map's characters,
 * combining sequences, compatibility characters, Hangul, scripts that keep
 * joiners, look-alikes, astral characters. */
static const uint32_t alphabet[] = {
    'a', 'e', 'A', 'Z', 'k', 's', ' ', ' ', '\t', '\n', '.', '"', '\'', '-', '1',
    0x00A0, 0x00AD, 0x00C5, 0x00DF, 0x00E9, 0x0130, 0x0131, 0x01C5, 0x0300, 0x0301, 0x0308,
    0x0327, 0x0345, 0x0390, 0x0391, 0x03A3, 0x03B1, 0x03C2, 0x0410, 0x0430, 0x0439, 0x043E,
    0x0627, 0x0644, 0x0915, 0x094D, 0x0937, 0x0F73, 0x0F71, 0x0F72, 0x1100, 0x1161, 0x11A8,
    0xAC00, 0x1E9E, 0x2002, 0x200B, 0x200C, 0x200D, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D,
    0x2026, 0x2033, 0x2126, 0x212A, 0x212B, 0x2460, 0x3000, 0x300C, 0x4E2D, 0xFB01, 0xFE0F,
    0xFEFF, 0xFF21, 0xFF02, 0xFFFD, 0x1D15E, 0x1D160, 0x1F600, 0xE0100, 0x2E3B, 0x22EF};

static size_t put_utf8(char *buf, uint32_t c) {
  return (size_t)utf8proc_encode_char((utf8proc_int32_t)c, (utf8proc_uint8_t *)buf);
}

static size_t random_text(char *buf, size_t max_chars) {
  size_t len = 0, count = rnd() % max_chars;
  for (size_t k = 0; k < count; k++)
    len += put_utf8(buf + len, alphabet[rnd() % (sizeof alphabet / sizeof alphabet[0])]);
  return len;
}

/* Flags worth testing: each option alone and the combinations in use. */
static const unsigned flag_sets[] = {
    0,
    VB_NORM_NFC,
    VB_NORM_NFKC,
    VB_NORM_CASEFOLD,
    VB_NORM_NFC | VB_NORM_CASEFOLD,
    VB_NORM_NFKC | VB_NORM_CASEFOLD,
    VB_NORM_QUOTES,
    VB_NORM_DASHES,
    VB_NORM_ELLIPSIS,
    VB_NORM_SPACES,
    VB_NORM_SPACES | VB_NORM_COLLAPSE_SPACES,
    VB_NORM_INVISIBLES,
    VB_NORM_STRIP_MARKS,
    VB_NORM_STRIP_MARKS | VB_NORM_NFC,
    VB_NORM_CONFUSABLES,
    VB_NORM_CONFUSABLES_ALL | VB_NORM_CASEFOLD,
    VB_NORM_DEFAULT,
    VB_NORM_DEFAULT | VB_NORM_COLLAPSE_SPACES | VB_NORM_STRIP_MARKS | VB_NORM_CONFUSABLES,
};
#define NFLAGS (sizeof flag_sets / sizeof flag_sets[0])

/* ---- options ------------------------------------------------------------ */

static void unknown_and_conflicting_flags_are_rejected(void **state) {
  (void)state;
  vb_error err;
  static const unsigned bad[] = {1u << 13, 1u << 31, VB_NORM_NFC | VB_NORM_NFKC,
                                 VB_NORM_CONFUSABLES | VB_NORM_CONFUSABLES_ALL,
                                 VB_NORM_COLLAPSE_SPACES};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    assert_int_equal(vb_norm_flags_check(bad[k], &err), VB_ERR_ARG);
    assert_null(vb_normalizer_new(NULL, bad[k], &err));
    assert_int_equal(err.status, VB_ERR_ARG);
    char out[8];
    size_t len;
    assert_int_equal(vb_normalize("a", 1, bad[k], out, sizeof out, &len, &err), VB_ERR_ARG);
  }
  assert_int_equal(vb_norm_flags_check(VB_NORM_DEFAULT, &err), VB_OK);
  assert_int_equal(vb_norm_flags_check(VB_NORM_ALL & ~(VB_NORM_NFC | VB_NORM_CONFUSABLES), &err),
                   VB_OK);
}

static void default_set_is_what_matching_uses(void **state) {
  (void)state;
  assert_norm(VB_NORM_DEFAULT,
              "\xE2\x80\x9CThe Harbour\xE2\x80\x9D \xE2\x80\x94 it\xE2\x80\x99s \xEF\xAC\x81ne\xE2\x80\xA6",
              "\"the harbour\" - it's fine...");
  assert_norm(VB_NORM_DEFAULT, "Stra\xC3\x9F" "e\xC2\xA0" "Caf\xC3\x89", "strasse caf\xC3\xA9");
  assert_norm(VB_NORM_DEFAULT, "zero\xE2\x80\x8Bwidth\xEF\xBB\xBF", "zerowidth");
  assert_norm(VB_NORM_DEFAULT, "\xEF\xBC\xA1\xEF\xBC\xA2", "ab"); /* fullwidth */
}

static void each_option_does_only_its_job(void **state) {
  (void)state;
  const char *text = "\xE2\x80\x9C" "A\xE2\x80\x94" "b\xE2\x80\xA6\xC2\xA0" "c\xE2\x80\x8B" "d\xE2\x80\x9D";
  assert_norm(0, text, text);
  assert_norm(VB_NORM_QUOTES, text, "\"A\xE2\x80\x94" "b\xE2\x80\xA6\xC2\xA0" "c\xE2\x80\x8B" "d\"");
  assert_norm(VB_NORM_DASHES, text, "\xE2\x80\x9C" "A-b\xE2\x80\xA6\xC2\xA0" "c\xE2\x80\x8B" "d\xE2\x80\x9D");
  assert_norm(VB_NORM_ELLIPSIS, text, "\xE2\x80\x9C" "A\xE2\x80\x94" "b...\xC2\xA0" "c\xE2\x80\x8B" "d\xE2\x80\x9D");
  assert_norm(VB_NORM_SPACES, text, "\xE2\x80\x9C" "A\xE2\x80\x94" "b\xE2\x80\xA6 c\xE2\x80\x8B" "d\xE2\x80\x9D");
  assert_norm(VB_NORM_INVISIBLES, text, "\xE2\x80\x9C" "A\xE2\x80\x94" "b\xE2\x80\xA6\xC2\xA0" "cd\xE2\x80\x9D");
  assert_norm(VB_NORM_CASEFOLD, text, "\xE2\x80\x9C" "a\xE2\x80\x94" "b\xE2\x80\xA6\xC2\xA0" "c\xE2\x80\x8B" "d\xE2\x80\x9D");
}

static void quotes_keep_whether_they_opened_or_closed(void **state) {
  (void)state;
  /* „Ja”, «Oui» ‘yes’ ″x″ */
  const char *text = "\xE2\x80\x9EJa\xE2\x80\x9D, \xC2\xABOui\xC2\xBB \xE2\x80\x98yes\xE2\x80\x99 "
                     "\xE2\x80\xB3x\xE2\x80\xB3 \"plain\"";
  vb_error err;
  vb_normalizer *n = vb_normalizer_new(NULL, VB_NORM_QUOTES, &err);
  assert_int_equal(vb_normalizer_run(n, text, strlen(text), &err), VB_OK);
  size_t len, nq;
  const char *out = vb_normalizer_output(n, &len);
  assert_int_equal(len, strlen("\"Ja\", \"Oui\" 'yes' \"x\" \"plain\""));
  assert_memory_equal(out, "\"Ja\", \"Oui\" 'yes' \"x\" \"plain\"", len);
  const vb_norm_quote *q = vb_normalizer_quotes(n, &nq);
  assert_int_equal(nq, 8); /* the ASCII quotes were not replaced */
  static const uint8_t roles[] = {VB_QUOTE_OPEN,  VB_QUOTE_CLOSE,   VB_QUOTE_OPEN,   VB_QUOTE_CLOSE,
                                  VB_QUOTE_OPEN,  VB_QUOTE_CLOSE,   VB_QUOTE_NEUTRAL, VB_QUOTE_NEUTRAL};
  for (size_t k = 0; k < nq; k++) {
    assert_int_equal(q[k].role, roles[k]);
    assert_true(out[q[k].offset] == '"' || out[q[k].offset] == '\'');
  }
  /* The first quote came from the three bytes of „. */
  vb_span s = vb_normalizer_map(n, q[0].offset);
  assert_int_equal(s.start, 0);
  assert_int_equal(s.end, 3);
  vb_normalizer_free(n);
}

static void joiners_stay_only_inside_scripts_that_need_them(void **state) {
  (void)state;
  /* Persian: ZWNJ between two Arabic letters stays. */
  assert_norm(VB_NORM_INVISIBLES, "\xD9\x85\xE2\x80\x8C\xD9\x8A", "\xD9\x85\xE2\x80\x8C\xD9\x8A");
  /* Devanagari: ka + virama + ZWJ + ssa stays. */
  assert_norm(VB_NORM_INVISIBLES, "\xE0\xA4\x95\xE0\xA5\x8D\xE2\x80\x8D\xE0\xA4\xB7",
              "\xE0\xA4\x95\xE0\xA5\x8D\xE2\x80\x8D\xE0\xA4\xB7");
  /* Between Latin letters, or at an end, it goes. */
  assert_norm(VB_NORM_INVISIBLES, "ab\xE2\x80\x8D" "cd\xE2\x80\x8C", "abcd");
  assert_norm(VB_NORM_INVISIBLES, "\xD9\x85\xE2\x80\x8C" "a", "\xD9\x85" "a");
  /* Bidi controls, variation selectors (BMP and supplement), word joiner. */
  assert_norm(VB_NORM_INVISIBLES, "\xE2\x80\x8Fx\xE2\x81\xA7y\xEF\xB8\x8Fz\xF3\xA0\x84\x80w\xE2\x81\xA0v",
              "xyzwv");
}

static void confusables_fold_inside_latin_words_only(void **state) {
  (void)state;
  /* "pаypal" with a Cyrillic а; "Москва" and the all-look-alike "сор" stay. */
  assert_norm(VB_NORM_CONFUSABLES, "p\xD0\xB0ypal \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 \xD1\x81\xD0\xBE\xD1\x80",
              "paypal \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 \xD1\x81\xD0\xBE\xD1\x80");
  /* Greek capital Kappa in a German word. */
  assert_norm(VB_NORM_CONFUSABLES, "\xCE\x9A" "affee", "Kaffee");
  /* Everywhere when asked: "сор" becomes "cop". */
  assert_norm(VB_NORM_CONFUSABLES_ALL, "\xD1\x81\xD0\xBE\xD1\x80", "cop");
  /* A folded letter is case folded and composes like a Latin one. */
  assert_norm(VB_NORM_CONFUSABLES_ALL | VB_NORM_CASEFOLD | VB_NORM_NFC, "\xD0\x90\xCC\x81", "\xC3\xA1");
}

static void marks_are_stripped_and_the_rest_recomposed(void **state) {
  (void)state;
  assert_norm(VB_NORM_STRIP_MARKS | VB_NORM_NFC, "Caf\xC3\xA9 na\xC3\xAFve \xC3\x85ngstr\xC3\xB6m",
              "Cafe naive Angstrom");
  assert_norm(VB_NORM_STRIP_MARKS | VB_NORM_NFC, "\xE1\xBC\x84\xCE\xBB\xCF\x86\xCE\xB1", /* ἄλφα */
              "\xCE\xB1\xCE\xBB\xCF\x86\xCE\xB1");
  /* Hangul has no marks: decomposed and recomposed unchanged. */
  assert_norm(VB_NORM_STRIP_MARKS | VB_NORM_NFC, "\xED\x95\x9C", "\xED\x95\x9C");
}

static void spaces_map_and_collapse(void **state) {
  (void)state;
  assert_norm(VB_NORM_SPACES, "a\tb\xC2\xA0\xC2\xA0" "c\xE3\x80\x80" "d\xE2\x80\xA8" "e\n", "a b  c d e\n");
  assert_norm(VB_NORM_SPACES | VB_NORM_COLLAPSE_SPACES, "a \t b\xC2\xA0 \xE2\x80\x89" "c   ", "a b c ");
  assert_norm(VB_NORM_SPACES | VB_NORM_COLLAPSE_SPACES, "  lead", " lead");
}

/* ---- the offset map ------------------------------------------------------ */

static void offsets_point_back_to_the_original_bytes(void **state) {
  (void)state;
  /* "é" decomposed, then "…", then a removed ZWSP, then ASCII. */
  const char *text = "Xe\xCC\x81\xE2\x80\xA6\xE2\x80\x8Bok";
  vb_error err;
  vb_normalizer *n = vb_normalizer_new(NULL, VB_NORM_DEFAULT, &err);
  assert_int_equal(vb_normalizer_run(n, text, strlen(text), &err), VB_OK);
  size_t len;
  const char *out = vb_normalizer_output(n, &len);
  assert_int_equal(len, 8);
  assert_memory_equal(out, "x\xC3\xA9...ok", 8);
  vb_span s = vb_normalizer_map(n, 0); /* x <- X */
  assert_int_equal(s.start, 0);
  assert_int_equal(s.end, 1);
  s = vb_normalizer_map(n, 2); /* second byte of é <- all of e + U+0301 */
  assert_int_equal(s.start, 1);
  assert_int_equal(s.end, 4);
  s = vb_normalizer_map(n, 4); /* middle dot <- the whole … and the ZWSP removed after it */
  assert_int_equal(s.start, 4);
  assert_int_equal(s.end, 10);
  s = vb_normalizer_map_span(n, 6, 8); /* "ok" skips the removed ZWSP */
  assert_int_equal(s.start, 10);
  assert_int_equal(s.end, 12);
  s = vb_normalizer_map_span(n, 3, 6); /* "..." <- "…" and the ZWSP removed after it */
  assert_int_equal(s.start, 4);
  assert_int_equal(s.end, 10);
  s = vb_normalizer_map(n, 99);
  assert_int_equal(s.start, strlen(text));
  s = vb_normalizer_map_span(n, 1, 1);
  assert_int_equal(s.start, 1);
  assert_int_equal(s.end, 1);
  check_map(n, strlen(text));
  vb_normalizer_free(n);
}

static void removed_characters_at_the_ends_are_covered(void **state) {
  (void)state;
  const char *text = "\xEF\xBB\xBFhi\xE2\x80\x8B";
  vb_error err;
  vb_normalizer *n = vb_normalizer_new(NULL, VB_NORM_INVISIBLES, &err);
  assert_int_equal(vb_normalizer_run(n, text, strlen(text), &err), VB_OK);
  size_t len, nseg;
  vb_normalizer_output(n, &len);
  assert_int_equal(len, 2);
  const vb_norm_segment *seg = vb_normalizer_segments(n, &nseg);
  assert_int_equal(nseg, 3);
  assert_int_equal(seg[0].out_len, 0);
  assert_int_equal(seg[0].in_len, 3);
  check_map(n, strlen(text));
  vb_span s = vb_normalizer_map_span(n, 0, 1);
  assert_int_equal(s.start, 0);
  assert_int_equal(s.end, 4);
  vb_normalizer_free(n);
}

static void copied_runs_are_one_segment(void **state) {
  (void)state;
  /* ASCII, lowercase Cyrillic and CJK under the default set: all unchanged
   * or changed byte for byte, so one exact segment. */
  const char *text = "The news: \xD0\xBD\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82\xD0\xB8 \xE6\x96\xB0\xE9\x97\xBB";
  vb_error err;
  vb_normalizer *n = vb_normalizer_new(NULL, VB_NORM_DEFAULT, &err);
  assert_int_equal(vb_normalizer_run(n, text, strlen(text), &err), VB_OK);
  size_t nseg;
  const vb_norm_segment *seg = vb_normalizer_segments(n, &nseg);
  assert_int_equal(nseg, 1);
  assert_true(seg[0].exact);
  assert_int_equal(seg[0].in_len, strlen(text));
  vb_normalizer_free(n);
}

static void random_text_has_a_sound_map_under_every_option(void **state) {
  (void)state;
  rng_state = 0x9E3779B97F4A7C15u;
  char buf[4 * 64];
  for (size_t f = 0; f < NFLAGS; f++) {
    vb_error err;
    vb_normalizer *n = vb_normalizer_new(NULL, flag_sets[f], &err);
    assert_non_null(n);
    for (int round = 0; round < 400; round++) {
      size_t len = random_text(buf, 64);
      assert_int_equal(vb_normalizer_run(n, buf, len, &err), VB_OK);
      check_map(n, len);
      size_t out_len;
      const char *out = vb_normalizer_output(n, &out_len);
      assert_true(vb_utf8_valid(out, out_len, NULL));
    }
    vb_normalizer_free(n);
  }
}

/* ---- the quick check and utf8proc ------------------------------------------ */

static char *all_code_points(size_t *len, const char *before, const char *after) {
  size_t cap = 0x110000 * (4 + strlen(before) + strlen(after)), n = 0;
  char *buf = malloc(cap);
  for (uint32_t c = 1; c < 0x110000; c++) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    memcpy(buf + n, before, strlen(before));
    n += strlen(before);
    n += put_utf8(buf + n, c);
    memcpy(buf + n, after, strlen(after));
    n += strlen(after);
  }
  *len = n;
  return buf;
}

static void run_both(unsigned flags, const char *text, size_t len) {
  vb_error err;
  vb_normalizer *quick = vb_normalizer_new(NULL, flags, &err);
  vb_normalizer *full = vb_normalizer_new(NULL, flags, &err);
  vb_normalizer_set_quick_check(full, false);
  assert_int_equal(vb_normalizer_run(quick, text, len, &err), VB_OK);
  assert_int_equal(vb_normalizer_run(full, text, len, &err), VB_OK);
  size_t qlen, flen, qseg, fseg;
  const char *q = vb_normalizer_output(quick, &qlen);
  const char *f = vb_normalizer_output(full, &flen);
  if (qlen != flen || memcmp(q, f, qlen) != 0) {
    size_t k = 0;
    while (k < qlen && k < flen && q[k] == f[k]) k++;
    vb_span s = vb_normalizer_map(full, k);
    fail_msg("flags 0x%x: quick check differs at output byte %zu (input byte %zu)", flags, k,
             s.start);
  }
  const vb_norm_segment *qs = vb_normalizer_segments(quick, &qseg);
  const vb_norm_segment *fs = vb_normalizer_segments(full, &fseg);
  assert_int_equal(qseg, fseg);
  for (size_t k = 0; k < qseg; k++) {
    assert_int_equal(qs[k].in_len, fs[k].in_len);
    assert_int_equal(qs[k].out_len, fs[k].out_len);
    assert_int_equal(qs[k].exact, fs[k].exact);
  }
  size_t qq, fq;
  const vb_norm_quote *qa = vb_normalizer_quotes(quick, &qq);
  const vb_norm_quote *fa = vb_normalizer_quotes(full, &fq);
  assert_int_equal(qq, fq);
  for (size_t k = 0; k < qq; k++) {
    assert_int_equal(qa[k].offset, fa[k].offset);
    assert_int_equal(qa[k].role, fa[k].role);
  }
  vb_normalizer_free(quick);
  vb_normalizer_free(full);
}

static void quick_check_agrees_with_the_full_path_on_every_code_point(void **state) {
  (void)state;
  size_t len;
  static const char *const ctx[][2] = {{"", ""}, {"a", "\xCC\x81"}, {" ", "\xE1\x85\xA1"}};
  /* Every option alone; then in context (after a letter and before a
   * combining mark, after a space and before a Hangul vowel) the forms. */
  static const unsigned in_context[] = {VB_NORM_NFC, VB_NORM_NFKC | VB_NORM_CASEFOLD,
                                        VB_NORM_STRIP_MARKS | VB_NORM_NFC, VB_NORM_DEFAULT};
  for (size_t c = 0; c < 3; c++) {
    char *text = all_code_points(&len, ctx[c][0], ctx[c][1]);
    if (c == 0)
      for (size_t f = 0; f < NFLAGS; f++) run_both(flag_sets[f], text, len);
    else
      for (size_t f = 0; f < sizeof in_context / sizeof in_context[0]; f++)
        run_both(in_context[f], text, len);
    free(text);
  }
}

static void check_utf8proc(unsigned flags, utf8proc_option_t opts, const char *text, size_t len) {
  vb_error err;
  vb_normalizer *n = vb_normalizer_new(NULL, flags, &err);
  assert_int_equal(vb_normalizer_run(n, text, len, &err), VB_OK);
  size_t out_len;
  const char *out = vb_normalizer_output(n, &out_len);
  utf8proc_uint8_t *want = NULL;
  utf8proc_ssize_t wlen = utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len, &want, opts);
  assert_true(wlen >= 0);
  if ((size_t)wlen != out_len || memcmp(want, out, out_len) != 0) {
    size_t k = 0;
    while (k < out_len && k < (size_t)wlen && want[k] == (uint8_t)out[k]) k++;
    fail_msg("flags 0x%x: differs from utf8proc at output byte %zu (input byte %zu)", flags, k,
             vb_normalizer_map(n, k).start);
  }
  free(want);
  vb_normalizer_free(n);
}

static const struct {
  unsigned flags;
  utf8proc_option_t opts;
} forms[] = {
    {VB_NORM_NFC, UTF8PROC_STABLE | UTF8PROC_COMPOSE},
    {VB_NORM_NFKC, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT},
    {VB_NORM_CASEFOLD, UTF8PROC_CASEFOLD},
    {VB_NORM_NFC | VB_NORM_CASEFOLD, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD},
    {VB_NORM_NFKC | VB_NORM_CASEFOLD,
     UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD},
};

static void forms_agree_with_utf8proc_map(void **state) {
  (void)state;
  size_t len;
  char *text = all_code_points(&len, "", "");
  for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++)
    check_utf8proc(forms[f].flags, forms[f].opts, text, len);
  free(text);
  /* Random text: combining sequences, Hangul, compatibility characters. */
  rng_state = 12345;
  char buf[4 * 48];
  for (int round = 0; round < 3000; round++) {
    size_t n = random_text(buf, 48);
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++)
      check_utf8proc(forms[f].flags, forms[f].opts, buf, n);
  }
}

/* ---- the ASCII fast path ----------------------------------------------------- */

static void ascii_fast_paths_agree_byte_for_byte(void **state) {
  (void)state;
  vb_ascii_impl impls[8];
  size_t count = vb_ascii_impls(impls, 8);
  assert_true(count >= 1);
  rng_state = 777;
  static const char pool[] = "aZ \t.Q  xy\x80M";
  uint8_t in[300], out_ref[300 + VB_ASCII_SLACK], out[300 + VB_ASCII_SLACK];
  for (int round = 0; round < 20000; round++) {
    size_t n = rnd() % 300;
    /* Mostly plain text, sometimes a special byte. */
    for (size_t k = 0; k < n; k++) in[k] = (rnd() % 16) ? (uint8_t)(' ' + rnd() % 95) : (uint8_t)pool[rnd() % 12];
    unsigned mode = rnd() % 8;
    bool prev = rnd() % 2;
    size_t want = impls[0].fn(in, n, out_ref, mode, prev);
    for (size_t i = 1; i < count; i++) {
      if (!impls[i].usable) continue;
      size_t got = impls[i].fn(in, n, out, mode, prev);
      assert_int_equal(got, want);
      assert_memory_equal(out, out_ref, want);
    }
    /* And the reference is right: it stops only at a special byte. */
    for (size_t k = 0; k < want; k++) {
      uint8_t c = in[k];
      assert_true(c < 0x80);
      assert_int_equal(out_ref[k], (mode & VB_ASCII_FOLD) && c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (want < n) {
      uint8_t c = in[want];
      bool pspace = want > 0 ? in[want - 1] == ' ' : prev;
      assert_true(c >= 0x80 || ((mode & VB_ASCII_TAB) && c == '\t') ||
                  ((mode & VB_ASCII_COLLAPSE) && c == ' ' && pspace));
    }
  }
}

static void every_ascii_path_gives_the_same_normalization(void **state) {
  (void)state;
  vb_ascii_impl impls[8];
  size_t count = vb_ascii_impls(impls, 8);
  rng_state = 4242;
  char buf[4 * 200];
  for (int round = 0; round < 300; round++) {
    size_t len = random_text(buf, 200);
    char *first = NULL;
    size_t first_len = 0;
    for (size_t i = 0; i < count; i++) {
      if (!impls[i].usable) continue;
      vb_error err;
      vb_normalizer *n = vb_normalizer_new(NULL, VB_NORM_DEFAULT | VB_NORM_COLLAPSE_SPACES, &err);
      vb_normalizer_set_ascii(n, impls[i].fn);
      assert_int_equal(vb_normalizer_run(n, buf, len, &err), VB_OK);
      size_t out_len;
      const char *out = vb_normalizer_output(n, &out_len);
      if (first == NULL) {
        first = malloc(out_len + 1);
        memcpy(first, out, out_len);
        first_len = out_len;
      } else {
        assert_int_equal(out_len, first_len);
        assert_memory_equal(out, first, out_len);
      }
      vb_normalizer_free(n);
    }
    free(first);
  }
}

static void every_map_entry_is_applied_and_nothing_else(void **state) {
  (void)state;
  vb_error err;
  unsigned flags = VB_NORM_QUOTES | VB_NORM_DASHES | VB_NORM_ELLIPSIS | VB_NORM_SPACES |
                   VB_NORM_INVISIBLES | VB_NORM_CONFUSABLES_ALL;
  vb_normalizer *n = vb_normalizer_new(NULL, flags, &err);
  for (uint32_t c = 0x80; c < 0x30000; c++) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    char in[4];
    size_t in_len = put_utf8(in, c), len;
    assert_int_equal(vb_normalizer_run(n, in, in_len, &err), VB_OK);
    const char *out = vb_normalizer_output(n, &len);
    const vb_nmap_entry *e = NULL;
    for (size_t k = 0; k < VB_NMAP_COUNT; k++)
      if (c >= vb_nmap[k].lo && c <= vb_nmap[k].hi) e = &vb_nmap[k];
    if (e == NULL) {
      assert_int_equal(len, in_len);
      assert_memory_equal(out, in, len);
    } else {
      /* Alone, a joiner has no neighbours to keep it. */
      assert_int_equal(len, e->len);
      assert_memory_equal(out, e->repl, len);
    }
  }
  vb_normalizer_free(n);
}

static void only_tab_is_an_ascii_entry_of_the_map(void **state) {
  (void)state;
  /* The fast path handles the map's ASCII entries by hand. */
  assert_string_equal(VB_NMAP_ASCII, "\t");
}

/* ---- UTF-8 errors ----------------------------------------------------------- */

static void invalid_utf8_fails_with_its_offset(void **state) {
  (void)state;
  vb_error err;
  vb_normalizer *n = vb_normalizer_new(NULL, VB_NORM_DEFAULT, &err);
  static const char *const bad[] = {"abc\xFF", "caf\xC3\xA9\xC3", "\xE2\x80\x9Cx\xED\xA0\x80",
                                    "e\xCC\xE0\x80\x80"};
  static const size_t at[] = {3, 5, 4, 1};
  for (size_t k = 0; k < 4; k++) {
    assert_int_equal(vb_normalizer_run(n, bad[k], strlen(bad[k]), &err), VB_ERR_UTF8);
    assert_int_equal(err.offset, at[k]);
    size_t len, nseg;
    vb_normalizer_output(n, &len);
    vb_normalizer_segments(n, &nseg);
    assert_int_equal(len, 0);
    assert_int_equal(nseg, 0);
  }
  vb_normalizer_free(n);
}

static void lenient_mode_replaces_and_counts(void **state) {
  (void)state;
  const char *text = "a\xFF" "b\xE2\x80" "c\xCC";
  vb_error err;
  vb_normalizer *n = vb_normalizer_new(NULL, VB_NORM_DEFAULT | VB_NORM_LENIENT, &err);
  assert_int_equal(vb_normalizer_run(n, text, strlen(text), &err), VB_OK);
  size_t len;
  const char *out = vb_normalizer_output(n, &len);
  assert_int_equal(len, 12);
  assert_memory_equal(out, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD", 12);
  assert_int_equal(vb_normalizer_replaced(n), 3);
  vb_span s = vb_normalizer_map(n, 6); /* second U+FFFD <- the two bytes E2 80 */
  assert_int_equal(s.start, 3);
  assert_int_equal(s.end, 5);
  check_map(n, strlen(text));
  vb_normalizer_free(n);
}

/* ---- the handle -------------------------------------------------------------- */

static void a_normalizer_is_reusable(void **state) {
  (void)state;
  vb_error err;
  vb_normalizer *n = vb_normalizer_new(NULL, VB_NORM_DEFAULT, &err);
  assert_int_equal(vb_normalizer_flags(n), VB_NORM_DEFAULT);
  const char *a = "First \xE2\x80\x9Ctext\xE2\x80\x9D.", *b = "Second.";
  assert_int_equal(vb_normalizer_run(n, a, strlen(a), &err), VB_OK);
  assert_int_equal(vb_normalizer_run(n, b, strlen(b), &err), VB_OK);
  size_t len, nq;
  const char *out = vb_normalizer_output(n, &len);
  assert_int_equal(len, 7);
  assert_memory_equal(out, "second.", 7);
  vb_normalizer_quotes(n, &nq);
  assert_int_equal(nq, 0);
  vb_normalizer_reset(n);
  vb_normalizer_output(n, &len);
  assert_int_equal(len, 0);
  assert_int_equal(vb_normalizer_run(n, "", 0, &err), VB_OK);
  assert_int_equal(vb_normalizer_run(n, NULL, 0, &err), VB_OK);
  assert_int_equal(vb_normalizer_run(n, NULL, 3, &err), VB_ERR_ARG);
  vb_normalizer_free(n);
  vb_normalizer_free(NULL);
}

static void the_simple_call_says_how_much_room_it_needs(void **state) {
  (void)state;
  char out[16];
  size_t len = 0;
  vb_error err;
  assert_int_equal(vb_normalize("Wait\xE2\x80\xA6", 7, VB_NORM_DEFAULT, out, sizeof out, &len, &err), VB_OK);
  assert_int_equal(len, 7);
  assert_memory_equal(out, "wait...", 7);
  assert_int_equal(vb_normalize("Wait\xE2\x80\xA6", 7, VB_NORM_DEFAULT, out, 4, &len, &err), VB_ERR_LIMIT);
  assert_int_equal(len, 7);
  assert_int_equal(vb_normalize("x\xFF", 2, 0, out, sizeof out, &len, &err), VB_ERR_UTF8);
  assert_int_equal(err.offset, 1);
}

static void the_record_carries_text_map_and_quotes(void **state) {
  (void)state;
  vb_error err;
  vb_normalizer *n = vb_normalizer_new(NULL, VB_NORM_DEFAULT, &err);
  const char *text = "A\xE2\x80\x9D";
  assert_int_equal(vb_normalizer_run(n, text, strlen(text), &err), VB_OK);
  vb_writer *w = vb_writer_new(NULL), *j = vb_writer_new(NULL);
  assert_int_equal(vb_normalizer_write(n, w, "d1", 2, &err), VB_OK);
  size_t len;
  const uint8_t *rec = vb_writer_data(w, &len);
  assert_int_equal(vb_writer_json(j, rec, len, &err), VB_OK);
  const uint8_t *json = vb_writer_data(j, &len);
  const char *want = "{\"doc\":\"d1\",\"map\":[[0,0,1,1,1],[1,1,1,3,0]],\"text\":\"a\\\"\","
                     "\"type\":\"normalized\",\"quotes\":[[1,2]]}\n";
  assert_int_equal(len, strlen(want));
  assert_memory_equal(json, want, len);
  assert_int_equal(vb_normalizer_write(n, w, "\xFF", 1, &err), VB_ERR_UTF8);
  vb_writer_free(w);
  vb_writer_free(j);
  vb_normalizer_free(n);
}

static void normalizing_twice_changes_nothing_more(void **state) {
  (void)state;
  rng_state = 99;
  char buf[4 * 64];
  for (size_t f = 0; f < NFLAGS; f++) {
    vb_error err;
    vb_normalizer *once = vb_normalizer_new(NULL, flag_sets[f], &err);
    vb_normalizer *twice = vb_normalizer_new(NULL, flag_sets[f], &err);
    for (int round = 0; round < 300; round++) {
      size_t len = random_text(buf, 64), l1, l2;
      assert_int_equal(vb_normalizer_run(once, buf, len, &err), VB_OK);
      const char *o1 = vb_normalizer_output(once, &l1);
      assert_int_equal(vb_normalizer_run(twice, o1, l1, &err), VB_OK);
      const char *o2 = vb_normalizer_output(twice, &l2);
      if (l1 != l2 || memcmp(o1, o2, l1) != 0) {
        char hex[3 * sizeof buf + 1] = "";
        for (size_t k = 0; k < len; k++) snprintf(hex + 3 * k, 4, "%02x ", (uint8_t)buf[k]);
        fail_msg("flags 0x%x: not idempotent on round %d: %s", flag_sets[f], round, hex);
      }
    }
    vb_normalizer_free(once);
    vb_normalizer_free(twice);
  }
}

/* Pieces for words that mix look-alikes with characters the word test could
 * see differently before and after normalization: compatibility characters
 * that become Latin letters under NFKC (ⓐ № ™ ℃ ㎏ Ⅸ ⅰ 𝐚 ﬁ ª ᵃ), letters
 * whose case or marks decide whether they are look-alikes (Ή ϔ ᾳ ΐ ӓ),
 * Greek and Cyrillic letters that are not look-alikes, marks, invisibles
 * and separators. */
static const char *const lookalike_pieces[] = {
    "a", "e", "o", "p", "x", "k", "H", "T",
    "\xD0\xB0", "\xD0\xB5", "\xD0\xBE", "\xD1\x80", "\xD1\x81", "\xD1\x83", "\xD1\x96", "\xD1\x98",
    "\xD0\x9A", "\xD0\x9D", "\xD0\xA0", "\xD0\xA1", "\xD3\x8F", "\xD4\x81", "\xD4\x9A",
    "\xCE\x91", "\xCE\x97", "\xCE\x99", "\xCE\x9D", "\xCE\xBF", "\xCE\xBD", "\xCE\xB9", "\xCE\xB1",
    "\xD0\xBA", "\xD0\xB4", "\xCE\xBB", "\xCF\x89", "\xCE\x90", "\xCE\x89", "\xCF\x94", "\xCF\x92",
    "\xE1\xBE\xB3", "\xD3\x93", "\xCD\x85", "\xCF\x82",
    "\xE2\x93\x90", "\xE2\x93\x80", "\xE2\x84\x96", "\xE2\x84\xA2", "\xE2\x84\x83", "\xE3\x8E\x8F",
    "\xE2\x85\xA8", "\xE2\x85\xB0", "\xF0\x9D\x90\x9A", "\xF0\x9D\x9B\x90", "\xEF\xAC\x81",
    "\xC2\xAA", "\xE1\xB5\x83", "\xC7\x85", "\xE2\x84\xAA", "\xC5\xBF", "\xC3\x9F", "\xE1\xBA\x9E",
    "\xC4\xB0", "\xC4\xB1", "\xEF\xBD\x81", "\xE1\x8E\xAA",
    "\xCC\x81", "\xCC\x88", "\xCD\x82", "\xE2\x80\x8B", "\xE2\x80\x8C", "\xE2\x80\x8D", "\xC2\xAD",
    "\xEF\xB8\x8F", " ", "\xC2\xA0", "-", "\xE2\x80\x94", "1", "\xC2\xBD", ".",
};

/* Found by a property test over lookalike_pieces: the word test looked at
 * the original characters, so a compatibility character (ⓐ, №, ℃) split a
 * word that its normalized form (a, no, °c) joins, and a letter counted by
 * its case-folded base (Ή as η) was a look-alike only in the output (Η).
 * The second run then folded what the first had left. */
static void confusable_folding_is_idempotent_on_lookalike_words(void **state) {
  (void)state;
  /* The inputs that showed it, with the answer both runs now give. */
  assert_norm(VB_NORM_DEFAULT | VB_NORM_CONFUSABLES, "\xE2\x93\x90\xD0\x9E", "ao"); /* ⓐО */
  assert_norm(VB_NORM_DEFAULT | VB_NORM_CONFUSABLES, "\xE2\x84\x96\xD0\x86", "noi"); /* №І */
  assert_norm(VB_NORM_DEFAULT | VB_NORM_CONFUSABLES, "\xE2\x84\x83\xD1\x81", "\xC2\xB0" "cc");
  assert_norm(VB_NORM_STRIP_MARKS | VB_NORM_CONFUSABLES, "\xD1\x85\xC3\x9F\xCE\x89", /* хßΉ */
              "x\xC3\x9FH");
  static const unsigned sets[] = {
      VB_NORM_CONFUSABLES,
      VB_NORM_NFC | VB_NORM_CONFUSABLES,
      VB_NORM_NFKC | VB_NORM_CONFUSABLES,
      VB_NORM_CASEFOLD | VB_NORM_CONFUSABLES,
      VB_NORM_STRIP_MARKS | VB_NORM_CONFUSABLES,
      VB_NORM_NFKC | VB_NORM_STRIP_MARKS | VB_NORM_CONFUSABLES,
      VB_NORM_DEFAULT | VB_NORM_CONFUSABLES,
      VB_NORM_DEFAULT | VB_NORM_CONFUSABLES | VB_NORM_STRIP_MARKS,
      VB_NORM_DEFAULT | VB_NORM_CONFUSABLES_ALL | VB_NORM_STRIP_MARKS,
  };
  size_t npieces = sizeof lookalike_pieces / sizeof lookalike_pieces[0];
  rng_state = 2026;
  char buf[16 * 8];
  for (size_t f = 0; f < sizeof sets / sizeof sets[0]; f++) {
    vb_error err;
    vb_normalizer *once = vb_normalizer_new(NULL, sets[f], &err);
    vb_normalizer *twice = vb_normalizer_new(NULL, sets[f], &err);
    assert_non_null(once);
    assert_non_null(twice);
    for (int round = 0; round < 3000; round++) {
      size_t len = 0, count = 1 + rnd() % 12, l1, l2;
      for (size_t k = 0; k < count; k++) {
        const char *p = lookalike_pieces[rnd() % npieces];
        memcpy(buf + len, p, strlen(p));
        len += strlen(p);
      }
      assert_int_equal(vb_normalizer_run(once, buf, len, &err), VB_OK);
      const char *o1 = vb_normalizer_output(once, &l1);
      assert_int_equal(vb_normalizer_run(twice, o1, l1, &err), VB_OK);
      const char *o2 = vb_normalizer_output(twice, &l2);
      if (l1 != l2 || memcmp(o1, o2, l1) != 0)
        fail_msg("flags 0x%x: not idempotent on \"%.*s\" -> \"%.*s\" -> \"%.*s\"", sets[f],
                 (int)len, buf, (int)l1, o1, (int)l2, o2);
    }
    vb_normalizer_free(once);
    vb_normalizer_free(twice);
  }
}

/* The documented exception (VB_NORM_CONFUSABLES): the word test looks 64
 * letters each way, so in a longer word a look-alike far from every Latin
 * letter is left on the first run and folded on the second, once its
 * neighbours have become Latin. Within the window, one run is enough. */
static void confusable_folding_looks_sixty_four_letters_each_way(void **state) {
  (void)state;
  char word[1 + 2 * 80 + 1];
  word[0] = 'x';
  for (int k = 0; k < 80; k++) memcpy(word + 1 + 2 * k, "\xD0\xBE", 2); /* о */
  word[sizeof word - 1] = '\0';
  char *once = norm(VB_NORM_CONFUSABLES, word);
  /* 'x' and the first 64 look-alikes are folded; the rest are not. */
  assert_int_equal(strspn(once, "xo"), 1 + 64);
  assert_int_equal(strlen(once), 1 + 64 + 2 * 16);
  char *twice = norm(VB_NORM_CONFUSABLES, once);
  assert_true(strspn(twice, "xo") > 1 + 64);
  free(twice);
  free(once);
  word[1 + 2 * 60] = '\0'; /* x and 60 look-alikes: all within the window */
  once = norm(VB_NORM_CONFUSABLES, word);
  assert_int_equal(strspn(once, "xo"), 61);
  twice = norm(VB_NORM_CONFUSABLES, once);
  assert_string_equal(once, twice);
  free(twice);
  free(once);
}

static void record_writing_survives_allocation_failures(void **state) {
  (void)state;
  vb_error err;
  vb_normalizer *n = vb_normalizer_new(NULL, VB_NORM_DEFAULT, &err);
  const char *text = "\xE2\x80\x9CQuoted\xE2\x80\x9D and \xE2\x80\x98more\xE2\x80\x99 text";
  assert_int_equal(vb_normalizer_run(n, text, strlen(text), &err), VB_OK);
  for (long fail = 1;; fail++) {
    test_alloc t;
    vb_allocator a = test_alloc_make(&t, fail);
    vb_writer *w = vb_writer_new(&a);
    if (w == NULL) continue;
    vb_status st = vb_normalizer_write(n, w, "doc", 3, &err);
    size_t len;
    vb_writer_data(w, &len);
    if (st == VB_OK) {
      assert_true(len > 0);
      vb_writer_free(w);
      assert_int_equal(t.live, 0);
      break;
    }
    assert_int_equal(st, VB_ERR_NOMEM);
    assert_int_equal(len, 0); /* nothing half-written */
    vb_writer_free(w);
    assert_int_equal(t.live, 0);
    assert_true(fail < 50);
  }
  vb_normalizer_free(n);
}

static void allocation_failures_return_nomem_and_leak_nothing(void **state) {
  (void)state;
  /* Long enough to grow every buffer: segments, quotes, scratch. */
  char text[4096];
  size_t len = 0;
  while (len + 64 < sizeof text) {
    static const char piece[] = "Big \xE2\x80\x9Cnews\xE2\x80\x9D \xEF\xAC\x81ne e\xCC\x81\xCC\x81 \xD0\x90\xE2\x80\x8B ";
    memcpy(text + len, piece, sizeof piece - 1);
    len += sizeof piece - 1;
  }
  size_t want_len = 0;
  char *want = NULL;
  for (long fail = 1;; fail++) {
    test_alloc t;
    vb_allocator a = test_alloc_make(&t, fail);
    vb_error err;
    vb_normalizer *n = vb_normalizer_new(&a, VB_NORM_DEFAULT | VB_NORM_COLLAPSE_SPACES, &err);
    if (n == NULL) {
      assert_int_equal(err.status, VB_ERR_NOMEM);
      assert_int_equal(t.live, 0);
      continue;
    }
    vb_status st = vb_normalizer_run(n, text, len, &err);
    if (st == VB_OK) {
      assert_false(t.failed);
      size_t out_len;
      const char *out = vb_normalizer_output(n, &out_len);
      want = malloc(out_len);
      memcpy(want, out, out_len);
      want_len = out_len;
      vb_normalizer_free(n);
      assert_int_equal(t.live, 0);
      break;
    }
    assert_int_equal(st, VB_ERR_NOMEM);
    assert_int_equal(err.status, VB_ERR_NOMEM);
    size_t out_len;
    vb_normalizer_output(n, &out_len);
    assert_int_equal(out_len, 0);
    /* The handle still works once memory is back. */
    t.fail_at = 0;
    assert_int_equal(vb_normalizer_run(n, text, len, &err), VB_OK);
    vb_normalizer_free(n);
    assert_int_equal(t.live, 0);
    assert_true(fail < 100);
  }
  assert_true(want_len > 0);
  free(want);
}

/* Found by tests/python/test_binding_robustness.py: the binding passes
 * None as NULL, and run, map and replaced dereferenced it (a segfault in
 * Python). A NULL normalizer is an argument error; getters answer empty. */
static void a_null_normalizer_is_an_argument_error(void **state) {
  (void)state;
  vb_error err;
  assert_int_equal(vb_normalizer_run(NULL, "x", 1, &err), VB_ERR_ARG);
  assert_int_equal(err.status, VB_ERR_ARG);
  assert_int_equal(vb_normalizer_write(NULL, NULL, "d", 1, &err), VB_ERR_ARG);
  size_t n = 7;
  assert_string_equal(vb_normalizer_output(NULL, &n), "");
  assert_int_equal(n, 0);
  assert_null(vb_normalizer_segments(NULL, &n));
  assert_null(vb_normalizer_quotes(NULL, &n));
  assert_int_equal(vb_normalizer_replaced(NULL), 0);
  assert_int_equal(vb_normalizer_flags(NULL), 0);
  vb_span sp = vb_normalizer_map(NULL, 3);
  assert_int_equal(sp.start, 0);
  assert_int_equal(sp.end, 0);
  sp = vb_normalizer_map_span(NULL, 0, 3);
  assert_int_equal(sp.end, 0);
  vb_normalizer_reset(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_null_normalizer_is_an_argument_error),
      cmocka_unit_test(unknown_and_conflicting_flags_are_rejected),
      cmocka_unit_test(default_set_is_what_matching_uses),
      cmocka_unit_test(each_option_does_only_its_job),
      cmocka_unit_test(quotes_keep_whether_they_opened_or_closed),
      cmocka_unit_test(joiners_stay_only_inside_scripts_that_need_them),
      cmocka_unit_test(confusables_fold_inside_latin_words_only),
      cmocka_unit_test(marks_are_stripped_and_the_rest_recomposed),
      cmocka_unit_test(spaces_map_and_collapse),
      cmocka_unit_test(offsets_point_back_to_the_original_bytes),
      cmocka_unit_test(removed_characters_at_the_ends_are_covered),
      cmocka_unit_test(copied_runs_are_one_segment),
      cmocka_unit_test(random_text_has_a_sound_map_under_every_option),
      cmocka_unit_test(quick_check_agrees_with_the_full_path_on_every_code_point),
      cmocka_unit_test(forms_agree_with_utf8proc_map),
      cmocka_unit_test(ascii_fast_paths_agree_byte_for_byte),
      cmocka_unit_test(every_ascii_path_gives_the_same_normalization),
      cmocka_unit_test(every_map_entry_is_applied_and_nothing_else),
      cmocka_unit_test(only_tab_is_an_ascii_entry_of_the_map),
      cmocka_unit_test(invalid_utf8_fails_with_its_offset),
      cmocka_unit_test(lenient_mode_replaces_and_counts),
      cmocka_unit_test(a_normalizer_is_reusable),
      cmocka_unit_test(the_simple_call_says_how_much_room_it_needs),
      cmocka_unit_test(the_record_carries_text_map_and_quotes),
      cmocka_unit_test(normalizing_twice_changes_nothing_more),
      cmocka_unit_test(confusable_folding_is_idempotent_on_lookalike_words),
      cmocka_unit_test(confusable_folding_looks_sixty_four_letters_each_way),
      cmocka_unit_test(record_writing_survives_allocation_failures),
      cmocka_unit_test(allocation_failures_return_nomem_and_leak_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
