/* verbatim — direct quotations and who said them.
 *
 * A quotation is the unit that travels best between outlets: agencies quote
 * a minister, a paper trims the quote, a blog re-attributes it. This header
 * finds the direct quotations of an article (text between quotation marks, in
 * every common house style: “…” "…" „…“ «…» »…« ‹…› ‘…’ '…' 「…」), tells
 * whole quoted sentences from quoted fragments, links the parts of a split or
 * multi-paragraph quote into one group, and attributes each group to a
 * speaker when the text names one ("…," said Antony Blinken / the ministry
 * said / she added). Speakers are reported by their canonical name: the
 * longest form of the name in the document, without titles or honorifics.
 * When the source is unnamed (a spokesperson, one resident) or no cue is
 * found, the speaker is empty: the extractor never guesses.
 *
 * Paragraphs are split on blank lines or, in documents without blank lines,
 * on single newlines. Quotes in headlines, captions and other page furniture
 * carry VB_QUOTE_BOILERPLATE: the caller may pass one flag per paragraph (for
 * example from a boilerplate classifier); without flags a small built-in
 * heuristic marks a short unpunctuated first line and caption/credit lines.
 *
 * An extractor is a reusable context: create it once, run it on many
 * documents, and read the results after each run. It is not shareable
 * between threads; use one per thread. Work is linear in the text length.
 */
#ifndef VERBATIM_QUOTES_H
#define VERBATIM_QUOTES_H

#include <stddef.h>
#include <stdint.h>

#include "verbatim/error.h"
#include "verbatim/export.h"
#include "verbatim/memory.h"
#include "verbatim/record.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vb_quote_kind {
  /* The speaker's own sentence(s), set off from the writer's text. */
  VB_QUOTE_FULL = 0,
  /* A few quoted words inside the writer's sentence: "called it “reckless”",
   * scare quotes, titles. */
  VB_QUOTE_FRAGMENT = 1
} vb_quote_kind;

/* vb_quote.flags */
/* The closing mark is missing: the span runs to the end of its paragraph. */
#define VB_QUOTE_UNBALANCED (1u << 0)
/* The quote sits in a headline, caption or other page furniture. */
#define VB_QUOTE_BOILERPLATE (1u << 1)
/* One paragraph of a quote that runs over several paragraphs (English
 * convention: no closer at the paragraph end, a new opener at the next). */
#define VB_QUOTE_MULTI_PARAGRAPH (1u << 2)
/* A part of a quote interrupted by its attribution (“A,” she said. “B.”). */
#define VB_QUOTE_SPLIT (1u << 3)

/* No speaker, mention or cue: the offsets are all equal to this. */
#define VB_QUOTE_NONE SIZE_MAX

typedef struct vb_quote {
  /* The quoted words: marks excluded, surrounding whitespace trimmed,
   * punctuation inside the marks kept. Byte offsets into the text. */
  size_t start, end;
  vb_quote_kind kind;
  /* Quotes with the same group are parts of one quotation; groups are
   * numbered from 0 in order of first appearance. */
  uint32_t group;
  uint32_t flags;        /* VB_QUOTE_* bits above */
  uint32_t paragraph;    /* 0-based paragraph index */
  /* The canonical speaker name, as offset and length into the buffer of
   * vb_quote_extractor_names; speaker_len is 0 when there is no speaker. */
  size_t speaker_offset, speaker_len;
  /* The mention the attribution rests on (a name, "she", "the ministry")
   * and the cue word ("said", "according"); VB_QUOTE_NONE when absent. */
  size_t mention_start, mention_end;
  size_t cue_start, cue_end;
} vb_quote;

/* A paragraph as the extractor split it: byte span of its text. */
typedef struct vb_quote_paragraph {
  size_t start, end;
  uint32_t boilerplate; /* 1 when its quotes get VB_QUOTE_BOILERPLATE */
} vb_quote_paragraph;

/* ---- The reusable extractor ------------------------------------------- */

typedef struct vb_quote_extractor vb_quote_extractor;

/* Options for vb_quote_extractor_run. */
/* Skip speaker attribution (quotes, kinds, groups and flags only). */
#define VB_QUOTE_NO_SPEAKERS (1u << 0)
/* Use the built-in headline/caption heuristic even when paragraph flags are
 * given (the two are OR-ed). */
#define VB_QUOTE_HEURISTIC_BOILERPLATE (1u << 1)

/* Create an extractor. Returns NULL when out of memory.
 * The caller owns the result; release it with vb_quote_extractor_free. */
VB_EXPORT vb_quote_extractor *vb_quote_extractor_new(const vb_allocator *alloc);

/* Release an extractor and its results. Accepts NULL. */
VB_EXPORT void vb_quote_extractor_free(vb_quote_extractor *self);

/* Default limits of a new extractor: a document text of 128 MiB (the
 * reader's default text limit) and 1 Mi quotes in one document (about
 * 100 MB of results). */
#define VB_QUOTE_DEFAULT_MAX_TEXT ((size_t)128 << 20)
#define VB_QUOTE_DEFAULT_MAX_QUOTES ((size_t)1 << 20)

/* Bound the work of one run: a text longer than `max_text_bytes`, or one
 * holding more than `max_quotes` quotes, fails with VB_ERR_LIMIT (field
 * "text"; the offset is max_text_bytes, or where the first quote over the
 * limit opens) and no results. A document exactly at a limit passes. 0
 * restores that limit's default. Takes effect on the next run. */
VB_EXPORT void vb_quote_extractor_set_limits(vb_quote_extractor *self, size_t max_text_bytes,
                                             size_t max_quotes);

/* Forget the last results, keeping memory for the next run. */
VB_EXPORT void vb_quote_extractor_reset(vb_quote_extractor *self);

/* Find the quotes of one document.
 *
 * `text` must be valid UTF-8 (otherwise VB_ERR_UTF8 with the byte offset).
 * `paragraph_flags` may be NULL; otherwise it holds `paragraph_count` bytes,
 * one per paragraph in the extractor's own split (see
 * vb_quote_extractor_paragraphs; VB_ERR_ARG when the count differs), nonzero
 * meaning boilerplate. `options` is 0 or VB_QUOTE_* option bits (unknown
 * bits: VB_ERR_ARG). On failure the previous results are cleared. */
VB_EXPORT VB_NODISCARD vb_status vb_quote_extractor_run(vb_quote_extractor *self, const char *text,
                                                        size_t text_len,
                                                        const uint8_t *paragraph_flags,
                                                        size_t paragraph_count, uint32_t options,
                                                        vb_error *err);

/* The quotes of the last run, in text order.
 * Borrowed: valid until the next call on `self` or until `self` is freed. */
VB_EXPORT const vb_quote *vb_quote_extractor_quotes(const vb_quote_extractor *self,
                                                    size_t *count);

/* The buffer the speaker names of the last run point into (UTF-8, not
 * NUL-terminated). Borrowed: valid until the next call on `self` or until
 * `self` is freed. */
VB_EXPORT const char *vb_quote_extractor_names(const vb_quote_extractor *self, size_t *len);

/* The paragraphs of the last run (also after a failed run on paragraph
 * flags, so a caller can learn the count).
 * Borrowed: valid until the next call on `self` or until `self` is freed. */
VB_EXPORT const vb_quote_paragraph *vb_quote_extractor_paragraphs(const vb_quote_extractor *self,
                                                                  size_t *count);

/* ---- Records ------------------------------------------------------------ */

/* Append one quote record per quote of the last run to `w` (CDDL in
 * docs/records.md): the document id, the span and its text, kind, group,
 * flags, paragraph, speaker, mention span and cue word. `text` must be the
 * text of the last run. On any error nothing is appended. */
VB_EXPORT VB_NODISCARD vb_status vb_quote_extractor_write(const vb_quote_extractor *self,
                                                          vb_writer *w, const char *doc_id,
                                                          size_t doc_id_len, const char *text,
                                                          size_t text_len, vb_error *err);

/* Static text for a kind: "full" or "fragment". */
VB_EXPORT const char *vb_quote_kind_name(vb_quote_kind kind);

#ifdef __cplusplus
}
#endif

#endif /* VERBATIM_QUOTES_H */
