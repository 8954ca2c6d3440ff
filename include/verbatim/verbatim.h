/* verbatim — track how news text and quotations travel between outlets.
 *
 * The umbrella header: include this one and get every concern of the library,
 * each in its own header under verbatim/, ordered from the input bytes to the
 * results:
 *
 *   error.h      status codes and the error object every call reports through
 *   memory.h     per-handle allocators
 *   record.h     CBOR records in and out: documents, result streams, JSON
 *   normalize.h  UTF-8 validity and Unicode normalization with offset maps
 *   segment.h    tokens, sentences and paragraphs (UAX #29), boilerplate paragraphs
 *   fingerprint.h  shingles, winnowing, MinHash, LSH, SimHash, aligned passages
 *   similar.h    which documents of a corpus reuse each other, and where
 *   quotes.h     direct quotations, their kinds, groups and speakers
 *   match.h      where each quote appears elsewhere, how it changed, clusters
 *   version.h    library version
 *
 * Conventions throughout: names are vb_<object>_<verb>; handles are opaque,
 * created with vb_x_new and released with vb_x_free (which accepts NULL);
 * inputs are pointer + length, never NUL-terminated; every span is a pair of
 * byte offsets into the caller's original text; fallible calls return a
 * vb_status and fill an optional vb_error. Handles are not shared between
 * threads unless their header says so.
 */
#ifndef VERBATIM_VERBATIM_H
#define VERBATIM_VERBATIM_H

#include "verbatim/error.h"
#include "verbatim/fingerprint.h"
#include "verbatim/match.h"
#include "verbatim/memory.h"
#include "verbatim/normalize.h"
#include "verbatim/quotes.h"
#include "verbatim/record.h"
#include "verbatim/segment.h"
#include "verbatim/similar.h"
#include "verbatim/version.h"

#endif /* VERBATIM_VERBATIM_H */
