/* The compile-time and run-time versions agree (cmark's first API test). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "verbatim/version.h"

static void runtime_version_matches_header(void **state) {
  (void)state;
  assert_int_equal(vb_version(), VB_VERSION_NUMBER);
  assert_string_equal(vb_version_string(), VB_VERSION_STRING);
}

static void version_string_spells_the_number(void **state) {
  (void)state;
  char buf[32];
  snprintf(buf, sizeof buf, "%d.%d.%d", VB_VERSION_MAJOR, VB_VERSION_MINOR, VB_VERSION_PATCH);
  assert_string_equal(buf, vb_version_string());
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(runtime_version_matches_header),
      cmocka_unit_test(version_string_spells_the_number),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
