/* The matcher's state, shared by match.c (matching) and match_store.c
 * (saving and loading). Never installed. */
#ifndef VB_CORE_MATCH_INTERNAL_H
#define VB_CORE_MATCH_INTERNAL_H

#include "internal.h"
#include "qalign.h"
#include "qindex.h"
#include "verbatim/match.h"
#include "verbatim/normalize.h"
#include "verbatim/quotes.h"
#include "verbatim/segment.h"

#define ALIGN_CELLS ((size_t)1 << 22)
#define WINDOW_SLACK 8
#define LONG_RUN 8 /* shared words that count as reuse whatever the quote's length */

typedef struct word {
  uint64_t hash;
  uint32_t start, end;
} word;

typedef struct mdoc {
  size_t id_off, id_len;
  uint32_t first_quote, nquotes;
} mdoc;

/* Per-quote data beside the public vb_match_quote. */
typedef struct mquote_extra {
  uint32_t ix_id;     /* id in the quote index, or UINT32_MAX when not indexed */
  uint32_t next_same; /* next quote with identical words, or UINT32_MAX */
  uint32_t first_word; /* its words' byte spans: wspans[first_word, +words) */
  uint32_t group;
} mquote_extra;

typedef struct wspan {
  uint32_t start, end;
} wspan;

struct vb_matcher {
  vb_allocator alloc;
  vb_match_options opt;
  vb_segmenter *seg;
  vb_quote_extractor *qx;
  vb_qindex *ix;
  vb_qscan *scan;
  vb_qalign *al;
  vb_buf strings;
  vb_normalizer *names; /* folds speaker names for comparison; made on first use */
  vb_buf name_a, name_b;
  mdoc *docs;
  size_t ndocs, docs_cap;
  vb_match_quote *quotes;
  mquote_extra *qextra;
  size_t nquotes, quotes_cap, qextra_cap;
  uint32_t *ix_first; /* index id -> first quote with those words */
  size_t ix_first_cap;
  wspan *wspans;
  size_t nwspans, wspans_cap;
  vb_match *matches;
  size_t nmatches, matches_cap;
  vb_match_edit *edits;
  size_t nedits, edits_cap;
  /* scan scratch */
  word *words;
  size_t nwords, words_cap;
  uint64_t *hashes;
  size_t hashes_cap;
  uint32_t *spans; /* scratch: start, end pairs of one quote's words */
  size_t spans_cap;
  /* clusters */
  uint32_t *parent;
  size_t parent_cap;
  uint32_t nclusters;
  /* Set when an add failed after touching the quote index: the index and
   * the quote list no longer agree, so the matcher refuses further work. */
  bool broken;
  uint32_t *cl_members, *cl_offsets, *cl_best;
  size_t cl_members_cap, cl_offsets_cap, cl_best_cap;
};

/* Record one quote of document `doc` (words given by their hashes and
 * spans) in the matcher and the index. Used by add and by load. */
vb_status vb_matcher_put_quote(vb_matcher *m, uint32_t doc, size_t start, size_t end,
                               uint32_t kind, uint32_t group, const char *text,
                               const char *speaker, size_t speaker_len, const uint64_t *hashes,
                               const uint32_t *spans, size_t nwords, vb_error *err);

#endif /* VB_CORE_MATCH_INTERNAL_H */
