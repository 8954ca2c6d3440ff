/* Internal: the pieces of the segmenter shared between core/segment.c (tokens,
 * sentences, paragraphs) and core/boilerplate.c (paragraph classification).
 * Never installed. */
#ifndef VB_CORE_SEGMENT_INTERNAL_H
#define VB_CORE_SEGMENT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "verbatim/segment.h"

/* Everything the classifier reads about one document. */
typedef struct vb_seg_view {
  const char *text;
  size_t text_len;
  const vb_token *tok;
  size_t ntok;
  const char *norm;
  const vb_sentence *sent;
  size_t nsent;
  bool line_mode;
} vb_seg_view;

/* Tests only: with `on`, every token goes through the full path (decode,
 * UAX #29 tables, utf8proc categories, the normalizer), which the ASCII fast
 * paths must match exactly. */
void vb_segmenter_set_full_path(vb_segmenter *self, bool on);

/* Set `boiler` on every paragraph. Needs no memory of its own. */
void vb_boiler_classify(const vb_seg_view *v, vb_paragraph *para, size_t npara);

#endif /* VB_CORE_SEGMENT_INTERNAL_H */
