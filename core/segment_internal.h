/* Internal: the pieces of the segmenter shared between core/segment.c (tokens,
 * sentences, paragraphs) and core/boilerplate.c (paragraph classification).
 * Never installed. */
#ifndef VB_CORE_SEGMENT_INTERNAL_H
#define VB_CORE_SEGMENT_INTERNAL_H

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

/* Set `boiler` on every paragraph. Needs no memory of its own. */
void vb_boiler_classify(const vb_seg_view *v, vb_paragraph *para, size_t npara);

#endif /* VB_CORE_SEGMENT_INTERNAL_H */
