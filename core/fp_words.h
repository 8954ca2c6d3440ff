/* The interim word tokenizer of the fingerprint layer; never installed.
 *
 * Until the UAX #29 segmenter lands, this is where the CLI, the tests and the
 * benchmark get word tokens from. It is deliberately small and isolated: a
 * word is a maximal run of letters, marks and digits (utf8proc categories
 * L*, M*, N*), with an apostrophe (' or U+2019) kept inside it when letters
 * follow; its normalized form is the NFKC case fold of its code points with
 * U+2019 mapped to ', hashed with XXH3-64 under `seed`. Swap the callers to
 * the segmenter's tokens and delete this file. */
#ifndef VB_CORE_FP_WORDS_H
#define VB_CORE_FP_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "verbatim/error.h"
#include "verbatim/fingerprint.h"
#include "verbatim/memory.h"

typedef struct vb_fp_words {
  const vb_allocator *alloc;
  uint64_t *hashes;
  vb_span *spans;
  size_t count, cap;
  int32_t *cps; /* scratch: code points of one word, folded */
  size_t cps_cap;
  uint8_t *utf8; /* scratch: the folded word as UTF-8 */
  size_t utf8_cap;
} vb_fp_words;

void vb_fp_words_init(vb_fp_words *w, const vb_allocator *alloc);
void vb_fp_words_release(vb_fp_words *w);

/* Tokenize `text` (valid UTF-8 expected; ill-formed bytes separate words).
 * VB_ERR_NOMEM, or VB_ERR_LIMIT past 4 GiB of text (spans are 32-bit). */
vb_status vb_fp_words_run(vb_fp_words *w, const char *text, size_t text_len, uint64_t seed,
                          vb_error *err);

/* The tokens as the fingerprint API takes them (no flags). */
vb_tokens vb_fp_words_tokens(const vb_fp_words *w);

#endif /* VB_CORE_FP_WORDS_H */
