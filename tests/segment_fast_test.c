/* The segmenter's ASCII fast paths give exactly what the full path gives:
 * the same tokens (spans, kinds, normalized forms, hashes), checked on every
 * short string over the ASCII byte classes and on many random texts mixing
 * ASCII with the non-ASCII code points that change UAX #29 word boundaries
 * (marks, joiners, Unicode spaces, letters, regional indicators). Also the
 * tokens-only mode itself: what it leaves out, its flag rules, and its
 * allocation failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "segment_internal.h"
#include "test_alloc.h"
#include "verbatim/segment.h"

typedef struct pair {
  vb_segmenter *fast, *full;
} pair;

static pair pair_new(void) {
  pair p = {vb_segmenter_new(NULL), vb_segmenter_new(NULL)};
  assert_non_null(p.fast);
  assert_non_null(p.full);
  vb_segmenter_set_full_path(p.full, true);
  return p;
}

static void pair_free(pair p) {
  vb_segmenter_free(p.fast);
  vb_segmenter_free(p.full);
}

/* Same tokens with the same normalized bytes; sentence and paragraph
 * fields too when `all`. */
static void assert_same_tokens(const vb_segmenter *a, const vb_segmenter *b, bool all,
                               const char *text, size_t len) {
  size_t na, nb, la, lb;
  const vb_token *ta = vb_segmenter_tokens(a, &na), *tb = vb_segmenter_tokens(b, &nb);
  const char *norm_a = vb_segmenter_norm(a, &la), *norm_b = vb_segmenter_norm(b, &lb);
  if (na != nb || la != lb) {
    fprintf(stderr, "differ on %zu bytes: ", len);
    for (size_t i = 0; i < len; i++) fprintf(stderr, "%02x", (unsigned char)text[i]);
    fprintf(stderr, "\n");
  }
  assert_int_equal(na, nb);
  assert_int_equal(la, lb);
  if (la) assert_memory_equal(norm_a, norm_b, la);
  for (size_t i = 0; i < na; i++) {
    assert_int_equal(ta[i].start, tb[i].start);
    assert_int_equal(ta[i].end, tb[i].end);
    assert_int_equal(ta[i].kind, tb[i].kind);
    assert_int_equal(ta[i].hash, tb[i].hash);
    assert_int_equal(ta[i].norm_off, tb[i].norm_off);
    assert_int_equal(ta[i].norm_len, tb[i].norm_len);
    if (all) {
      assert_int_equal(ta[i].sentence, tb[i].sentence);
      assert_int_equal(ta[i].paragraph, tb[i].paragraph);
    }
  }
}

/* Tokens-only fast, tokens-only full path, and a full run (default flags)
 * all agree on the tokens; default flags with and without the fast
 * classification agree on everything. */
static void check_text(pair *p, const char *text, size_t len) {
  vb_error err;
  assert_int_equal(vb_segmenter_run(p->fast, text, len, VB_SEGMENT_TOKENS_ONLY, &err), VB_OK);
  assert_int_equal(vb_segmenter_run(p->full, text, len, VB_SEGMENT_TOKENS_ONLY, &err), VB_OK);
  assert_same_tokens(p->fast, p->full, true, text, len);
  assert_int_equal(vb_segmenter_run(p->full, text, len, 0, &err), VB_OK);
  assert_same_tokens(p->fast, p->full, false, text, len);
  assert_int_equal(vb_segmenter_run(p->fast, text, len, 0, &err), VB_OK);
  assert_same_tokens(p->fast, p->full, true, text, len);
  size_t sa, sb;
  const vb_sentence *xa = vb_segmenter_sentences(p->fast, &sa);
  const vb_sentence *xb = vb_segmenter_sentences(p->full, &sb);
  assert_int_equal(sa, sb);
  for (size_t i = 0; i < sa; i++) { /* field by field: the struct has padding */
    assert_int_equal(xa[i].start, xb[i].start);
    assert_int_equal(xa[i].end, xb[i].end);
    assert_int_equal(xa[i].paragraph, xb[i].paragraph);
  }
}

/* One byte of each ASCII class the word rules tell apart, plus look-alikes
 * from other classes (TAB is Other, VT is Newline, '"' is Double_Quote). */
static const char ascii_reps[] = {'a', 'Z', '0', '7', '_', ':', '.', '\'', ',', ';', ' ',
                                  '\r', '\n', '\v', '\t', '"', '$', '-', 0x7F, 0x01};

static void every_short_ascii_string_matches_the_full_path(void **state) {
  (void)state;
  pair p = pair_new();
  char text[4];
  /* Every byte alone and every pair of bytes. */
  for (int a = 0; a < 128; a++) {
    text[0] = (char)a;
    check_text(&p, text, 1);
    for (int b = 0; b < 128; b++) {
      text[1] = (char)b;
      check_text(&p, text, 2);
    }
  }
  /* Every string of four class representatives: enough for the rules
   * that look two ahead or two behind (WB6, WB7, WB11, WB12). */
  size_t n = sizeof ascii_reps;
  for (size_t i = 0; i < n * n * n * n; i++) {
    size_t k = i;
    for (int j = 0; j < 4; j++, k /= n) text[j] = ascii_reps[k % n];
    check_text(&p, text, 4);
  }
  pair_free(p);
}

static size_t put_utf8(char *out, uint32_t cp) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Non-ASCII code points that interact with ASCII under the word rules:
 * marks and format characters (WB4), ZWJ before a pictograph (WB3c),
 * Unicode spaces (WB3d), letters and digits that join ASCII words, MidNum
 * and MidLetter look-alikes, Hebrew (WB7a-c), Katakana, regional
 * indicators, NEL/LS/PS line breaks, curly quotes, and characters that
 * NFKC or case folding change (ligature, fullwidth, sharp s, Kelvin). */
static const uint32_t high_pool[] = {
    0x301,  0x200D, 0x200B, 0x200C, 0xAD,    0xA0,    0x3000,  0x2003, 0x1680, 0xE9,
    0xDF,   0x212A, 0x3B1,  0x430,  0x5D0,   0x5D1,   0x5F3,   0x30A2, 0x30FC, 0x4E00,
    0x660,  0x0967, 0xFF10, 0xFF21, 0xFB01,  0x2019,  0x2018,  0x201C, 0x2024, 0xFE52,
    0xFF0E, 0x37E,  0xB7,   0x2027, 0x1F1EC, 0x1F1E7, 0x1F600, 0x2764, 0x85,   0x2028,
    0x2029, 0xFE0F, 0x1F3FB, 0x2060, 0xFEFF, 0x2014, 0xE0041};

static uint64_t next(uint64_t *rng) {
  *rng = *rng * 6364136223846793005u + 1442695040888963407u;
  return *rng >> 33;
}

static void random_mixed_texts_match_the_full_path(void **state) {
  (void)state;
  pair p = pair_new();
  uint64_t rng = 0x243F6A8885A308D3u;
  char text[4096];
  for (int round = 0; round < 4000; round++) {
    size_t len = 0;
    size_t n = next(&rng) % 300;
    /* Some texts are nearly all ASCII, some mostly not. */
    unsigned high_per_mille = (unsigned)(next(&rng) % 4 == 0 ? 400 : next(&rng) % 60);
    for (size_t k = 0; k < n; k++) {
      uint64_t r = next(&rng);
      if (r % 1000 < high_per_mille) {
        len += put_utf8(text + len, high_pool[next(&rng) % (sizeof high_pool / sizeof *high_pool)]);
      } else if (r % 3 == 0) {
        text[len++] = ascii_reps[next(&rng) % sizeof ascii_reps];
      } else if (r % 3 == 1) {
        text[len++] = (char)('a' + next(&rng) % 26 - (next(&rng) % 4 == 0 ? 32 : 0));
      } else {
        text[len++] = (char)(next(&rng) % 128);
      }
    }
    check_text(&p, text, len);
  }
  pair_free(p);
}

/* News-like ASCII with a few curly quotes, dashes and accented names: long
 * stretches on the fast path with full-path stretches between them. */
static void news_like_text_matches_the_full_path(void **state) {
  (void)state;
  pair p = pair_new();
  const char *text =
      "The council voted 7-2 on Tuesday, approving the $1,250,000.50 plan.\n\n"
      "\xE2\x80\x9CWe can\xE2\x80\x99t wait,\xE2\x80\x9D said Jos\xC3\xA9 Mu\xC3\xB1oz, "
      "the U.S. envoy (aged 54). Rates rose 3.5% at 10:30 a.m.; see e.g. p. 4.\r\n"
      "Caf\xC3\xA9  owners\xE2\x80\x94" "and  their__staff\xC2\xA0\xE2\x80\x94 said: no.\n";
  check_text(&p, text, strlen(text));
  pair_free(p);
}

static void tokens_only_leaves_out_sentences_and_paragraphs(void **state) {
  (void)state;
  vb_segmenter *seg = vb_segmenter_new(NULL);
  const char *text = "One sentence. Another one.\n\nA second paragraph.";
  vb_error err;
  assert_int_equal(vb_segmenter_run(seg, text, strlen(text), VB_SEGMENT_TOKENS_ONLY, &err), VB_OK);
  size_t nt, ns, np;
  const vb_token *tok = vb_segmenter_tokens(seg, &nt);
  vb_segmenter_sentences(seg, &ns);
  vb_segmenter_paragraphs(seg, &np);
  assert_true(nt > 0);
  assert_int_equal(ns, 0);
  assert_int_equal(np, 0);
  for (size_t i = 0; i < nt; i++) {
    assert_int_equal(tok[i].sentence, VB_SEGMENT_NONE);
    assert_int_equal(tok[i].paragraph, VB_SEGMENT_NONE);
  }
  vb_segmenter_free(seg);
}

static void tokens_only_takes_no_other_flag(void **state) {
  (void)state;
  vb_segmenter *seg = vb_segmenter_new(NULL);
  vb_error err;
  unsigned others[] = {VB_SEGMENT_UAX29_ONLY, VB_SEGMENT_PARA_BLANK, VB_SEGMENT_PARA_LINE};
  for (size_t i = 0; i < 3; i++) {
    assert_int_equal(vb_segmenter_run(seg, "x", 1, VB_SEGMENT_TOKENS_ONLY | others[i], &err),
                     VB_ERR_ARG);
    assert_int_equal(err.status, VB_ERR_ARG);
  }
  assert_int_equal(vb_segmenter_run(seg, "x\xFF", 2, VB_SEGMENT_TOKENS_ONLY, &err), VB_ERR_UTF8);
  assert_int_equal(err.offset, 1);
  /* Flags are checked before the text, as for every other flag. */
  assert_int_equal(
      vb_segmenter_run(seg, "x\xFF", 2, VB_SEGMENT_TOKENS_ONLY | VB_SEGMENT_PARA_LINE, &err),
      VB_ERR_ARG);
  vb_segmenter_free(seg);
}

static void tokens_only_allocation_failures_are_reported_and_do_not_leak(void **state) {
  (void)state;
  /* ASCII, then a stretch for the full path (which makes the normalizer and
   * grows the normalized text: the ligature expands), then ASCII again. */
  const char *text = "Plain words first, then \xEF\xAC\x81n\xC3\xA9 \xEF\xAC\x83" " and more plain words.";
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
    vb_status st = vb_segmenter_run(seg, text, strlen(text), VB_SEGMENT_TOKENS_ONLY, &err);
    size_t n;
    vb_segmenter_tokens(seg, &n);
    if (ta.failed) {
      assert_int_equal(st, VB_ERR_NOMEM);
      assert_int_equal(err.status, VB_ERR_NOMEM);
      assert_int_equal(n, 0);
    } else {
      assert_int_equal(st, VB_OK);
      assert_true(n > 10);
    }
    vb_segmenter_free(seg);
    assert_int_equal(ta.live, 0);
    if (!ta.failed) break;
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_short_ascii_string_matches_the_full_path),
      cmocka_unit_test(random_mixed_texts_match_the_full_path),
      cmocka_unit_test(news_like_text_matches_the_full_path),
      cmocka_unit_test(tokens_only_leaves_out_sentences_and_paragraphs),
      cmocka_unit_test(tokens_only_takes_no_other_flag),
      cmocka_unit_test(tokens_only_allocation_failures_are_reported_and_do_not_leak),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
