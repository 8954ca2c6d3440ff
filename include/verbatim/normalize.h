/* verbatim — text validity and normalization.
 *
 * News text arrives in every encoding accident: stray Latin-1 bytes in UTF-8
 * pages, curly and straight quotes, non-breaking spaces, invisible joiners.
 * This header holds what makes bytes into comparable text. Everything that
 * changes text also says where each piece of the result came from, so results
 * can always point back to bytes of the original.
 *
 * The UTF-8 checks come first: they are what every other layer relies on.
 * Normalization follows: the one-call vb_normalize, then the reusable
 * vb_normalizer with its offset map.
 */
#ifndef VERBATIM_NORMALIZE_H
#define VERBATIM_NORMALIZE_H

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

/* ---- UTF-8 validity ---------------------------------------------------- */

/* True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing
 * above U+10FFFF). When it is not and `bad_offset` is not NULL, the offset of
 * the first byte of the first ill-formed sequence is stored there. */
VB_EXPORT bool vb_utf8_valid(const char *text, size_t text_len, size_t *bad_offset);

/* Copy `text` into `out`, replacing each maximal ill-formed subsequence with
 * U+FFFD (Unicode's "substitution of maximal subparts"). `out` must hold
 * 3 * text_len bytes in the worst case; vb_utf8_repair_bound gives that size.
 * Returns the bytes written; `replaced` (may be NULL) receives the count of
 * replacement characters inserted. Valid input is copied unchanged. */
VB_EXPORT size_t vb_utf8_repair(const char *text, size_t text_len, char *out, size_t *replaced);

/* Worst-case output size of vb_utf8_repair for `text_len` input bytes. */
VB_EXPORT size_t vb_utf8_repair_bound(size_t text_len);

/* ---- Normalization ------------------------------------------------------
 *
 * Normalization turns text into the form matching compares: one Unicode
 * normalization form, one case, one kind of quote, dash, space and ellipsis,
 * no invisible characters. Each option is a bit of one flags word; combine
 * them with |. Unknown bits and conflicting combinations (NFC with NFKC,
 * CONFUSABLES with CONFUSABLES_ALL, COLLAPSE_SPACES without SPACES) are
 * VB_ERR_ARG.
 *
 * Order of work, per character: the replacement map (quotes, dashes,
 * ellipsis, spaces, invisibles, confusables; data/normalize_map.txt) first,
 * then decomposition with case folding, mark stripping and recomposition by
 * utf8proc, then the map once more on what normalization produced (so NFKC
 * output never reintroduces a curly quote), then space collapsing. The
 * replacement map is applied to the original characters first so that, for
 * example, ″ becomes " and not the two primes NFKC would give.
 *
 * Every output byte knows where it came from: the offset map is a list of
 * segments, one per run of copied (or same-length, character-for-character
 * changed) bytes and one per changed character or combining sequence.
 */

/* Unicode Normalization Form C (canonical composition). */
#define VB_NORM_NFC (1u << 0)
/* Form KC: compatibility decomposition, then canonical composition
 * (ﬁ → fi, ² → 2, fullwidth → ASCII). */
#define VB_NORM_NFKC (1u << 1)
/* Unicode full case folding (CaseFolding.txt C + F: ß → ss). */
#define VB_NORM_CASEFOLD (1u << 2)
/* Quotation marks (“ ” „ ‟ « » ‹ › ‘ ’ ‚ ‛ ″ ′ 「 」 『 』 ＂ ＇ ...) → " and '.
 * Whether each was an opener or a closer is kept: vb_normalizer_quotes. */
#define VB_NORM_QUOTES (1u << 3)
/* Hyphens, dashes and minus signs (‐ ‑ ‒ – — ― − ⸺ ⸻ ﹘ ﹣ － ...) → -. */
#define VB_NORM_DASHES (1u << 4)
/* … and its relatives → "..." (‥ → ".."). */
#define VB_NORM_ELLIPSIS (1u << 5)
/* Tab, no-break spaces, the U+2000..U+200A spaces, ideographic space and
 * U+2028/U+2029 → ' '. Line feeds and carriage returns are kept. */
#define VB_NORM_SPACES (1u << 6)
/* With VB_NORM_SPACES: a run of spaces becomes one space (the rest of the
 * run maps to no output). */
#define VB_NORM_COLLAPSE_SPACES (1u << 7)
/* Remove zero-width space, soft hyphen, BOM, word joiner, bidi controls and
 * variation selectors. ZWNJ and ZWJ are removed too, except between two
 * characters of a script that needs them (Arabic, Syriac, N'Ko, Mongolian
 * and the Indic scripts of India and Sri Lanka; with VB_NORM_STRIP_MARKS,
 * a nonspacing neighbour such as a virama does not count). A removed
 * character is mapped together with the character before it. */
#define VB_NORM_INVISIBLES (1u << 8)
/* Decompose and drop nonspacing marks (category Mn): café → cafe. With NFC
 * or NFKC the rest is recomposed; otherwise the output stays decomposed. */
#define VB_NORM_STRIP_MARKS (1u << 9)
/* Fold Cyrillic and Greek letters that look Latin (а е о р с у х і ј ѕ ԁ ԛ
 * ԝ Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ ο ν ...) to their Latin twins, but only
 * inside a mostly Latin word: a run of letters and marks (zero-width
 * characters do not end it) with at least one Latin letter and no letter of
 * another script except the look-alikes themselves. "pаypal" with a Cyrillic
 * а is folded; "Москва" (к is no look-alike) and "сор" (no Latin letter) are
 * left alone. Characters count as the normalizer's own decomposition
 * leaves them, so the test gives the same answer on normalized text: ΐ
 * counts as ι; under NFKC ⓐ, ™, № and Ⅸ are letters (a, tm, no, ix), and
 * ℃ ends a word before its c but joins the word after it.
 *
 * Normalizing twice gives the same text as normalizing once, with one
 * exception: the test looks at most 64 letters each way from the look-alike
 * (and at most 1024 characters, counting marks and invisibles), which keeps
 * the work linear. In a longer word, a look-alike more than 64 letters from
 * every Latin letter is left alone, and a second run, which finds its
 * neighbours folded to Latin, folds it. Words of 64 letters or fewer are
 * folded completely by one run (tests/normalize_test.c checks this with a
 * property test over look-alikes and compatibility characters). */
#define VB_NORM_CONFUSABLES (1u << 10)
/* Fold the same letters everywhere, whatever the word around them. */
#define VB_NORM_CONFUSABLES_ALL (1u << 11)
/* Replace ill-formed UTF-8 with U+FFFD (counted by vb_normalizer_replaced)
 * instead of failing with VB_ERR_UTF8. */
#define VB_NORM_LENIENT (1u << 12)

/* The set used for matching. */
#define VB_NORM_DEFAULT                                                                   \
  (VB_NORM_NFKC | VB_NORM_CASEFOLD | VB_NORM_QUOTES | VB_NORM_DASHES | VB_NORM_ELLIPSIS | \
   VB_NORM_SPACES | VB_NORM_INVISIBLES)

/* Every defined bit. */
#define VB_NORM_ALL ((1u << 13) - 1)

/* Check a flags word: VB_OK, or VB_ERR_ARG naming the unknown bit or the
 * conflict. */
VB_EXPORT VB_NODISCARD vb_status vb_norm_flags_check(unsigned flags, vb_error *err);

/* A byte span [start, end) of the original text: the library-wide span type
 * (normalization maps, fingerprint tokens, passages). */
typedef struct vb_span {
  size_t start;
  size_t end;
} vb_span;

/* One piece of the offset map: output bytes [out_start, out_start + out_len)
 * came from input bytes [in_start, in_start + in_len). When `exact` is 1 the
 * lengths are equal and output byte k came from input byte k (a copy, or a
 * character changed into one of the same length, such as A → a); when 0, every
 * output byte came from the whole input span (… → ..., e + ◌́ → é). A
 * segment with out_len 0 is input that produced no output (a removed
 * invisible, a collapsed space). Segments are in order and tile both the
 * output and the input without gaps. Offsets are 32-bit: one text is at most
 * 4 GiB in and out (VB_ERR_LIMIT beyond). */
typedef struct vb_norm_segment {
  uint32_t out_start;
  uint32_t in_start;
  uint32_t out_len;
  uint32_t in_len;
  uint8_t exact;
} vb_norm_segment;

/* Which side of a quotation a replaced quotation mark stood on. */
typedef enum vb_quote_role {
  VB_QUOTE_NEUTRAL = 0, /* ″ ＂ ′: no side */
  VB_QUOTE_OPEN = 1,    /* “ „ « ‘ 「 */
  VB_QUOTE_CLOSE = 2    /* ” » ’ 」 (’ is also the apostrophe) */
} vb_quote_role;

/* A quotation mark that VB_NORM_QUOTES replaced: the output byte offset of
 * the ASCII " or ' it became, and the role of the original mark. */
typedef struct vb_norm_quote {
  uint32_t offset;
  uint8_t role; /* vb_quote_role */
} vb_norm_quote;

/* Simple call: normalize `text` into the caller's buffer `out` of `out_cap`
 * bytes. `*out_len` receives the length of the full result; when it exceeds
 * `out_cap` nothing useful is in `out` and the status is VB_ERR_LIMIT (call
 * again with a larger buffer). No offset map; use a vb_normalizer for that. */
VB_EXPORT VB_NODISCARD vb_status vb_normalize(const char *text, size_t text_len, unsigned flags,
                                              char *out, size_t out_cap, size_t *out_len,
                                              vb_error *err);

/* A reusable normalizer: options fixed at creation, buffers kept between
 * runs. A normalizer is used by one thread at a time; different normalizers
 * need no locking. */
typedef struct vb_normalizer vb_normalizer;

/* Create a normalizer with `flags` (VB_NORM_*). Returns NULL when out of
 * memory or when the flags are invalid (`err` says which).
 * The caller owns the result; release it with vb_normalizer_free. */
VB_EXPORT vb_normalizer *vb_normalizer_new(const vb_allocator *alloc, unsigned flags, vb_error *err);

/* Release a normalizer. Accepts NULL. */
VB_EXPORT void vb_normalizer_free(vb_normalizer *self);

/* Forget the last output, keeping memory for reuse. */
VB_EXPORT void vb_normalizer_reset(vb_normalizer *self);

/* The flags the normalizer was created with. */
VB_EXPORT unsigned vb_normalizer_flags(const vb_normalizer *self);

/* Normalize `text`, replacing the previous output. The text is not kept.
 * Fails with VB_ERR_UTF8 and the byte offset of the first ill-formed
 * sequence (unless VB_NORM_LENIENT), VB_ERR_LIMIT above 4 GiB, or
 * VB_ERR_NOMEM; after a failure the output is empty. */
VB_EXPORT VB_NODISCARD vb_status vb_normalizer_run(vb_normalizer *self, const char *text,
                                                   size_t text_len, vb_error *err);

/* The normalized text of the last run (valid UTF-8, not NUL-terminated).
 * Borrowed: valid until the next call on `self` or until `self` is freed. */
VB_EXPORT const char *vb_normalizer_output(const vb_normalizer *self, size_t *len);

/* The offset map of the last run, `*count` segments in output order.
 * Borrowed: valid until the next call on `self` or until `self` is freed. */
VB_EXPORT const vb_norm_segment *vb_normalizer_segments(const vb_normalizer *self, size_t *count);

/* The quotation marks replaced in the last run, in output order.
 * Borrowed: valid until the next call on `self` or until `self` is freed. */
VB_EXPORT const vb_norm_quote *vb_normalizer_quotes(const vb_normalizer *self, size_t *count);

/* Count of ill-formed sequences replaced with U+FFFD in the last run. */
VB_EXPORT size_t vb_normalizer_replaced(const vb_normalizer *self);

/* The original span that output byte `out_offset` came from: one byte of a
 * copied run, or the whole changed character. An offset at or past the end of
 * the output gives the empty span at the end of the input. */
VB_EXPORT vb_span vb_normalizer_map(const vb_normalizer *self, size_t out_offset);

/* The original span of output bytes [out_start, out_end): from the start of
 * the first byte's source to the end of the last byte's. An empty range gives
 * an empty span at the position of out_start. The span of the whole output
 * is the whole input, including removed characters at either end. */
VB_EXPORT vb_span vb_normalizer_map_span(const vb_normalizer *self, size_t out_start,
                                         size_t out_end);

/* Append the last run to `w` as a "normalized" record (docs/records.md):
 * the document id, the normalized text, the offset map and the replaced
 * quotation marks. On any error nothing is appended. */
VB_EXPORT VB_NODISCARD vb_status vb_normalizer_write(const vb_normalizer *self, vb_writer *w,
                                                     const char *doc_id, size_t doc_id_len,
                                                     vb_error *err);

#ifdef __cplusplus
}
#endif

#endif /* VERBATIM_NORMALIZE_H */
