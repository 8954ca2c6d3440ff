/* Internal UTF-8 helpers shared by the text and record layers. */
#ifndef VB_CORE_UTF8_H
#define VB_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the well-formed sequence at s (1..4), or 0 if ill-formed.
 * Requires n >= 1. */
size_t vb_utf8_seq_len(const uint8_t *s, size_t n);

/* Length of the maximal subpart of the ill-formed sequence at s (at least
 * 1): the bytes one U+FFFD replaces. Requires n >= 1. */
size_t vb_utf8_maximal_subpart(const uint8_t *s, size_t n);

/* Count of leading ASCII bytes. */
size_t vb_utf8_ascii_prefix(const uint8_t *s, size_t n);

#endif /* VB_CORE_UTF8_H */
