/* Internal: Unicode text segmentation (UAX #29) word and sentence
 * boundaries over arrays of packed code point properties
 * (core/segment_tables.h). Never installed.
 *
 * Both functions fill brk[0..n]: brk[i] is 1 when there is a boundary before
 * code point i (so brk[0] and brk[n] are 1 for n > 0). They run in one
 * forward pass with constant state, so hostile input (a million spaces after
 * a full stop, long runs of regional indicators) stays linear. */
#ifndef VB_CORE_UAX29_H
#define VB_CORE_UAX29_H

#include <stddef.h>
#include <stdint.h>

#include "segment_tables.h"

/* Word boundaries, rules WB1-WB999 of Unicode 15.0. */
void vb_uax29_words(const uint16_t *props, size_t n, uint8_t *brk);

/* Sentence boundaries, rules SB1-SB998 of Unicode 15.0. */
void vb_uax29_sentences(const uint16_t *props, size_t n, uint8_t *brk);

#endif /* VB_CORE_UAX29_H */
