/* A scripted allocator for tests (after libcbor's test_allocator.h and
 * SQLite's malloc tests): it counts allocations, can fail the Nth one, and
 * tracks live blocks so a test can assert nothing leaked. */
#ifndef VB_TEST_ALLOC_H
#define VB_TEST_ALLOC_H

#include <stdint.h>
#include <stdlib.h>

#include "verbatim/memory.h"

typedef struct test_alloc {
  long calls;     /* alloc + realloc calls so far */
  long fail_at;   /* fail the call with this 1-based number; 0 = never */
  long live;      /* blocks allocated and not yet freed */
  int failed;     /* set once a failure was injected */
  size_t largest; /* largest single request */
} test_alloc;

static void *ta_alloc(void *user, size_t size) {
  test_alloc *t = user;
  if (size > t->largest) t->largest = size;
  if (++t->calls == t->fail_at) {
    t->failed = 1;
    return NULL;
  }
  void *p = malloc(size);
  if (p) t->live++;
  return p;
}

static void *ta_realloc(void *user, void *ptr, size_t size) {
  test_alloc *t = user;
  if (size > t->largest) t->largest = size;
  if (++t->calls == t->fail_at) {
    t->failed = 1;
    return NULL;
  }
  void *p = realloc(ptr, size);
  if (p && ptr == NULL) t->live++;
  return p;
}

static void ta_free(void *user, void *ptr) {
  test_alloc *t = user;
  if (ptr) t->live--;
  free(ptr);
}

static inline vb_allocator test_alloc_make(test_alloc *t, long fail_at) {
  t->calls = 0;
  t->fail_at = fail_at;
  t->live = 0;
  t->failed = 0;
  t->largest = 0;
  vb_allocator a = {ta_alloc, ta_realloc, ta_free, t};
  return a;
}

#endif
