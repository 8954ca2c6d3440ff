/* Fingerprints: the interim word tokenizer, shingles, winnowing and its
 * guarantee, MinHash accuracy against exact Jaccard, SimHash, character
 * n-grams, set comparison, options and allocation failures. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cbor_io.h"
#include "fp_internal.h"
#include "test_alloc.h"
#include "verbatim/fingerprint.h"

/* A small deterministic generator (SplitMix64), so every trial is
 * reproducible. */
static uint64_t rng_state;
static uint64_t rnd(void) {
  uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}
static size_t rnd_below(size_t n) { return (size_t)(rnd() % n); }

static vb_tokens toks(const uint64_t *h, size_t n) {
  vb_tokens t = {h, NULL, NULL, n};
  return t;
}

/* ---- words from the segmenter ---- */

static void words_fold_case_width_and_apostrophes(void **state) {
  (void)state;
  /* didn't / DIDN’T / ｄｉｄｎ'ｔ (fullwidth) / Café / CAFE + combining acute */
  const char *text = "didn't DIDN\xE2\x80\x99T \xEF\xBD\x84\xEF\xBD\x89\xEF\xBD\x84\xEF\xBD\x8E'"
                     "\xEF\xBD\x94 Caf\xC3\xA9 CAFE\xCC\x81";
  vb_words *w = vb_words_new(NULL);
  vb_error err;
  assert_int_equal(vb_words_run(w, text, strlen(text), &err), VB_OK);
  vb_tokens t = vb_words_tokens(w);
  assert_int_equal(t.count, 5);
  assert_true(t.hashes[0] == t.hashes[1]);
  assert_true(t.hashes[0] == t.hashes[2]);
  assert_true(t.hashes[3] == t.hashes[4]);
  assert_true(t.hashes[0] != t.hashes[3]);
  /* Spans point at the original bytes. */
  assert_int_equal(t.spans[0].start, 0);
  assert_int_equal(t.spans[0].end, 6);
  assert_memory_equal(text + t.spans[3].start, "Caf\xC3\xA9", 5);
  assert_int_equal(t.spans[4].end, strlen(text));
  vb_words_free(w);
}

static void words_leave_out_punctuation_and_keep_numbers(void **state) {
  (void)state;
  const char *text = "\xE2\x80\x9CHigh-level\xE2\x80\x9D talks, 2022 ok 'quoted' 1,000.50 end.";
  vb_words *w = vb_words_new(NULL);
  vb_error err;
  assert_int_equal(vb_words_run(w, text, strlen(text), &err), VB_OK);
  vb_tokens t = vb_words_tokens(w);
  const char *want[] = {"High", "level", "talks", "2022", "ok", "quoted", "1,000.50", "end"};
  assert_int_equal(t.count, 8);
  for (size_t i = 0; i < 8; i++) {
    assert_int_equal(t.spans[i].end - t.spans[i].start, strlen(want[i]));
    assert_memory_equal(text + t.spans[i].start, want[i], strlen(want[i]));
    assert_int_equal(t.flags[i], 0);
  }
  assert_int_equal(vb_words_content_count(w), 8);
  vb_words_free(w);
}

static void words_refuse_bad_utf8_with_its_offset_and_are_left_empty(void **state) {
  (void)state;
  vb_words *w = vb_words_new(NULL);
  vb_error err;
  assert_int_equal(vb_words_run(w, "good words", 10, &err), VB_OK);
  assert_int_equal(vb_words_run(w, "ok \xFF\xFE no", 9, &err), VB_ERR_UTF8);
  assert_int_equal(err.offset, 3);
  assert_int_equal(vb_words_tokens(w).count, 0);
  assert_int_equal(vb_words_run(NULL, "x", 1, &err), VB_ERR_ARG);
  assert_int_equal(vb_words_collect(w, NULL, &err), VB_ERR_ARG);
  vb_words_free(w);
  vb_words_free(NULL);
}

static void words_of_boilerplate_paragraphs_are_flagged(void **state) {
  (void)state;
  const char *text = "By Jane Smith, Staff Reporter\n\n"
                     "The council voted on Thursday to keep the ferry running all winter.\n\n"
                     "Share this article on Facebook\n";
  vb_segmenter *seg = vb_segmenter_new(NULL);
  vb_error err;
  assert_int_equal(vb_segmenter_run(seg, text, strlen(text), 0, &err), VB_OK);
  size_t np;
  const vb_paragraph *p = vb_segmenter_paragraphs(seg, &np);
  assert_int_equal(np, 3);
  assert_int_not_equal(p[0].boiler, VB_BOILER_NONE);
  assert_int_equal(p[1].boiler, VB_BOILER_NONE);
  vb_words *w = vb_words_new(NULL);
  assert_int_equal(vb_words_collect(w, seg, &err), VB_OK);
  vb_tokens t = vb_words_tokens(w);
  size_t content = 0;
  for (size_t i = 0; i < t.count; i++) {
    size_t k = t.spans[i].start < p[1].start ? 0 : t.spans[i].start < p[2].start ? 1 : 2;
    uint8_t want = p[k].boiler != VB_BOILER_NONE ? VB_TOKEN_BOILERPLATE : 0;
    assert_int_equal(t.flags[i], want);
    content += want == 0;
  }
  assert_int_equal(content, vb_words_content_count(w));
  assert_true(content >= 12 && content < t.count); /* the story's 12 words, not the byline's */
  vb_words_free(w);
  vb_segmenter_free(seg);
}

/* ---- shingles ---- */

static void shingle_hash_is_xxh3_of_little_endian_word_hashes(void **state) {
  (void)state;
  uint64_t h[3] = {UINT64_C(0x0102030405060708), 2, UINT64_C(0xFFEEDDCCBBAA9988)};
  uint8_t le[24];
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 8; j++) le[i * 8 + j] = (uint8_t)(h[i] >> (8 * j));
  vb_fingerprinter *fp = vb_fingerprinter_new(NULL);
  vb_fp_options o = vb_fp_options_default();
  o.ngram = 3;
  o.seed = 99;
  vb_tokens t = toks(h, 3);
  assert_int_equal(vb_fingerprinter_run(fp, &o, &t, NULL, 0, NULL), VB_OK);
  size_t n;
  const uint64_t *set = vb_fingerprinter_shingles(fp, &n);
  assert_int_equal(n, 1);
  assert_true(set[0] == XXH3_64bits_withSeed(le, 24, 99));
  vb_fingerprinter_free(fp);
}

static void shingle_set_is_sorted_and_distinct(void **state) {
  (void)state;
  /* A B C A B C A B C D: 3-grams ABC BCA CAB ABC BCA CAB ABC BCD -> 4 distinct */
  uint64_t h[10] = {1, 2, 3, 1, 2, 3, 1, 2, 3, 4};
  vb_fingerprinter *fp = vb_fingerprinter_new(NULL);
  vb_fp_options o = vb_fp_options_default();
  o.ngram = 3;
  vb_tokens t = toks(h, 10);
  assert_int_equal(vb_fingerprinter_run(fp, &o, &t, NULL, 0, NULL), VB_OK);
  size_t n;
  const uint64_t *set = vb_fingerprinter_shingles(fp, &n);
  assert_int_equal(n, 4);
  for (size_t i = 1; i < n; i++) assert_true(set[i - 1] < set[i]);
  assert_int_equal(vb_fingerprinter_shingle_count(fp), 8);
  vb_fingerprinter_free(fp);
}

static void short_document_has_one_shingle_and_empty_has_none(void **state) {
  (void)state;
  uint64_t h[2] = {5, 6};
  vb_fingerprinter *fp = vb_fingerprinter_new(NULL);
  vb_tokens t = toks(h, 2);
  assert_int_equal(vb_fingerprinter_run(fp, NULL, &t, NULL, 0, NULL), VB_OK);
  size_t n, nw, k;
  vb_fingerprinter_shingles(fp, &n);
  const vb_fp_print *p = vb_fingerprinter_winnowed(fp, &nw);
  assert_int_equal(n, 1);
  assert_int_equal(nw, 1);
  assert_int_equal(p[0].token, 0);
  assert_int_equal(p[0].token_end, 2);
  t = toks(NULL, 0);
  assert_int_equal(vb_fingerprinter_run(fp, NULL, &t, NULL, 0, NULL), VB_OK);
  vb_fingerprinter_shingles(fp, &n);
  vb_fingerprinter_winnowed(fp, &nw);
  const uint64_t *sig = vb_fingerprinter_minhash(fp, &k);
  assert_int_equal(n, 0);
  assert_int_equal(nw, 0);
  assert_int_equal(k, 128);
  for (size_t i = 0; i < k; i++) assert_true(sig[i] == UINT64_MAX);
  vb_fingerprinter_free(fp);
}

static void boilerplate_words_are_left_out_unless_asked(void **state) {
  (void)state;
  uint64_t h[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  uint8_t fl[8] = {0, 0, 0, VB_TOKEN_BOILERPLATE, VB_TOKEN_BOILERPLATE, 0, 0, 0};
  uint64_t clean[6] = {1, 2, 3, 6, 7, 8};
  vb_fingerprinter *fp = vb_fingerprinter_new(NULL);
  vb_fp_options o = vb_fp_options_default();
  o.ngram = 2;
  vb_tokens t = {h, NULL, fl, 8};
  assert_int_equal(vb_fingerprinter_run(fp, &o, &t, NULL, 0, NULL), VB_OK);
  size_t n1, n2;
  const uint64_t *s1 = vb_fingerprinter_shingles(fp, &n1);
  uint64_t keep[16];
  memcpy(keep, s1, n1 * sizeof *s1);
  /* Positions still index the input: the shingle (3, 6) spans tokens 2..5. */
  size_t nw;
  const vb_fp_print *pr = vb_fingerprinter_winnowed(fp, &nw);
  for (size_t i = 0; i < nw; i++) {
    assert_true(pr[i].token != 3 && pr[i].token != 4);
    if (pr[i].token == 2) assert_int_equal(pr[i].token_end, 6);
  }
  vb_tokens c = toks(clean, 6);
  assert_int_equal(vb_fingerprinter_run(fp, &o, &c, NULL, 0, NULL), VB_OK);
  const uint64_t *s2 = vb_fingerprinter_shingles(fp, &n2);
  assert_int_equal(n1, n2);
  assert_memory_equal(keep, s2, n1 * sizeof *s2);
  o.flags |= VB_FP_INCLUDE_BOILERPLATE;
  assert_int_equal(vb_fingerprinter_run(fp, &o, &t, NULL, 0, NULL), VB_OK);
  vb_fingerprinter_shingles(fp, &n1);
  assert_int_equal(n1, 7);
  vb_fingerprinter_free(fp);
}

static void unknown_flags_and_bad_options_are_rejected(void **state) {
  (void)state;
  uint64_t h[4] = {1, 2, 3, 4};
  uint8_t fl[4] = {0, 0x80, 0, 0};
  vb_fingerprinter *fp = vb_fingerprinter_new(NULL);
  vb_error err;
  vb_tokens t = {h, NULL, fl, 4};
  assert_int_equal(vb_fingerprinter_run(fp, NULL, &t, NULL, 0, &err), VB_ERR_ARG);
  assert_non_null(strstr(err.message, "token 1"));
  t.flags = NULL;
  vb_fp_options o = vb_fp_options_default();
  o.flags |= 1u << 20;
  assert_int_equal(vb_fingerprinter_run(fp, &o, &t, NULL, 0, &err), VB_ERR_ARG);
  o = vb_fp_options_default();
  o.ngram = 0;
  assert_int_equal(vb_fingerprinter_run(fp, &o, &t, NULL, 0, &err), VB_ERR_ARG);
  assert_string_equal(err.field, "ngram");
  o = vb_fp_options_default();
  o.minhash_k = 5000;
  assert_int_equal(vb_fingerprinter_run(fp, &o, &t, NULL, 0, &err), VB_ERR_ARG);
  o = vb_fp_options_default();
  o.flags = VB_FP_CHARGRAMS; /* no text, no spans */
  assert_int_equal(vb_fingerprinter_run(fp, &o, &t, NULL, 0, &err), VB_ERR_ARG);
  t.hashes = NULL;
  assert_int_equal(vb_fingerprinter_run(fp, NULL, &t, NULL, 0, &err), VB_ERR_ARG);
  assert_int_equal(vb_fingerprinter_run(NULL, NULL, &t, NULL, 0, &err), VB_ERR_ARG);
  vb_fingerprinter_free(fp);
  vb_fingerprinter_free(NULL);
}

/* ---- winnowing ---- */

static bool has_hash(const vb_fp_print *p, size_t n, uint64_t h) {
  for (size_t i = 0; i < n; i++)
    if (p[i].hash == h) return true;
  return false;
}

/* The winnowing guarantee: two documents that share a run of at least
 * w + n - 1 words share a fingerprint, and it lies inside the run. */
static void winnowing_guarantees_a_shared_print_for_every_long_shared_run(void **state) {
  (void)state;
  rng_state = 2003;
  vb_fingerprinter *fa = vb_fingerprinter_new(NULL), *fb = vb_fingerprinter_new(NULL);
  static uint64_t A[700], B[700];
  const uint32_t configs[][2] = {{5, 8}, {3, 4}, {1, 1}, {8, 20}, {4, 2}};
  for (size_t trial = 0; trial < 2000; trial++) {
    vb_fp_options o = vb_fp_options_default();
    o.ngram = configs[trial % 5][0];
    o.window = configs[trial % 5][1];
    o.flags = VB_FP_WINNOW;
    size_t run = o.ngram + o.window - 1;
    size_t na = run + rnd_below(600), nb = run + rnd_below(600);
    /* A small vocabulary makes ties and repeats common, which is what
     * tie-breaking must survive. */
    size_t vocab = 2 + rnd_below(2000);
    for (size_t i = 0; i < na; i++) A[i] = rnd() % vocab;
    for (size_t i = 0; i < nb; i++) B[i] = rnd() % vocab;
    size_t pa = rnd_below(na - run + 1), pb = rnd_below(nb - run + 1);
    for (size_t i = 0; i < run; i++) B[pb + i] = A[pa + i] = rnd();
    vb_tokens ta = toks(A, na), tb = toks(B, nb);
    assert_int_equal(vb_fingerprinter_run(fa, &o, &ta, NULL, 0, NULL), VB_OK);
    assert_int_equal(vb_fingerprinter_run(fb, &o, &tb, NULL, 0, NULL), VB_OK);
    size_t ka, kb;
    const vb_fp_print *wa = vb_fingerprinter_winnowed(fa, &ka);
    const vb_fp_print *wb = vb_fingerprinter_winnowed(fb, &kb);
    bool found = false;
    for (size_t i = 0; i < ka && !found; i++)
      found = wa[i].token >= pa && wa[i].token_end <= pa + run && has_hash(wb, kb, wa[i].hash);
    if (!found) fail_msg("trial %zu: n=%u w=%u, no shared print in the run", trial, o.ngram, o.window);
  }
  vb_fingerprinter_free(fa);
  vb_fingerprinter_free(fb);
}

/* Robust winnowing on a run of equal hashes: a window keeps the previous
 * window's pick while it is inside, and otherwise takes the rightmost
 * minimum, so a page of "the the the ..." yields one print per window
 * length instead of one per word. */
static void ties_keep_the_previous_pick_then_take_the_rightmost(void **state) {
  (void)state;
  uint64_t h[104];
  for (size_t i = 0; i < 104; i++) h[i] = 42;
  vb_fingerprinter *fp = vb_fingerprinter_new(NULL);
  vb_fp_options o = vb_fp_options_default();
  o.ngram = 5;
  o.window = 8;
  vb_tokens t = toks(h, 104); /* 100 shingles, all equal */
  assert_int_equal(vb_fingerprinter_run(fp, &o, &t, NULL, 0, NULL), VB_OK);
  size_t n;
  const vb_fp_print *p = vb_fingerprinter_winnowed(fp, &n);
  assert_int_equal(n, 100 / 8);
  for (size_t i = 0; i < n; i++) assert_int_equal(p[i].token, 8 * i + 7);
  vb_fingerprinter_free(fp);
}

static void winnowed_prints_are_their_shingles_at_their_positions(void **state) {
  (void)state;
  rng_state = 11;
  static uint64_t h[1000];
  for (size_t i = 0; i < 1000; i++) h[i] = rnd() % 300;
  vb_fingerprinter *fp = vb_fingerprinter_new(NULL);
  vb_fp_options o = vb_fp_options_default();
  vb_tokens t = toks(h, 1000);
  assert_int_equal(vb_fingerprinter_run(fp, &o, &t, NULL, 0, NULL), VB_OK);
  size_t n;
  const vb_fp_print *p = vb_fingerprinter_winnowed(fp, &n);
  size_t m = 1000 - o.ngram + 1;
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(p[i].token_end - p[i].token, o.ngram);
    assert_true(p[i].hash == vb_hash_u64s(h + p[i].token, o.ngram, o.seed));
    if (i) assert_true(p[i].token > p[i - 1].token);
    /* every gap between picks is less than a window */
    if (i) assert_true(p[i].token - p[i - 1].token <= o.window);
  }
  /* density close to the expected 2 / (w + 1) of the shingles */
  double density = (double)n / (double)m, expect = 2.0 / (o.window + 1);
  assert_true(density > expect * 0.8 && density < expect * 1.2);
  vb_fingerprinter_free(fp);
}

/* ---- MinHash ---- */

/* Pairs of sets with an exactly known Jaccard similarity: |A ∪ B| = u
 * distinct words, of which `shared` are in both and the rest split between
 * A only and B only. With ngram 1 each word is its own shingle. */
static void minhash_error_stays_within_its_bound(void **state) {
  (void)state;
  rng_state = 2017;
  vb_fingerprinter *fa = vb_fingerprinter_new(NULL), *fb = vb_fingerprinter_new(NULL);
  static uint64_t A[4000], B[4000];
  const size_t pairs = 1000, k = 128;
  size_t within = 0;
  double sum_err = 0.0;
  vb_fp_options o = vb_fp_options_default();
  o.ngram = 1;
  o.flags = VB_FP_MINHASH;
  for (size_t p = 0; p < pairs; p++) {
    size_t u = 20 + rnd_below(3000);
    size_t shared = rnd_below(u + 1);
    size_t na = 0, nb = 0;
    for (size_t i = 0; i < u; i++) {
      uint64_t x = rnd();
      if (i < shared) {
        A[na++] = x;
        B[nb++] = x;
      } else if (rnd() & 1) {
        A[na++] = x;
      } else {
        B[nb++] = x;
      }
    }
    double J = (double)shared / (double)u;
    vb_tokens ta = toks(A, na), tb = toks(B, nb);
    assert_int_equal(vb_fingerprinter_run(fa, &o, &ta, NULL, 0, NULL), VB_OK);
    assert_int_equal(vb_fingerprinter_run(fb, &o, &tb, NULL, 0, NULL), VB_OK);
    size_t ka, kb;
    const uint64_t *sa = vb_fingerprinter_minhash(fa, &ka), *sb = vb_fingerprinter_minhash(fb, &kb);
    assert_int_equal(ka, k);
    double est = vb_minhash_jaccard(sa, sb, k);
    double err = est - J;
    sum_err += err;
    if (fabs(err) <= 4.0 * sqrt(J * (1.0 - J) / (double)k) + 0.02) within++;
  }
  double mean = sum_err / (double)pairs;
  print_message("minhash: %zu/%zu pairs within 4 sigma + 0.02; mean error %+.4f\n", within, pairs,
                mean);
  assert_true(within >= pairs * 99 / 100);
  assert_true(fabs(mean) < 0.005);
  vb_fingerprinter_free(fa);
  vb_fingerprinter_free(fb);
}

static void minhash_of_equal_and_disjoint_sets(void **state) {
  (void)state;
  rng_state = 5;
  uint64_t A[300], B[300];
  for (size_t i = 0; i < 300; i++) A[i] = rnd(), B[i] = rnd();
  vb_fingerprinter *fa = vb_fingerprinter_new(NULL), *fb = vb_fingerprinter_new(NULL);
  vb_tokens ta = toks(A, 300), tb = toks(B, 300);
  assert_int_equal(vb_fingerprinter_run(fa, NULL, &ta, NULL, 0, NULL), VB_OK);
  assert_int_equal(vb_fingerprinter_run(fb, NULL, &ta, NULL, 0, NULL), VB_OK);
  size_t k;
  const uint64_t *sa = vb_fingerprinter_minhash(fa, &k), *sb = vb_fingerprinter_minhash(fb, &k);
  assert_true(vb_minhash_jaccard(sa, sb, k) == 1.0);
  assert_int_equal(vb_fingerprinter_run(fb, NULL, &tb, NULL, 0, NULL), VB_OK);
  sb = vb_fingerprinter_minhash(fb, &k);
  assert_true(vb_minhash_jaccard(sa, sb, k) < 0.05);
  /* A small set leaves most bins empty: densification fills them all. */
  ta.count = 3;
  assert_int_equal(vb_fingerprinter_run(fa, NULL, &ta, NULL, 0, NULL), VB_OK);
  const uint64_t *s = vb_fingerprinter_minhash(fa, &k);
  for (size_t i = 0; i < k; i++) assert_true(s[i] != UINT64_MAX);
  vb_fingerprinter_free(fa);
  vb_fingerprinter_free(fb);
}

/* ---- SimHash ---- */

static void simhash_distance_grows_with_change(void **state) {
  (void)state;
  rng_state = 64;
  static uint64_t A[2000], B[2000];
  for (size_t i = 0; i < 2000; i++) A[i] = B[i] = rnd() % 5000;
  for (size_t i = 0; i < 2000; i += 100) B[i] = rnd(); /* 1% of words changed */
  vb_fingerprinter *fa = vb_fingerprinter_new(NULL), *fb = vb_fingerprinter_new(NULL);
  vb_tokens ta = toks(A, 2000), tb = toks(B, 2000);
  assert_int_equal(vb_fingerprinter_run(fa, NULL, &ta, NULL, 0, NULL), VB_OK);
  assert_int_equal(vb_fingerprinter_run(fb, NULL, &tb, NULL, 0, NULL), VB_OK);
  int near = vb_simhash_distance(vb_fingerprinter_simhash(fa), vb_fingerprinter_simhash(fb));
  int total = 0;
  for (int t = 0; t < 20; t++) {
    for (size_t i = 0; i < 2000; i++) B[i] = rnd();
    assert_int_equal(vb_fingerprinter_run(fb, NULL, &tb, NULL, 0, NULL), VB_OK);
    total += vb_simhash_distance(vb_fingerprinter_simhash(fa), vb_fingerprinter_simhash(fb));
  }
  print_message("simhash: near copy %d bits, unrelated %.1f bits on average\n", near, total / 20.0);
  assert_true(near <= 12);
  assert_true(total / 20.0 > 24.0 && total / 20.0 < 40.0);
  assert_int_equal(vb_simhash_distance(0, UINT64_MAX), 64);
  assert_int_equal(vb_simhash_distance(42, 42), 0);
  vb_fingerprinter_free(fa);
  vb_fingerprinter_free(fb);
}

static void simhash_is_the_majority_vote_of_shingle_bits(void **state) {
  (void)state;
  rng_state = 9;
  static uint64_t h[1500];
  for (size_t i = 0; i < 1500; i++) h[i] = rnd() % 40; /* repeats: counted with weight */
  vb_fingerprinter *fp = vb_fingerprinter_new(NULL);
  vb_fp_options o = vb_fp_options_default();
  o.ngram = 2;
  for (size_t n = 1; n < 1500; n += 250) {
    vb_tokens t = toks(h, n + 1);
    assert_int_equal(vb_fingerprinter_run(fp, &o, &t, NULL, 0, NULL), VB_OK);
    size_t m = n; /* n + 1 words, n shingles of two */
    int32_t c[64] = {0};
    for (size_t i = 0; i < m; i++) {
      uint64_t x = vb_hash_u64s(h + i, 2, o.seed);
      for (int b = 0; b < 64; b++) c[b] += (x >> b & 1) ? 1 : -1;
    }
    uint64_t want = 0;
    for (int b = 0; b < 64; b++)
      if (c[b] > 0) want |= (uint64_t)1 << b;
    assert_true(vb_fingerprinter_simhash(fp) == want);
  }
  vb_fingerprinter_free(fp);
}

/* ---- sorting shingle sets ---- */

static int cmp_u64(const void *x, const void *y) {
  uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
  return a < b ? -1 : a > b;
}

/* The bucket sort assumes uniform hashes for speed, never for correctness:
 * clustered, reversed and repeated values come out sorted and distinct too. */
static void shingle_set_sort_is_exact_for_any_values(void **state) {
  (void)state;
  rng_state = 77;
  static uint64_t a[70000], want[70000];
  uint64_t *tmp = malloc(3 * 70000 * sizeof *tmp); /* scratch without a declared type */
  assert_non_null(tmp);
  const size_t sizes[] = {0, 1, 63, 64, 65, 600, 8192, 65536, 65537};
  for (int kind = 0; kind < 4; kind++)
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
      size_t n = sizes[s];
      for (size_t i = 0; i < n; i++) {
        if (kind == 0) a[i] = rnd();                      /* uniform */
        else if (kind == 1) a[i] = rnd() % (n / 3 + 1);   /* small values, many repeats */
        else if (kind == 2) a[i] = (uint64_t)(n - i) << 8; /* one top-bits bucket, reversed */
        else a[i] = i % 2 ? rnd() : a[i / 2];              /* uniform with repeats */
        if (kind == 3 && i % 97 == 5) a[i] = UINT64_MAX;   /* the largest value, too */
      }
      memcpy(want, a, n * sizeof *a);
      qsort(want, n, sizeof *want, cmp_u64);
      size_t m = 0;
      for (size_t i = 0; i < n; i++)
        if (m == 0 || want[i] != want[m - 1]) want[m++] = want[i];
      size_t got = vb_sort_unique_hashes(a, n, tmp);
      assert_int_equal(got, m);
      assert_memory_equal(a, want, m * sizeof *a);
    }
  free(tmp);
}

/* ---- exact comparison ---- */

static void shingle_compare_counts_exactly(void **state) {
  (void)state;
  uint64_t a[] = {1, 3, 5, 7, 9}, b[] = {3, 4, 5, 9, 10, 11, 12, 13};
  vb_set_overlap o = vb_shingle_compare(a, 5, b, 8);
  assert_int_equal(o.shared, 3);
  assert_true(fabs(o.jaccard - 3.0 / 10.0) < 1e-12);
  assert_true(fabs(o.containment_ab - 3.0 / 5.0) < 1e-12);
  assert_true(fabs(o.containment_ba - 3.0 / 8.0) < 1e-12);
  o = vb_shingle_compare(NULL, 0, NULL, 0);
  assert_true(o.jaccard == 0.0 && o.containment_ab == 0.0);
}

/* ---- character n-grams ---- */

static void chargrams_ignore_case_and_spacing_between_words(void **state) {
  (void)state;
  const char *x = "Caf\xC3\xA9 au   lait!", *y = "CAF\xC3\x89 AU LAIT";
  vb_words *wx = vb_words_new(NULL), *wy = vb_words_new(NULL);
  assert_int_equal(vb_words_run(wx, x, strlen(x), NULL), VB_OK);
  assert_int_equal(vb_words_run(wy, y, strlen(y), NULL), VB_OK);
  vb_fingerprinter *fa = vb_fingerprinter_new(NULL), *fb = vb_fingerprinter_new(NULL);
  vb_fp_options o = vb_fp_options_default();
  o.flags = VB_FP_CHARGRAMS;
  o.char_ngram = 4;
  vb_tokens tx = vb_words_tokens(wx), ty = vb_words_tokens(wy);
  /* A lone short line is a headline to the paragraph classifier; this test
   * is about the grams, so no word is boilerplate. */
  tx.flags = ty.flags = NULL;
  assert_int_equal(vb_fingerprinter_run(fa, &o, &tx, x, strlen(x), NULL), VB_OK);
  assert_int_equal(vb_fingerprinter_run(fb, &o, &ty, y, strlen(y), NULL), VB_OK);
  size_t na, nb;
  const uint64_t *ca = vb_fingerprinter_chargrams(fa, &na), *cb = vb_fingerprinter_chargrams(fb, &nb);
  /* "café au lait" is 12 code points: 9 grams of 4, all distinct */
  assert_int_equal(na, 9);
  assert_int_equal(nb, 9);
  assert_memory_equal(ca, cb, na * sizeof *ca);
  vb_span bad = {0, 100};
  vb_tokens tb = {tx.hashes, &bad, NULL, 1};
  vb_error err;
  assert_int_equal(vb_fingerprinter_run(fa, &o, &tb, x, strlen(x), &err), VB_ERR_ARG);
  vb_fingerprinter_free(fa);
  vb_fingerprinter_free(fb);
  vb_words_free(wx);
  vb_words_free(wy);
}

/* ---- the fingerprint record ---- */

static void fingerprint_record_stores_the_signature_in_big_endian(void **state) {
  (void)state;
  uint64_t h[50];
  for (size_t i = 0; i < 50; i++) h[i] = i * 7919;
  vb_fingerprinter *fp = vb_fingerprinter_new(NULL);
  vb_writer *w = vb_writer_new(NULL);
  vb_error err;
  vb_fp_options o = vb_fp_options_default();
  o.flags = VB_FP_SHINGLES;
  vb_tokens t = toks(h, 50);
  assert_int_equal(vb_fingerprinter_run(fp, &o, &t, NULL, 0, NULL), VB_OK);
  assert_int_equal(vb_writer_fingerprint(w, "d1", 2, fp, &err), VB_ERR_STATE);
  assert_int_equal(vb_fingerprinter_run(fp, NULL, &t, NULL, 0, NULL), VB_OK);
  assert_int_equal(vb_writer_fingerprint(w, "d\xFF", 2, fp, &err), VB_ERR_UTF8);
  assert_int_equal(vb_writer_fingerprint(w, "d1", 2, fp, &err), VB_OK);
  size_t len;
  const uint8_t *data = vb_writer_data(w, &len);
  size_t item;
  vb_limits lim = vb_limits_default();
  assert_int_equal(vb_cbor_check(data, len, &lim, true, &item, &err), VB_OK);
  assert_int_equal(item, len);
  /* find the signature bytes: "minhash" key, then a 1024-byte string */
  const uint8_t key[] = {0x67, 'm', 'i', 'n', 'h', 'a', 's', 'h', 0x59, 0x04, 0x00};
  const uint8_t *at = NULL;
  for (size_t i = 0; i + sizeof key <= len && !at; i++)
    if (memcmp(data + i, key, sizeof key) == 0) at = data + i + sizeof key;
  assert_non_null(at);
  size_t k;
  const uint64_t *sig = vb_fingerprinter_minhash(fp, &k);
  for (size_t i = 0; i < k; i++) {
    uint64_t v = 0;
    for (int j = 0; j < 8; j++) v = v << 8 | at[i * 8 + (size_t)j];
    assert_true(v == sig[i]);
  }
  vb_writer *j = vb_writer_new(NULL);
  assert_int_equal(vb_writer_json(j, data, len, &err), VB_OK);
  const char *json = (const char *)vb_writer_data(j, &len);
  assert_non_null(strstr(json, "\"type\":\"fingerprint\""));
  assert_non_null(strstr(json, "\"ngram\":5"));
  vb_writer_free(j);
  vb_writer_free(w);
  vb_fingerprinter_free(fp);
}

/* ---- handle reuse and allocation failures ---- */

static void a_reused_handle_gives_the_same_results_as_a_fresh_one(void **state) {
  (void)state;
  rng_state = 77;
  static uint64_t big[3000], small[40];
  for (size_t i = 0; i < 3000; i++) big[i] = rnd();
  for (size_t i = 0; i < 40; i++) small[i] = rnd();
  vb_fingerprinter *used = vb_fingerprinter_new(NULL), *fresh = vb_fingerprinter_new(NULL);
  vb_tokens tb = toks(big, 3000), ts = toks(small, 40);
  assert_int_equal(vb_fingerprinter_run(used, NULL, &tb, NULL, 0, NULL), VB_OK);
  assert_int_equal(vb_fingerprinter_run(used, NULL, &ts, NULL, 0, NULL), VB_OK);
  assert_int_equal(vb_fingerprinter_run(fresh, NULL, &ts, NULL, 0, NULL), VB_OK);
  size_t n1, n2;
  const uint64_t *a = vb_fingerprinter_shingles(used, &n1), *b = vb_fingerprinter_shingles(fresh, &n2);
  assert_int_equal(n1, n2);
  assert_memory_equal(a, b, n1 * 8);
  const vb_fp_print *pa = vb_fingerprinter_winnowed(used, &n1), *pb = vb_fingerprinter_winnowed(fresh, &n2);
  assert_int_equal(n1, n2);
  assert_memory_equal(pa, pb, n1 * sizeof *pa);
  a = vb_fingerprinter_minhash(used, &n1);
  b = vb_fingerprinter_minhash(fresh, &n2);
  assert_memory_equal(a, b, n1 * 8);
  assert_true(vb_fingerprinter_simhash(used) == vb_fingerprinter_simhash(fresh));
  vb_fingerprinter_reset(used);
  vb_fingerprinter_shingles(used, &n1);
  assert_int_equal(n1, 0);
  vb_fingerprinter_free(used);
  vb_fingerprinter_free(fresh);
}

static void allocation_failures_return_nomem_and_leak_nothing(void **state) {
  (void)state;
  const char *text = "The council voted on Thursday to keep the ferry running all winter long.";
  vb_words *w = vb_words_new(NULL);
  assert_int_equal(vb_words_run(w, text, strlen(text), NULL), VB_OK);
  vb_tokens t = vb_words_tokens(w);
  vb_fp_options o = vb_fp_options_default();
  o.flags = VB_FP_ALL | VB_FP_CHARGRAMS;
  bool succeeded = false;
  for (long n = 1; n < 100 && !succeeded; n++) {
    test_alloc ta;
    vb_allocator a = test_alloc_make(&ta, n);
    vb_fingerprinter *fp = vb_fingerprinter_new(&a);
    vb_words *w2 = vb_words_new(&a);
    if (fp && w2) {
      vb_error err;
      vb_status st = vb_fingerprinter_run(fp, &o, &t, text, strlen(text), &err);
      if (st == VB_OK) st = vb_words_run(w2, text, strlen(text), &err);
      if (st == VB_OK) {
        succeeded = !ta.failed;
        size_t k;
        vb_fingerprinter_minhash(fp, &k);
        assert_int_equal(k, 128);
        assert_int_equal(vb_words_tokens(w2).count, t.count);
      } else {
        assert_int_equal(st, VB_ERR_NOMEM);
        assert_true(ta.failed);
      }
    } else {
      assert_true(ta.failed);
    }
    vb_words_free(w2);
    vb_fingerprinter_free(fp);
    assert_int_equal(ta.live, 0);
  }
  assert_true(succeeded);
  vb_words_free(w);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(words_fold_case_width_and_apostrophes),
      cmocka_unit_test(words_leave_out_punctuation_and_keep_numbers),
      cmocka_unit_test(words_refuse_bad_utf8_with_its_offset_and_are_left_empty),
      cmocka_unit_test(words_of_boilerplate_paragraphs_are_flagged),
      cmocka_unit_test(shingle_hash_is_xxh3_of_little_endian_word_hashes),
      cmocka_unit_test(shingle_set_is_sorted_and_distinct),
      cmocka_unit_test(short_document_has_one_shingle_and_empty_has_none),
      cmocka_unit_test(boilerplate_words_are_left_out_unless_asked),
      cmocka_unit_test(unknown_flags_and_bad_options_are_rejected),
      cmocka_unit_test(winnowing_guarantees_a_shared_print_for_every_long_shared_run),
      cmocka_unit_test(ties_keep_the_previous_pick_then_take_the_rightmost),
      cmocka_unit_test(winnowed_prints_are_their_shingles_at_their_positions),
      cmocka_unit_test(minhash_error_stays_within_its_bound),
      cmocka_unit_test(minhash_of_equal_and_disjoint_sets),
      cmocka_unit_test(simhash_distance_grows_with_change),
      cmocka_unit_test(simhash_is_the_majority_vote_of_shingle_bits),
      cmocka_unit_test(shingle_set_sort_is_exact_for_any_values),
      cmocka_unit_test(shingle_compare_counts_exactly),
      cmocka_unit_test(chargrams_ignore_case_and_spacing_between_words),
      cmocka_unit_test(fingerprint_record_stores_the_signature_in_big_endian),
      cmocka_unit_test(a_reused_handle_gives_the_same_results_as_a_fresh_one),
      cmocka_unit_test(allocation_failures_return_nomem_and_leak_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
