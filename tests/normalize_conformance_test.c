/* Unicode's NormalizationTest.txt, run whole through vb_normalizer (quick
 * check and ASCII fast path included):
 *   NFC:  c2 == NFC(c1) == NFC(c2) == NFC(c3),  c4 == NFC(c4) == NFC(c5)
 *   NFKC: c4 == NFKC(c1) == ... == NFKC(c5)
 * The file ships bzip2-compressed in /usr/share/unicode (package unicode-data);
 * it is read through bzcat. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "verbatim/normalize.h"

#define TEST_FILE "/usr/share/unicode/NormalizationTest.txt.bz2"

/* Parse one column of space-separated hex code points into UTF-8. */
static size_t column(const char *s, const char *end, char *out) {
  size_t n = 0;
  while (s < end) {
    char *next;
    long c = strtol(s, &next, 16);
    if (next == s) break;
    n += (size_t)utf8proc_encode_char((utf8proc_int32_t)c, (utf8proc_uint8_t *)out + n);
    s = next;
  }
  return n;
}

typedef struct tally {
  long checks, passed;
} tally;

static void expect(vb_normalizer *n, const char *in, size_t in_len, const char *want,
                   size_t want_len, tally *t, long line, int col, const char *form) {
  vb_error err;
  t->checks++;
  if (vb_normalizer_run(n, in, in_len, &err) != VB_OK) {
    print_message("line %ld: %s(c%d) failed: %s\n", line, form, col, err.message);
    return;
  }
  size_t len;
  const char *out = vb_normalizer_output(n, &len);
  if (len == want_len && memcmp(out, want, len) == 0) t->passed++;
  else if (t->checks - t->passed <= 10)
    print_message("line %ld: %s(c%d) differs from the expected column\n", line, form, col);
}

static void normalization_test_file_passes_whole(void **state) {
  (void)state;
  FILE *probe = fopen(TEST_FILE, "rb");
  if (probe == NULL)
    fail_msg("%s is missing: install the unicode-data package (apt-get install unicode-data)",
             TEST_FILE);
  fclose(probe);
  FILE *f = popen("bzcat " TEST_FILE, "r");
  assert_non_null(f);
  vb_error err;
  vb_normalizer *nfc = vb_normalizer_new(NULL, VB_NORM_NFC, &err);
  vb_normalizer *nfkc = vb_normalizer_new(NULL, VB_NORM_NFKC, &err);
  assert_non_null(nfc);
  assert_non_null(nfkc);
  tally tc = {0, 0}, tk = {0, 0};
  long lines = 0, cases = 0;
  char line[4096];
  static char col[5][1024];
  size_t len[5];
  while (fgets(line, sizeof line, f)) {
    lines++;
    if (line[0] == '#' || line[0] == '@' || line[0] == '\n') continue;
    const char *p = line;
    int k = 0;
    for (; k < 5; k++) {
      const char *semi = strchr(p, ';');
      if (semi == NULL) break;
      len[k] = column(p, semi, col[k]);
      p = semi + 1;
    }
    if (k < 5) fail_msg("line %ld: fewer than five columns", lines);
    cases++;
    for (int c = 0; c < 3; c++) expect(nfc, col[c], len[c], col[1], len[1], &tc, lines, c + 1, "NFC");
    for (int c = 3; c < 5; c++) expect(nfc, col[c], len[c], col[3], len[3], &tc, lines, c + 1, "NFC");
    for (int c = 0; c < 5; c++) expect(nfkc, col[c], len[c], col[3], len[3], &tk, lines, c + 1, "NFKC");
  }
  int rc = pclose(f);
  if (rc != 0) fail_msg("bzcat %s failed (status %d)", TEST_FILE, rc);
  print_message("NormalizationTest.txt: %ld cases; NFC %ld/%ld checks pass (%.4f%%); "
                "NFKC %ld/%ld checks pass (%.4f%%)\n",
                cases, tc.passed, tc.checks, 100.0 * (double)tc.passed / (double)tc.checks,
                tk.passed, tk.checks, 100.0 * (double)tk.passed / (double)tk.checks);
  assert_true(cases > 18000); /* the Unicode 15 file has 19,000+ */
  assert_int_equal(tc.passed, tc.checks);
  assert_int_equal(tk.passed, tk.checks);
  vb_normalizer_free(nfc);
  vb_normalizer_free(nfkc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(normalization_test_file_passes_whole),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
