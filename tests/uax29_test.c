/* UAX #29 conformance: every line of Unicode 15.0's WordBreakTest.txt and
 * SentenceBreakTest.txt (Debian's unicode-data, installed by
 * scripts/install-deps), run whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "uax29.h"

#define UCD_AUX "/usr/share/unicode/auxiliary/"

typedef void (*break_fn)(const uint16_t *, size_t, uint8_t *);

/* Parse "÷ 0041 × 0308 ÷ ..." into code point properties and expected
 * boundaries; returns the code point count, or -1 for a line without a
 * test. */
static long parse_line(const char *line, uint16_t *props, uint8_t *want, size_t cap) {
  const char *p = line;
  size_t n = 0;
  int seen = 0;
  while (*p && *p != '#') {
    if ((unsigned char)p[0] == 0xC3 && (unsigned char)p[1] == 0xB7) { /* ÷ */
      want[n] = 1;
      seen = 1;
      p += 2;
    } else if ((unsigned char)p[0] == 0xC3 && (unsigned char)p[1] == 0x97) { /* × */
      want[n] = 0;
      p += 2;
    } else if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'F')) {
      char *end;
      unsigned long cp = strtoul(p, &end, 16);
      if (n + 1 >= cap || cp > 0x10FFFF) return -2;
      props[n++] = vb_seg_props((uint32_t)cp);
      p = end;
    } else
      p++;
  }
  return seen ? (long)n : -1;
}

static void run_file(const char *path, break_fn fn, const char *what, long min_cases) {
  FILE *f = fopen(path, "r");
  if (!f)
    fail_msg("%s is missing: install Debian's unicode-data 15.0 (scripts/install-deps)", path);
  char line[4096];
  uint16_t props[512];
  uint8_t want[512], got[512];
  long total = 0, passed = 0, lineno = 0;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    long n = parse_line(line, props, want, 512);
    if (n == -1) continue;
    assert_true(n >= 0);
    total++;
    memset(got, 0xEE, sizeof got);
    fn(props, (size_t)n, got);
    if (memcmp(got, want, (size_t)n + 1) == 0)
      passed++;
    else
      print_message("%s:%ld: mismatch: %s", path, lineno, line);
  }
  fclose(f);
  print_message("%s (Unicode %s): %ld/%ld cases pass\n", what, VB_SEGMENT_UNICODE_VERSION, passed,
                total);
  assert_true(total >= min_cases);
  assert_int_equal(passed, total);
}

static void word_break_test_passes_whole(void **state) {
  (void)state;
  run_file(UCD_AUX "WordBreakTest.txt", vb_uax29_words, "WordBreakTest.txt", 1800);
}

static void sentence_break_test_passes_whole(void **state) {
  (void)state;
  run_file(UCD_AUX "SentenceBreakTest.txt", vb_uax29_sentences, "SentenceBreakTest.txt", 500);
}

static void tables_are_unicode_15(void **state) {
  (void)state;
  assert_string_equal(VB_SEGMENT_UNICODE_VERSION, "15.0.0");
  /* Spot checks of the generated tables against UCD values. */
  assert_int_equal(VB_SEG_WB(vb_seg_props('A')), VB_WB_ALETTER);
  assert_int_equal(VB_SEG_WB(vb_seg_props(0x2019)), VB_WB_MIDNUMLET);
  assert_int_equal(VB_SEG_SB(vb_seg_props('.')), VB_SB_ATERM);
  assert_int_equal(VB_SEG_SB(vb_seg_props('a')), VB_SB_LOWER);
  assert_true(VB_SEG_EXTPICT(vb_seg_props(0x1F600)));
  assert_false(VB_SEG_EXTPICT(vb_seg_props('a')));
  assert_int_equal(VB_SEG_WB(vb_seg_props(0x10FFFF)), VB_WB_OTHER);
}

static void empty_input_has_only_the_start_boundary(void **state) {
  (void)state;
  uint8_t brk[1] = {0};
  vb_uax29_words(NULL, 0, brk);
  assert_int_equal(brk[0], 1);
  brk[0] = 0;
  vb_uax29_sentences(NULL, 0, brk);
  assert_int_equal(brk[0], 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(tables_are_unicode_15),
      cmocka_unit_test(word_break_test_passes_whole),
      cmocka_unit_test(sentence_break_test_passes_whole),
      cmocka_unit_test(empty_input_has_only_the_start_boundary),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
