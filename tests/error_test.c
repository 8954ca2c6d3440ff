/* Status names and error formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "verbatim/error.h"

static void every_status_has_a_distinct_name(void **state) {
  (void)state;
  const vb_status all[] = {VB_OK,        VB_END,          VB_ERR_NOMEM,  VB_ERR_ARG,
                           VB_ERR_UTF8,  VB_ERR_CBOR,     VB_ERR_TRUNCATED, VB_ERR_SCHEMA,
                           VB_ERR_LIMIT, VB_ERR_IO,       VB_ERR_VERSION, VB_ERR_STATE};
  size_t n = sizeof all / sizeof all[0];
  for (size_t i = 0; i < n; i++) {
    assert_string_not_equal(vb_strerror(all[i]), "unknown status");
    for (size_t j = 0; j < i; j++) assert_string_not_equal(vb_strerror(all[i]), vb_strerror(all[j]));
  }
  assert_string_equal(vb_strerror((vb_status)999), "unknown status");
}

static void status_values_are_pinned(void **state) {
  (void)state;
  /* These numbers are ABI: bindings map them to exception classes. */
  assert_int_equal(VB_OK, 0);
  assert_int_equal(VB_END, 1);
  assert_int_equal(VB_ERR_NOMEM, 10);
  assert_int_equal(VB_ERR_UTF8, 12);
  assert_int_equal(VB_ERR_CBOR, 13);
  assert_int_equal(VB_ERR_STATE, 19);
  assert_false(VB_IS_ERROR(VB_END));
  assert_true(VB_IS_ERROR(VB_ERR_NOMEM));
}

static void format_names_record_field_and_offset(void **state) {
  (void)state;
  vb_error err;
  vb_fail(&err, VB_ERR_UTF8, 3, "text", 120, "bad byte 0x%02x", 0xff);
  char buf[256];
  vb_error_format(&err, buf, sizeof buf);
  assert_string_equal(buf, "bad byte 0xff (record 3, field \"text\", byte 120)");
}

static void format_without_position_is_just_the_message(void **state) {
  (void)state;
  vb_error err;
  vb_error_clear(&err);
  vb_fail(&err, VB_ERR_IO, VB_NO_RECORD, NULL, VB_NO_OFFSET, "cannot open x");
  char buf[64];
  vb_error_format(&err, buf, sizeof buf);
  assert_string_equal(buf, "cannot open x");
}

static void format_truncates_and_terminates(void **state) {
  (void)state;
  vb_error err;
  vb_fail(&err, VB_ERR_CBOR, 7, NULL, 9, "malformed");
  char buf[8];
  size_t full = vb_error_format(&err, buf, sizeof buf);
  assert_true(full > sizeof buf);
  assert_int_equal(strlen(buf), sizeof buf - 1);
}

static void clear_accepts_null(void **state) {
  (void)state;
  vb_error_clear(NULL);
  assert_int_equal(vb_fail(NULL, VB_ERR_ARG, 0, NULL, 0, "x"), VB_ERR_ARG);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_status_has_a_distinct_name),
      cmocka_unit_test(status_values_are_pinned),
      cmocka_unit_test(format_names_record_field_and_offset),
      cmocka_unit_test(format_without_position_is_just_the_message),
      cmocka_unit_test(format_truncates_and_terminates),
      cmocka_unit_test(clear_accepts_null),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
