/* The report of `verbatim analyze`: one self-contained HTML page (inline CSS,
 * JS and SVG; no network) built from the pipeline's results. Presentation
 * only: everything here is computed by the library before it is called. */
#ifndef VB_CLI_REPORT_H
#define VB_CLI_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "verbatim/verbatim.h"

/* The report shows the passages of this many best pairs. */
#define REPORT_TOP_PAIRS 6

/* One document, as the index keeps it: counts, and its word tokens (the
 * fingerprint input, borrowed from the vb_similar handle) for rendering
 * aligned passages. `text` is NULL except for the documents of the top
 * pairs, which are read again for the report. */
typedef struct an_doc {
  char *id;
  size_t id_len;
  char *language; /* NUL-terminated, or NULL */
  size_t bytes, words, paragraphs, boiler_paragraphs, boiler_bytes, quotes;
  const uint64_t *hashes; /* word tokens: hash and byte span */
  const vb_span *spans;
  char *text;
  size_t text_len;
} an_doc;

/* One similar pair, as vb_similar_pairs gives it (a_doc < b_doc index docs). */
typedef vb_similar_pair an_pair;

/* Counts of the whole run, as the summary record and table give them. */
typedef struct an_summary {
  size_t documents, pairs, quotes, matches, conflicts, clusters;
  size_t by_kind[7]; /* indexed by vb_match_kind */
  double seconds;
} an_summary;

typedef struct report_input {
  const an_doc *docs;
  size_t ndocs;
  const an_pair *pairs; /* sorted by score, best first */
  size_t npairs;
  double min_score;
  const vb_matcher *matcher; /* after vb_matcher_finish */
  const an_summary *summary;
  const char *results_name; /* file name of the CBOR results, for the footer */
} report_input;

/* The pairs whose passages the report shows, as indexes into `pairs`, in
 * the order shown: the best pairs that share no document with a pair
 * already picked (so six reprints of one story do not crowd out the spun
 * copy), then the best of the rest; up to REPORT_TOP_PAIRS. */
size_t report_pick_pairs(const an_pair *pairs, size_t npairs, size_t shown[REPORT_TOP_PAIRS]);

/* Write the whole page to `out`; false on a write or memory error. */
bool report_write_html(FILE *out, const report_input *in);

#endif
