/* Word-level local alignment with an edit script, for verifying a candidate
 * quote occurrence and saying how it was changed.
 *
 * Both sides are arrays of normalized word hashes. The alignment is local on
 * both sides (Smith-Waterman scoring: match +3, substitution -1, insertion or
 * deletion -1; a match outweighing two edits keeps "w1 [two edited words] w2"
 * in one region), so a quote found only in part, or a passage surrounded by
 * other words, yields just the shared region. The edit script then lists the
 * region as runs of equal words and edit blocks, where an edit block is a
 * maximal run of substitutions, insertions and deletions between two equal
 * runs: "believe that" -> "think" is one block, reported as a substitution.
 *
 * Cost is O(na * nb) time and O(na * nb) bytes of traceback; callers pass a
 * window of the document around the candidate's diagonal, not the whole
 * document.
 */
#ifndef VB_CORE_QALIGN_H
#define VB_CORE_QALIGN_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

enum { VB_WEDIT_EQUAL = 0, VB_WEDIT_SUB = 1, VB_WEDIT_INS = 2, VB_WEDIT_DEL = 3 };

/* One run: words a[a_from, a_to) against b[b_from, b_to). INS has an empty
 * a side (words only in b), DEL an empty b side. */
typedef struct vb_wedit {
  uint32_t op;
  uint32_t a_from, a_to, b_from, b_to;
} vb_wedit;

typedef struct vb_walign {
  uint32_t a_from, a_to, b_from, b_to; /* the aligned region */
  uint32_t equal, sub, ins, del;        /* words in each kind of operation */
  int32_t score;
} vb_walign;

typedef struct vb_qalign vb_qalign;

vb_qalign *vb_qalign_new(const vb_allocator *alloc);
void vb_qalign_free(vb_qalign *q);

/* Align a against b. On VB_OK `*out` holds the region (all zero when nothing
 * aligns) and `*edits` the script in order (borrowed: valid until the next
 * call on `q`). `max_cells` bounds na * nb (VB_ERR_LIMIT beyond it). */
vb_status vb_qalign_run(vb_qalign *q, const uint64_t *a, size_t na, const uint64_t *b, size_t nb,
                        size_t max_cells, vb_walign *out, const vb_wedit **edits, size_t *nedits,
                        vb_error *err);

#endif /* VB_CORE_QALIGN_H */
