/* Internal pieces of the normalizer shared with its tests; never installed.
 *
 * The ASCII fast path has one implementation per instruction set, chosen once
 * per normalizer by a run-time CPU check. Each copies ASCII bytes from `s` to
 * `out` (lowercasing A-Z under VB_ASCII_FOLD) until the first byte it cannot
 * handle alone: a byte >= 0x80, a tab under VB_ASCII_TAB, or a space that
 * follows a space under VB_ASCII_COLLAPSE (`prev_space` says whether the
 * output byte before out[0] is a space). It returns the count copied; `out`
 * must have room for n + VB_ASCII_SLACK bytes, since vector stores may write
 * past the count.
 */
#ifndef VB_CORE_NORMALIZE_INTERNAL_H
#define VB_CORE_NORMALIZE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "verbatim/normalize.h"

enum { VB_ASCII_FOLD = 1, VB_ASCII_TAB = 2, VB_ASCII_COLLAPSE = 4 };
#define VB_ASCII_SLACK 64

typedef size_t (*vb_ascii_fn)(const uint8_t *s, size_t n, uint8_t *out, unsigned mode,
                              bool prev_space);

typedef struct vb_ascii_impl {
  const char *name;
  vb_ascii_fn fn;
  bool usable; /* the CPU supports it */
} vb_ascii_impl;

/* Every implementation compiled in, the portable one first: fills up to
 * `cap` entries of `out` and returns how many there are. */
size_t vb_ascii_impls(vb_ascii_impl *out, size_t cap);

/* The fastest usable implementation. */
vb_ascii_fn vb_ascii_best(void);

/* Tests only: turn the per-character quick check off, so every non-ASCII
 * character goes through the full path (which must give the same output),
 * and pick the ASCII implementation. */
void vb_normalizer_set_quick_check(vb_normalizer *self, bool on);
void vb_normalizer_set_ascii(vb_normalizer *self, vb_ascii_fn fn);

/* Tests only: the word test that decides whether a look-alike at bytes
 * [a, b) of `text` (a whole character or normalization segment, text well
 * formed) is folded under VB_NORM_CONFUSABLES, for this normalizer's form. */
bool vb_normalizer_word_is_latin(vb_normalizer *self, const char *text, size_t text_len,
                                 size_t a, size_t b);

#endif /* VB_CORE_NORMALIZE_INTERNAL_H */
