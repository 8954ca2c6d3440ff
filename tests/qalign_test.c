/* Word alignment: regions, edit blocks and counts. Words are small integers
 * standing for normalized word hashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "qalign.h"
#include "test_alloc.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))
#define CELLS ((size_t)1 << 24)

static void identical_sequences_are_one_equal_run(void **state) {
  (void)state;
  uint64_t a[] = {1, 2, 3, 4, 5};
  vb_qalign *q = vb_qalign_new(NULL);
  vb_walign r;
  const vb_wedit *e;
  size_t n;
  assert_int_equal(vb_qalign_run(q, a, N(a), a, N(a), CELLS, &r, &e, &n, NULL), VB_OK);
  assert_int_equal(n, 1);
  assert_int_equal(e[0].op, VB_WEDIT_EQUAL);
  assert_int_equal(r.equal, 5);
  assert_int_equal(r.a_to - r.a_from, 5);
  vb_qalign_free(q);
}

static void two_words_for_one_is_a_single_substitution_block(void **state) {
  (void)state;
  /* "i believe that the minister knows" vs "i think the minister knows" */
  uint64_t a[] = {1, 20, 21, 3, 4, 5}, b[] = {1, 30, 3, 4, 5};
  vb_qalign *q = vb_qalign_new(NULL);
  vb_walign r;
  const vb_wedit *e;
  size_t n;
  assert_int_equal(vb_qalign_run(q, a, N(a), b, N(b), CELLS, &r, &e, &n, NULL), VB_OK);
  assert_int_equal(n, 3);
  assert_int_equal(e[1].op, VB_WEDIT_SUB);
  assert_int_equal(e[1].a_from, 1);
  assert_int_equal(e[1].a_to, 3);
  assert_int_equal(e[1].b_from, 1);
  assert_int_equal(e[1].b_to, 2);
  assert_int_equal(r.equal, 4);
  assert_int_equal(r.sub + r.del, 2);
  vb_qalign_free(q);
}

static void surrounding_words_are_left_out_of_the_region(void **state) {
  (void)state;
  uint64_t quote[] = {5, 6, 7, 8, 9, 10};
  uint64_t doc[] = {90, 91, 92, 5, 6, 7, 8, 9, 10, 93, 94};
  vb_qalign *q = vb_qalign_new(NULL);
  vb_walign r;
  const vb_wedit *e;
  size_t n;
  assert_int_equal(vb_qalign_run(q, quote, N(quote), doc, N(doc), CELLS, &r, &e, &n, NULL), VB_OK);
  assert_int_equal(r.b_from, 3);
  assert_int_equal(r.b_to, 9);
  assert_int_equal(n, 1);
  vb_qalign_free(q);
}

static void a_truncated_copy_aligns_the_shared_part(void **state) {
  (void)state;
  uint64_t full[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, part[] = {4, 5, 6, 7};
  vb_qalign *q = vb_qalign_new(NULL);
  vb_walign r;
  const vb_wedit *e;
  size_t n;
  assert_int_equal(vb_qalign_run(q, full, N(full), part, N(part), CELLS, &r, &e, &n, NULL), VB_OK);
  assert_int_equal(r.a_from, 3);
  assert_int_equal(r.a_to, 7);
  assert_int_equal(r.equal, 4);
  assert_int_equal(r.sub + r.ins + r.del, 0);
  vb_qalign_free(q);
}

static void insertions_and_deletions_are_named(void **state) {
  (void)state;
  uint64_t a[] = {1, 2, 3, 4, 5, 6, 7, 8}, b[] = {1, 2, 3, 40, 41, 4, 5, 6, 8};
  vb_qalign *q = vb_qalign_new(NULL);
  vb_walign r;
  const vb_wedit *e;
  size_t n;
  assert_int_equal(vb_qalign_run(q, a, N(a), b, N(b), CELLS, &r, &e, &n, NULL), VB_OK);
  assert_int_equal(n, 5);
  assert_int_equal(e[1].op, VB_WEDIT_INS);
  assert_int_equal(e[1].b_to - e[1].b_from, 2);
  assert_int_equal(e[3].op, VB_WEDIT_DEL);
  assert_int_equal(e[3].a_from, 6);
  assert_int_equal(r.ins, 2);
  assert_int_equal(r.del, 1);
  vb_qalign_free(q);
}

static void nothing_in_common_aligns_nothing(void **state) {
  (void)state;
  uint64_t a[] = {1, 2, 3}, b[] = {4, 5, 6};
  vb_qalign *q = vb_qalign_new(NULL);
  vb_walign r;
  const vb_wedit *e;
  size_t n;
  assert_int_equal(vb_qalign_run(q, a, N(a), b, N(b), CELLS, &r, &e, &n, NULL), VB_OK);
  assert_int_equal(n, 0);
  assert_int_equal(r.score, 0);
  assert_int_equal(vb_qalign_run(q, a, 0, b, N(b), CELLS, &r, &e, &n, NULL), VB_OK);
  assert_int_equal(n, 0);
  vb_qalign_free(q);
}

static void cell_limit_is_an_error_not_an_allocation(void **state) {
  (void)state;
  uint64_t a[100] = {0}, b[100] = {0};
  vb_qalign *q = vb_qalign_new(NULL);
  vb_walign r;
  const vb_wedit *e;
  size_t n;
  vb_error err;
  assert_int_equal(vb_qalign_run(q, a, 100, b, 100, 1000, &r, &e, &n, &err), VB_ERR_LIMIT);
  assert_non_null(strstr(err.message, "100 x 100"));
  vb_qalign_free(q);
}

static void allocation_failures_are_reported(void **state) {
  (void)state;
  uint64_t a[] = {1, 2, 3, 4, 5, 6, 7, 8}, b[] = {1, 2, 30, 4, 5, 6, 8};
  bool done = false;
  for (long k = 1; k < 50 && !done; k++) {
    test_alloc t;
    vb_allocator al = test_alloc_make(&t, k);
    vb_qalign *q = vb_qalign_new(&al);
    if (q) {
      vb_walign r;
      const vb_wedit *e;
      size_t n;
      vb_status st = vb_qalign_run(q, a, N(a), b, N(b), CELLS, &r, &e, &n, NULL);
      if (st == VB_OK) done = !t.failed;
      else assert_int_equal(st, VB_ERR_NOMEM);
    }
    vb_qalign_free(q);
    assert_int_equal(t.live, 0);
  }
  assert_true(done);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(identical_sequences_are_one_equal_run),
      cmocka_unit_test(two_words_for_one_is_a_single_substitution_block),
      cmocka_unit_test(surrounding_words_are_left_out_of_the_region),
      cmocka_unit_test(a_truncated_copy_aligns_the_shared_part),
      cmocka_unit_test(insertions_and_deletions_are_named),
      cmocka_unit_test(nothing_in_common_aligns_nothing),
      cmocka_unit_test(cell_limit_is_an_error_not_an_allocation),
      cmocka_unit_test(allocation_failures_are_reported),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
