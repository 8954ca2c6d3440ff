/* verbatim — text validity and normalization.
 *
 * News text arrives in every encoding accident: stray Latin-1 bytes in UTF-8
 * pages, curly and straight quotes, non-breaking spaces, invisible joiners.
 * This header holds what makes bytes into comparable text. Everything that
 * changes text also says where each piece of the result came from, so results
 * can always point back to bytes of the original.
 *
 * The UTF-8 checks come first: they are what every other layer relies on.
 */
#ifndef VERBATIM_NORMALIZE_H
#define VERBATIM_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "verbatim/error.h"
#include "verbatim/export.h"
#include "verbatim/memory.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- UTF-8 validity ---------------------------------------------------- */

/* True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing
 * above U+10FFFF). When it is not and `bad_offset` is not NULL, the offset of
 * the first byte of the first ill-formed sequence is stored there. */
VB_EXPORT bool vb_utf8_valid(const char *text, size_t text_len, size_t *bad_offset);

/* Copy `text` into `out`, replacing each maximal ill-formed subsequence with
 * U+FFFD (Unicode's "substitution of maximal subparts"). `out` must hold
 * 3 * text_len bytes in the worst case; vb_utf8_repair_bound gives that size.
 * Returns the bytes written; `replaced` (may be NULL) receives the count of
 * replacement characters inserted. Valid input is copied unchanged. */
VB_EXPORT size_t vb_utf8_repair(const char *text, size_t text_len, char *out, size_t *replaced);

/* Worst-case output size of vb_utf8_repair for `text_len` input bytes. */
VB_EXPORT size_t vb_utf8_repair_bound(size_t text_len);

#ifdef __cplusplus
}
#endif

#endif /* VERBATIM_NORMALIZE_H */
