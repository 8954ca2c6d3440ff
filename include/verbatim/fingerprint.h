/* verbatim — fingerprints and reuse detection.
 *
 * Two articles share text when one outlet reprints, trims, rewrites or spins
 * another's. This header finds such pairs and the passages they share. It
 * works on words, not bytes: its input is a document's word tokens as three
 * parallel arrays (the hash of each normalized word, its byte span in the
 * original text, and an optional flags byte), as produced by the segmenter.
 * From them it computes, in one pass over a reusable handle:
 *
 *   - word n-gram shingles (each n-gram of word hashes hashed with XXH3-64),
 *     as a sorted set for exact Jaccard and containment;
 *   - winnowed fingerprints (Schleimer, Wilkerson and Aiken 2003), which keep
 *     their token positions;
 *   - a MinHash signature (one-permutation hashing with optimal
 *     densification, Shrivastava 2017) for estimating Jaccard similarity and
 *     for the LSH index below;
 *   - a 64-bit SimHash, compared by Hamming distance;
 *   - optionally, character n-grams of the words, for short or noisy texts.
 *
 * Then, for a pair judged similar, the aligner finds the reused passages and
 * aligns them word by word, tolerating substituted, inserted and deleted
 * words, with token and byte spans on both sides.
 *
 * Simple use, given two documents' tokens `ta` and `tb` (vb_tokens):
 *
 *     vb_fingerprinter *fp = vb_fingerprinter_new(NULL);
 *     vb_status st = vb_fingerprinter_run(fp, NULL, &ta, NULL, 0, &err);
 *     size_t n; const uint64_t *set = vb_fingerprinter_shingles(fp, &n);
 *     ... copy what you keep (set, MinHash, SimHash), run on `tb` ...
 *     vb_set_overlap o = vb_shingle_compare(set_a, n_a, set_b, n_b);
 *
 *     vb_aligner *al = vb_aligner_new(NULL);
 *     st = vb_aligner_run(al, NULL, &ta, &tb, &err);
 *     size_t np; const vb_passage *p = vb_aligner_passages(al, &np);
 *     double score = vb_passages_score(p, np, ta.count, tb.count);
 *
 * For a corpus, add each MinHash signature to a vb_lsh index and align only
 * the candidate pairs it returns.
 *
 * Everything stored (signatures, saved indexes) depends on the shingle
 * definition, the hash function and the seeds; VB_FP_FORMAT_VERSION names
 * that combination, and a saved index of another format is refused.
 *
 * Threads: handles are used by one thread at a time; the pure functions
 * (vb_shingle_compare, vb_minhash_jaccard, vb_simhash_distance,
 * vb_lsh_params) are safe anywhere.
 */
#ifndef VERBATIM_FINGERPRINT_H
#define VERBATIM_FINGERPRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "verbatim/error.h"
#include "verbatim/export.h"
#include "verbatim/memory.h"
#include "verbatim/normalize.h"
#include "verbatim/record.h"
#include "verbatim/segment.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bump whenever a stored value would change for the same input: the word
 * hash inputs, the shingle hash (XXH3-64 over little-endian word hashes), the
 * MinHash mixing, binning and densification, the LSH band keys or the default
 * seed. Version 1: as described in this header. */
#define VB_FP_FORMAT_VERSION 1

/* The seed every hash starts from unless options say otherwise. */
#define VB_FP_DEFAULT_SEED UINT64_C(0x766572626174d31) /* "verbatM1" */

/* Spans are the library-wide vb_span (normalize.h): byte offsets
 * [start, end) into the original UTF-8 text. */

/* ---- Input: a document's words ---------------------------------------- */

/* Per-token flag: the token is in a boilerplate paragraph (bylines, "read
 * more", newsletter pitches). Such tokens are left out of shingles unless
 * VB_FP_INCLUDE_BOILERPLATE is set. */
#define VB_TOKEN_BOILERPLATE (1u << 0)

/* A document's words, as three borrowed parallel arrays of `count` items.
 * `spans` may be NULL when no byte spans are wanted (fingerprints only);
 * `flags` may be NULL (no flags). Unknown flag bits are VB_ERR_ARG. */
typedef struct vb_tokens {
  const uint64_t *hashes; /* hash of each normalized word */
  const vb_span *spans;   /* byte span of each word in the original text */
  const uint8_t *flags;   /* VB_TOKEN_* bits of each word */
  size_t count;
} vb_tokens;

/* ---- Words from the segmenter ------------------------------------------ */

/* The fingerprint input of a document, taken from the segmenter: its word
 * and number tokens (punctuation, symbols and white space are left out),
 * each with its hash (vb_token.hash), byte span, and VB_TOKEN_BOILERPLATE
 * when the paragraph holding it is boilerplate (vb_paragraph.boiler). A
 * reusable context: it owns the three arrays and grows them as needed.
 *
 *     vb_words *w = vb_words_new(NULL);
 *     if (vb_words_run(w, text, text_len, &err) != VB_OK) report(&err);
 *     vb_tokens t = vb_words_tokens(w);
 *     ... vb_fingerprinter_run(fp, NULL, &t, NULL, 0, &err) ...
 *     vb_words_free(w);
 */
typedef struct vb_words vb_words;

/* Create an empty word list. Returns NULL when out of memory.
 * The caller owns the result; release it with vb_words_free. */
VB_EXPORT vb_words *vb_words_new(const vb_allocator *alloc);

/* Release a word list (and the segmenter vb_words_run made). Accepts NULL. */
VB_EXPORT void vb_words_free(vb_words *self);

/* Forget the words, keeping the memory for reuse. */
VB_EXPORT void vb_words_reset(vb_words *self);

/* Take the words of `seg`'s last run (for callers that segment anyway, for
 * quotes or paragraph statistics). On error the list is empty. */
VB_EXPORT VB_NODISCARD vb_status vb_words_collect(vb_words *self, const vb_segmenter *seg,
                                                  vb_error *err);

/* Segment `text` with default flags and hash seed (a segmenter made on first
 * use and kept) and take its words. Errors are vb_segmenter_run's
 * (VB_ERR_UTF8 with the byte offset, VB_ERR_LIMIT, VB_ERR_ARG, VB_ERR_NOMEM);
 * on error the list is empty. */
VB_EXPORT VB_NODISCARD vb_status vb_words_run(vb_words *self, const char *text, size_t text_len,
                                              vb_error *err);

/* The words as the fingerprint API takes them. Borrowed: valid until the
 * next call on `self` or until `self` is freed. */
VB_EXPORT vb_tokens vb_words_tokens(const vb_words *self);

/* How many of the words are not flagged VB_TOKEN_BOILERPLATE: the word count
 * vb_passages_score wants when boilerplate is left out. */
VB_EXPORT size_t vb_words_content_count(const vb_words *self);

/* ---- Comparing sets and signatures (pure functions) ------------------- */

typedef struct vb_set_overlap {
  size_t a_size, b_size, shared;
  double jaccard;        /* shared / |A ∪ B|; 0 when both are empty */
  double containment_ab; /* shared / |A|: how much of A is in B; 0 if A empty */
  double containment_ba; /* shared / |B| */
} vb_set_overlap;

/* Exact overlap of two sorted sets of distinct hashes (as returned by
 * vb_fingerprinter_shingles). */
VB_EXPORT vb_set_overlap vb_shingle_compare(const uint64_t *a, size_t a_len, const uint64_t *b,
                                            size_t b_len);

/* Estimated Jaccard similarity of two MinHash signatures of `k` values: the
 * fraction of equal positions. */
VB_EXPORT double vb_minhash_jaccard(const uint64_t *a, const uint64_t *b, size_t k);

/* Number of differing bits of two SimHashes (0..64). */
VB_EXPORT int vb_simhash_distance(uint64_t a, uint64_t b);

/* ---- The fingerprinter: one pass, every fingerprint ------------------- */

/* What vb_fingerprinter_run computes; any combination. */
#define VB_FP_SHINGLES (1u << 0)  /* sorted set of distinct word n-gram hashes */
#define VB_FP_WINNOW (1u << 1)    /* winnowed fingerprints with positions */
#define VB_FP_MINHASH (1u << 2)   /* MinHash signature of the shingle set */
#define VB_FP_SIMHASH (1u << 3)   /* 64-bit SimHash of the shingles */
#define VB_FP_CHARGRAMS (1u << 4) /* sorted set of character n-gram hashes (needs text, spans) */
#define VB_FP_ALL (VB_FP_SHINGLES | VB_FP_WINNOW | VB_FP_MINHASH | VB_FP_SIMHASH)
/* Modifier: shingle boilerplate tokens too. */
#define VB_FP_INCLUDE_BOILERPLATE (1u << 8)

typedef struct vb_fp_options {
  uint32_t flags;      /* VB_FP_* bits; unknown bits are VB_ERR_ARG */
  uint32_t ngram;      /* words per shingle, 1..64; default 5 */
  uint32_t window;     /* winnowing window in shingles, 1..1024; default 8 */
  uint32_t minhash_k;  /* MinHash values, 1..4096; default 128 */
  uint32_t char_ngram; /* characters per character n-gram, 1..64; default 5 */
  uint64_t seed;       /* default VB_FP_DEFAULT_SEED */
} vb_fp_options;

/* The defaults above, with flags = VB_FP_ALL. The default n-gram (5 words)
 * was picked on our corpus tests/fixtures/reuse: among n = 2..8 for which
 * the LSH index at its default threshold still finds the spun copy two
 * standard deviations clear, it gives the largest ratio between the weakest
 * reuse pair's shingle containment and the strongest non-reuse pair's (the
 * rewrite's); tests/python/test_cli_similar.py reruns the experiment. With
 * window 8, any shared run of 12 words yields a shared winnowed fingerprint. */
VB_EXPORT vb_fp_options vb_fp_options_default(void);

/* A winnowed fingerprint: a shingle hash and the words it covers. */
typedef struct vb_fp_print {
  uint64_t hash;
  uint32_t token;     /* index of the shingle's first word in the input */
  uint32_t token_end; /* one past its last word */
} vb_fp_print;

typedef struct vb_fingerprinter vb_fingerprinter;

/* Create a fingerprinter. Returns NULL when out of memory.
 * The caller owns the result; release it with vb_fingerprinter_free. */
VB_EXPORT vb_fingerprinter *vb_fingerprinter_new(const vb_allocator *alloc);

/* Release a fingerprinter. Accepts NULL. */
VB_EXPORT void vb_fingerprinter_free(vb_fingerprinter *self);

/* Forget the last results, keeping the buffers for reuse. */
VB_EXPORT void vb_fingerprinter_reset(vb_fingerprinter *self);

/* Compute the fingerprints `opt->flags` asks for (opt NULL: the defaults).
 * Character n-grams also need the original `text` (pass NULL/0 otherwise):
 * they are taken over each word's text, lowercased, with words joined by one
 * space. A document with fewer words than `ngram` has one shingle of all its
 * words (none if it has no words). Memory is reused between calls: nothing is
 * allocated per shingle. On error the previous results are gone. */
VB_EXPORT VB_NODISCARD vb_status vb_fingerprinter_run(vb_fingerprinter *self,
                                                      const vb_fp_options *opt,
                                                      const vb_tokens *tokens, const char *text,
                                                      size_t text_len, vb_error *err);

/* Results of the last run. Borrowed: valid until the next call on `self` or
 * until `self` is freed. Each is empty (count 0) when not requested. */
VB_EXPORT const uint64_t *vb_fingerprinter_shingles(const vb_fingerprinter *self, size_t *count);
VB_EXPORT const vb_fp_print *vb_fingerprinter_winnowed(const vb_fingerprinter *self,
                                                       size_t *count);
VB_EXPORT const uint64_t *vb_fingerprinter_minhash(const vb_fingerprinter *self, size_t *k);
VB_EXPORT uint64_t vb_fingerprinter_simhash(const vb_fingerprinter *self);
VB_EXPORT const uint64_t *vb_fingerprinter_chargrams(const vb_fingerprinter *self, size_t *count);
/* Number of shingles (with repeats) the last run hashed. */
VB_EXPORT size_t vb_fingerprinter_shingle_count(const vb_fingerprinter *self);

/* ---- LSH index over MinHash signatures -------------------------------- */

/* Banding: a signature of k values is cut into `bands` bands of `rows`
 * values; two documents are candidates when any band is equal. The
 * probability of that is 1 - (1 - J^rows)^bands for Jaccard similarity J. */
typedef struct vb_lsh_options {
  uint32_t k;       /* signature length; default 128 */
  double threshold; /* target Jaccard similarity; default 0.2 (copies that are
                     * trimmed to a third still pass) */
  uint32_t bands;   /* 0 (default): chosen from threshold by vb_lsh_params */
  uint32_t rows;    /* 0 (default): chosen from threshold */
  uint64_t seed;    /* seed of the band keys; default VB_FP_DEFAULT_SEED */
} vb_lsh_options;

VB_EXPORT vb_lsh_options vb_lsh_options_default(void);

/* Bands and rows (bands * rows <= k) minimising the sum of the false
 * positive area (below `threshold`) and the false negative area (above it)
 * of the S-curve, as datasketch does. VB_ERR_ARG for threshold outside (0, 1)
 * or k outside 1..4096. */
VB_EXPORT VB_NODISCARD vb_status vb_lsh_params(double threshold, uint32_t k, uint32_t *bands,
                                               uint32_t *rows);

typedef struct vb_doc_pair {
  uint32_t a, b; /* document ids, a < b */
} vb_doc_pair;

typedef struct vb_lsh vb_lsh;

/* Create an empty index with the default options. Returns NULL when out of
 * memory. The caller owns the result; release it with vb_lsh_free. */
VB_EXPORT vb_lsh *vb_lsh_new(const vb_allocator *alloc);

/* Release an index. Accepts NULL. */
VB_EXPORT void vb_lsh_free(vb_lsh *self);

/* Remove every document, keeping options and memory. */
VB_EXPORT void vb_lsh_reset(vb_lsh *self);

/* Set the options (NULL: defaults). Only valid while the index is empty
 * (VB_ERR_STATE otherwise); VB_ERR_ARG for inconsistent values. */
VB_EXPORT VB_NODISCARD vb_status vb_lsh_configure(vb_lsh *self, const vb_lsh_options *opt,
                                                  vb_error *err);

/* The options in force, with bands and rows resolved. */
VB_EXPORT vb_lsh_options vb_lsh_get_options(const vb_lsh *self);

/* Add a signature of `k` values (k must equal the index's k); its document
 * id is the number of documents added before it, stored in `*doc_id`. */
VB_EXPORT VB_NODISCARD vb_status vb_lsh_add(vb_lsh *self, const uint64_t *sig, size_t k,
                                            uint32_t *doc_id, vb_error *err);

/* Ids of the documents sharing at least one band with `sig`, ascending.
 * Borrowed: valid until the next call on `self` or until it is freed. */
VB_EXPORT VB_NODISCARD vb_status vb_lsh_query(vb_lsh *self, const uint64_t *sig, size_t k,
                                              const uint32_t **ids, size_t *count, vb_error *err);

/* Every pair of documents sharing at least one band, sorted by (a, b).
 * Borrowed: valid until the next call on `self` or until it is freed. */
VB_EXPORT VB_NODISCARD vb_status vb_lsh_pairs(vb_lsh *self, const vb_doc_pair **pairs,
                                              size_t *count, vb_error *err);

VB_EXPORT size_t vb_lsh_count(const vb_lsh *self);

/* Bytes the index holds in memory (allocated capacity), and that divided by
 * the number of documents (0 when empty). */
VB_EXPORT size_t vb_lsh_memory(const vb_lsh *self);
VB_EXPORT double vb_lsh_bytes_per_doc(const vb_lsh *self);

/* Append the index to `w` as one CBOR record (docs/records.md, "lsh-index"). */
VB_EXPORT VB_NODISCARD vb_status vb_lsh_save(const vb_lsh *self, vb_writer *w, vb_error *err);

/* Replace the contents of `self` with the index record in `data` (exactly
 * one CBOR item). Refuses another format version with VB_ERR_VERSION, and
 * malformed, truncated or inconsistent bytes with VB_ERR_CBOR,
 * VB_ERR_TRUNCATED, VB_ERR_SCHEMA or VB_ERR_LIMIT; on any error the index is
 * left empty. */
VB_EXPORT VB_NODISCARD vb_status vb_lsh_load(vb_lsh *self, const void *data, size_t data_len,
                                             vb_error *err);

/* ---- Aligned passages -------------------------------------------------- */

/* A passage of A reused in B, aligned word by word. Token spans index the
 * vb_tokens arrays; byte spans index the original texts (zero when the
 * tokens had no spans). identical + substituted + deleted words of A are the
 * passage's A words; identical + substituted + inserted those of B. */
typedef struct vb_passage {
  vb_span a_tokens, b_tokens;
  vb_span a_bytes, b_bytes;
  uint32_t identical;   /* words equal on both sides */
  uint32_t substituted; /* a word of A replaced by one word of B */
  uint32_t inserted;    /* words of B with no counterpart in A */
  uint32_t deleted;     /* words of A with no counterpart in B */
} vb_passage;

typedef struct vb_align_options {
  uint32_t seed_ngram; /* words per exact seed match; default 3 */
  uint32_t max_gap;    /* largest run of unmatched words inside a passage; default 12 */
  uint32_t band;       /* half-width of the alignment band, in words; default 8 */
  uint32_t min_words;  /* smallest passage kept, in identical words; default 6 */
  uint32_t flags;      /* VB_FP_INCLUDE_BOILERPLATE or 0 */
} vb_align_options;

VB_EXPORT vb_align_options vb_align_options_default(void);

typedef struct vb_aligner vb_aligner;

/* Create an aligner. Returns NULL when out of memory.
 * The caller owns the result; release it with vb_aligner_free. */
VB_EXPORT vb_aligner *vb_aligner_new(const vb_allocator *alloc);

/* Release an aligner. Accepts NULL. */
VB_EXPORT void vb_aligner_free(vb_aligner *self);

/* Find the passages shared by A and B (opt NULL: defaults): exact seed
 * matches of `seed_ngram` words, chained along the diagonal with gaps of at
 * most `max_gap` words, extended at both ends, then aligned inside a band by
 * edit distance over word hashes. Passages are ordered by their start in A. */
VB_EXPORT VB_NODISCARD vb_status vb_aligner_run(vb_aligner *self, const vb_align_options *opt,
                                                const vb_tokens *a, const vb_tokens *b,
                                                vb_error *err);

/* The passages of the last run. Borrowed: valid until the next call on
 * `self` or until `self` is freed. */
VB_EXPORT const vb_passage *vb_aligner_passages(const vb_aligner *self, size_t *count);

/* The reuse score of a pair: the larger of the two containments of aligned
 * words, where a side's aligned words are the identical and substituted
 * words of its passages and `a_words`, `b_words` count the words that took
 * part (boilerplate excluded). 1 means one document is wholly inside the
 * other (reprint, trimmed copy); 0 means no passage. Capped at 1. */
VB_EXPORT double vb_passages_score(const vb_passage *passages, size_t count, size_t a_words,
                                   size_t b_words);

/* ---- Result records ---------------------------------------------------- */

/* One similar pair, as `verbatim similar` reports it (docs/records.md,
 * "similar-pair"). All fields are borrowed by the writer call only. */
typedef struct vb_similar_pair {
  vb_str a, b; /* document ids */
  double score;
  double jaccard, containment_ab, containment_ba; /* exact, over word shingles */
  int simhash_distance;
  const vb_passage *passages;
  size_t passage_count;
  /* The documents' numbers in a vb_similar handle (similar.h), in the order
   * they were added; the record writer ignores them. */
  uint32_t a_doc, b_doc;
} vb_similar_pair;

/* Append one "fingerprint" record (docs/records.md) for document `id` with
 * the last results of `fp`: its MinHash signature, SimHash, shingle count
 * and the options that make them comparable (format, n-gram, seed).
 * VB_ERR_STATE when the last run computed no MinHash signature. */
VB_EXPORT VB_NODISCARD vb_status vb_writer_fingerprint(vb_writer *w, const char *id, size_t id_len,
                                                       const vb_fingerprinter *fp, vb_error *err);

/* Append one "similar-pair" record to `w`; ids must be valid UTF-8. */
VB_EXPORT VB_NODISCARD vb_status vb_writer_similar_pair(vb_writer *w, const vb_similar_pair *pair,
                                                        vb_error *err);

#ifdef __cplusplus
}
#endif

#endif /* VERBATIM_FINGERPRINT_H */
