/* libFuzzer harness: UTF-8 validation and repair, the first thing every
 * outside text goes through. Repair must give valid UTF-8 within the
 * documented bound, leave valid text unchanged, and agree with validation
 * about where the first fault is. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "verbatim/verbatim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  size_t bad = SIZE_MAX;
  bool valid = vb_utf8_valid(text, size, &bad);
  if (!valid) {
    CHECK(bad < size);
    size_t again = SIZE_MAX;
    CHECK(vb_utf8_valid(text, bad, &again)); /* everything before it is fine */
    CHECK(fz_boundary(data, size, bad) || bad > 0);
  }
  size_t bound = vb_utf8_repair_bound(size);
  CHECK(bound >= size);
  char *out = malloc(bound ? bound : 1);
  CHECK(out != NULL);
  size_t replaced = SIZE_MAX;
  size_t n = vb_utf8_repair(text, size, out, &replaced);
  CHECK(n <= bound);
  CHECK(vb_utf8_valid(out, n, NULL));
  if (valid) {
    CHECK(replaced == 0 && n == size && memcmp(out, text, size) == 0);
  } else {
    CHECK(replaced >= 1);
    CHECK(n >= bad && memcmp(out, text, bad) == 0); /* the valid prefix is kept */
    /* Repair is idempotent: repaired text needs no more repair. */
    char *twice = malloc(vb_utf8_repair_bound(n) + 1);
    CHECK(twice != NULL);
    size_t r2 = SIZE_MAX;
    size_t n2 = vb_utf8_repair(out, n, twice, &r2);
    CHECK(r2 == 0 && n2 == n && memcmp(twice, out, n) == 0);
    free(twice);
  }
  size_t r_null = vb_utf8_repair(text, size, out, NULL); /* replaced may be NULL */
  CHECK(r_null == n);
  free(out);
  return 0;
}
