/* Paragraph boilerplate classification on small pages we wrote: each kind of
 * boilerplate is recognised, story paragraphs stay content, and the tables
 * generated from data/boilerplate.txt are well-formed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "boilerplate_table.h"
#include "verbatim/segment.h"

/* A page in blank-line mode, one paragraph per entry. */
static const char *const page[] = {
    "HARBOUR NEWS",
    "Home  |  Local  |  Sport  |  Weather  |  Contact",
    "Ferry crews vote to stay on strike over weekend rosters",
    "By Anwen Price",
    "Published: 4 March 2031, 09:12",
    "Crews gather on the quay at Penrhos on Monday evening. (Photo: Gwyn Hale)",
    "Ferry crews on the island route voted on Monday to stay on strike until the operator "
    "withdraws its new weekend rosters, the union said.",
    "The operator said it had offered two extra rest days a month and called the vote "
    "disappointing for passengers who rely on the service.",
    "Advertisement",
    "\xE2\x80\x9CWe have asked for a fair rota for two years,\xE2\x80\x9D the branch secretary said. "
    "\xE2\x80\x9CNobody wants to stand on a quay in March.\xE2\x80\x9D",
    "Talks are expected to resume at the conciliation service next week, both sides said.",
    "Anwen Price is the Harbour News transport reporter. She has covered the island routes "
    "since 2024.",
    "Share this article",
    "Most read",
    "Lifeboat volunteers honoured for winter rescue off the point",
    "2 March 2031",
    "Sign up to our morning newsletter for the latest news in your inbox",
    "\xC2\xA9 2031 Harbour News. All rights reserved.",
};

static const vb_boiler expected[] = {
    VB_BOILER_FURNITURE, VB_BOILER_NAVIGATION, VB_BOILER_HEADLINE, VB_BOILER_BYLINE,
    VB_BOILER_DATELINE,  VB_BOILER_CAPTION,    VB_BOILER_NONE,     VB_BOILER_NONE,
    VB_BOILER_FURNITURE, VB_BOILER_NONE,       VB_BOILER_NONE,     VB_BOILER_AUTHOR_BIO,
    VB_BOILER_FURNITURE, VB_BOILER_TEASER,     VB_BOILER_TEASER,   VB_BOILER_TEASER,
    VB_BOILER_FURNITURE, VB_BOILER_FURNITURE,
};

static size_t build_page(char *buf, size_t cap) {
  size_t len = 0;
  for (size_t i = 0; i < sizeof page / sizeof page[0]; i++) {
    size_t n = strlen(page[i]);
    assert_true(len + n + 2 < cap);
    memcpy(buf + len, page[i], n);
    len += n;
    memcpy(buf + len, "\n\n", 2);
    len += 2;
  }
  return len;
}

static void page_paragraphs_get_their_reasons(void **state) {
  (void)state;
  char text[4096];
  size_t len = build_page(text, sizeof text);
  vb_segmenter *seg = vb_segmenter_new(NULL);
  vb_error err;
  assert_int_equal(vb_segmenter_run(seg, text, len, 0, &err), VB_OK);
  assert_false(vb_segmenter_line_mode(seg));
  size_t n;
  const vb_paragraph *p = vb_segmenter_paragraphs(seg, &n);
  assert_int_equal(n, sizeof expected / sizeof expected[0]);
  for (size_t i = 0; i < n; i++) {
    if (p[i].boiler != expected[i])
      fail_msg("paragraph %zu (%.40s...): got %s, want %s", i, text + p[i].start,
               vb_boiler_name(p[i].boiler), vb_boiler_name(expected[i]));
  }
  vb_segmenter_free(seg);
}

static void line_mode_page_is_classified_the_same(void **state) {
  (void)state;
  char text[4096];
  size_t len = build_page(text, sizeof text);
  /* One newline per paragraph instead of a blank line. */
  size_t out = 0;
  for (size_t i = 0; i < len; i++)
    if (!(text[i] == '\n' && i > 0 && text[i - 1] == '\n')) text[out++] = text[i];
  vb_segmenter *seg = vb_segmenter_new(NULL);
  vb_error err;
  assert_int_equal(vb_segmenter_run(seg, text, out, 0, &err), VB_OK);
  assert_true(vb_segmenter_line_mode(seg));
  size_t n;
  const vb_paragraph *p = vb_segmenter_paragraphs(seg, &n);
  assert_int_equal(n, sizeof expected / sizeof expected[0]);
  for (size_t i = 0; i < n; i++) assert_int_equal(p[i].boiler, expected[i]);
  vb_segmenter_free(seg);
}

static void plain_story_is_all_content(void **state) {
  (void)state;
  const char *text =
      "The council met on Tuesday to discuss the harbour wall, which was damaged in the "
      "January storms.\n\nEngineers told members the repairs would take most of the summer and "
      "cost more than first thought.\n\nA decision is expected next month.\n";
  vb_segmenter *seg = vb_segmenter_new(NULL);
  vb_error err;
  assert_int_equal(vb_segmenter_run(seg, text, strlen(text), 0, &err), VB_OK);
  size_t n;
  const vb_paragraph *p = vb_segmenter_paragraphs(seg, &n);
  assert_int_equal(n, 3);
  for (size_t i = 0; i < n; i++) assert_int_equal(p[i].boiler, VB_BOILER_NONE);
  vb_segmenter_free(seg);
}

static void crossheads_inside_the_story_are_headlines(void **state) {
  (void)state;
  const char *text =
      "Residents packed the hall on Thursday night to hear the plans for the old mill site "
      "by the river.\n\nWhat happens next\n\nThe developer will submit a revised application in "
      "the spring, a spokesperson for the company said.\n";
  vb_segmenter *seg = vb_segmenter_new(NULL);
  vb_error err;
  assert_int_equal(vb_segmenter_run(seg, text, strlen(text), 0, &err), VB_OK);
  size_t n;
  const vb_paragraph *p = vb_segmenter_paragraphs(seg, &n);
  assert_int_equal(n, 3);
  assert_int_equal(p[0].boiler, VB_BOILER_NONE);
  assert_int_equal(p[1].boiler, VB_BOILER_HEADLINE);
  assert_int_equal(p[2].boiler, VB_BOILER_NONE);
  vb_segmenter_free(seg);
}

static void generated_tables_are_well_formed(void **state) {
  (void)state;
  assert_true(sizeof vb_bp_rules / sizeof vb_bp_rules[0] > 50);
  for (size_t i = 0; i < sizeof vb_bp_rules / sizeof vb_bp_rules[0]; i++) {
    const vb_bp_rule *r = &vb_bp_rules[i];
    assert_int_equal(strlen(r->pat), r->len);
    assert_true(r->label <= VB_BOILER_NAVIGATION);
    assert_true(r->match <= VB_BP_SUFFIX);
    if (r->match == VB_BP_CONTAINS) assert_true(r->maxwords > 0);
  }
  /* Word lists are sorted for binary search. */
  for (size_t i = 1; i < sizeof vb_bp_datewords / sizeof vb_bp_datewords[0]; i++)
    assert_true(strcmp(vb_bp_datewords[i - 1], vb_bp_datewords[i]) < 0);
  for (size_t i = 1; i < sizeof vb_bp_bioroles / sizeof vb_bp_bioroles[0]; i++)
    assert_true(strcmp(vb_bp_bioroles[i - 1], vb_bp_bioroles[i]) < 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(page_paragraphs_get_their_reasons),
      cmocka_unit_test(line_mode_page_is_classified_the_same),
      cmocka_unit_test(plain_story_is_all_content),
      cmocka_unit_test(crossheads_inside_the_story_are_headlines),
      cmocka_unit_test(generated_tables_are_well_formed),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
