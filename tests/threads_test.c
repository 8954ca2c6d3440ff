/* Several threads using the library at once, on shared read-only input: the
 * thread-safety promises of the headers, checked by running them. Plain runs
 * check that every thread gets the single-threaded answer; `make test-tsan`
 * runs this program under ThreadSanitizer, which reports any data race.
 *
 *   - one segmenter, quote extractor and matcher per thread (segment.h,
 *     quotes.h, match.h: one handle per thread);
 *   - one built quote index shared by every thread, each scanning it with
 *     its own vb_qscan (core/qindex.h: a built index is read-only). */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "qindex.h"
#include "verbatim/verbatim.h"

#define THREADS 4
#define ROUNDS 8

static const char *DOC_A =
    "Harbour board meets on Tuesday\n\n"
    "\xE2\x80\x9CWe will keep the east pier open for every fishing family that needs it this "
    "winter,\xE2\x80\x9D said harbour master Ines Moreau.\n\n"
    "\xE2\x80\x9CThe repairs can wait until the spring tides have passed,\xE2\x80\x9D she added. "
    "\xE2\x80\x9CNobody will lose a berth because of the budget.\xE2\x80\x9D\n";
static const char *DOC_B =
    "Ines Moreau said the east pier stays open. \"We will keep the east pier open for every "
    "fishing family that needs it,\" she said, adding that the repairs can wait until the spring "
    "tides have passed.\n\nShare this article\n";

/* What one thread computes; compared with the single-threaded answer. */
typedef struct summary {
  size_t tokens, sentences, paragraphs, quotes, matches, cands;
  uint64_t hash_sum, span_sum;
} summary;

static void segment_and_extract(summary *s) {
  vb_segmenter *seg = vb_segmenter_new(NULL);
  vb_quote_extractor *ex = vb_quote_extractor_new(NULL);
  if (!seg || !ex) goto out;
  const char *docs[2] = {DOC_A, DOC_B};
  for (int d = 0; d < 2; d++) {
    if (vb_segmenter_run(seg, docs[d], strlen(docs[d]), 0, NULL) != VB_OK) goto out;
    size_t n;
    const vb_token *t = vb_segmenter_tokens(seg, &n);
    s->tokens += n;
    for (size_t i = 0; i < n; i++) s->hash_sum += t[i].hash;
    vb_segmenter_sentences(seg, &n);
    s->sentences += n;
    vb_segmenter_paragraphs(seg, &n);
    s->paragraphs += n;
    if (vb_quote_extractor_run(ex, docs[d], strlen(docs[d]), NULL, 0, 0, NULL) != VB_OK) goto out;
    const vb_quote *q = vb_quote_extractor_quotes(ex, &n);
    s->quotes += n;
    for (size_t i = 0; i < n; i++) s->span_sum += q[i].start * 31 + q[i].end + q[i].group;
  }
out:
  vb_quote_extractor_free(ex);
  vb_segmenter_free(seg);
}

static void match_pair(summary *s) {
  vb_matcher *m = vb_matcher_new(NULL, NULL);
  if (!m) return;
  size_t first;
  if (vb_matcher_check(m, "a", 1, DOC_A, strlen(DOC_A), &first, NULL) == VB_OK &&
      vb_matcher_check(m, "b", 1, DOC_B, strlen(DOC_B), &first, NULL) == VB_OK &&
      vb_matcher_finish(m, NULL) == VB_OK) {
    size_t n;
    const vb_match *x = vb_matcher_matches(m, &n);
    s->matches += n;
    for (size_t i = 0; i < n; i++) s->span_sum += x[i].b.start * 7 + x[i].b.end + x[i].kind;
  }
  vb_matcher_free(m);
}

/* The shared index and the document's word hashes, read by every thread. */
static vb_qindex *shared_ix;
static uint64_t doc_hashes[256];
static size_t doc_words;

static void scan_shared(summary *s) {
  vb_qscan *sc = vb_qscan_new(NULL);
  if (!sc) return;
  const vb_qcand *c;
  size_t nc;
  if (vb_qindex_scan(shared_ix, sc, doc_hashes, doc_words, 3, &c, &nc, NULL, NULL) == VB_OK) {
    s->cands += nc;
    for (size_t i = 0; i < nc; i++) s->span_sum += c[i].quote * 13 + c[i].votes + (uint64_t)c[i].lo;
  }
  vb_qscan_free(sc);
}

static void work(summary *s) {
  memset(s, 0, sizeof *s);
  for (int r = 0; r < ROUNDS; r++) {
    segment_and_extract(s);
    match_pair(s);
    scan_shared(s);
  }
}

static void *thread_main(void *arg) {
  work(arg);
  return NULL;
}

/* Word hashes of a text, from a segmenter. */
static size_t words_of(const char *text, uint64_t *out, size_t cap) {
  vb_segmenter *seg = vb_segmenter_new(NULL);
  assert_non_null(seg);
  assert_int_equal(vb_segmenter_run(seg, text, strlen(text), 0, NULL), VB_OK);
  size_t n, k = 0;
  const vb_token *t = vb_segmenter_tokens(seg, &n);
  for (size_t i = 0; i < n && k < cap; i++)
    if (t[i].kind == VB_TOKEN_WORD || t[i].kind == VB_TOKEN_NUMBER) out[k++] = t[i].hash;
  vb_segmenter_free(seg);
  return k;
}

static void threads_get_the_single_threaded_answer(void **state) {
  (void)state;
  shared_ix = vb_qindex_new(NULL, NULL);
  assert_non_null(shared_ix);
  uint64_t q[256];
  const char *quotes[] = {"we will keep the east pier open for every fishing family",
                          "the repairs can wait until the spring tides have passed",
                          "nobody will lose a berth because of the budget"};
  for (size_t i = 0; i < 3; i++) {
    size_t n = words_of(quotes[i], q, 256);
    uint32_t id;
    bool dup;
    assert_int_equal(vb_qindex_add(shared_ix, q, n, &id, &dup, NULL), VB_OK);
  }
  assert_int_equal(vb_qindex_build(shared_ix, NULL), VB_OK);
  doc_words = words_of(DOC_B, doc_hashes, 256);

  summary want;
  work(&want);
  assert_true(want.quotes > 0 && want.matches > 0 && want.cands > 0);

  pthread_t th[THREADS];
  summary got[THREADS];
  for (int i = 0; i < THREADS; i++)
    assert_int_equal(pthread_create(&th[i], NULL, thread_main, &got[i]), 0);
  for (int i = 0; i < THREADS; i++) assert_int_equal(pthread_join(th[i], NULL), 0);
  for (int i = 0; i < THREADS; i++) assert_memory_equal(&got[i], &want, sizeof want);
  vb_qindex_free(shared_ix);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(threads_get_the_single_threaded_answer),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
