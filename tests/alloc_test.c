/* Allocation failures in the public calls of fingerprint.h and normalize.h,
 * each call on its own: a handle is set up with memory to spare, then the
 * Nth allocation of the call under test fails, for each N until the call
 * succeeds. Every failure must be VB_ERR_NOMEM, leave nothing half-done
 * (results empty, nothing appended), and leave the handle usable: with
 * memory back, the same call gives the same answer as on a handle that
 * never failed. Nothing may leak (the allocator counts live blocks; ASan
 * checks the rest). Texts are ours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_alloc.h"
#include "verbatim/verbatim.h"

/* Enough sweeps to reach every allocation of each call, with room. */
#define MAX_FAILS 400

static const char story[] =
    "The harbour board approved the new dredging budget after a long debate on Tuesday "
    "evening, and the chair, Ilona Varga, said work would begin before the spring tides. "
    "Fishermen on the north quay said the channel had silted up twice since the storm, and "
    "the ferry company asked for the work to be finished before the summer timetable.";
static const char spun[] =
    "The harbour committee approved the new dredging budget after a lengthy debate on "
    "Tuesday evening, and the chair, Ilona Vorgan, said work would begin before the spring "
    "tides. Fishermen on the north quay said the channel had silted up twice since the storm.";

typedef struct doc {
  vb_words *w;
  vb_tokens t;
} doc;

static void doc_init(doc *d, const char *text) {
  d->w = vb_words_new(NULL);
  assert_non_null(d->w);
  assert_int_equal(vb_words_run(d->w, text, strlen(text), NULL), VB_OK);
  d->t = vb_words_tokens(d->w);
}

/* Arm the allocator so the nth allocation from now fails. */
static void fail_in(test_alloc *ta, long n) { ta->fail_at = ta->calls + n; }

/* ---- fingerprinter ---- */

typedef struct fp_result {
  size_t nshingles, nprints, nchargrams;
  uint64_t minhash[128], simhash;
} fp_result;

static fp_result fp_read(const vb_fingerprinter *fp) {
  fp_result r;
  size_t k;
  vb_fingerprinter_shingles(fp, &r.nshingles);
  vb_fingerprinter_winnowed(fp, &r.nprints);
  vb_fingerprinter_chargrams(fp, &r.nchargrams);
  const uint64_t *m = vb_fingerprinter_minhash(fp, &k);
  memset(r.minhash, 0, sizeof r.minhash);
  if (m && k <= 128) memcpy(r.minhash, m, k * sizeof *m);
  r.simhash = vb_fingerprinter_simhash(fp);
  return r;
}

static void fingerprinter_run_fails_cleanly_and_runs_again(void **state) {
  (void)state;
  doc d, small;
  doc_init(&d, story);
  doc_init(&small, "A short note.");
  vb_fp_options o = vb_fp_options_default();
  o.flags = VB_FP_ALL | VB_FP_CHARGRAMS;
  vb_fingerprinter *ref = vb_fingerprinter_new(NULL);
  assert_int_equal(vb_fingerprinter_run(ref, &o, &d.t, story, strlen(story), NULL), VB_OK);
  fp_result want = fp_read(ref);
  assert_true(want.nshingles > 0 && want.nchargrams > 0);
  bool done = false;
  for (long n = 1; n < MAX_FAILS && !done; n++) {
    test_alloc ta;
    vb_allocator a = test_alloc_make(&ta, 0);
    vb_fingerprinter *fp = vb_fingerprinter_new(&a);
    assert_non_null(fp);
    /* A run on a short text first, so the call under test grows buffers
     * that already exist as well as making new ones. */
    assert_int_equal(vb_fingerprinter_run(fp, &o, &small.t, "A short note.", 13, NULL), VB_OK);
    fail_in(&ta, n);
    vb_error err;
    vb_status st = vb_fingerprinter_run(fp, &o, &d.t, story, strlen(story), &err);
    ta.fail_at = 0;
    if (st == VB_OK) {
      assert_false(ta.failed);
      done = true;
    } else {
      assert_int_equal(st, VB_ERR_NOMEM);
      assert_int_equal(err.status, VB_ERR_NOMEM);
      fp_result gone = fp_read(fp);
      assert_int_equal(gone.nshingles + gone.nprints + gone.nchargrams, 0);
      assert_int_equal(vb_fingerprinter_run(fp, &o, &d.t, story, strlen(story), NULL), VB_OK);
    }
    fp_result got = fp_read(fp);
    assert_memory_equal(&got, &want, sizeof got);
    vb_fingerprinter_free(fp);
    assert_int_equal(ta.live, 0);
  }
  assert_true(done);
  vb_fingerprinter_free(ref);
  vb_words_free(d.w);
  vb_words_free(small.w);
}

/* ---- LSH index ---- */

#define K 128
#define NDOCS 48
static uint64_t sigs[NDOCS][K];

/* Documents in groups of four that share most of their signature, so the
 * index has pairs to find. */
static void make_signatures(void) {
  uint64_t x = 0x9E3779B97F4A7C15u;
  for (int d = 0; d < NDOCS; d++)
    for (int i = 0; i < K; i++) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      sigs[d][i] = (d % 4 != 0 && i % 3 != 0) ? sigs[d - d % 4][i] : x;
    }
}

static vb_lsh *filled(const vb_allocator *a) {
  vb_lsh *l = vb_lsh_new(a);
  assert_non_null(l);
  for (int d = 0; d < NDOCS; d++) assert_int_equal(vb_lsh_add(l, sigs[d], K, NULL, NULL), VB_OK);
  return l;
}

static size_t pairs_of(vb_lsh *l, vb_doc_pair *out) {
  const vb_doc_pair *p;
  size_t n;
  assert_int_equal(vb_lsh_pairs(l, &p, &n, NULL), VB_OK);
  assert_true(n <= NDOCS * NDOCS);
  if (n) memcpy(out, p, n * sizeof *p);
  return n;
}

static vb_doc_pair want_pairs[NDOCS * NDOCS], got_pairs[NDOCS * NDOCS];

static void lsh_add_fails_cleanly_and_the_index_stays_whole(void **state) {
  (void)state;
  vb_lsh *ref = filled(NULL);
  size_t want = pairs_of(ref, want_pairs);
  assert_true(want >= NDOCS / 4 * 6);
  bool done = false;
  for (long n = 1; n < MAX_FAILS && !done; n++) {
    test_alloc ta;
    vb_allocator a = test_alloc_make(&ta, 0);
    vb_lsh *l = vb_lsh_new(&a);
    assert_non_null(l);
    fail_in(&ta, n);
    int d = 0;
    vb_status st = VB_OK;
    for (; d < NDOCS && st == VB_OK; d++) {
      uint32_t id = UINT32_MAX;
      st = vb_lsh_add(l, sigs[d], K, &id, NULL);
      if (st == VB_OK) assert_int_equal(id, d);
    }
    ta.fail_at = 0;
    if (st == VB_OK) {
      assert_false(ta.failed);
      done = true;
    } else {
      assert_int_equal(st, VB_ERR_NOMEM);
      d--; /* the document that failed is not in the index */
      assert_int_equal(vb_lsh_count(l), (size_t)d);
      for (; d < NDOCS; d++) {
        uint32_t id;
        assert_int_equal(vb_lsh_add(l, sigs[d], K, &id, NULL), VB_OK);
        assert_int_equal(id, d);
      }
    }
    assert_int_equal(pairs_of(l, got_pairs), want);
    assert_memory_equal(got_pairs, want_pairs, want * sizeof *want_pairs);
    vb_lsh_free(l);
    assert_int_equal(ta.live, 0);
  }
  assert_true(done);
  vb_lsh_free(ref);
}

static void lsh_query_and_pairs_fail_cleanly_and_answer_again(void **state) {
  (void)state;
  vb_lsh *ref = filled(NULL);
  size_t want = pairs_of(ref, want_pairs);
  const uint32_t *ids;
  size_t nwant_ids;
  assert_int_equal(vb_lsh_query(ref, sigs[5], K, &ids, &nwant_ids, NULL), VB_OK);
  uint32_t want_ids[NDOCS];
  memcpy(want_ids, ids, nwant_ids * sizeof *ids);
  assert_true(nwant_ids >= 4);
  for (int which = 0; which < 2; which++) {
    bool done = false;
    for (long n = 1; n < MAX_FAILS && !done; n++) {
      test_alloc ta;
      vb_allocator a = test_alloc_make(&ta, 0);
      vb_lsh *l = filled(&a);
      fail_in(&ta, n);
      const vb_doc_pair *p;
      size_t cnt;
      vb_status st = which == 0 ? vb_lsh_query(l, sigs[5], K, &ids, &cnt, NULL)
                                : vb_lsh_pairs(l, &p, &cnt, NULL);
      ta.fail_at = 0;
      if (st == VB_OK) {
        assert_false(ta.failed);
        done = true;
      } else {
        assert_int_equal(st, VB_ERR_NOMEM);
        assert_int_equal(vb_lsh_count(l), NDOCS);
      }
      assert_int_equal(vb_lsh_query(l, sigs[5], K, &ids, &cnt, NULL), VB_OK);
      assert_int_equal(cnt, nwant_ids);
      assert_memory_equal(ids, want_ids, cnt * sizeof *ids);
      assert_int_equal(pairs_of(l, got_pairs), want);
      assert_memory_equal(got_pairs, want_pairs, want * sizeof *want_pairs);
      vb_lsh_free(l);
      assert_int_equal(ta.live, 0);
    }
    assert_true(done);
  }
  vb_lsh_free(ref);
}

static void lsh_save_appends_all_or_nothing(void **state) {
  (void)state;
  vb_lsh *l = filled(NULL);
  vb_writer *ref = vb_writer_new(NULL);
  assert_int_equal(vb_lsh_save(l, ref, NULL), VB_OK);
  size_t want_len;
  const uint8_t *want = vb_writer_data(ref, &want_len);
  bool done = false;
  for (long n = 1; n < MAX_FAILS && !done; n++) {
    test_alloc ta;
    vb_allocator a = test_alloc_make(&ta, 0);
    vb_writer *w = vb_writer_new(&a);
    assert_non_null(w);
    assert_int_equal(vb_writer_raw(w, "\x01", 1, NULL), VB_OK); /* a record before it */
    fail_in(&ta, n);
    vb_status st = vb_lsh_save(l, w, NULL);
    ta.fail_at = 0;
    size_t len;
    const uint8_t *data = vb_writer_data(w, &len);
    if (st == VB_OK) {
      assert_false(ta.failed);
      done = true;
    } else {
      assert_int_equal(st, VB_ERR_NOMEM);
      assert_int_equal(len, 1); /* the record before it, and nothing else */
      assert_int_equal(vb_lsh_save(l, w, NULL), VB_OK);
      data = vb_writer_data(w, &len);
    }
    assert_int_equal(len, 1 + want_len);
    assert_memory_equal(data + 1, want, want_len);
    vb_writer_free(w);
    assert_int_equal(ta.live, 0);
  }
  assert_true(done);
  vb_writer_free(ref);
  vb_lsh_free(l);
}

static void lsh_load_fails_to_an_empty_index_and_loads_again(void **state) {
  (void)state;
  vb_lsh *src = filled(NULL);
  size_t want = pairs_of(src, want_pairs);
  vb_writer *w = vb_writer_new(NULL);
  assert_int_equal(vb_lsh_save(src, w, NULL), VB_OK);
  size_t len;
  const uint8_t *data = vb_writer_data(w, &len);
  bool done = false;
  for (long n = 1; n < MAX_FAILS && !done; n++) {
    test_alloc ta;
    vb_allocator a = test_alloc_make(&ta, 0);
    vb_lsh *l = vb_lsh_new(&a);
    assert_non_null(l);
    for (int d = 0; d < 5; d++) assert_int_equal(vb_lsh_add(l, sigs[d], K, NULL, NULL), VB_OK);
    fail_in(&ta, n);
    vb_error err;
    vb_status st = vb_lsh_load(l, data, len, &err);
    ta.fail_at = 0;
    if (st == VB_OK) {
      assert_false(ta.failed);
      done = true;
    } else {
      assert_int_equal(st, VB_ERR_NOMEM);
      assert_int_equal(err.status, VB_ERR_NOMEM);
      assert_int_equal(vb_lsh_count(l), 0);
      assert_int_equal(vb_lsh_load(l, data, len, NULL), VB_OK);
    }
    assert_int_equal(vb_lsh_count(l), NDOCS);
    assert_int_equal(pairs_of(l, got_pairs), want);
    assert_memory_equal(got_pairs, want_pairs, want * sizeof *want_pairs);
    vb_lsh_free(l);
    assert_int_equal(ta.live, 0);
  }
  assert_true(done);
  vb_writer_free(w);
  vb_lsh_free(src);
}

/* ---- aligner and the result records ---- */

static void aligner_run_fails_cleanly_and_runs_again(void **state) {
  (void)state;
  doc a, b;
  doc_init(&a, story);
  doc_init(&b, spun);
  vb_aligner *ref = vb_aligner_new(NULL);
  assert_int_equal(vb_aligner_run(ref, NULL, &a.t, &b.t, NULL), VB_OK);
  size_t want;
  const vb_passage *wp = vb_aligner_passages(ref, &want);
  assert_true(want >= 1);
  bool done = false;
  for (long n = 1; n < MAX_FAILS && !done; n++) {
    test_alloc ta;
    vb_allocator al = test_alloc_make(&ta, 0);
    vb_aligner *x = vb_aligner_new(&al);
    assert_non_null(x);
    fail_in(&ta, n);
    vb_error err;
    vb_status st = vb_aligner_run(x, NULL, &a.t, &b.t, &err);
    ta.fail_at = 0;
    size_t np;
    if (st == VB_OK) {
      assert_false(ta.failed);
      done = true;
    } else {
      assert_int_equal(st, VB_ERR_NOMEM);
      vb_aligner_passages(x, &np);
      assert_int_equal(np, 0);
      assert_int_equal(vb_aligner_run(x, NULL, &a.t, &b.t, NULL), VB_OK);
    }
    const vb_passage *p = vb_aligner_passages(x, &np);
    assert_int_equal(np, want);
    assert_memory_equal(p, wp, want * sizeof *p);
    vb_aligner_free(x);
    assert_int_equal(ta.live, 0);
  }
  assert_true(done);
  vb_aligner_free(ref);
  vb_words_free(a.w);
  vb_words_free(b.w);
}

static void fingerprint_and_pair_records_are_all_or_nothing(void **state) {
  (void)state;
  doc a, b;
  doc_init(&a, story);
  doc_init(&b, spun);
  vb_fingerprinter *fp = vb_fingerprinter_new(NULL);
  vb_aligner *al = vb_aligner_new(NULL);
  assert_int_equal(vb_fingerprinter_run(fp, NULL, &a.t, NULL, 0, NULL), VB_OK);
  assert_int_equal(vb_aligner_run(al, NULL, &a.t, &b.t, NULL), VB_OK);
  vb_similar_pair pair = {{"story", 5}, {"spun", 4}, 0.8, 0.5, 0.7, 0.6, 9, NULL, 0};
  pair.passages = vb_aligner_passages(al, &pair.passage_count);
  for (int which = 0; which < 2; which++) {
    vb_writer *ref = vb_writer_new(NULL);
    assert_int_equal(which == 0 ? vb_writer_fingerprint(ref, "story", 5, fp, NULL)
                                : vb_writer_similar_pair(ref, &pair, NULL),
                     VB_OK);
    size_t want_len;
    const uint8_t *want = vb_writer_data(ref, &want_len);
    bool done = false;
    for (long n = 1; n < MAX_FAILS && !done; n++) {
      test_alloc ta;
      vb_allocator wa = test_alloc_make(&ta, 0);
      vb_writer *w = vb_writer_new(&wa);
      assert_non_null(w);
      fail_in(&ta, n);
      vb_status st = which == 0 ? vb_writer_fingerprint(w, "story", 5, fp, NULL)
                                : vb_writer_similar_pair(w, &pair, NULL);
      ta.fail_at = 0;
      size_t len;
      const uint8_t *data = vb_writer_data(w, &len);
      if (st == VB_OK) {
        assert_false(ta.failed);
        done = true;
        assert_int_equal(len, want_len);
        assert_memory_equal(data, want, len);
      } else {
        assert_int_equal(st, VB_ERR_NOMEM);
        assert_int_equal(len, 0);
      }
      vb_writer_free(w);
      assert_int_equal(ta.live, 0);
    }
    assert_true(done);
    vb_writer_free(ref);
  }
  vb_aligner_free(al);
  vb_fingerprinter_free(fp);
  vb_words_free(a.w);
  vb_words_free(b.w);
}

/* ---- normalizer: the paths the default flags do not take ---- */

static void normalizer_folding_and_lenient_paths_fail_cleanly(void **state) {
  (void)state;
  /* Look-alikes in Latin words, marks to strip, compatibility characters,
   * quotes, and ill-formed bytes for the lenient path: long enough to grow
   * every buffer more than once. */
  static const char piece[] = "p\xD0\xB0yp\xD0\xB0l \xE2\x80\x9C" "caf\xC3\xA9\xE2\x80\x9D "
                              "\xE2\x93\x90\xD0\x9E \xEF\xAC\x81ne \xFF\xC0 e\xCC\x81\xCC\x88 ";
  char text[4096];
  size_t len = 0;
  while (len + sizeof piece < sizeof text) {
    memcpy(text + len, piece, sizeof piece - 1);
    len += sizeof piece - 1;
  }
  unsigned flags = VB_NORM_DEFAULT | VB_NORM_CONFUSABLES | VB_NORM_STRIP_MARKS |
                   VB_NORM_COLLAPSE_SPACES | VB_NORM_LENIENT;
  vb_normalizer *ref = vb_normalizer_new(NULL, flags, NULL);
  assert_int_equal(vb_normalizer_run(ref, text, len, NULL), VB_OK);
  size_t want_len, want_segs, want_quotes;
  const char *want = vb_normalizer_output(ref, &want_len);
  const vb_norm_segment *ws = vb_normalizer_segments(ref, &want_segs);
  vb_normalizer_quotes(ref, &want_quotes);
  assert_true(vb_normalizer_replaced(ref) > 0 && want_quotes > 0);
  bool done = false;
  for (long n = 1; n < MAX_FAILS && !done; n++) {
    test_alloc ta;
    vb_allocator a = test_alloc_make(&ta, 0);
    vb_normalizer *x = vb_normalizer_new(&a, flags, NULL);
    assert_non_null(x);
    assert_int_equal(vb_normalizer_run(x, "p\xD0\xB0y", 4, NULL), VB_OK);
    fail_in(&ta, n);
    vb_error err;
    vb_status st = vb_normalizer_run(x, text, len, &err);
    ta.fail_at = 0;
    size_t out_len, nsegs, nquotes;
    if (st == VB_OK) {
      assert_false(ta.failed);
      done = true;
    } else {
      assert_int_equal(st, VB_ERR_NOMEM);
      assert_int_equal(err.status, VB_ERR_NOMEM);
      vb_normalizer_output(x, &out_len);
      assert_int_equal(out_len, 0);
      assert_int_equal(vb_normalizer_run(x, text, len, NULL), VB_OK);
    }
    const char *out = vb_normalizer_output(x, &out_len);
    const vb_norm_segment *s = vb_normalizer_segments(x, &nsegs);
    vb_normalizer_quotes(x, &nquotes);
    assert_int_equal(out_len, want_len);
    assert_memory_equal(out, want, out_len);
    assert_int_equal(nsegs, want_segs);
    for (size_t i = 0; i < nsegs; i++) { /* field by field: the struct has padding */
      assert_int_equal(s[i].out_start, ws[i].out_start);
      assert_int_equal(s[i].in_start, ws[i].in_start);
      assert_int_equal(s[i].out_len, ws[i].out_len);
      assert_int_equal(s[i].in_len, ws[i].in_len);
      assert_int_equal(s[i].exact, ws[i].exact);
    }
    assert_int_equal(nquotes, want_quotes);
    vb_normalizer_free(x);
    assert_int_equal(ta.live, 0);
  }
  assert_true(done);
  vb_normalizer_free(ref);
}

int main(void) {
  make_signatures();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fingerprinter_run_fails_cleanly_and_runs_again),
      cmocka_unit_test(lsh_add_fails_cleanly_and_the_index_stays_whole),
      cmocka_unit_test(lsh_query_and_pairs_fail_cleanly_and_answer_again),
      cmocka_unit_test(lsh_save_appends_all_or_nothing),
      cmocka_unit_test(lsh_load_fails_to_an_empty_index_and_loads_again),
      cmocka_unit_test(aligner_run_fails_cleanly_and_runs_again),
      cmocka_unit_test(fingerprint_and_pair_records_are_all_or_nothing),
      cmocka_unit_test(normalizer_folding_and_lenient_paths_fail_cleanly),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
