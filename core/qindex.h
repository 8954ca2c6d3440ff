/* The quote index: the data structure of the matching hot loop.
 *
 * Quotes go in as sequences of normalized word hashes; the index maps every
 * shingle (k consecutive words, keyed by a polynomial over their hashes and
 * a 64-bit finalizer, which a scan rolls from one position to the next) to
 * the quotes and positions it occurs at. Scanning a document probes the
 * index at every word position and gathers candidate (quote, diagonal)
 * pairs, which the caller verifies by alignment.
 *
 * Layout, chosen for the probe: a Bloom filter of the keys (three bits in
 * one 64-bit word per key, 8-16 bits per key) that rejects nearly every
 * probe that misses before the table is touched; an open-addressing table
 * of 16-byte entries {key, offset, count} (linear probing, load <= 0.7, slot
 * taken from the key's top bits, stop shingles rejected at the entry)
 * pointing into one flat postings array grouped by shingle. No pointer is
 * followed. The scan is a software pipeline: keys are made and their filter
 * words prefetched 32 positions ahead, filtered and their table slots
 * prefetched 16 ahead, and a hit's postings prefetched a few hits ahead.
 *
 * Adding is staged: vb_qindex_add appends postings, vb_qindex_build sorts the
 * staged ones and merges them into the built arrays in O(n + m log m), so a
 * service can add one article's quotes at a time. Scans see only what was
 * built. Identical quotes (same word hashes) are stored once: add returns the
 * id of the first copy, which keeps "one quote repeated a million times"
 * linear.
 *
 * Threads: a built index is read-only during scans; any number of threads may
 * scan it at once, each with its own vb_qscan.
 */
#ifndef VB_CORE_QINDEX_H
#define VB_CORE_QINDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

typedef struct vb_qindex vb_qindex;
typedef struct vb_qscan vb_qscan;

typedef struct vb_qindex_options {
  uint32_t shingle_words; /* k; default 4 */
  uint32_t min_words;     /* quotes shorter than this are not indexed; default 3 */
  uint32_t max_postings;  /* a shingle in more quotes than this is a stop shingle; default 4096 */
  uint64_t seed;          /* XXH3 seed of shingle hashes */
} vb_qindex_options;

vb_qindex_options vb_qindex_options_default(void);

vb_qindex *vb_qindex_new(const vb_allocator *alloc, const vb_qindex_options *opt);
void vb_qindex_free(vb_qindex *ix);

/* Stage a quote. `*id` receives its index id: a new one, or that of an
 * identical quote added before (then `*duplicate` is true). Quotes shorter
 * than min_words get an id but no postings. */
vb_status vb_qindex_add(vb_qindex *ix, const uint64_t *hashes, size_t n, uint32_t *id,
                        bool *duplicate, vb_error *err);

/* The id of a quote with exactly these words, or UINT32_MAX. Finds short
 * quotes too (those with no postings), so a one-word fragment can still be
 * matched quote to quote. */
uint32_t vb_qindex_find(const vb_qindex *ix, const uint64_t *hashes, size_t n);

/* Merge staged quotes into the searchable arrays. */
vb_status vb_qindex_build(vb_qindex *ix, vb_error *err);

uint32_t vb_qindex_quote_count(const vb_qindex *ix);
uint32_t vb_qindex_quote_words(const vb_qindex *ix, uint32_t id);
const uint64_t *vb_qindex_quote_hashes(const vb_qindex *ix, uint32_t id);
size_t vb_qindex_memory(const vb_qindex *ix); /* bytes held */
size_t vb_qindex_postings(const vb_qindex *ix);

/* A candidate occurrence: quote `quote` may start near doc word `diag`
 * (quote word 0 aligned there; diag may be negative for a quote cut at the
 * document's start). `lo`/`hi` bound the diagonals of its shingle hits,
 * `votes` counts them, `first`/`last` are the doc positions of the first and
 * last hit shingle. */
typedef struct vb_qcand {
  uint32_t quote;
  uint32_t votes;
  int64_t lo, hi;
  uint32_t first, last;
} vb_qcand;

vb_qscan *vb_qscan_new(const vb_allocator *alloc);
void vb_qscan_free(vb_qscan *s);

/* Probe every position of a document's word hashes. Candidates of one quote
 * whose diagonals lie within `band` of each other are merged. The array is
 * borrowed: valid until the next scan with `s`. `probes` (may be NULL)
 * receives the number of table probes made. */
vb_status vb_qindex_scan(const vb_qindex *ix, vb_qscan *s, const uint64_t *hashes, size_t n,
                         uint32_t band, const vb_qcand **cands, size_t *ncands, uint64_t *probes,
                         vb_error *err);

#endif /* VB_CORE_QINDEX_H */
