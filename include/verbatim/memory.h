/* verbatim — allocators.
 *
 * Every handle takes an allocator when it is created and uses it for all of
 * its memory, so a service can account memory per request and tests can fail
 * the Nth allocation of any call. There is no global setter: NULL means the
 * C library's malloc/realloc/free.
 *
 * The struct is copied into the handle at creation; the caller need not keep
 * it alive, but `user` must stay valid for the handle's lifetime.
 */
#ifndef VERBATIM_MEMORY_H
#define VERBATIM_MEMORY_H

#include <stddef.h>

#include "verbatim/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vb_allocator {
  /* Return NULL on failure; the library turns that into VB_ERR_NOMEM. */
  void *(*alloc)(void *user, size_t size);
  /* Like realloc(3); on failure the old block must stay valid. */
  void *(*realloc)(void *user, void *ptr, size_t size);
  /* Must accept NULL. */
  void (*free)(void *user, void *ptr);
  void *user;
} vb_allocator;

/* The allocator used when NULL is passed: malloc, realloc and free.
 * Static; never freed. */
VB_EXPORT const vb_allocator *vb_default_allocator(void);

#ifdef __cplusplus
}
#endif

#endif /* VERBATIM_MEMORY_H */
