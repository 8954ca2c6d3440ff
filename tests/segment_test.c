/* The segmenter: tokens that tile the text, normalized hashes, sentences with
 * the abbreviation layer, paragraphs in both modes, errors and allocation
 * failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_alloc.h"
#include "verbatim/segment.h"

static vb_segmenter *run_ok(const char *text, unsigned flags) {
  vb_segmenter *seg = vb_segmenter_new(NULL);
  assert_non_null(seg);
  vb_error err;
  assert_int_equal(vb_segmenter_run(seg, text, strlen(text), flags, &err), VB_OK);
  return seg;
}

/* Tokens cover every byte once, in order, with no empty token. */
static void assert_tiles(const vb_segmenter *seg, size_t text_len) {
  size_t n;
  const vb_token *tok = vb_segmenter_tokens(seg, &n);
  size_t pos = 0;
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(tok[i].start, pos);
    assert_true(tok[i].end > tok[i].start);
    pos = tok[i].end;
  }
  assert_int_equal(pos, text_len);
}

static int count_kind(const vb_segmenter *seg, vb_token_kind kind) {
  size_t n;
  const vb_token *tok = vb_segmenter_tokens(seg, &n);
  int c = 0;
  for (size_t i = 0; i < n; i++) c += tok[i].kind == kind;
  return c;
}

static void tokens_tile_the_text_and_have_kinds(void **state) {
  (void)state;
  const char *text = "The pier\xE2\x80\x99s 3rd gate cost $1,000.50 \xE2\x80\x94 \xF0\x9F\x98\x80 ok.\r\nNext";
  vb_segmenter *seg = run_ok(text, 0);
  assert_tiles(seg, strlen(text));
  size_t n;
  const vb_token *tok = vb_segmenter_tokens(seg, &n);
  /* The, pier’s, 3rd, gate, cost, ok, Next */
  assert_int_equal(count_kind(seg, VB_TOKEN_WORD), 7);
  assert_int_equal(count_kind(seg, VB_TOKEN_NUMBER), 1); /* 1,000.50 */
  assert_int_equal(count_kind(seg, VB_TOKEN_NEWLINE), 1); /* CR LF is one */
  assert_int_equal(count_kind(seg, VB_TOKEN_SYMBOL), 2);  /* $ and the emoji */
  assert_int_equal(count_kind(seg, VB_TOKEN_PUNCT), 2);   /* — and . */
  assert_int_equal(tok[2].end - tok[2].start, strlen("pier\xE2\x80\x99s"));
  vb_segmenter_free(seg);
}

static uint64_t first_word_hash(const char *text, char *norm_out) {
  vb_segmenter *seg = run_ok(text, 0);
  size_t n, nl;
  const vb_token *tok = vb_segmenter_tokens(seg, &n);
  const char *norm = vb_segmenter_norm(seg, &nl);
  assert_true(n >= 1);
  assert_int_equal(tok[0].kind, VB_TOKEN_WORD);
  uint64_t h = tok[0].hash;
  if (norm_out) {
    memcpy(norm_out, norm + tok[0].norm_off, tok[0].norm_len);
    norm_out[tok[0].norm_len] = 0;
  }
  vb_segmenter_free(seg);
  return h;
}

static void hashes_equal_across_apostrophes_case_and_nfkc(void **state) {
  (void)state;
  char norm[64];
  uint64_t straight = first_word_hash("don't", norm);
  assert_string_equal(norm, "don't");
  assert_int_equal(first_word_hash("Don\xE2\x80\x99t", norm), straight); /* ’ */
  assert_string_equal(norm, "don't");
  assert_int_equal(first_word_hash("DON\xCA\xBCT", NULL), straight); /* ʼ */
  /* NFKC: the "fi" ligature and fullwidth letters; NFD é vs NFC é. */
  assert_int_equal(first_word_hash("\xEF\xAC\x81ne", NULL), first_word_hash("fine", NULL));
  assert_int_equal(first_word_hash("\xEF\xBC\xA1\xEF\xBC\xA2", NULL), first_word_hash("ab", NULL));
  assert_int_equal(first_word_hash("Cafe\xCC\x81", norm), first_word_hash("caf\xC3\xA9", NULL));
  assert_string_equal(norm, "caf\xC3\xA9");
  /* Casefold, not just lowercase: German sharp s. */
  assert_int_equal(first_word_hash("STRASSE", NULL), first_word_hash("stra\xC3\x9F" "e", NULL));
  assert_int_not_equal(first_word_hash("dont", NULL), straight);
}

/* A token of invisibles (ZWNJ) normalizes to no bytes. When it comes first
 * the norm buffer is still unallocated; this once did pointer arithmetic on
 * NULL (found by fuzz_match under UBSan). Its hash must be the empty
 * string's and later tokens must be unaffected. */
static void tokens_that_normalize_to_nothing(void **state) {
  (void)state;
  const char *text = "\xE2\x80\x8C\xE2\x80\x8C Harbour";
  vb_segmenter *seg = run_ok(text, 0);
  assert_tiles(seg, strlen(text));
  size_t n;
  const vb_token *tok = vb_segmenter_tokens(seg, &n);
  assert_true(n >= 2);
  assert_int_equal(tok[0].norm_len, 0);
  uint64_t empty = tok[0].hash;
  char norm[64];
  assert_int_equal(tok[n - 1].hash, first_word_hash("harbour", norm));
  vb_segmenter_free(seg);
  vb_segmenter *alone = run_ok("\xE2\x80\x8C", 0);
  assert_int_equal(vb_segmenter_tokens(alone, &n)[0].hash, empty);
  vb_segmenter_free(alone);
}

static void seed_changes_hashes(void **state) {
  (void)state;
  vb_segmenter *seg = vb_segmenter_new(NULL);
  vb_error err;
  size_t n;
  assert_int_equal(vb_segmenter_run(seg, "harbour", 7, 0, &err), VB_OK);
  uint64_t h1 = vb_segmenter_tokens(seg, &n)[0].hash;
  vb_segmenter_set_seed(seg, 42);
  assert_int_equal(vb_segmenter_run(seg, "harbour", 7, 0, &err), VB_OK);
  assert_int_not_equal(vb_segmenter_tokens(seg, &n)[0].hash, h1);
  vb_segmenter_free(seg);
}

static void sentence_texts(const vb_segmenter *seg, const char *text, char out[][96], size_t *count) {
  size_t n;
  const vb_sentence *s = vb_segmenter_sentences(seg, &n);
  for (size_t i = 0; i < n; i++) {
    size_t len = s[i].end - s[i].start;
    assert_true(len < 96);
    memcpy(out[i], text + s[i].start, len);
    out[i][len] = 0;
  }
  *count = n;
}

static void abbreviations_do_not_end_sentences(void **state) {
  (void)state;
  const char *text = "Mr. Okafor met U.S. officials on Jan. 5. They left.";
  vb_segmenter *seg = run_ok(text, 0);
  char got[8][96];
  size_t n;
  sentence_texts(seg, text, got, &n);
  assert_int_equal(n, 2);
  assert_string_equal(got[0], "Mr. Okafor met U.S. officials on Jan. 5.");
  assert_string_equal(got[1], "They left.");
  vb_segmenter_free(seg);
}

static void plain_uax29_breaks_after_titles_and_months(void **state) {
  (void)state;
  const char *text = "Mr. Okafor met U.S. officials on Jan. 5. They left.";
  vb_segmenter *seg = run_ok(text, VB_SEGMENT_UAX29_ONLY);
  char got[8][96];
  size_t n;
  sentence_texts(seg, text, got, &n);
  /* UAX #29 alone breaks after "Mr." and "Jan." (a capital or a digit
   * follows) but not after "U.S." (a lowercase word follows, SB8). */
  assert_int_equal(n, 4);
  assert_string_equal(got[0], "Mr.");
  assert_string_equal(got[1], "Okafor met U.S. officials on Jan.");
  vb_segmenter_free(seg);
}

static void weak_abbreviations_end_sentences_before_capitals(void **state) {
  (void)state;
  const char *text = "Shares of Acme Inc. fell. The vote closed at 5 p.m. Officials said No. 4 won. "
                     "Dr. J. Smith agreed, e.g. on pay.";
  vb_segmenter *seg = run_ok(text, 0);
  char got[8][96];
  size_t n;
  sentence_texts(seg, text, got, &n);
  assert_int_equal(n, 4);
  assert_string_equal(got[0], "Shares of Acme Inc. fell.");
  assert_string_equal(got[1], "The vote closed at 5 p.m.");
  assert_string_equal(got[2], "Officials said No. 4 won.");
  assert_string_equal(got[3], "Dr. J. Smith agreed, e.g. on pay.");
  vb_segmenter_free(seg);
}

static void tokens_know_their_sentence_and_paragraph(void **state) {
  (void)state;
  const char *text = "One. Two.\n\nThree";
  vb_segmenter *seg = run_ok(text, 0);
  size_t n;
  const vb_token *tok = vb_segmenter_tokens(seg, &n);
  /* One . _ Two . \n \n Three */
  assert_int_equal(n, 8);
  assert_int_equal(tok[0].sentence, 0);
  assert_int_equal(tok[2].sentence, VB_SEGMENT_NONE); /* space between sentences */
  assert_int_equal(tok[3].sentence, 1);
  assert_int_equal(tok[2].paragraph, 0);              /* inside the paragraph */
  assert_int_equal(tok[5].paragraph, VB_SEGMENT_NONE); /* the blank line */
  assert_int_equal(tok[7].paragraph, 1);
  assert_int_equal(tok[7].sentence, 2);
  size_t np;
  const vb_paragraph *p = vb_segmenter_paragraphs(seg, &np);
  assert_int_equal(np, 2);
  assert_int_equal(p[0].sentence_count, 2);
  assert_int_equal(p[1].first_sentence, 2);
  assert_int_equal(p[0].word_count, 2);
  vb_segmenter_free(seg);
}

static void blank_line_mode_keeps_multiline_paragraphs(void **state) {
  (void)state;
  const char *text = "  Title line  \n\nFirst para line one\nline two\n\n\n\t\nLast\n";
  vb_segmenter *seg = run_ok(text, 0);
  assert_false(vb_segmenter_line_mode(seg));
  size_t n;
  const vb_paragraph *p = vb_segmenter_paragraphs(seg, &n);
  assert_int_equal(n, 3);
  assert_int_equal(p[0].start, 2);
  assert_int_equal(p[0].end, 12);
  assert_memory_equal(text + p[1].start, "First para line one\nline two", p[1].end - p[1].start);
  assert_memory_equal(text + p[2].start, "Last", 4);
  vb_segmenter_free(seg);
}

static void line_mode_when_few_blank_lines(void **state) {
  (void)state;
  const char *text = "Menu\nHeadline here\nBy Someone\n\nBody one.\nBody two.\nFooter";
  vb_segmenter *seg = run_ok(text, 0);
  assert_true(vb_segmenter_line_mode(seg));
  size_t n;
  vb_segmenter_paragraphs(seg, &n);
  assert_int_equal(n, 6);
  vb_error err;
  assert_int_equal(vb_segmenter_run(seg, text, strlen(text), VB_SEGMENT_PARA_BLANK, &err), VB_OK);
  vb_segmenter_paragraphs(seg, &n);
  assert_int_equal(n, 2);
  vb_segmenter_free(seg);
}

static void crlf_lines_are_trimmed(void **state) {
  (void)state;
  const char *text = "Alpha\r\nBeta\r\n";
  vb_segmenter *seg = run_ok(text, 0);
  size_t n;
  const vb_paragraph *p = vb_segmenter_paragraphs(seg, &n);
  assert_int_equal(n, 2);
  assert_int_equal(p[0].end, 5);
  assert_int_equal(p[1].start, 7);
  assert_int_equal(p[1].end, 11);
  vb_segmenter_free(seg);
}

static void empty_text_gives_nothing(void **state) {
  (void)state;
  vb_segmenter *seg = vb_segmenter_new(NULL);
  vb_error err;
  assert_int_equal(vb_segmenter_run(seg, NULL, 0, 0, &err), VB_OK);
  size_t n;
  vb_segmenter_tokens(seg, &n);
  assert_int_equal(n, 0);
  vb_segmenter_sentences(seg, &n);
  assert_int_equal(n, 0);
  vb_segmenter_paragraphs(seg, &n);
  assert_int_equal(n, 0);
  vb_segmenter_free(seg);
}

static void invalid_utf8_names_the_offset(void **state) {
  (void)state;
  vb_segmenter *seg = vb_segmenter_new(NULL);
  vb_error err;
  assert_int_equal(vb_segmenter_run(seg, "ok \xC3\x28 bad", 9, 0, &err), VB_ERR_UTF8);
  assert_int_equal(err.status, VB_ERR_UTF8);
  assert_int_equal(err.offset, 3);
  size_t n;
  vb_segmenter_tokens(seg, &n);
  assert_int_equal(n, 0);
  /* A surrogate encoded in UTF-8 is ill-formed too. */
  assert_int_equal(vb_segmenter_run(seg, "a\xED\xA0\x80", 4, 0, NULL), VB_ERR_UTF8);
  vb_segmenter_free(seg);
}

static void bad_arguments_are_rejected(void **state) {
  (void)state;
  vb_segmenter *seg = vb_segmenter_new(NULL);
  vb_error err;
  assert_int_equal(vb_segmenter_run(seg, "x", 1, 1u << 20, &err), VB_ERR_ARG);
  assert_int_equal(
      vb_segmenter_run(seg, "x", 1, VB_SEGMENT_PARA_BLANK | VB_SEGMENT_PARA_LINE, &err),
      VB_ERR_ARG);
  assert_int_equal(vb_segmenter_run(seg, NULL, 3, 0, &err), VB_ERR_ARG);
  assert_int_equal(vb_segmenter_run(NULL, "x", 1, 0, &err), VB_ERR_ARG);
  vb_segmenter_free(seg);
  vb_segmenter_free(NULL);
}

static void reuse_gives_the_same_result(void **state) {
  (void)state;
  const char *a = "A first, longer document.\n\nWith two paragraphs \xE2\x80\x94 and more words.";
  const char *b = "Short.";
  vb_segmenter *seg = run_ok(a, 0);
  size_t n1, n2;
  const vb_token *t = vb_segmenter_tokens(seg, &n1);
  vb_token first[64];
  assert_true(n1 <= 64);
  memcpy(first, t, n1 * sizeof *t);
  vb_error err;
  assert_int_equal(vb_segmenter_run(seg, b, strlen(b), 0, &err), VB_OK);
  assert_tiles(seg, strlen(b));
  assert_int_equal(vb_segmenter_run(seg, a, strlen(a), 0, &err), VB_OK);
  t = vb_segmenter_tokens(seg, &n2);
  assert_int_equal(n1, n2);
  assert_memory_equal(first, t, n1 * sizeof *t);
  vb_segmenter_reset(seg);
  vb_segmenter_tokens(seg, &n2);
  assert_int_equal(n2, 0);
  vb_segmenter_free(seg);
}

static void allocation_failures_are_reported_and_do_not_leak(void **state) {
  (void)state;
  const char *text = "Caf\xC3\xA9 owners said \xE2\x80\x9Cno\xE2\x80\x9D.\n\nMr. Smith left at 5 p.m.\n"
                     "\xEF\xAC\x81nal line.";
  for (long fail = 1;; fail++) {
    test_alloc ta;
    vb_allocator a = test_alloc_make(&ta, fail);
    vb_segmenter *seg = vb_segmenter_new(&a);
    if (!seg) {
      assert_true(ta.failed);
      assert_int_equal(ta.live, 0);
      continue;
    }
    vb_error err;
    vb_status st = vb_segmenter_run(seg, text, strlen(text), 0, &err);
    if (ta.failed) {
      assert_int_equal(st, VB_ERR_NOMEM);
      assert_int_equal(err.status, VB_ERR_NOMEM);
      size_t n;
      vb_segmenter_tokens(seg, &n);
      assert_int_equal(n, 0);
    } else {
      assert_int_equal(st, VB_OK);
      assert_tiles(seg, strlen(text));
    }
    vb_segmenter_free(seg);
    assert_int_equal(ta.live, 0);
    if (!ta.failed) break;
  }
}

/* Deterministic pseudo-random texts from code points that exercise the
 * rules (marks, joiners, regional indicators, quotes, terminators, line
 * breaks): the results always tile and nest, whatever the input. */
static void random_texts_tile_and_nest(void **state) {
  (void)state;
  static const uint32_t pool[] = {'a',    'Z',    ' ',    '.',    '?',    '\n',   '\r',   '\'',
                                  '"',    '(',    ')',    '3',    ',',    ':',    '\t',   0xA0,
                                  0x301,  0x200D, 0x200B, 0xAD,   0x2019, 0x201C, 0x201D, 0x5D0,
                                  0x30A2, 0x4E00, 0x1F1EC, 0x1F600, 0x2028, 0x85,  0xFB01, 0xFF21};
  uint64_t rng = 0x9E3779B97F4A7C15u;
  vb_segmenter *seg = vb_segmenter_new(NULL);
  char text[1024];
  for (int round = 0; round < 400; round++) {
    size_t len = 0;
    int n = (int)(rng % 120);
    for (int k = 0; k < n; k++) {
      rng = rng * 6364136223846793005u + 1442695040888963407u;
      uint32_t cp = pool[(rng >> 33) % (sizeof pool / sizeof pool[0])];
      if (cp < 0x80) text[len++] = (char)cp;
      else if (cp < 0x800) {
        text[len++] = (char)(0xC0 | (cp >> 6));
        text[len++] = (char)(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        text[len++] = (char)(0xE0 | (cp >> 12));
        text[len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        text[len++] = (char)(0x80 | (cp & 0x3F));
      } else {
        text[len++] = (char)(0xF0 | (cp >> 18));
        text[len++] = (char)(0x80 | ((cp >> 12) & 0x3F));
        text[len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        text[len++] = (char)(0x80 | (cp & 0x3F));
      }
    }
    vb_error err;
    assert_int_equal(vb_segmenter_run(seg, text, len, 0, &err), VB_OK);
    assert_tiles(seg, len);
    size_t nt, ns, np;
    const vb_token *tok = vb_segmenter_tokens(seg, &nt);
    const vb_sentence *sen = vb_segmenter_sentences(seg, &ns);
    const vb_paragraph *par = vb_segmenter_paragraphs(seg, &np);
    for (size_t i = 0; i < ns; i++) {
      assert_true(sen[i].start < sen[i].end && sen[i].end <= len);
      if (i) assert_true(sen[i - 1].end <= sen[i].start);
    }
    for (size_t i = 0; i < np; i++) {
      assert_true(par[i].start < par[i].end && par[i].end <= len);
      if (i) assert_true(par[i - 1].end < par[i].start);
      assert_true(par[i].boiler <= VB_BOILER_NAVIGATION);
    }
    for (size_t i = 0; i < nt; i++) {
      if (tok[i].sentence != VB_SEGMENT_NONE) {
        assert_true(tok[i].sentence < ns);
        assert_true(tok[i].start >= sen[tok[i].sentence].start);
        assert_true(tok[i].end <= sen[tok[i].sentence].end);
      }
      if (tok[i].paragraph != VB_SEGMENT_NONE) assert_true(tok[i].paragraph < np);
    }
  }
  vb_segmenter_free(seg);
}

static void names_are_stable(void **state) {
  (void)state;
  assert_string_equal(vb_token_kind_name(VB_TOKEN_NEWLINE), "newline");
  assert_string_equal(vb_token_kind_name((vb_token_kind)99), "?");
  assert_string_equal(vb_boiler_name(VB_BOILER_NONE), "content");
  assert_string_equal(vb_boiler_name(VB_BOILER_AUTHOR_BIO), "author_bio");
  assert_string_equal(vb_boiler_name(VB_BOILER_NAVIGATION), "navigation");
  assert_string_equal(vb_segment_unicode_version(), "15.0.0");
}

/* Found by fuzz_segment: a paragraph of U+2002 EN SPACE and a space is
 * trimmed to the EN SPACE, and the space token covering both must not be
 * assigned to it. */
static void a_token_belongs_only_to_a_paragraph_it_lies_inside(void **state) {
  (void)state;
  static const char text[] = "First paragraph.\n\n\xE2\x80\x82 \n\nThird one.";
  vb_segmenter *s = vb_segmenter_new(NULL);
  assert_int_equal(vb_segmenter_run(s, text, sizeof text - 1, 0, NULL), VB_OK);
  size_t nt, np;
  const vb_token *t = vb_segmenter_tokens(s, &nt);
  const vb_paragraph *p = vb_segmenter_paragraphs(s, &np);
  for (size_t i = 0; i < nt; i++) {
    if (t[i].paragraph == VB_SEGMENT_NONE) continue;
    assert_true(t[i].paragraph < np);
    assert_true(t[i].start >= p[t[i].paragraph].start);
    assert_true(t[i].end <= p[t[i].paragraph].end);
  }
  vb_segmenter_free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_token_belongs_only_to_a_paragraph_it_lies_inside),
      cmocka_unit_test(tokens_tile_the_text_and_have_kinds),
      cmocka_unit_test(hashes_equal_across_apostrophes_case_and_nfkc),
      cmocka_unit_test(tokens_that_normalize_to_nothing),
      cmocka_unit_test(seed_changes_hashes),
      cmocka_unit_test(abbreviations_do_not_end_sentences),
      cmocka_unit_test(plain_uax29_breaks_after_titles_and_months),
      cmocka_unit_test(weak_abbreviations_end_sentences_before_capitals),
      cmocka_unit_test(tokens_know_their_sentence_and_paragraph),
      cmocka_unit_test(blank_line_mode_keeps_multiline_paragraphs),
      cmocka_unit_test(line_mode_when_few_blank_lines),
      cmocka_unit_test(crlf_lines_are_trimmed),
      cmocka_unit_test(empty_text_gives_nothing),
      cmocka_unit_test(invalid_utf8_names_the_offset),
      cmocka_unit_test(bad_arguments_are_rejected),
      cmocka_unit_test(reuse_gives_the_same_result),
      cmocka_unit_test(allocation_failures_are_reported_and_do_not_leak),
      cmocka_unit_test(random_texts_tile_and_nest),
      cmocka_unit_test(names_are_stable),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
