/* Local word alignment with traceback; see qalign.h. */
#include "qalign.h"

#define S_MATCH 3
#define S_SUB (-1)
#define S_GAP (-1)

enum { T_STOP = 0, T_DIAG = 1, T_UP = 2, T_LEFT = 3 }; /* UP: a word only in a (DEL) */

struct vb_qalign {
  vb_allocator alloc;
  int32_t *row; /* two rows of scores */
  size_t row_cap;
  uint8_t *trace;
  size_t trace_cap;
  vb_wedit *edits;
  size_t nedits, edits_cap;
};

vb_qalign *vb_qalign_new(const vb_allocator *alloc) {
  vb_allocator a = vb_alloc_resolve(alloc);
  vb_qalign *q = vb_mem_calloc(&a, 1, sizeof *q);
  if (q) q->alloc = a;
  return q;
}

void vb_qalign_free(vb_qalign *q) {
  if (!q) return;
  vb_allocator a = q->alloc;
  vb_mem_free(&a, q->row);
  vb_mem_free(&a, q->trace);
  vb_mem_free(&a, q->edits);
  vb_mem_free(&a, q);
}

static bool push_edit(vb_qalign *q, uint32_t op, uint32_t a0, uint32_t a1, uint32_t b0,
                      uint32_t b1) {
  void *p = q->edits;
  if (!vb_array_reserve(&q->alloc, &p, &q->edits_cap, q->nedits + 1, sizeof(vb_wedit)))
    return false;
  q->edits = p;
  vb_wedit *e = &q->edits[q->nedits++];
  e->op = op;
  e->a_from = a0;
  e->a_to = a1;
  e->b_from = b0;
  e->b_to = b1;
  return true;
}

vb_status vb_qalign_run(vb_qalign *q, const uint64_t *a, size_t na, const uint64_t *b, size_t nb,
                        size_t max_cells, vb_walign *out, const vb_wedit **edits, size_t *nedits,
                        vb_error *err) {
  if (!q || !out || !edits || !nedits || (!a && na) || (!b && nb))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  memset(out, 0, sizeof *out);
  q->nedits = 0;
  *edits = NULL;
  *nedits = 0;
  if (na == 0 || nb == 0) return VB_OK;
  if (na > UINT32_MAX / 2 || nb > UINT32_MAX / 2 || (na + 1) > max_cells / (nb + 1))
    return vb_fail(err, VB_ERR_LIMIT, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "alignment of %zu x %zu words exceeds the limit of %zu cells", na, nb,
                   max_cells);
  size_t w = nb + 1;
  void *p = q->row;
  if (!vb_array_reserve(&q->alloc, &p, &q->row_cap, 2 * w, sizeof(int32_t))) goto nomem;
  q->row = p;
  p = q->trace;
  if (!vb_array_reserve(&q->alloc, &p, &q->trace_cap, (na + 1) * w, 1)) goto nomem;
  q->trace = p;
  int32_t *prev = q->row, *cur = q->row + w;
  memset(prev, 0, w * sizeof *prev);
  memset(q->trace, T_STOP, w);
  int32_t best = 0;
  size_t bi = 0, bj = 0;
  for (size_t i = 1; i <= na; i++) {
    uint8_t *tr = q->trace + i * w;
    cur[0] = 0;
    tr[0] = T_STOP;
    uint64_t ai = a[i - 1];
    for (size_t j = 1; j <= nb; j++) {
      int32_t d = prev[j - 1] + (ai == b[j - 1] ? S_MATCH : S_SUB);
      int32_t u = prev[j] + S_GAP;
      int32_t l = cur[j - 1] + S_GAP;
      int32_t s = 0;
      uint8_t t = T_STOP;
      /* Ties prefer the diagonal, then deletion: substitutions read better
       * than an insertion next to a deletion. */
      if (d > s) s = d, t = T_DIAG;
      if (u > s) s = u, t = T_UP;
      if (l > s) s = l, t = T_LEFT;
      cur[j] = s;
      tr[j] = t;
      if (s > best) best = s, bi = i, bj = j;
    }
    int32_t *tmp = prev;
    prev = cur;
    cur = tmp;
  }
  if (best == 0) return VB_OK;
  /* Trace back from the best cell, collecting operations in reverse. */
  size_t i = bi, j = bj;
  size_t mark = 0;
  while (i > 0 && j > 0 && q->trace[i * w + j] != T_STOP) {
    uint8_t t = q->trace[i * w + j];
    uint32_t op;
    if (t == T_DIAG) {
      op = a[i - 1] == b[j - 1] ? VB_WEDIT_EQUAL : VB_WEDIT_SUB;
      if (!push_edit(q, op, (uint32_t)i - 1, (uint32_t)i, (uint32_t)j - 1, (uint32_t)j)) goto nomem;
      i--, j--;
    } else if (t == T_UP) {
      if (!push_edit(q, VB_WEDIT_DEL, (uint32_t)i - 1, (uint32_t)i, (uint32_t)j, (uint32_t)j)) goto nomem;
      i--;
    } else {
      if (!push_edit(q, VB_WEDIT_INS, (uint32_t)i, (uint32_t)i, (uint32_t)j - 1, (uint32_t)j)) goto nomem;
      j--;
    }
    mark++;
  }
  out->a_from = (uint32_t)i;
  out->a_to = (uint32_t)bi;
  out->b_from = (uint32_t)j;
  out->b_to = (uint32_t)bj;
  out->score = best;
  /* Reverse into reading order and fold runs: equal runs join, and every
   * maximal run of non-equal steps becomes one block. */
  size_t n = q->nedits, o = 0;
  for (size_t x = 0; x < n / 2; x++) {
    vb_wedit t = q->edits[x];
    q->edits[x] = q->edits[n - 1 - x];
    q->edits[n - 1 - x] = t;
  }
  for (size_t x = 0; x < n; x++) {
    vb_wedit e = q->edits[x];
    uint32_t words_a = e.a_to - e.a_from, words_b = e.b_to - e.b_from;
    if (e.op == VB_WEDIT_EQUAL) out->equal += words_a;
    else if (e.op == VB_WEDIT_SUB) out->sub += words_a;
    else if (e.op == VB_WEDIT_DEL) out->del += words_a;
    else out->ins += words_b;
    bool is_equal = e.op == VB_WEDIT_EQUAL;
    if (o > 0) {
      vb_wedit *last = &q->edits[o - 1];
      bool last_equal = last->op == VB_WEDIT_EQUAL;
      if (is_equal == last_equal) {
        last->a_to = e.a_to;
        last->b_to = e.b_to;
        if (!is_equal) {
          bool has_a = last->a_to > last->a_from, has_b = last->b_to > last->b_from;
          last->op = has_a && has_b ? VB_WEDIT_SUB : has_a ? VB_WEDIT_DEL : VB_WEDIT_INS;
        }
        continue;
      }
    }
    q->edits[o++] = e;
  }
  q->nedits = o;
  *edits = q->edits;
  *nedits = o;
  return VB_OK;
nomem:
  q->nedits = 0;
  return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                 "out of memory aligning words");
}
