/* Aligned passages: exact copies, spun sentences, garbled names, inserted
 * and deleted words, boilerplate, scores, the pair record, and allocation
 * failures. Texts are ours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cbor_io.h"
#include "test_alloc.h"
#include "verbatim/fingerprint.h"

typedef struct doc {
  const char *text;
  vb_words *w;
  vb_tokens t;
} doc;

static void doc_init(doc *d, const char *text) {
  d->text = text;
  d->w = vb_words_new(NULL);
  assert_non_null(d->w);
  assert_int_equal(vb_words_run(d->w, text, strlen(text), NULL), VB_OK);
  d->t = vb_words_tokens(d->w);
}

static void doc_release(doc *d) { vb_words_free(d->w); }

static const vb_passage *align(vb_aligner *al, doc *a, doc *b, size_t *n) {
  vb_error err;
  assert_int_equal(vb_aligner_run(al, NULL, &a->t, &b->t, &err), VB_OK);
  return vb_aligner_passages(al, n);
}

static const char story[] =
    "The harbour board approved the new dredging budget after a long debate on Tuesday "
    "evening, and the chair, Ilona Varga, said work would begin before the spring tides.";

static void a_verbatim_copy_in_furniture_is_one_passage_with_exact_spans(void **state) {
  (void)state;
  char wrapped[1024];
  snprintf(wrapped, sizeof wrapped, "Home | News | Sign in\n\nBy staff\n\n%s\n\nRead more: tides "
           "and ferries. Subscribe today.", story);
  doc a, b;
  doc_init(&a, story);
  doc_init(&b, wrapped);
  vb_aligner *al = vb_aligner_new(NULL);
  size_t n;
  const vb_passage *p = align(al, &a, &b, &n);
  assert_int_equal(n, 1);
  assert_int_equal(p[0].identical, a.t.count);
  assert_int_equal(p[0].substituted + p[0].inserted + p[0].deleted, 0);
  assert_int_equal(p[0].a_tokens.start, 0);
  assert_int_equal(p[0].a_tokens.end, a.t.count);
  /* bytes: from the first word to the last, the same text on both sides */
  assert_int_equal(p[0].a_bytes.start, 0);
  assert_int_equal(p[0].a_bytes.end, strlen(story) - 1); /* before the final full stop */
  assert_int_equal(p[0].b_bytes.end - p[0].b_bytes.start, p[0].a_bytes.end - p[0].a_bytes.start);
  assert_memory_equal(wrapped + p[0].b_bytes.start, story + p[0].a_bytes.start,
                      p[0].a_bytes.end - p[0].a_bytes.start);
  assert_true(vb_passages_score(p, n, a.t.count, b.t.count) == 1.0);
  vb_aligner_free(al);
  doc_release(&a);
  doc_release(&b);
}

static void a_spun_sentence_with_two_synonyms_stays_one_passage(void **state) {
  (void)state;
  const char *spun =
      "The harbour committee approved the new dredging budget after a lengthy debate on Tuesday "
      "evening, and the chair, Ilona Varga, said work would begin before the spring tides.";
  doc a, b;
  doc_init(&a, story);
  doc_init(&b, spun);
  vb_aligner *al = vb_aligner_new(NULL);
  size_t n;
  const vb_passage *p = align(al, &a, &b, &n);
  assert_int_equal(n, 1);
  assert_int_equal(p[0].substituted, 2);
  assert_int_equal(p[0].identical, a.t.count - 2);
  assert_int_equal(p[0].inserted + p[0].deleted, 0);
  assert_int_equal(p[0].b_bytes.start, 0);
  assert_int_equal(p[0].b_bytes.end, strlen(spun) - 1);
  vb_aligner_free(al);
  doc_release(&a);
  doc_release(&b);
}

static void a_garbled_name_is_a_substitution(void **state) {
  (void)state;
  const char *garbled =
      "The harbour board approved the new dredging budget after a long debate on Tuesday "
      "evening, and the chair, Ilona Vorgan, said work would begin before the spring tides.";
  doc a, b;
  doc_init(&a, story);
  doc_init(&b, garbled);
  vb_aligner *al = vb_aligner_new(NULL);
  size_t n;
  const vb_passage *p = align(al, &a, &b, &n);
  assert_int_equal(n, 1);
  assert_int_equal(p[0].substituted, 1);
  assert_int_equal(p[0].identical, a.t.count - 1);
  vb_aligner_free(al);
  doc_release(&a);
  doc_release(&b);
}

static void inserted_and_deleted_words_are_counted(void **state) {
  (void)state;
  /* "new" and "long" deleted; "to everyone's surprise" inserted */
  const char *edited =
      "The harbour board approved the dredging budget after a debate on Tuesday evening, "
      "and to everyone's surprise the chair, Ilona Varga, said work would begin before the "
      "spring tides.";
  doc a, b;
  doc_init(&a, story);
  doc_init(&b, edited);
  vb_aligner *al = vb_aligner_new(NULL);
  size_t n;
  const vb_passage *p = align(al, &a, &b, &n);
  assert_int_equal(n, 1);
  assert_int_equal(p[0].deleted, 2);
  assert_int_equal(p[0].inserted, 3);
  assert_int_equal(p[0].substituted, 0);
  assert_int_equal(p[0].identical, a.t.count - 2);
  vb_aligner_free(al);
  doc_release(&a);
  doc_release(&b);
}

static void unrelated_texts_share_no_passage(void **state) {
  (void)state;
  const char *other =
      "Ferry crews walked out at dawn over new rosters, and the union said talks with the "
      "operator had broken down late on Sunday night without any agreement.";
  doc a, b;
  doc_init(&a, story);
  doc_init(&b, other);
  vb_aligner *al = vb_aligner_new(NULL);
  size_t n;
  const vb_passage *p = align(al, &a, &b, &n);
  assert_int_equal(n, 0);
  assert_true(vb_passages_score(p, n, a.t.count, b.t.count) == 0.0);
  vb_aligner_free(al);
  doc_release(&a);
  doc_release(&b);
}

static void separate_reused_passages_are_reported_in_order(void **state) {
  (void)state;
  const char *a_text =
      "Ferry crews walked out at dawn over new rosters and long shifts on the crossings. "
      "Meanwhile the museum opened a small exhibition of old maps, photographs and letters "
      "from the early days of the port, which runs until the end of the summer season. "
      "The union said talks with the operator had broken down late on Sunday night.";
  const char *b_text =
      "The union said talks with the operator had broken down late on Sunday night. "
      "Commuters queued for hours at the pier. "
      "Ferry crews walked out at dawn over new rosters and long shifts on the crossings.";
  doc a, b;
  doc_init(&a, a_text);
  doc_init(&b, b_text);
  vb_aligner *al = vb_aligner_new(NULL);
  size_t n;
  const vb_passage *p = align(al, &a, &b, &n);
  assert_int_equal(n, 2);
  assert_true(p[0].a_tokens.end <= p[1].a_tokens.start);
  assert_true(p[0].b_tokens.start > p[1].b_tokens.start); /* order swapped in B */
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(p[i].substituted + p[i].inserted + p[i].deleted, 0);
    assert_int_equal(p[i].a_bytes.end - p[i].a_bytes.start, p[i].b_bytes.end - p[i].b_bytes.start);
    assert_memory_equal(a_text + p[i].a_bytes.start, b_text + p[i].b_bytes.start,
                        p[i].a_bytes.end - p[i].a_bytes.start);
  }
  vb_aligner_free(al);
  doc_release(&a);
  doc_release(&b);
}

static void boilerplate_words_do_not_make_passages_unless_asked(void **state) {
  (void)state;
  doc a, b;
  doc_init(&a, story);
  doc_init(&b, story);
  uint8_t *flags = calloc(b.t.count, 1);
  for (size_t i = 0; i < b.t.count; i++) flags[i] = VB_TOKEN_BOILERPLATE;
  b.t.flags = flags;
  vb_aligner *al = vb_aligner_new(NULL);
  size_t n;
  align(al, &a, &b, &n);
  assert_int_equal(n, 0);
  vb_align_options o = vb_align_options_default();
  o.flags = VB_FP_INCLUDE_BOILERPLATE;
  assert_int_equal(vb_aligner_run(al, &o, &a.t, &b.t, NULL), VB_OK);
  vb_aligner_passages(al, &n);
  assert_int_equal(n, 1);
  flags[3] = 0x40;
  vb_error err;
  assert_int_equal(vb_aligner_run(al, NULL, &a.t, &b.t, &err), VB_ERR_ARG);
  o.flags = 0x4;
  assert_int_equal(vb_aligner_run(al, &o, &a.t, &a.t, &err), VB_ERR_ARG);
  free(flags);
  vb_aligner_free(al);
  vb_aligner_free(NULL);
  doc_release(&a);
  doc_release(&b);
}

static void the_pair_record_has_deterministic_keys_and_reads_as_json(void **state) {
  (void)state;
  vb_passage p = {{0, 5}, {2, 8}, {0, 30}, {10, 44}, 4, 1, 1, 0};
  vb_similar_pair pair = {{"a1", 2}, {"b1", 2}, 0.75, 0.5, 0.6, 0.4, 7, &p, 1, 0, 1};
  vb_writer *w = vb_writer_new(NULL);
  vb_error err;
  assert_int_equal(vb_writer_similar_pair(w, &pair, &err), VB_OK);
  size_t len;
  const uint8_t *data = vb_writer_data(w, &len);
  /* Walk the top-level and passage maps: keys must ascend in encoded order. */
  vb_chead h;
  size_t pos = 0;
  assert_int_equal(vb_cbor_head(data, len, &h, NULL), VB_OK);
  assert_int_equal(h.kind, VB_CK_MAP);
  uint64_t pairs = h.u;
  pos += h.len;
  const char *prev = NULL;
  size_t prev_len = 0;
  for (uint64_t i = 0; i < pairs; i++) {
    assert_int_equal(vb_cbor_head(data + pos, len - pos, &h, NULL), VB_OK);
    assert_int_equal(h.kind, VB_CK_TEXT);
    if (prev) assert_true(vb_cbor_key_cmp(prev, prev_len, (const char *)h.str, h.u) < 0);
    prev = (const char *)h.str;
    prev_len = h.u;
    pos += h.len;
    pos += vb_cbor_item_len(data + pos, len - pos);
  }
  assert_int_equal(pos, len);
  vb_writer *j = vb_writer_new(NULL);
  assert_int_equal(vb_writer_json(j, data, len, &err), VB_OK);
  size_t jl;
  const char *json = (const char *)vb_writer_data(j, &jl);
  assert_non_null(strstr(json, "\"score\":0.75"));
  assert_non_null(strstr(json, "\"b_start\":10"));
  assert_non_null(strstr(json, "\"substituted_words\":1"));
  assert_non_null(strstr(json, "\"simhash_distance\":7"));
  vb_similar_pair bad = pair;
  bad.a.data = "\xFF";
  bad.a.len = 1;
  assert_int_equal(vb_writer_similar_pair(w, &bad, &err), VB_ERR_UTF8);
  vb_writer_free(j);
  vb_writer_free(w);
}

static void scores_are_the_larger_containment_of_aligned_words(void **state) {
  (void)state;
  vb_passage p[2] = {{{0, 10}, {0, 10}, {0, 0}, {0, 0}, 8, 2, 0, 0},
                     {{20, 30}, {40, 50}, {0, 0}, {0, 0}, 10, 0, 0, 0}};
  /* 20 aligned words: 20/100 of A, 20/40 of B */
  assert_true(vb_passages_score(p, 2, 100, 40) == 0.5);
  assert_true(vb_passages_score(p, 2, 10, 10) == 1.0); /* capped */
  assert_true(vb_passages_score(NULL, 0, 10, 10) == 0.0);
}

static uint64_t rng_state = 1;
static uint64_t rnd(void) {
  uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* Random pairs that share edited copies of random runs, with small
 * vocabularies (many repeats) and boilerplate flags: every passage stays in
 * bounds, accounts for exactly the words of its spans, and keeps at least
 * min_words identical words; a run copied intact is always found. */
static void random_pairs_keep_the_passage_invariants(void **state) {
  (void)state;
  static uint64_t A[1200], B[1200];
  static uint8_t FA[1200], FB[1200];
  vb_aligner *al = vb_aligner_new(NULL);
  vb_align_options o = vb_align_options_default();
  for (int trial = 0; trial < 400; trial++) {
    size_t na = 1 + rnd() % 1200, nb = 1 + rnd() % 1200, vocab = 2 + rnd() % 500;
    for (size_t i = 0; i < na; i++) A[i] = rnd() % vocab, FA[i] = rnd() % 10 == 0;
    for (size_t i = 0; i < nb; i++) B[i] = rnd() % vocab, FB[i] = rnd() % 10 == 0;
    bool flags = trial % 2;
    size_t intact = 0, ia = 0, ib = 0;
    if (na > 40 && nb > 40) { /* a run copied intact, away from other noise */
      intact = 30;
      ia = rnd() % (na - intact);
      ib = rnd() % (nb - intact);
      for (size_t i = 0; i < intact; i++) {
        B[ib + i] = A[ia + i] = UINT64_C(1) << 40 | rnd();
        FA[ia + i] = FB[ib + i] = 0;
      }
    }
    for (int c = 0; c < 3 && na > 60 && nb > 60; c++) { /* edited copies */
      size_t len = 10 + rnd() % 50, pa = rnd() % (na - len), pb = rnd() % (nb - len);
      for (size_t i = 0; i < len; i++) {
        if (ib < pb + i + 1 && pb + i < ib + intact) continue; /* leave the intact run alone */
        B[pb + i] = rnd() % 7 == 0 ? rnd() : A[pa + i];
      }
    }
    vb_tokens ta = {A, NULL, flags ? FA : NULL, na}, tb = {B, NULL, flags ? FB : NULL, nb};
    assert_int_equal(vb_aligner_run(al, &o, &ta, &tb, NULL), VB_OK);
    size_t n;
    const vb_passage *p = vb_aligner_passages(al, &n);
    bool found = intact == 0;
    for (size_t i = 0; i < n; i++) {
      assert_true(p[i].a_tokens.start < p[i].a_tokens.end && p[i].a_tokens.end <= na);
      assert_true(p[i].b_tokens.start < p[i].b_tokens.end && p[i].b_tokens.end <= nb);
      assert_true(p[i].identical >= o.min_words);
      if (!flags) {
        assert_int_equal(p[i].identical + p[i].substituted + p[i].deleted,
                         p[i].a_tokens.end - p[i].a_tokens.start);
        assert_int_equal(p[i].identical + p[i].substituted + p[i].inserted,
                         p[i].b_tokens.end - p[i].b_tokens.start);
      }
      if (i) assert_true(p[i - 1].a_tokens.start <= p[i].a_tokens.start);
      if (p[i].a_tokens.start <= ia && ia + intact <= p[i].a_tokens.end &&
          p[i].b_tokens.start <= ib && ib + intact <= p[i].b_tokens.end)
        found = true;
    }
    if (!found) fail_msg("trial %d: the intact run at %zu/%zu was not found", trial, ia, ib);
  }
  vb_aligner_free(al);
}

static void allocation_failures_return_nomem_and_leak_nothing(void **state) {
  (void)state;
  const char *spun =
      "The harbour committee approved the new dredging budget after a lengthy debate on Tuesday "
      "evening, and the chair, Ilona Vorgan, said work would begin before the spring tides.";
  doc a, b;
  doc_init(&a, story);
  doc_init(&b, spun);
  bool succeeded = false;
  for (long n = 1; n < 200 && !succeeded; n++) {
    test_alloc ta;
    vb_allocator al_alloc = test_alloc_make(&ta, n);
    vb_aligner *al = vb_aligner_new(&al_alloc);
    if (al) {
      vb_status st = vb_aligner_run(al, NULL, &a.t, &b.t, NULL);
      size_t np;
      vb_aligner_passages(al, &np);
      if (st == VB_OK) {
        assert_int_equal(np, 1);
        succeeded = !ta.failed;
      } else {
        assert_int_equal(st, VB_ERR_NOMEM);
        assert_int_equal(np, 0);
      }
    }
    vb_aligner_free(al);
    assert_int_equal(ta.live, 0);
  }
  assert_true(succeeded);
  doc_release(&a);
  doc_release(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_verbatim_copy_in_furniture_is_one_passage_with_exact_spans),
      cmocka_unit_test(a_spun_sentence_with_two_synonyms_stays_one_passage),
      cmocka_unit_test(a_garbled_name_is_a_substitution),
      cmocka_unit_test(inserted_and_deleted_words_are_counted),
      cmocka_unit_test(unrelated_texts_share_no_passage),
      cmocka_unit_test(separate_reused_passages_are_reported_in_order),
      cmocka_unit_test(boilerplate_words_do_not_make_passages_unless_asked),
      cmocka_unit_test(the_pair_record_has_deterministic_keys_and_reads_as_json),
      cmocka_unit_test(scores_are_the_larger_containment_of_aligned_words),
      cmocka_unit_test(random_pairs_keep_the_passage_invariants),
      cmocka_unit_test(allocation_failures_return_nomem_and_leak_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
