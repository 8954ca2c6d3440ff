/* verbatim — segmentation: tokens, sentences, paragraphs and boilerplate.
 *
 * Before text can be fingerprinted or searched for quotations it is cut into
 * pieces that keep their place in the original: word tokens (with a
 * normalized form and its hash, so "Don’t", "don't" and "DON'T" compare
 * equal), sentences, and paragraphs. Scraped news pages also carry a lot of
 * text that is not the story (bylines, timestamps, captions, share buttons,
 * "Read more" teasers, menus), so each paragraph is classified as content or
 * boilerplate, with the reason.
 *
 * Words and sentences follow Unicode's text segmentation rules (UAX #29,
 * Unicode 15.0) exactly, with one layer on top: a full stop after a known
 * English abbreviation ("Mr.", "U.S.", "Jan.", "e.g.", listed in
 * data/abbreviations.txt) or a single capital initial ("J. Smith") does not
 * end a sentence. Weak abbreviations ("Inc.", "p.m.") end one only when a
 * capitalised word follows.
 *
 * Paragraphs: lines are split on LF; a line holding only ASCII white space is
 * blank. The document is in blank-line mode when at least half of the gaps
 * between consecutive non-blank lines contain a blank line (or when it has at
 * most one non-blank line); then a paragraph is a maximal run of non-blank
 * lines. Otherwise it is in line mode and every non-blank line is a
 * paragraph. Paragraph spans are trimmed of ASCII white space.
 *
 * Every span is a pair of byte offsets into the caller's text, end exclusive.
 * Tokens tile the text: their spans, in order, cover every byte once.
 *
 * Simple use:
 *
 *     vb_segmenter *seg = vb_segmenter_new(NULL);
 *     vb_error err;
 *     if (vb_segmenter_run(seg, text, text_len, 0, &err) != VB_OK) report(&err);
 *     size_t n;
 *     const vb_token *tok = vb_segmenter_tokens(seg, &n);
 *     for (size_t i = 0; i < n; i++)
 *       if (tok[i].kind == VB_TOKEN_WORD) use(tok[i].start, tok[i].end, tok[i].hash);
 *     vb_segmenter_free(seg);
 *
 * A segmenter is reused across documents: each run reuses the memory of the
 * last, and nothing is allocated per token. Threads: one segmenter per thread.
 */
#ifndef VERBATIM_SEGMENT_H
#define VERBATIM_SEGMENT_H

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

/* The seed of token hashes unless vb_segmenter_set_seed says otherwise.
 * Part of the fingerprint format: changing it changes every hash. */
#define VB_TOKEN_HASH_SEED UINT64_C(0x7665726261746931)

/* Index value meaning "in no sentence / paragraph" (white space between). */
#define VB_SEGMENT_NONE UINT32_MAX

typedef enum vb_token_kind {
  VB_TOKEN_WORD = 0,    /* contains a letter: "Okafor", "don't", "3rd", "U.S" */
  VB_TOKEN_NUMBER = 1,  /* digits without letters: "5", "1,000.50" */
  VB_TOKEN_PUNCT = 2,   /* one punctuation mark: ".", "“", "—" */
  VB_TOKEN_SYMBOL = 3,  /* anything else: "$", "©", an emoji sequence */
  VB_TOKEN_SPACE = 4,   /* horizontal white space */
  VB_TOKEN_NEWLINE = 5  /* one line break: LF, CR LF, CR, NEL, LS, PS */
} vb_token_kind;

/* Why a paragraph is boilerplate; VB_BOILER_NONE for content. */
typedef enum vb_boiler {
  VB_BOILER_NONE = 0,
  VB_BOILER_HEADLINE = 1,
  VB_BOILER_BYLINE = 2,
  VB_BOILER_AUTHOR_BIO = 3,
  VB_BOILER_DATELINE = 4,
  VB_BOILER_CAPTION = 5,
  VB_BOILER_FURNITURE = 6,  /* share, comment, subscribe, donate, newsletter, ... */
  VB_BOILER_TEASER = 7,     /* links to other articles */
  VB_BOILER_NAVIGATION = 8  /* menus, breadcrumbs, tag lists */
} vb_boiler;

typedef struct vb_token {
  size_t start, end;   /* bytes of the original text */
  uint64_t hash;       /* XXH3-64 of the normalized form, with the segmenter's seed */
  uint32_t norm_off;   /* normalized form: vb_segmenter_norm() + norm_off, norm_len bytes */
  uint32_t norm_len;
  uint32_t sentence;   /* index of the containing sentence, or VB_SEGMENT_NONE */
  uint32_t paragraph;  /* index of the containing paragraph, or VB_SEGMENT_NONE */
  vb_token_kind kind;
} vb_token;

typedef struct vb_sentence {
  size_t start, end;   /* trimmed of white space at both ends */
  uint32_t paragraph;  /* containing paragraph, or VB_SEGMENT_NONE */
} vb_sentence;

typedef struct vb_paragraph {
  size_t start, end;        /* trimmed of ASCII white space */
  uint32_t first_sentence;  /* sentences [first_sentence, first_sentence + sentence_count) */
  uint32_t sentence_count;
  uint32_t word_count;      /* tokens of kind VB_TOKEN_WORD */
  vb_boiler boiler;         /* VB_BOILER_NONE for content */
} vb_paragraph;

/* Flags for vb_segmenter_run. */
#define VB_SEGMENT_UAX29_ONLY (1u << 0) /* no abbreviation layer: plain UAX #29 sentences */
#define VB_SEGMENT_PARA_BLANK (1u << 1) /* force blank-line paragraphs */
#define VB_SEGMENT_PARA_LINE (1u << 2)  /* force one paragraph per line */
/* Tokens only, for scanning text for quotations: the same tokens (spans,
 * kinds, normalized forms, hashes) as a full run, but no sentences,
 * paragraphs or boilerplate classes (their counts are 0 and every token's
 * sentence and paragraph is VB_SEGMENT_NONE). ASCII stretches skip the
 * Unicode tables, so this is several times faster than a full run. Takes
 * no other flag. */
#define VB_SEGMENT_TOKENS_ONLY (1u << 3)
#define VB_SEGMENT_FLAGS_ALL                                                                  \
  (VB_SEGMENT_UAX29_ONLY | VB_SEGMENT_PARA_BLANK | VB_SEGMENT_PARA_LINE | VB_SEGMENT_TOKENS_ONLY)

/* Short lowercase names: "word", "number", "punct", "symbol", "space",
 * "newline"; "content", "headline", "byline", "author_bio", "dateline",
 * "caption", "furniture", "teaser", "navigation". Static; "?" when out of
 * range. */
VB_EXPORT const char *vb_token_kind_name(vb_token_kind kind);
VB_EXPORT const char *vb_boiler_name(vb_boiler why);

/* The Unicode version of the segmentation tables ("15.0.0"). Static. */
VB_EXPORT const char *vb_segment_unicode_version(void);

/* ---- The segmenter --------------------------------------------------- */

typedef struct vb_segmenter vb_segmenter;

/* Create a segmenter. Returns NULL when out of memory.
 * The caller owns the result; release it with vb_segmenter_free. */
VB_EXPORT vb_segmenter *vb_segmenter_new(const vb_allocator *alloc);

/* Release a segmenter and everything it returned. Accepts NULL. */
VB_EXPORT void vb_segmenter_free(vb_segmenter *self);

/* Forget the last run (counts become 0), keeping the memory for reuse. */
VB_EXPORT void vb_segmenter_reset(vb_segmenter *self);

/* Use `seed` for token hashes from the next run on. */
VB_EXPORT void vb_segmenter_set_seed(vb_segmenter *self, uint64_t seed);

/* Segment `text` (UTF-8, not NUL-terminated; empty is fine). The text is
 * not copied and need not outlive the call. Errors: VB_ERR_UTF8 with the byte
 * offset of the first ill-formed sequence, VB_ERR_ARG for unknown or
 * conflicting flags or text == NULL with text_len > 0, VB_ERR_LIMIT for text
 * of 4 GiB or more, VB_ERR_NOMEM. After an error the counts are 0. */
VB_EXPORT VB_NODISCARD vb_status vb_segmenter_run(vb_segmenter *self, const char *text,
                                                  size_t text_len, unsigned flags, vb_error *err);

/* Results of the last run. Borrowed: valid until the next call on `self` or
 * until `self` is freed. Each sets *count (which must not be NULL). */
VB_EXPORT const vb_token *vb_segmenter_tokens(const vb_segmenter *self, size_t *count);
VB_EXPORT const vb_sentence *vb_segmenter_sentences(const vb_segmenter *self, size_t *count);
VB_EXPORT const vb_paragraph *vb_segmenter_paragraphs(const vb_segmenter *self, size_t *count);

/* The buffer holding every token's normalized form (NFKC, case folded,
 * default-ignorables removed, ’ and ʼ as '), addressed by vb_token.norm_off
 * and norm_len. Not NUL-terminated. Borrowed: valid until the next call on
 * `self` or until `self` is freed. */
VB_EXPORT const char *vb_segmenter_norm(const vb_segmenter *self, size_t *len);

/* True when the last run used one paragraph per line (see above). */
VB_EXPORT bool vb_segmenter_line_mode(const vb_segmenter *self);

/* ---- Result records (CDDL in docs/records.md) ------------------------ */

/* Append the record of paragraph `index` of the last run to `w`:
 * {"type": "paragraph", "doc", "index", "start", "end", "boilerplate", "why"}.
 * `doc_id` names the document (UTF-8). VB_ERR_ARG when index is out of range;
 * on any error nothing is appended. */
VB_EXPORT VB_NODISCARD vb_status vb_segmenter_write_paragraph(const vb_segmenter *self, vb_writer *w,
                                                              const char *doc_id, size_t doc_id_len,
                                                              size_t index, vb_error *err);

/* Append the record of token `index`:
 * {"type": "token", "doc", "start", "end", "kind", "norm"}. As above. */
VB_EXPORT VB_NODISCARD vb_status vb_segmenter_write_token(const vb_segmenter *self, vb_writer *w,
                                                          const char *doc_id, size_t doc_id_len,
                                                          size_t index, vb_error *err);

#ifdef __cplusplus
}
#endif

#endif /* VERBATIM_SEGMENT_H */
