/* Allocation through per-handle allocators, and the growable byte buffer. */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

static void *std_alloc(void *user, size_t size) {
  (void)user;
  return malloc(size);
}

static void *std_realloc(void *user, void *ptr, size_t size) {
  (void)user;
  return realloc(ptr, size);
}

static void std_free(void *user, void *ptr) {
  (void)user;
  free(ptr);
}

static const vb_allocator default_allocator = {std_alloc, std_realloc, std_free, NULL};

const vb_allocator *vb_default_allocator(void) { return &default_allocator; }

vb_allocator vb_alloc_resolve(const vb_allocator *alloc) {
  if (alloc == NULL || alloc->alloc == NULL || alloc->realloc == NULL || alloc->free == NULL)
    return default_allocator;
  return *alloc;
}

/* A zero-byte request still returns a distinct block, so callers never have
 * to tell "empty" from "failed" by size. */
void *vb_mem_alloc(const vb_allocator *a, size_t size) {
  return a->alloc(a->user, size ? size : 1);
}

void *vb_mem_calloc(const vb_allocator *a, size_t count, size_t size) {
  if (size != 0 && count > SIZE_MAX / size) return NULL;
  void *p = vb_mem_alloc(a, count * size);
  if (p) memset(p, 0, count * size);
  return p;
}

void *vb_mem_realloc(const vb_allocator *a, void *ptr, size_t size) {
  return a->realloc(a->user, ptr, size ? size : 1);
}

void vb_mem_free(const vb_allocator *a, void *ptr) {
  if (ptr) a->free(a->user, ptr);
}

bool vb_array_reserve(const vb_allocator *a, void **ptr, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return true;
  size_t ncap = *cap ? *cap : 16;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 2) {
      ncap = need;
      break;
    }
    ncap *= 2;
  }
  if (elem != 0 && ncap > SIZE_MAX / elem) return false;
  void *np = vb_mem_realloc(a, *ptr, ncap * elem);
  if (np == NULL) return false;
  *ptr = np;
  *cap = ncap;
  return true;
}

void vb_buf_init(vb_buf *b, const vb_allocator *alloc) {
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
  b->failed = false;
  b->alloc = alloc;
}

void vb_buf_release(vb_buf *b) {
  vb_mem_free(b->alloc, b->data);
  vb_buf_init(b, b->alloc);
}

bool vb_buf_reserve(vb_buf *b, size_t extra) {
  if (b->failed) return false;
  if (extra > SIZE_MAX - b->len) {
    b->failed = true;
    return false;
  }
  void *p = b->data;
  if (!vb_array_reserve(b->alloc, &p, &b->cap, b->len + extra, 1)) {
    b->failed = true;
    return false;
  }
  b->data = p;
  return true;
}

void vb_buf_append(vb_buf *b, const void *data, size_t len) {
  if (len == 0 || !vb_buf_reserve(b, len)) return;
  memcpy(b->data + b->len, data, len);
  b->len += len;
}

void vb_buf_putc(vb_buf *b, char c) {
  if (!vb_buf_reserve(b, 1)) return;
  b->data[b->len++] = (uint8_t)c;
}

void vb_buf_printf(vb_buf *b, const char *fmt, ...) {
  char small[128];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->failed = true;
    return;
  }
  if ((size_t)n < sizeof small) {
    vb_buf_append(b, small, (size_t)n);
    return;
  }
  if (!vb_buf_reserve(b, (size_t)n + 1)) return;
  va_start(ap, fmt);
  vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}
