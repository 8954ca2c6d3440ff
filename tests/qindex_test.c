/* The quote index: what a scan finds, how occurrences merge, and that
 * building in steps gives the same index as building at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "qindex.h"
#include "test_alloc.h"

/* Deterministic word hashes: a small vocabulary so texts share words but
 * rarely share 4-word runs by chance. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}
static uint64_t word(void) { return 1000 + rnd() % 5000; }
static void fill(uint64_t *w, size_t n) {
  for (size_t i = 0; i < n; i++) w[i] = word();
}

static vb_qindex *index_of(const uint64_t *q, size_t n, uint32_t *id) {
  vb_qindex *ix = vb_qindex_new(NULL, NULL);
  bool dup;
  assert_int_equal(vb_qindex_add(ix, q, n, id, &dup, NULL), VB_OK);
  assert_false(dup);
  assert_int_equal(vb_qindex_build(ix, NULL), VB_OK);
  return ix;
}

static void exact_occurrence_is_found_at_its_diagonal(void **state) {
  (void)state;
  uint64_t q[10], doc[200];
  fill(q, 10);
  fill(doc, 200);
  memcpy(doc + 37, q, sizeof q);
  uint32_t id;
  vb_qindex *ix = index_of(q, 10, &id);
  vb_qscan *s = vb_qscan_new(NULL);
  const vb_qcand *c;
  size_t nc;
  uint64_t probes;
  assert_int_equal(vb_qindex_scan(ix, s, doc, 200, 3, &c, &nc, &probes, NULL), VB_OK);
  assert_int_equal(probes, 200 - 4 + 1);
  assert_int_equal(nc, 1);
  assert_int_equal(c[0].quote, id);
  assert_int_equal(c[0].lo, 37);
  assert_int_equal(c[0].hi, 37);
  assert_int_equal(c[0].votes, 7); /* every 4-word shingle of the quote */
  assert_int_equal(c[0].first, 37);
  assert_int_equal(c[0].last, 43);
  vb_qscan_free(s);
  vb_qindex_free(ix);
}

static void substitution_leaves_one_candidate_with_fewer_votes(void **state) {
  (void)state;
  uint64_t q[12], doc[100];
  fill(q, 12);
  fill(doc, 100);
  memcpy(doc + 20, q, sizeof q);
  doc[20 + 6] = 7; /* a synonym */
  uint32_t id;
  vb_qindex *ix = index_of(q, 12, &id);
  vb_qscan *s = vb_qscan_new(NULL);
  const vb_qcand *c;
  size_t nc;
  assert_int_equal(vb_qindex_scan(ix, s, doc, 100, 3, &c, &nc, NULL, NULL), VB_OK);
  assert_int_equal(nc, 1);
  assert_int_equal(c[0].lo, 20);
  assert_int_equal(c[0].votes, 9 - 4); /* the 4 shingles covering word 6 are lost */
  vb_qscan_free(s);
  vb_qindex_free(ix);
}

static void inserted_words_shift_the_diagonal_within_one_candidate(void **state) {
  (void)state;
  uint64_t q[16], doc[120];
  fill(q, 16);
  fill(doc, 120);
  memcpy(doc + 30, q, 8 * sizeof *q);
  doc[38] = 11; /* two inserted words */
  doc[39] = 12;
  memcpy(doc + 40, q + 8, 8 * sizeof *q);
  uint32_t id;
  vb_qindex *ix = index_of(q, 16, &id);
  vb_qscan *s = vb_qscan_new(NULL);
  const vb_qcand *c;
  size_t nc;
  assert_int_equal(vb_qindex_scan(ix, s, doc, 120, 3, &c, &nc, NULL, NULL), VB_OK);
  assert_int_equal(nc, 1);
  assert_int_equal(c[0].lo, 30);
  assert_int_equal(c[0].hi, 32);
  /* With a band narrower than the shift they stay apart. */
  assert_int_equal(vb_qindex_scan(ix, s, doc, 120, 1, &c, &nc, NULL, NULL), VB_OK);
  assert_int_equal(nc, 2);
  vb_qscan_free(s);
  vb_qindex_free(ix);
}

static void quotes_shorter_than_a_shingle_are_found_whole(void **state) {
  (void)state;
  uint64_t q[3] = {501, 502, 503}, doc[50];
  fill(doc, 50);
  memcpy(doc + 10, q, sizeof q);
  uint32_t id;
  vb_qindex *ix = index_of(q, 3, &id);
  vb_qscan *s = vb_qscan_new(NULL);
  const vb_qcand *c;
  size_t nc;
  assert_int_equal(vb_qindex_scan(ix, s, doc, 50, 3, &c, &nc, NULL, NULL), VB_OK);
  assert_int_equal(nc, 1);
  assert_int_equal(c[0].lo, 10);
  /* Below min_words (3) a quote gets an id and no postings. */
  uint64_t two[2] = {9, 10};
  bool dup;
  assert_int_equal(vb_qindex_add(ix, two, 2, &id, &dup, NULL), VB_OK);
  size_t before = vb_qindex_postings(ix);
  assert_int_equal(vb_qindex_build(ix, NULL), VB_OK);
  assert_int_equal(vb_qindex_postings(ix), before);
  vb_qscan_free(s);
  vb_qindex_free(ix);
}

static void identical_quotes_are_stored_once(void **state) {
  (void)state;
  uint64_t q[20];
  fill(q, 20);
  vb_qindex *ix = vb_qindex_new(NULL, NULL);
  uint32_t first, id;
  bool dup;
  assert_int_equal(vb_qindex_add(ix, q, 20, &first, &dup, NULL), VB_OK);
  /* A hundred thousand copies cost one quote's postings. */
  for (int i = 0; i < 100000; i++) {
    assert_int_equal(vb_qindex_add(ix, q, 20, &id, &dup, NULL), VB_OK);
    assert_true(dup);
    assert_int_equal(id, first);
  }
  assert_int_equal(vb_qindex_build(ix, NULL), VB_OK);
  assert_int_equal(vb_qindex_quote_count(ix), 1);
  assert_int_equal(vb_qindex_postings(ix), 20 - 4 + 1);
  vb_qindex_free(ix);
}

static void stop_shingles_are_not_followed(void **state) {
  (void)state;
  vb_qindex_options o = vb_qindex_options_default();
  o.max_postings = 2;
  vb_qindex *ix = vb_qindex_new(NULL, &o);
  uint64_t common[4] = {1, 2, 3, 4};
  uint64_t q[5][8];
  for (int i = 0; i < 5; i++) {
    fill(q[i], 8);
    memcpy(q[i], common, sizeof common); /* every quote opens the same way */
    uint32_t id;
    assert_int_equal(vb_qindex_add(ix, q[i], 8, &id, NULL, NULL), VB_OK);
  }
  assert_int_equal(vb_qindex_build(ix, NULL), VB_OK);
  vb_qscan *s = vb_qscan_new(NULL);
  const vb_qcand *c;
  size_t nc;
  assert_int_equal(vb_qindex_scan(ix, s, common, 4, 3, &c, &nc, NULL, NULL), VB_OK);
  assert_int_equal(nc, 0);
  assert_int_equal(vb_qindex_scan(ix, s, q[3], 8, 3, &c, &nc, NULL, NULL), VB_OK);
  assert_int_equal(nc, 1);
  assert_int_equal(c[0].quote, 3);
  vb_qscan_free(s);
  vb_qindex_free(ix);
}

static int cmp_cand(const void *a, const void *b) {
  const vb_qcand *x = a, *y = b;
  if (x->quote != y->quote) return x->quote < y->quote ? -1 : 1;
  return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static void building_in_steps_equals_building_at_once(void **state) {
  (void)state;
  enum { NQ = 300, QW = 14, DW = 3000 };
  static uint64_t q[NQ][QW], doc[DW];
  for (int i = 0; i < NQ; i++) {
    fill(q[i], QW);
    if (i % 3 == 0 && i) memcpy(q[i], q[i - 1] + 2, 6 * sizeof(uint64_t)); /* shared runs */
  }
  fill(doc, DW);
  for (int i = 0; i < 40; i++) memcpy(doc + 70 * i + 5, q[(i * 7) % NQ], QW * sizeof(uint64_t));
  vb_qindex *once = vb_qindex_new(NULL, NULL), *steps = vb_qindex_new(NULL, NULL);
  for (int i = 0; i < NQ; i++) {
    uint32_t a, b;
    assert_int_equal(vb_qindex_add(once, q[i], QW, &a, NULL, NULL), VB_OK);
    assert_int_equal(vb_qindex_add(steps, q[i], QW, &b, NULL, NULL), VB_OK);
    assert_int_equal(a, b);
    if (i % 5 == 4) assert_int_equal(vb_qindex_build(steps, NULL), VB_OK);
  }
  assert_int_equal(vb_qindex_build(once, NULL), VB_OK);
  assert_int_equal(vb_qindex_build(steps, NULL), VB_OK);
  assert_int_equal(vb_qindex_postings(once), vb_qindex_postings(steps));
  vb_qscan *s1 = vb_qscan_new(NULL), *s2 = vb_qscan_new(NULL);
  const vb_qcand *c1, *c2;
  size_t n1, n2;
  assert_int_equal(vb_qindex_scan(once, s1, doc, DW, 3, &c1, &n1, NULL, NULL), VB_OK);
  assert_int_equal(vb_qindex_scan(steps, s2, doc, DW, 3, &c2, &n2, NULL, NULL), VB_OK);
  assert_true(n1 >= 40);
  assert_int_equal(n1, n2);
  vb_qcand *a = malloc(n1 * sizeof *a), *b = malloc(n2 * sizeof *b);
  memcpy(a, c1, n1 * sizeof *a);
  memcpy(b, c2, n2 * sizeof *b);
  qsort(a, n1, sizeof *a, cmp_cand);
  qsort(b, n2, sizeof *b, cmp_cand);
  for (size_t i = 0; i < n1; i++) {
    assert_int_equal(a[i].quote, b[i].quote);
    assert_int_equal(a[i].lo, b[i].lo);
    assert_int_equal(a[i].votes, b[i].votes);
  }
  free(a);
  free(b);
  vb_qscan_free(s1);
  vb_qscan_free(s2);
  vb_qindex_free(once);
  vb_qindex_free(steps);
}

static void allocation_failures_leave_a_freeable_index(void **state) {
  (void)state;
  enum { NQ = 40, QW = 9 };
  static uint64_t q[NQ][QW], doc[400];
  for (int i = 0; i < NQ; i++) fill(q[i], QW);
  fill(doc, 400);
  memcpy(doc + 100, q[5], sizeof q[5]);
  bool done = false;
  for (long n = 1; n < 400 && !done; n++) {
    test_alloc t;
    vb_allocator a = test_alloc_make(&t, n);
    vb_qindex *ix = vb_qindex_new(&a, NULL);
    vb_qscan *s = vb_qscan_new(&a);
    vb_status st = ix && s ? VB_OK : VB_ERR_NOMEM;
    for (int i = 0; st == VB_OK && i < NQ; i++) {
      uint32_t id;
      st = vb_qindex_add(ix, q[i], QW, &id, NULL, NULL);
      if (st == VB_OK && i % 10 == 9) st = vb_qindex_build(ix, NULL);
    }
    const vb_qcand *c;
    size_t nc = 0;
    if (st == VB_OK) st = vb_qindex_scan(ix, s, doc, 400, 3, &c, &nc, NULL, NULL);
    if (st == VB_OK) {
      assert_true(nc >= 1);
      done = !t.failed;
    } else {
      assert_int_equal(st, VB_ERR_NOMEM);
      assert_true(t.failed);
    }
    vb_qscan_free(s);
    vb_qindex_free(ix);
    assert_int_equal(t.live, 0);
  }
  assert_true(done);
}

/* A reference for the scan, written the slow way: every shingle of every
 * indexed quote compared with every document position, hits counted per
 * (quote, diagonal), then merged within the band. */
typedef struct ref_hit {
  uint32_t quote;
  int64_t diag;
  uint32_t votes, first, last;
} ref_hit;

static int cmp_ref(const void *a, const void *b) {
  const ref_hit *x = a, *y = b;
  if (x->quote != y->quote) return x->quote < y->quote ? -1 : 1;
  return x->diag < y->diag ? -1 : x->diag > y->diag;
}

static size_t reference_scan(const vb_qindex *ix, const uint64_t *doc, size_t n, uint32_t band,
                             vb_qcand *out) {
  size_t cap = 40000, nh = 0;
  ref_hit *h = malloc(cap * sizeof *h);
  for (uint32_t q = 0; q < vb_qindex_quote_count(ix); q++) {
    const uint64_t *w = vb_qindex_quote_hashes(ix, q);
    size_t qn = vb_qindex_quote_words(ix, q);
    if (qn < 3) continue; /* shorter than min_words: not indexed */
    size_t L = qn < 4 ? qn : 4, nsh = qn < 4 ? 1 : qn - 3;
    for (size_t at = 0; at + L <= n; at++)
      for (size_t pos = 0; pos < nsh; pos++) {
        if (memcmp(doc + at, w + pos, L * sizeof *w) != 0) continue;
        int64_t diag = (int64_t)at - (int64_t)pos;
        size_t k = 0;
        while (k < nh && !(h[k].quote == q && h[k].diag == diag)) k++;
        if (k == nh) {
          assert_true(nh < cap);
          h[nh++] = (ref_hit){q, diag, 0, (uint32_t)at, (uint32_t)at};
        }
        h[k].votes++;
        if (at > h[k].last) h[k].last = (uint32_t)at;
      }
  }
  qsort(h, nh, sizeof *h, cmp_ref);
  size_t no = 0;
  for (size_t i = 0; i < nh;) {
    vb_qcand c = {h[i].quote, h[i].votes, h[i].diag, h[i].diag, h[i].first, h[i].last};
    size_t j = i + 1;
    while (j < nh && h[j].quote == c.quote && h[j].diag <= c.hi + (int64_t)band) {
      c.hi = h[j].diag;
      c.votes += h[j].votes;
      if (h[j].first < c.first) c.first = h[j].first;
      if (h[j].last > c.last) c.last = h[j].last;
      j++;
    }
    out[no++] = c;
    i = j;
  }
  free(h);
  return no;
}

/* Quotes of 3 to 30 words over a small vocabulary (so shingles recur across
 * quotes and by chance in the document), some identical, some planted with
 * edits; the scan gives exactly the reference's candidates, in order. */
static void scan_equals_a_brute_force_reference(void **state) {
  (void)state;
  enum { NQ = 150, DW = 2500 };
  static const uint64_t vocab[] = {8, 40, 400};
  for (int round = 0; round < 3; round++) {
    vb_qindex *ix = vb_qindex_new(NULL, NULL);
    static uint64_t q[NQ][30], doc[DW];
    size_t qn[NQ];
    for (int i = 0; i < NQ; i++) {
      qn[i] = 3 + rnd() % 28;
      for (size_t k = 0; k < qn[i]; k++) q[i][k] = 1 + rnd() % vocab[round];
      if (i % 17 == 16) { /* an identical copy */
        qn[i] = qn[i - 1];
        memcpy(q[i], q[i - 1], sizeof q[i]);
      }
      uint32_t id;
      assert_int_equal(vb_qindex_add(ix, q[i], qn[i], &id, NULL, NULL), VB_OK);
      if (i % 50 == 49) assert_int_equal(vb_qindex_build(ix, NULL), VB_OK);
    }
    for (size_t k = 0; k < DW; k++) doc[k] = 1 + rnd() % vocab[round];
    for (int p = 0; p < 30; p++) {
      int i = (int)(rnd() % NQ);
      size_t at = rnd() % (DW - 30);
      memcpy(doc + at, q[i], qn[i] * sizeof(uint64_t));
      if (p % 3 == 0) doc[at + qn[i] / 2] = 9999; /* a substitution */
    }
    vb_qscan *s = vb_qscan_new(NULL);
    const vb_qcand *c;
    size_t nc;
    assert_int_equal(vb_qindex_scan(ix, s, doc, DW, 3, &c, &nc, NULL, NULL), VB_OK);
    vb_qcand *want = malloc(40000 * sizeof *want);
    size_t nw = reference_scan(ix, doc, DW, 3, want);
    if (getenv("VB_TEST_DEBUG")) fprintf(stderr, "round %d: %zu candidates\n", round, nw);
    assert_true(nw >= 20);
    assert_int_equal(nc, nw);
    for (size_t i = 0; i < nc; i++) {
      assert_int_equal(c[i].quote, want[i].quote);
      assert_int_equal(c[i].lo, want[i].lo);
      assert_int_equal(c[i].hi, want[i].hi);
      assert_int_equal(c[i].votes, want[i].votes);
      assert_int_equal(c[i].first, want[i].first);
      assert_int_equal(c[i].last, want[i].last);
    }
    free(want);
    vb_qscan_free(s);
    vb_qindex_free(ix);
  }
}

/* A build that runs out of memory leaves the index as it was, staged
 * quotes included: building again finds exactly what an index that never
 * failed finds (the key filter in front of the table must hold every key). */
static void a_failed_build_can_be_retried(void **state) {
  (void)state;
  enum { NQ = 60, QW = 24, DW = 1600 };
  static uint64_t q[NQ][QW], doc[DW];
  for (int i = 0; i < NQ; i++) fill(q[i], QW);
  fill(doc, DW);
  for (int i = 0; i < 12; i++) memcpy(doc + 120 * i + 3, q[i * 5], sizeof q[0]);
  vb_qindex *good = vb_qindex_new(NULL, NULL);
  for (int i = 0; i < NQ; i++) {
    uint32_t id;
    assert_int_equal(vb_qindex_add(good, q[i], QW, &id, NULL, NULL), VB_OK);
    if (i == NQ / 2) assert_int_equal(vb_qindex_build(good, NULL), VB_OK);
  }
  assert_int_equal(vb_qindex_build(good, NULL), VB_OK);
  vb_qscan *gs = vb_qscan_new(NULL);
  const vb_qcand *want;
  size_t nwant;
  assert_int_equal(vb_qindex_scan(good, gs, doc, DW, 3, &want, &nwant, NULL, NULL), VB_OK);
  assert_true(nwant >= 12);
  int retried = 0;
  for (long fail = 1; fail < 1000; fail++) {
    test_alloc t;
    vb_allocator a = test_alloc_make(&t, fail);
    vb_qindex *ix = vb_qindex_new(&a, NULL);
    if (!ix) continue;
    vb_status st = VB_OK;
    for (int i = 0; st == VB_OK && i < NQ; i++) {
      uint32_t id;
      st = vb_qindex_add(ix, q[i], QW, &id, NULL, NULL);
      if (st == VB_OK && i == NQ / 2) {
        st = vb_qindex_build(ix, NULL);
        if (st != VB_OK) {
          retried++;
          st = vb_qindex_build(ix, NULL);
        }
      }
    }
    if (st != VB_OK) { /* an add failed: nothing to check here */
      vb_qindex_free(ix);
      continue;
    }
    if (vb_qindex_build(ix, NULL) != VB_OK) {
      retried++;
      assert_int_equal(vb_qindex_build(ix, NULL), VB_OK);
    }
    vb_qscan *s = vb_qscan_new(NULL);
    const vb_qcand *c;
    size_t nc;
    assert_int_equal(vb_qindex_scan(ix, s, doc, DW, 3, &c, &nc, NULL, NULL), VB_OK);
    assert_int_equal(nc, nwant);
    for (size_t i = 0; i < nc; i++) {
      assert_int_equal(c[i].quote, want[i].quote);
      assert_int_equal(c[i].lo, want[i].lo);
      assert_int_equal(c[i].votes, want[i].votes);
    }
    vb_qscan_free(s);
    vb_qindex_free(ix);
    assert_int_equal(t.live, 0);
    if (!t.failed) break;
  }
  assert_true(retried > 0);
  vb_qscan_free(gs);
  vb_qindex_free(good);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(exact_occurrence_is_found_at_its_diagonal),
      cmocka_unit_test(substitution_leaves_one_candidate_with_fewer_votes),
      cmocka_unit_test(inserted_words_shift_the_diagonal_within_one_candidate),
      cmocka_unit_test(quotes_shorter_than_a_shingle_are_found_whole),
      cmocka_unit_test(identical_quotes_are_stored_once),
      cmocka_unit_test(stop_shingles_are_not_followed),
      cmocka_unit_test(building_in_steps_equals_building_at_once),
      cmocka_unit_test(scan_equals_a_brute_force_reference),
      cmocka_unit_test(a_failed_build_can_be_retried),
      cmocka_unit_test(allocation_failures_leave_a_freeable_index),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
