/* Quote extraction's contract beyond behaviour (quotes_test.c has that):
 * allocation failures, argument errors, regressions found by fuzzing.
 * Accuracy is measured by tests/python/test_quotes_eval.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "test_alloc.h"
#include "verbatim/quotes.h"

static const char *STORY =
    "\xE2\x80\x9CWe will rebuild the wall,\xE2\x80\x9D said Mayor Ana Petrova. "
    "\xE2\x80\x9CIt will take a year.\xE2\x80\x9D\n\n"
    "She called the delay \xE2\x80\x9Creckless\xE2\x80\x9D and added: \"No one is safe.\"\n\n"
    "\xE2\x80\x9CThe first part of a long quote\n\n"
    "\xE2\x80\x9C" "and its second paragraph,\xE2\x80\x9D the ministry said.\n";

static void spans_are_inside_the_text(const vb_quote *q, size_t n, size_t len) {
  for (size_t i = 0; i < n; i++) {
    assert_true(q[i].start <= q[i].end);
    assert_true(q[i].end <= len);
  }
}

static void a_story_gives_quotes_groups_and_speakers(void **state) {
  (void)state;
  vb_quote_extractor *ex = vb_quote_extractor_new(NULL);
  assert_non_null(ex);
  vb_error err;
  assert_int_equal(vb_quote_extractor_run(ex, STORY, strlen(STORY), NULL, 0, 0, &err), VB_OK);
  size_t n, names;
  const vb_quote *q = vb_quote_extractor_quotes(ex, &n);
  const char *nm = vb_quote_extractor_names(ex, &names);
  assert_true(n >= 4);
  spans_are_inside_the_text(q, n, strlen(STORY));
  /* The first two parts are one split quote by the mayor. */
  assert_int_equal(q[0].group, q[1].group);
  assert_true(q[0].flags & VB_QUOTE_SPLIT);
  assert_true(q[0].speaker_len > 0);
  assert_memory_equal(nm + q[0].speaker_offset, "Ana Petrova", q[0].speaker_len);
  vb_quote_extractor_free(ex);
}

/* Found by fuzz_quotes (seed tests/fuzz/corpus/quotes/regress-null-names-
 * memcmp.txt): with no speaker anywhere the names buffer is NULL, and
 * grouping compared two empty names with memcmp(NULL + 0, ...), undefined
 * behaviour that UBSan reports. */
static void grouping_without_any_speaker_is_defined(void **state) {
  (void)state;
  const char *text = "\xC2\xABNous restons ici\xC2\xBB, a dit le maire. \xE2\x80\x9EWir bleiben"
                     "\xE2\x80\x9C, sagte sie. \xE3\x80\x8C\xE6\x88\x91\xE4\xBB\xAC\xE7\x95\x99"
                     "\xE4\xB8\x8B\xE3\x80\x8D \xE2\x80\xB9inner\xE2\x80\xBA and the 90s "
                     "rock'n'roll \"unclosed quote runs on\n";
  vb_quote_extractor *ex = vb_quote_extractor_new(NULL);
  assert_non_null(ex);
  vb_error err;
  assert_int_equal(vb_quote_extractor_run(ex, text, strlen(text), NULL, 0, 0, &err), VB_OK);
  size_t n;
  const vb_quote *q = vb_quote_extractor_quotes(ex, &n);
  assert_true(n >= 3);
  spans_are_inside_the_text(q, n, strlen(text));
  for (size_t i = 0; i < n; i++) assert_int_equal(q[i].speaker_len, 0);
  vb_quote_extractor_free(ex);
}

static void bad_arguments_are_refused(void **state) {
  (void)state;
  vb_quote_extractor *ex = vb_quote_extractor_new(NULL);
  assert_non_null(ex);
  vb_error err;
  assert_int_equal(vb_quote_extractor_run(ex, STORY, strlen(STORY), NULL, 0, 1u << 7, &err),
                   VB_ERR_ARG);
  assert_int_equal(vb_quote_extractor_run(ex, "a\xFF", 2, NULL, 0, 0, &err), VB_ERR_UTF8);
  assert_int_equal(err.offset, 1);
  uint8_t flags[1] = {1};
  assert_int_equal(vb_quote_extractor_run(ex, STORY, strlen(STORY), flags, 1, 0, &err),
                   VB_ERR_ARG);
  size_t np;
  vb_quote_extractor_paragraphs(ex, &np);
  assert_true(np > 1); /* the count is readable after the failed run */
  size_t n;
  vb_quote_extractor_quotes(ex, &n);
  assert_int_equal(n, 0);
  vb_quote_extractor_free(ex);
}

/* Every allocation of new, run (with speakers) and write fails in turn:
 * VB_ERR_NOMEM, no results, a freeable extractor and no leaks. */
static void allocation_failures_are_reported_and_do_not_leak(void **state) {
  (void)state;
  bool done = false;
  for (long k = 1; k < 5000 && !done; k++) {
    test_alloc t;
    vb_allocator al = test_alloc_make(&t, k);
    vb_quote_extractor *ex = vb_quote_extractor_new(&al);
    vb_writer *w = vb_writer_new(&al);
    vb_status st = ex && w ? VB_OK : VB_ERR_NOMEM;
    if (st == VB_OK) st = vb_quote_extractor_run(ex, STORY, strlen(STORY), NULL, 0, 0, NULL);
    if (st == VB_OK)
      st = vb_quote_extractor_write(ex, w, "d", 1, STORY, strlen(STORY), NULL);
    if (st == VB_OK) {
      size_t n, len;
      vb_quote_extractor_quotes(ex, &n);
      assert_true(n >= 4);
      vb_writer_data(w, &len);
      assert_true(len > 0);
      done = !t.failed;
    } else {
      assert_int_equal(st, VB_ERR_NOMEM);
      assert_true(t.failed);
    }
    vb_writer_free(w);
    vb_quote_extractor_free(ex);
    assert_int_equal(t.live, 0);
  }
  assert_true(done);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_story_gives_quotes_groups_and_speakers),
      cmocka_unit_test(grouping_without_any_speaker_is_defined),
      cmocka_unit_test(bad_arguments_are_refused),
      cmocka_unit_test(allocation_failures_are_reported_and_do_not_leak),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
