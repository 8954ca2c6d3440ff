/* Quote matching on small documents of our own, one behaviour each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_alloc.h"
#include "verbatim/match.h"

static const char *ORIGINAL =
    "The harbour board met on Tuesday.\n\n"
    "\xE2\x80\x9CWe will keep the east pier open for every fishing family that needs it this "
    "winter,\xE2\x80\x9D said harbour master Ines Moreau.\n\n"
    "\xE2\x80\x9CThe repairs can wait until the spring tides have passed,\xE2\x80\x9D she "
    "added. \xE2\x80\x9CNobody will lose a berth because of the budget.\xE2\x80\x9D\n";

typedef struct run {
  vb_matcher *m;
  const vb_match *x;
  size_t n;
} run;

static run match_two(const char *a, const char *b) {
  run r;
  r.m = vb_matcher_new(NULL, NULL);
  assert_non_null(r.m);
  vb_error err;
  assert_int_equal(vb_matcher_add(r.m, "a", 1, a, strlen(a), &err), VB_OK);
  assert_int_equal(vb_matcher_add(r.m, "b", 1, b, strlen(b), &err), VB_OK);
  assert_int_equal(vb_matcher_scan(r.m, 0, a, strlen(a), &err), VB_OK);
  assert_int_equal(vb_matcher_scan(r.m, 1, b, strlen(b), &err), VB_OK);
  assert_int_equal(vb_matcher_finish(r.m, &err), VB_OK);
  r.x = vb_matcher_matches(r.m, &r.n);
  return r;
}

static const vb_match *find_kind(const run *r, vb_match_kind k) {
  for (size_t i = 0; i < r->n; i++)
    if (r->x[i].kind == k) return &r->x[i];
  return NULL;
}

static void text_of(const run *r, size_t off, size_t len, char *out, size_t cap) {
  size_t slen;
  const char *s = vb_matcher_strings(r->m, &slen);
  snprintf(out, cap, "%.*s", (int)len, s + off);
}

static void a_verbatim_reprint_is_exact(void **state) {
  (void)state;
  const char *reprint =
      "SHARE THIS\n\nBy a staff writer\n\n"
      "\xE2\x80\x9CWe will keep the east pier open for every fishing family that needs it this "
      "winter,\xE2\x80\x9D said harbour master Ines Moreau.\n";
  run r = match_two(ORIGINAL, reprint);
  const vb_match *x = find_kind(&r, VB_MATCH_EXACT);
  assert_non_null(x);
  assert_int_equal(x->a.doc, 0);
  assert_int_equal(x->b.doc, 1);
  assert_memory_equal(reprint + x->b.start, "We will keep", 12);
  assert_false(x->speaker_conflict);
  assert_int_equal(x->edit_count, 0);
  vb_matcher_free(r.m);
}

static void straight_quotes_and_case_make_it_normalized(void **state) {
  (void)state;
  const char *copy = "\"WE WILL KEEP the east pier open for every fishing family that needs it "
                     "this winter,\" Ines Moreau said.\n";
  run r = match_two(ORIGINAL, copy);
  assert_non_null(find_kind(&r, VB_MATCH_NORMALIZED));
  assert_null(find_kind(&r, VB_MATCH_EXACT));
  vb_matcher_free(r.m);
}

static void swapped_words_are_altered_with_their_edits(void **state) {
  (void)state;
  const char *spun = "\xE2\x80\x9CWe shall keep the east pier open for each fishing family that "
                     "needs it this winter,\xE2\x80\x9D said harbour master Ines Moreau.\n";
  run r = match_two(ORIGINAL, spun);
  const vb_match *x = find_kind(&r, VB_MATCH_ALTERED);
  assert_non_null(x);
  assert_int_equal(x->edit_count, 2);
  size_t ne;
  const vb_match_edit *e = vb_matcher_edits(r.m, &ne) + x->first_edit;
  char a[32], b[32];
  text_of(&r, e[0].a_off, e[0].a_len, a, sizeof a);
  text_of(&r, e[0].b_off, e[0].b_len, b, sizeof b);
  assert_string_equal(a, "will");
  assert_string_equal(b, "shall");
  text_of(&r, e[1].a_off, e[1].a_len, a, sizeof a);
  text_of(&r, e[1].b_off, e[1].b_len, b, sizeof b);
  assert_string_equal(a, "every");
  assert_string_equal(b, "each");
  assert_true(x->similarity > 0.8 && x->similarity < 1.0);
  vb_matcher_free(r.m);
}

static void a_shortened_quote_is_truncated(void **state) {
  (void)state;
  const char *trimmed =
      "Moreau was blunt: \xE2\x80\x9CWe will keep the east pier open for every fishing "
      "family.\xE2\x80\x9D\n";
  run r = match_two(ORIGINAL, trimmed);
  const vb_match *x = find_kind(&r, VB_MATCH_TRUNCATED);
  assert_non_null(x);
  assert_int_equal(x->edit_count, 0);
  assert_true(x->similarity < 0.8);
  vb_matcher_free(r.m);
}

static void words_without_marks_are_unquoted(void **state) {
  (void)state;
  const char *para = "The board said it would keep the east pier open for every fishing family "
                     "that needs it this winter, according to minutes seen by this paper.\n";
  run r = match_two(ORIGINAL, para);
  const vb_match *x = find_kind(&r, VB_MATCH_UNQUOTED);
  assert_non_null(x);
  assert_int_equal(x->b.quote, VB_MATCH_NO_QUOTE);
  assert_memory_equal(para + x->b.start, "keep the east pier", 18);
  vb_matcher_free(r.m);
}

static void a_common_phrase_inside_a_long_quote_is_not_a_match(void **state) {
  (void)state;
  const char *other = "Ferries leave from the east pier open for every tourist, the timetable "
                      "says. Nothing else was decided.\n";
  run r = match_two(ORIGINAL, other);
  assert_int_equal(r.n, 0);
  vb_matcher_free(r.m);
}

static void one_quote_told_as_two_is_split(void **state) {
  (void)state;
  const char *split = "\xE2\x80\x9CWe will keep the east pier open for every fishing "
                      "family,\xE2\x80\x9D Moreau said. \xE2\x80\x9CThat needs it this "
                      "winter.\xE2\x80\x9D\n";
  run r = match_two(ORIGINAL, split);
  size_t parts = 0;
  for (size_t i = 0; i < r.n; i++)
    if (r.x[i].kind == VB_MATCH_SPLIT) parts++;
  assert_int_equal(parts, 2);
  vb_matcher_free(r.m);
}

static void two_quotes_joined_into_one_are_merged(void **state) {
  (void)state;
  const char *merged =
      "\xE2\x80\x9CThe repairs can wait until the spring tides have passed \xE2\x80\xA6 nobody "
      "will lose a berth because of the budget,\xE2\x80\x9D Moreau told the board.\n";
  run r = match_two(ORIGINAL, merged);
  size_t parts = 0;
  for (size_t i = 0; i < r.n; i++)
    if (r.x[i].kind == VB_MATCH_MERGED) parts++;
  assert_int_equal(parts, 2);
  vb_matcher_free(r.m);
}

static void a_renamed_speaker_is_a_conflict(void **state) {
  (void)state;
  const char *renamed = "\xE2\x80\x9CWe will keep the east pier open for every fishing family "
                        "that needs it this winter,\xE2\x80\x9D said harbour master Ines "
                        "Morello.\n";
  run r = match_two(ORIGINAL, renamed);
  const vb_match *x = find_kind(&r, VB_MATCH_EXACT);
  assert_non_null(x);
  assert_true(x->speaker_conflict);
  vb_matcher_free(r.m);
}

static void a_surname_mention_is_the_same_speaker(void **state) {
  (void)state;
  const char *later = "\xE2\x80\x9CWe will keep the east pier open for every fishing family "
                      "that needs it this winter,\xE2\x80\x9D Moreau said.\n";
  run r = match_two(ORIGINAL, later);
  const vb_match *x = find_kind(&r, VB_MATCH_EXACT);
  assert_non_null(x);
  assert_false(x->speaker_conflict);
  vb_matcher_free(r.m);
}

static void a_garbled_surname_is_a_conflict(void **state) {
  (void)state;
  /* A spinner's "Ines Mareou" (two letters changed): the same words under
   * another name is what a reader checking the copy must see. */
  const char *spun = "\xE2\x80\x9CWe will keep the east pier open for every fishing family "
                     "that needs it this winter,\xE2\x80\x9D said harbour master Ines Mareou.\n";
  run r = match_two(ORIGINAL, spun);
  const vb_match *x = find_kind(&r, VB_MATCH_EXACT);
  assert_non_null(x);
  assert_true(x->speaker_conflict);
  vb_matcher_free(r.m);
}

static void cyrillic_look_alikes_in_a_name_are_the_same_speaker(void **state) {
  (void)state;
  /* "Morеau" with U+0435 for the e. */
  const char *homoglyph = "\xE2\x80\x9CWe will keep the east pier open for every fishing "
                          "family that needs it this winter,\xE2\x80\x9D Mor\xD0\xB5""au said.\n";
  run r = match_two(ORIGINAL, homoglyph);
  const vb_match *x = find_kind(&r, VB_MATCH_EXACT);
  assert_non_null(x);
  assert_false(x->speaker_conflict);
  vb_matcher_free(r.m);
}

static void variants_form_one_cluster_with_the_longest_as_best(void **state) {
  (void)state;
  const char *trimmed =
      "\xE2\x80\x9CWe will keep the east pier open for every fishing family,\xE2\x80\x9D she "
      "said.\n";
  const char *spun = "\xE2\x80\x9CWe shall keep the east pier open for each fishing family that "
                     "needs it this winter,\xE2\x80\x9D said Ines Moreau.\n";
  vb_matcher *m = vb_matcher_new(NULL, NULL);
  const char *docs[] = {trimmed, ORIGINAL, spun};
  vb_error err;
  for (int i = 0; i < 3; i++) assert_int_equal(vb_matcher_add(m, "d", 1, docs[i], strlen(docs[i]), &err), VB_OK);
  for (int i = 0; i < 3; i++) assert_int_equal(vb_matcher_scan(m, (uint32_t)i, docs[i], strlen(docs[i]), &err), VB_OK);
  assert_int_equal(vb_matcher_finish(m, &err), VB_OK);
  assert_int_equal(vb_matcher_cluster_count(m), 1);
  size_t n, nq;
  vb_matcher_cluster_members(m, 0, &n);
  assert_int_equal(n, 3);
  const vb_match_quote *q = vb_matcher_quotes(m, &nq);
  uint32_t best = vb_matcher_cluster_best(m, 0);
  assert_int_equal(q[best].doc, 1); /* the original, longest */
  vb_matcher_free(m);
}

static void streaming_check_finds_earlier_quotes(void **state) {
  (void)state;
  vb_matcher *m = vb_matcher_new(NULL, NULL);
  vb_error err;
  size_t first;
  assert_int_equal(vb_matcher_check(m, "a", 1, ORIGINAL, strlen(ORIGINAL), &first, &err), VB_OK);
  size_t n;
  vb_matcher_matches(m, &n);
  assert_int_equal(n, 0);
  const char *later = "\xE2\x80\x9CNobody will lose a berth because of the budget,\xE2\x80\x9D "
                      "Moreau repeated on Friday.\n";
  assert_int_equal(vb_matcher_check(m, "b", 1, later, strlen(later), &first, &err), VB_OK);
  const vb_match *x = vb_matcher_matches(m, &n);
  assert_int_equal(first, 0);
  assert_int_equal(n, 1);
  assert_int_equal(x[0].a.doc, 0);
  assert_int_equal(x[0].b.doc, 1);
  vb_matcher_free(m);
}

static void invalid_utf8_is_refused_with_its_offset(void **state) {
  (void)state;
  vb_matcher *m = vb_matcher_new(NULL, NULL);
  vb_error err;
  assert_int_equal(vb_matcher_add(m, "x", 1, "ok \xFF", 4, &err), VB_ERR_UTF8);
  assert_int_equal(err.offset, 3);
  assert_int_equal(vb_matcher_doc_count(m), 0);
  assert_int_equal(vb_matcher_scan(m, 0, "ok", 2, &err), VB_ERR_ARG);
  vb_matcher_free(m);
  vb_matcher_free(NULL);
}

static void records_are_written_for_matches_and_clusters(void **state) {
  (void)state;
  run r = match_two(ORIGINAL, ORIGINAL);
  vb_writer *w = vb_writer_new(NULL);
  vb_error err;
  assert_int_equal(vb_matcher_write_matches(r.m, w, &err), VB_OK);
  assert_int_equal(vb_matcher_write_clusters(r.m, w, &err), VB_OK);
  size_t len;
  const uint8_t *data = vb_writer_data(w, &len);
  vb_reader *rd = vb_reader_new(NULL);
  assert_int_equal(vb_reader_open_memory(rd, data, len), VB_OK);
  const uint8_t *item;
  size_t ilen, items = 0;
  while (vb_reader_next_item(rd, &item, &ilen, &err) == VB_OK) items++;
  assert_int_equal(items, r.n + vb_matcher_cluster_count(r.m));
  assert_true(r.n >= 3);
  vb_reader_free(rd);
  vb_writer_free(w);
  vb_matcher_free(r.m);
}

static size_t count_items(vb_writer *w) {
  size_t len, items = 0, ilen;
  const uint8_t *data = vb_writer_data(w, &len), *item;
  vb_reader *rd = vb_reader_new(NULL);
  vb_error err;
  assert_int_equal(vb_reader_open_memory(rd, data, len), VB_OK);
  while (vb_reader_next_item(rd, &item, &ilen, &err) == VB_OK) items++;
  vb_reader_free(rd);
  return items;
}

static void matches_from_an_index_write_only_the_later_ones(void **state) {
  (void)state;
  vb_matcher *m = vb_matcher_new(NULL, NULL);
  vb_error err;
  size_t first = 99, n;
  assert_int_equal(vb_matcher_check(m, "a", 1, ORIGINAL, strlen(ORIGINAL), &first, &err), VB_OK);
  assert_int_equal(first, 0);
  assert_int_equal(vb_matcher_check(m, "b", 1, ORIGINAL, strlen(ORIGINAL), &first, &err), VB_OK);
  vb_matcher_matches(m, &n);
  assert_true(n > first);
  vb_writer *w = vb_writer_new(NULL);
  assert_int_equal(vb_matcher_write_matches_from(m, w, first, &err), VB_OK);
  assert_int_equal(count_items(w), n - first);
  vb_writer_reset(w);
  assert_int_equal(vb_matcher_write_matches_from(m, w, n, &err), VB_OK);
  assert_int_equal(count_items(w), 0);
  assert_int_equal(vb_matcher_write_matches_from(m, w, n + 1, &err), VB_ERR_ARG);
  vb_writer_free(w);
  vb_matcher_free(m);
}

static uint8_t *find_bytes(uint8_t *hay, size_t n, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = 0; i + k <= n; i++)
    if (memcmp(hay + i, needle, k) == 0) return hay + i;
  return NULL;
}

static vb_matcher *saved_and_loaded(const vb_matcher *m, uint8_t **bytes, size_t *len) {
  vb_writer *w = vb_writer_new(NULL);
  vb_error err;
  assert_int_equal(vb_matcher_save(m, w, &err), VB_OK);
  const uint8_t *data = vb_writer_data(w, len);
  *bytes = malloc(*len);
  memcpy(*bytes, data, *len);
  vb_writer_free(w);
  vb_matcher *back = vb_matcher_new(NULL, NULL);
  assert_int_equal(vb_matcher_load(back, *bytes, *len, &err), VB_OK);
  return back;
}

static void a_saved_index_finds_the_same_matches_after_loading(void **state) {
  (void)state;
  vb_matcher *m = vb_matcher_new(NULL, NULL);
  vb_error err;
  size_t first, n1, n2;
  assert_int_equal(vb_matcher_check(m, "orig", 4, ORIGINAL, strlen(ORIGINAL), &first, &err), VB_OK);
  uint8_t *bytes;
  size_t len;
  vb_matcher *back = saved_and_loaded(m, &bytes, &len);
  assert_int_equal(vb_matcher_doc_count(back), 1);
  const char *later = "\xE2\x80\x9CWe shall keep the east pier open for each fishing family that "
                      "needs it this winter,\xE2\x80\x9D Ines Moreau said.\n";
  assert_int_equal(vb_matcher_check(m, "later", 5, later, strlen(later), &first, &err), VB_OK);
  assert_int_equal(vb_matcher_check(back, "later", 5, later, strlen(later), &first, &err), VB_OK);
  const vb_match *a = vb_matcher_matches(m, &n1), *b = vb_matcher_matches(back, &n2);
  assert_int_equal(n1, n2);
  assert_true(n1 >= 1);
  for (size_t i = 0; i < n1; i++) {
    assert_int_equal(a[i].kind, b[i].kind);
    assert_int_equal(a[i].a.start, b[i].a.start);
    assert_int_equal(a[i].b.end, b[i].b.end);
    assert_int_equal(a[i].edit_count, b[i].edit_count);
  }
  /* Saving the loaded copy gives the same bytes. */
  vb_matcher *fresh = vb_matcher_new(NULL, NULL);
  assert_int_equal(vb_matcher_check(fresh, "orig", 4, ORIGINAL, strlen(ORIGINAL), &first, &err), VB_OK);
  uint8_t *bytes2;
  size_t len2;
  vb_matcher *again = saved_and_loaded(back, &bytes2, &len2);
  assert_true(len2 > len); /* "later" was added to back */
  free(bytes2);
  vb_matcher_free(again);
  vb_matcher_free(fresh);
  free(bytes);
  vb_matcher_free(back);
  vb_matcher_free(m);
}

static void loading_refuses_damage_and_other_formats(void **state) {
  (void)state;
  vb_matcher *m = vb_matcher_new(NULL, NULL);
  vb_error err;
  size_t first;
  assert_int_equal(vb_matcher_check(m, "orig", 4, ORIGINAL, strlen(ORIGINAL), &first, &err), VB_OK);
  vb_writer *w = vb_writer_new(NULL);
  assert_int_equal(vb_matcher_save(m, w, &err), VB_OK);
  size_t len;
  const uint8_t *data = vb_writer_data(w, &len);
  uint8_t *copy = malloc(len);
  for (size_t cut = 0; cut < len; cut += 7) {
    memcpy(copy, data, cut);
    vb_matcher *x = vb_matcher_new(NULL, NULL);
    assert_true(VB_IS_ERROR(vb_matcher_load(x, copy, cut, &err)));
    assert_int_equal(vb_matcher_doc_count(x), 0);
    vb_matcher_free(x);
  }
  for (size_t i = 0; i < len; i++) {
    memcpy(copy, data, len);
    copy[i] ^= 0x41;
    vb_matcher *x = vb_matcher_new(NULL, NULL);
    vb_status st = vb_matcher_load(x, copy, len, &err);
    if (st != VB_OK) assert_int_equal(vb_matcher_doc_count(x), 0);
    vb_matcher_free(x);
  }
  /* The format number is the byte after the "format" key. */
  memcpy(copy, data, len);
  uint8_t *f = find_bytes(copy, len, "format");
  assert_non_null(f);
  f[6] = 0x02;
  vb_matcher *x = vb_matcher_new(NULL, NULL);
  assert_int_equal(vb_matcher_load(x, copy, len, &err), VB_ERR_VERSION);
  assert_non_null(strstr(err.message, "format 2"));
  /* Loading into a matcher that has documents is a state error. */
  assert_int_equal(vb_matcher_load(m, data, len, &err), VB_ERR_STATE);
  vb_matcher_free(x);
  free(copy);
  vb_writer_free(w);
  vb_matcher_free(m);
}

static void allocation_failures_leave_a_freeable_matcher(void **state) {
  (void)state;
  const char *copy = "\xE2\x80\x9CWe shall keep the east pier open for each fishing family that "
                     "needs it this winter,\xE2\x80\x9D said Ines Moreau.\n";
  bool done = false;
  for (long k = 1; k < 2000 && !done; k++) {
    test_alloc t;
    vb_allocator al = test_alloc_make(&t, k);
    vb_matcher *m = vb_matcher_new(&al, NULL);
    vb_status st = m ? VB_OK : VB_ERR_NOMEM;
    if (st == VB_OK) st = vb_matcher_add(m, "a", 1, ORIGINAL, strlen(ORIGINAL), NULL);
    if (st == VB_OK) st = vb_matcher_add(m, "b", 1, copy, strlen(copy), NULL);
    if (st == VB_OK) st = vb_matcher_scan(m, 1, copy, strlen(copy), NULL);
    if (st == VB_OK) st = vb_matcher_finish(m, NULL);
    if (st == VB_OK) {
      size_t n;
      vb_matcher_matches(m, &n);
      assert_true(n >= 1);
      done = !t.failed;
    } else {
      assert_int_equal(st, VB_ERR_NOMEM);
    }
    vb_matcher_free(m);
    assert_int_equal(t.live, 0);
  }
  assert_true(done);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_verbatim_reprint_is_exact),
      cmocka_unit_test(straight_quotes_and_case_make_it_normalized),
      cmocka_unit_test(swapped_words_are_altered_with_their_edits),
      cmocka_unit_test(a_shortened_quote_is_truncated),
      cmocka_unit_test(words_without_marks_are_unquoted),
      cmocka_unit_test(a_common_phrase_inside_a_long_quote_is_not_a_match),
      cmocka_unit_test(one_quote_told_as_two_is_split),
      cmocka_unit_test(two_quotes_joined_into_one_are_merged),
      cmocka_unit_test(a_renamed_speaker_is_a_conflict),
      cmocka_unit_test(a_garbled_surname_is_a_conflict),
      cmocka_unit_test(cyrillic_look_alikes_in_a_name_are_the_same_speaker),
      cmocka_unit_test(a_surname_mention_is_the_same_speaker),
      cmocka_unit_test(variants_form_one_cluster_with_the_longest_as_best),
      cmocka_unit_test(streaming_check_finds_earlier_quotes),
      cmocka_unit_test(invalid_utf8_is_refused_with_its_offset),
      cmocka_unit_test(records_are_written_for_matches_and_clusters),
      cmocka_unit_test(matches_from_an_index_write_only_the_later_ones),
      cmocka_unit_test(a_saved_index_finds_the_same_matches_after_loading),
      cmocka_unit_test(loading_refuses_damage_and_other_formats),
      cmocka_unit_test(allocation_failures_leave_a_freeable_matcher),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
