/* Shared by the libFuzzer harnesses: a check that traps (so libFuzzer keeps
 * the input as a crash) instead of printing, and the span tests every
 * harness repeats. */
#ifndef VB_FUZZ_CHECK_H
#define VB_FUZZ_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <stdio.h>

/* Name the failed check, then trap. */
#define CHECK(c)                                                               \
  do {                                                                         \
    if (!(c)) {                                                                \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c);    \
      __builtin_trap();                                                        \
    }                                                                          \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True when offset `i` of `t` (length n) is not inside a UTF-8 sequence. */
static inline bool fz_boundary(const uint8_t *t, size_t n, size_t i) {
  return i == 0 || i == n || (i < n && (t[i] & 0xC0) != 0x80);
}

/* A span [s, e) lies inside the text and starts and ends on boundaries. */
static inline bool fz_span(const uint8_t *t, size_t n, size_t s, size_t e) {
  return s <= e && e <= n && fz_boundary(t, n, s) && fz_boundary(t, n, e);
}

#endif
