/* The document pairs `similar` and `analyze` compare: every pair, or the
 * candidates of a MinHash LSH index when the corpus is too large for that. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

vb_doc_pair *cli_candidate_pairs(size_t n, bool use_lsh, cli_signature_fn sig, const void *ctx,
                                 const char *who, size_t *count) {
  *count = 0;
  if (!use_lsh) {
    size_t total = n < 2 ? 0 : n * (n - 1) / 2;
    vb_doc_pair *p = malloc((total ? total : 1) * sizeof *p);
    if (!p) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
      for (size_t j = i + 1; j < n; j++) p[k++] = (vb_doc_pair){(uint32_t)i, (uint32_t)j};
    *count = k;
    return p;
  }
  vb_lsh *lsh = vb_lsh_new(NULL);
  vb_error err;
  vb_doc_pair *out = NULL;
  if (!lsh) return NULL;
  for (size_t i = 0; i < n; i++) {
    size_t k;
    const uint64_t *s = sig(ctx, i, &k);
    if (vb_lsh_add(lsh, s, k, NULL, &err) != VB_OK) {
      cli_report(who, &err);
      vb_lsh_free(lsh);
      return NULL;
    }
  }
  const vb_doc_pair *pairs;
  size_t np;
  if (vb_lsh_pairs(lsh, &pairs, &np, &err) != VB_OK) {
    cli_report(who, &err);
  } else {
    out = malloc((np ? np : 1) * sizeof *out);
    if (out) {
      if (np) memcpy(out, pairs, np * sizeof *out);
      *count = np;
    }
  }
  vb_lsh_free(lsh);
  return out;
}
