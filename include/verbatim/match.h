/* verbatim — quote matching across documents.
 *
 * The core question of the toolkit: where else does this quotation appear,
 * and how was it changed? A matcher keeps every quote it has seen in a quote
 * index (see docs/architecture.md) and scans documents against it. Each
 * occurrence of a quote's words in another document is a match, of one kind:
 *
 *   exact       the other quote is byte-identical;
 *   normalized  equal after normalization (quote marks, case, dashes, NFKC);
 *   altered     the same quote with word-level edits, listed as edits;
 *   truncated   one side is a contiguous part of the other, with no edits;
 *   split       one quote of A appears as two or more quotes of B (one match
 *               per part);
 *   merged      two quotes of A are joined into one quote of B (one match
 *               per part);
 *   unquoted    the quote's words stand in B's running text, unmarked.
 *
 * Each match carries both speakers and flags a speaker conflict when the
 * same words are given to different people. Quotes linked by matches form
 * variant clusters, each with its most complete form.
 *
 * Two ways to use it:
 *   - a corpus: vb_matcher_add for every document (extracts and indexes its
 *     quotes), then vb_matcher_scan for every document (finds occurrences of
 *     the other documents' quotes in it), then vb_matcher_finish. Memory is
 *     bounded by the quotes, not the corpus: texts are passed again to scan.
 *   - a stream (a service): vb_matcher_check for each new article scans it
 *     against every quote seen so far, then adds its quotes.
 *
 * Threads: a matcher is used by one thread at a time.
 */
#ifndef VERBATIM_MATCH_H
#define VERBATIM_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "verbatim/error.h"
#include "verbatim/export.h"
#include "verbatim/memory.h"
#include "verbatim/record.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vb_match_kind {
  VB_MATCH_EXACT = 0,
  VB_MATCH_NORMALIZED = 1,
  VB_MATCH_ALTERED = 2,
  VB_MATCH_TRUNCATED = 3,
  VB_MATCH_SPLIT = 4,
  VB_MATCH_MERGED = 5,
  VB_MATCH_UNQUOTED = 6
} vb_match_kind;

/* "no quote" for vb_match_side.quote */
#define VB_MATCH_NO_QUOTE UINT32_MAX

typedef struct vb_match_options {
  uint32_t shingle_words; /* words per index shingle; default 4 */
  uint32_t min_words;     /* a match shares at least this many words; default 4 */
  double min_similarity;  /* equal words / aligned words in the region; default 0.5 */
  bool fragments;         /* also index fragments (scare quotes, titles); default false */
} vb_match_options;

/* The defaults above. */
VB_EXPORT vb_match_options vb_match_options_default(void);

typedef struct vb_match_side {
  uint32_t doc;       /* document index: the order documents were added */
  size_t start, end;  /* bytes of that document's text */
  uint32_t quote;     /* matcher-wide quote id, or VB_MATCH_NO_QUOTE */
  size_t text_off, text_len;       /* the span's text, in vb_matcher_strings */
  size_t speaker_off, speaker_len; /* speaker_len 0: no speaker */
} vb_match_side;

typedef struct vb_match {
  vb_match_side a;    /* the quote */
  vb_match_side b;    /* where it appears */
  vb_match_kind kind;
  double similarity;  /* a's quote words found in b / a's quote words, 0..1 */
  bool speaker_conflict;
  uint32_t first_edit, edit_count; /* into vb_matcher_edits */
  uint32_t cluster;   /* after vb_matcher_finish; UINT32_MAX before */
} vb_match;

/* A word-level edit: a's words became b's words. Texts are offsets into
 * vb_matcher_strings; spans are bytes of each side's document (an empty
 * side has start == end at the place of the insertion). op: "sub", "ins"
 * (a empty) or "del" (b empty). */
typedef struct vb_match_edit {
  uint32_t op; /* 1 sub, 2 ins, 3 del */
  size_t a_off, a_len, b_off, b_len;
  size_t a_start, a_end, b_start, b_end;
} vb_match_edit;

/* A quote the matcher knows. */
typedef struct vb_match_quote {
  uint32_t doc;
  size_t start, end;
  uint32_t words;
  uint32_t kind;             /* vb_quote_kind */
  size_t text_off, text_len; /* the quote's text, in vb_matcher_strings */
  size_t speaker_off, speaker_len; /* speaker_len 0: no speaker */
  uint32_t cluster;          /* after vb_matcher_finish */
} vb_match_quote;

typedef struct vb_matcher vb_matcher;

/* Create a matcher; `opt` may be NULL for the defaults. Returns NULL when
 * out of memory. The caller owns the result; release it with
 * vb_matcher_free. */
VB_EXPORT vb_matcher *vb_matcher_new(const vb_allocator *alloc, const vb_match_options *opt);

/* Release a matcher. Accepts NULL. */
VB_EXPORT void vb_matcher_free(vb_matcher *self);

/* Add a document: segment it, extract its quotes and index them. Its index
 * is the number of documents added before it. The text must be valid UTF-8
 * (VB_ERR_UTF8 with the offset otherwise); it is not kept. After
 * VB_ERR_NOMEM here the matcher answers VB_ERR_STATE to every further add
 * or scan: its results so far stay readable, and it must be freed. */
VB_EXPORT VB_NODISCARD vb_status vb_matcher_add(vb_matcher *self, const char *id, size_t id_len,
                                                const char *text, size_t text_len,
                                                vb_error *err);

/* Scan document `doc` (its text again, as added) against every quote of the
 * other documents. Matches are appended to the matcher's list. */
VB_EXPORT VB_NODISCARD vb_status vb_matcher_scan(vb_matcher *self, uint32_t doc, const char *text,
                                                 size_t text_len, vb_error *err);

/* Streaming: scan a new document against every quote seen so far, then add
 * it. `*first_match` receives the index of its first match in the list. */
VB_EXPORT VB_NODISCARD vb_status vb_matcher_check(vb_matcher *self, const char *id, size_t id_len,
                                                  const char *text, size_t text_len,
                                                  size_t *first_match, vb_error *err);

/* Compute clusters (and each match's cluster). Call after the scans; calling
 * it again after more scans recomputes them. */
VB_EXPORT VB_NODISCARD vb_status vb_matcher_finish(vb_matcher *self, vb_error *err);

/* Borrowed views: valid until the next call that adds, scans or finishes,
 * or until `self` is freed. */
VB_EXPORT const vb_match *vb_matcher_matches(const vb_matcher *self, size_t *count);
VB_EXPORT const vb_match_edit *vb_matcher_edits(const vb_matcher *self, size_t *count);
VB_EXPORT const vb_match_quote *vb_matcher_quotes(const vb_matcher *self, size_t *count);
VB_EXPORT const char *vb_matcher_strings(const vb_matcher *self, size_t *len);
VB_EXPORT uint32_t vb_matcher_doc_count(const vb_matcher *self);
/* A document's id, as given to vb_matcher_add; NULL for an unknown index. */
VB_EXPORT const char *vb_matcher_doc_id(const vb_matcher *self, uint32_t doc, size_t *len);

/* Clusters: `count` clusters, each with its members (quote ids) in
 * members[offsets[c] .. offsets[c+1]) and its most complete form (the
 * member with the most words; the earliest on ties) in best[c]. Only
 * quotes linked to at least one other quote are in a cluster. */
VB_EXPORT uint32_t vb_matcher_cluster_count(const vb_matcher *self);
VB_EXPORT const uint32_t *vb_matcher_cluster_members(const vb_matcher *self, uint32_t cluster,
                                                     size_t *count);
VB_EXPORT uint32_t vb_matcher_cluster_best(const vb_matcher *self, uint32_t cluster);

/* ---- Saving the index ------------------------------------------------- */

/* Format of saved matchers: the record layout, and the token definition the
 * word hashes depend on (segmenter seed and normalization). A saved matcher
 * from another format is refused with VB_ERR_VERSION. */
#define VB_MATCH_FORMAT_VERSION 1

/* Append one "matcher" record holding every document id and quote (with its
 * word hashes), enough to rebuild the index; matches and clusters are
 * results, not state, and are not saved. */
VB_EXPORT VB_NODISCARD vb_status vb_matcher_save(const vb_matcher *self, vb_writer *w,
                                                 vb_error *err);

/* Load a "matcher" record into a matcher that has no documents yet. The
 * record is checked strictly (types, ranges, UTF-8, sizes); on any error the
 * matcher is left empty. */
VB_EXPORT VB_NODISCARD vb_status vb_matcher_load(vb_matcher *self, const void *data,
                                                 size_t data_len, vb_error *err);

/* Name of a kind ("exact", ...); static. */
VB_EXPORT const char *vb_match_kind_name(vb_match_kind kind);

/* Append the match records (docs/records.md, "match") to `w`. */
VB_EXPORT VB_NODISCARD vb_status vb_matcher_write_matches(const vb_matcher *self, vb_writer *w,
                                                          vb_error *err);
/* Append the match records from index `first` on (for example the matches
 * of the last vb_matcher_check, from its `*first_match`); `first` equal to
 * the match count appends nothing, a larger one is VB_ERR_ARG. */
VB_EXPORT VB_NODISCARD vb_status vb_matcher_write_matches_from(const vb_matcher *self,
                                                               vb_writer *w, size_t first,
                                                               vb_error *err);
/* Append the cluster records (docs/records.md, "cluster") to `w`. */
VB_EXPORT VB_NODISCARD vb_status vb_matcher_write_clusters(const vb_matcher *self, vb_writer *w,
                                                           vb_error *err);

#ifdef __cplusplus
}
#endif

#endif /* VERBATIM_MATCH_H */
