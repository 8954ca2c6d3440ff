/* Internal helpers shared by the core modules; never installed.
 *
 * Allocation goes through the handle's vb_allocator. vb_buf is the one
 * growable byte buffer of the library: appends never fail loudly, they set
 * `failed` and become no-ops, so an encoder can write a whole record and check
 * once at the end (the way zstd's and cmark's buffers report overflow).
 */
#ifndef VB_CORE_INTERNAL_H
#define VB_CORE_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "verbatim/error.h"
#include "verbatim/memory.h"

/* Resolve NULL to the default allocator and copy it into the handle. */
vb_allocator vb_alloc_resolve(const vb_allocator *alloc);

void *vb_mem_alloc(const vb_allocator *a, size_t size);
void *vb_mem_calloc(const vb_allocator *a, size_t count, size_t size);
void *vb_mem_realloc(const vb_allocator *a, void *ptr, size_t size);
void vb_mem_free(const vb_allocator *a, void *ptr);

/* Grow `*ptr` (an array of `elem` bytes per item, capacity `*cap` items) so it
 * holds at least `need` items; geometric growth, overflow-checked.
 * Returns false (leaving the array as it was) when out of memory. */
bool vb_array_reserve(const vb_allocator *a, void **ptr, size_t *cap, size_t need, size_t elem);

typedef struct vb_buf {
  uint8_t *data;
  size_t len;
  size_t cap;
  bool failed; /* sticky: an append ran out of memory */
  const vb_allocator *alloc;
} vb_buf;

void vb_buf_init(vb_buf *b, const vb_allocator *alloc);
void vb_buf_release(vb_buf *b);
bool vb_buf_reserve(vb_buf *b, size_t extra);
void vb_buf_append(vb_buf *b, const void *data, size_t len);
void vb_buf_putc(vb_buf *b, char c);
void vb_buf_printf(vb_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Fill `err` (which may be NULL); returns `status` so callers can
 * `return vb_fail(err, VB_ERR_UTF8, rec, "text", off, "...")`. */
vb_status vb_fail(vb_error *err, vb_status status, int64_t record, const char *field,
                  uint64_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Same, with a va_list. */
vb_status vb_failv(vb_error *err, vb_status status, int64_t record, const char *field,
                   uint64_t offset, const char *fmt, va_list ap);

#endif /* VB_CORE_INTERNAL_H */
