/* verbatim — document similarity: which documents reuse each other, where.
 *
 * fingerprint.h holds the parts (word shingles, MinHash, SimHash, an LSH
 * index, the passage aligner); this header puts them together into the one
 * question a newsroom asks of a corpus: which pairs of articles share text
 * (reprints, trimmed copies, rewrites, spun copies), how much, and in which
 * passages. A vb_similar handle takes documents (id + text) one at a time:
 * each is segmented, its boilerplate paragraphs flagged, and its words
 * fingerprinted; the text itself is not kept. vb_similar_run then
 *
 *   1. picks the candidate pairs: every pair while the corpus has at most
 *      `all_pairs_limit` documents, else (or with VB_SIMILAR_LSH) the pairs
 *      sharing a band of the MinHash LSH index;
 *   2. verifies them exactly: Jaccard similarity and both containments of
 *      the word-shingle sets, and the SimHash distance; with a positive
 *      `min_score` a pair sharing no shingle stops here;
 *   3. aligns the rest word by word (vb_aligner) and scores them with
 *      vb_passages_score over the words that take part (boilerplate left
 *      out unless VB_SIMILAR_INCLUDE_BOILERPLATE);
 *
 * and keeps the pairs scoring at least `min_score` (with min_score 0, every
 * candidate pair), sorted by score, best first. The results are the
 * "similar-pair" records of docs/records.md, the ones `verbatim similar
 * --json` prints.
 *
 * Simple use:
 *
 *     vb_similar *s = vb_similar_new(NULL);
 *     for (each document)
 *       if (vb_similar_add(s, id, id_len, text, text_len, NULL, &err) != VB_OK) report(&err);
 *     if (vb_similar_run(s, &err) != VB_OK) report(&err);
 *     size_t n;
 *     const vb_similar_pair *p = vb_similar_pairs(s, &n);   // best first
 *     vb_similar_free(s);
 *
 * Streaming: vb_similar_query compares one document with every other one
 * added so far, so a service can add each new article and ask at once which
 * earlier ones it reuses.
 *
 * Threads: a handle is used by one thread at a time.
 */
#ifndef VERBATIM_SIMILAR_H
#define VERBATIM_SIMILAR_H

#include <stddef.h>
#include <stdint.h>

#include "verbatim/error.h"
#include "verbatim/export.h"
#include "verbatim/fingerprint.h"
#include "verbatim/memory.h"
#include "verbatim/record.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Shingle and align boilerplate words too (bylines, share blocks, ...). */
#define VB_SIMILAR_INCLUDE_BOILERPLATE (1u << 0)
/* Take the LSH candidates even below all_pairs_limit documents. */
#define VB_SIMILAR_LSH (1u << 1)
#define VB_SIMILAR_FLAGS_ALL (VB_SIMILAR_INCLUDE_BOILERPLATE | VB_SIMILAR_LSH)

typedef struct vb_similar_options {
  uint32_t flags;           /* VB_SIMILAR_* bits; unknown bits are VB_ERR_ARG */
  uint32_t ngram;           /* words per shingle, 1..64; default 5 (see vb_fp_options) */
  double min_score;         /* keep pairs scoring at least this, 0..1; default 0.1 */
  double lsh_threshold;     /* Jaccard threshold of the LSH index, (0, 1); default 0.2 */
  uint64_t seed;            /* shingle, MinHash and band-key seed; default VB_FP_DEFAULT_SEED */
  uint32_t all_pairs_limit; /* compare every pair up to this many documents; default 2000 */
} vb_similar_options;

/* The defaults above. */
VB_EXPORT vb_similar_options vb_similar_options_default(void);

typedef struct vb_similar vb_similar;

/* Create an empty handle with the default options. Returns NULL when out of
 * memory. The caller owns the result; release it with vb_similar_free. */
VB_EXPORT vb_similar *vb_similar_new(const vb_allocator *alloc);

/* Release a handle. Accepts NULL. */
VB_EXPORT void vb_similar_free(vb_similar *self);

/* Remove every document and result, keeping the options and the memory. */
VB_EXPORT void vb_similar_reset(vb_similar *self);

/* Set the options (NULL: defaults). Only while no document has been added
 * (VB_ERR_STATE otherwise); VB_ERR_ARG for unknown flags or values out of
 * range (NaN included). */
VB_EXPORT VB_NODISCARD vb_status vb_similar_configure(vb_similar *self,
                                                      const vb_similar_options *opt,
                                                      vb_error *err);

/* The options in force. */
VB_EXPORT vb_similar_options vb_similar_get_options(const vb_similar *self);

/* Add a document: `id` (UTF-8, may be empty; need not be unique) and its
 * UTF-8 `text` (empty is fine: it shares nothing). The id is copied; the
 * text is not kept. Its number (the count of documents added before it) goes to `*doc`
 * when `doc` is not NULL. Errors: VB_ERR_UTF8 for an id or text that is not
 * UTF-8, naming the document number (err->record), the field ("id" or
 * "text") and the byte offset of the first bad sequence; VB_ERR_ARG for NULL
 * with a non-zero length; VB_ERR_LIMIT for a text of 4 GiB or more or past
 * 2^32 - 1 documents; VB_ERR_NOMEM. On error nothing is added. */
VB_EXPORT VB_NODISCARD vb_status vb_similar_add(vb_similar *self, const char *id, size_t id_len,
                                                const char *text, size_t text_len, uint32_t *doc,
                                                vb_error *err);

/* Add a document whose words the caller already has (vb_words, after its
 * own segmenter run). The tokens are copied; `tokens->spans` must not be
 * NULL. Errors as vb_similar_add, and VB_ERR_ARG for unknown token flags. */
VB_EXPORT VB_NODISCARD vb_status vb_similar_add_tokens(vb_similar *self, const char *id,
                                                       size_t id_len, const vb_tokens *tokens,
                                                       uint32_t *doc, vb_error *err);

/* Number of documents added. */
VB_EXPORT size_t vb_similar_count(const vb_similar *self);

/* Compare the candidate pairs of every document added so far (see above);
 * the results replace those of the last run or query. On error there are no
 * results. */
VB_EXPORT VB_NODISCARD vb_status vb_similar_run(vb_similar *self, vb_error *err);

/* Compare document `doc` with every other document added so far (or, in LSH
 * mode, with those sharing a band with it); the results replace those of the
 * last run or query. VB_ERR_ARG when `doc` is out of range. */
VB_EXPORT VB_NODISCARD vb_status vb_similar_query(vb_similar *self, uint32_t doc, vb_error *err);

/* The pairs of the last run or query, best score first (ties by a_doc, then
 * b_doc); a_doc < b_doc. Ids and passages point into `self`. Borrowed: valid
 * until the next call on `self` or until `self` is freed. */
VB_EXPORT const vb_similar_pair *vb_similar_pairs(const vb_similar *self, size_t *count);

/* Append every pair of the last run or query to `w` as "similar-pair"
 * records (docs/records.md), in the order of vb_similar_pairs. On error the
 * records written before it stay. */
VB_EXPORT VB_NODISCARD vb_status vb_similar_write(const vb_similar *self, vb_writer *w,
                                                  vb_error *err);

/* Document `doc`'s id and words (hashes, byte spans, flags) as they were
 * fingerprinted; {0} / an empty id when `doc` is out of range. Borrowed:
 * valid until the next vb_similar_add* or reset on `self`, or until `self`
 * is freed. */
VB_EXPORT vb_str vb_similar_doc_id(const vb_similar *self, uint32_t doc);
VB_EXPORT vb_tokens vb_similar_doc_tokens(const vb_similar *self, uint32_t doc);

#ifdef __cplusplus
}
#endif

#endif /* VERBATIM_SIMILAR_H */
