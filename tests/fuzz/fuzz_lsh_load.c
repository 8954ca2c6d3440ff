/* libFuzzer harness: loading an LSH index record (vb_lsh_load), the one
 * fingerprint entry point that takes outside bytes. Checks: a refused input
 * leaves the index empty; an accepted one saves, reloads and saves again to
 * the same bytes, answers queries and pairs with known document ids, and
 * accepts a new document with the next id. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "verbatim/verbatim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vb_lsh *ix = vb_lsh_new(NULL);
  CHECK(ix != NULL);
  vb_error err;
  vb_status st = vb_lsh_load(ix, data, size, &err);
  if (st != VB_OK) {
    CHECK(VB_IS_ERROR(st) && err.message[0] != '\0');
    CHECK(vb_lsh_count(ix) == 0);
    vb_lsh_free(ix);
    return 0;
  }
  size_t docs = vb_lsh_count(ix);
  vb_lsh_options opt = vb_lsh_get_options(ix);
  CHECK(opt.k >= 1 && opt.bands >= 1 && opt.rows >= 1 && (uint64_t)opt.bands * opt.rows <= opt.k);
  /* Round trip. */
  vb_writer *w1 = vb_writer_new(NULL), *w2 = vb_writer_new(NULL);
  vb_lsh *back = vb_lsh_new(NULL);
  CHECK(w1 && w2 && back);
  CHECK(vb_lsh_save(ix, w1, &err) == VB_OK);
  size_t l1, l2;
  const uint8_t *b1 = vb_writer_data(w1, &l1);
  CHECK(vb_lsh_load(back, b1, l1, &err) == VB_OK);
  CHECK(vb_lsh_count(back) == docs);
  CHECK(vb_lsh_save(back, w2, &err) == VB_OK);
  const uint8_t *b2 = vb_writer_data(w2, &l2);
  CHECK(l1 == l2 && memcmp(b1, b2, l1) == 0);
  /* Queries and pairs name known documents. */
  uint64_t *sig = calloc(opt.k, sizeof *sig);
  CHECK(sig != NULL);
  for (uint32_t i = 0; i < opt.k; i++) sig[i] = (uint64_t)i * 0x9E3779B97F4A7C15u;
  const uint32_t *ids;
  size_t nids;
  CHECK(vb_lsh_query(ix, sig, opt.k, &ids, &nids, &err) == VB_OK);
  for (size_t i = 0; i < nids; i++) {
    CHECK(ids[i] < docs);
    if (i > 0) CHECK(ids[i - 1] < ids[i]);
  }
  const vb_doc_pair *pairs;
  size_t np;
  CHECK(vb_lsh_pairs(ix, &pairs, &np, &err) == VB_OK);
  for (size_t i = 0; i < np; i++) CHECK(pairs[i].a < pairs[i].b && pairs[i].b < docs);
  uint32_t id;
  CHECK(vb_lsh_add(ix, sig, opt.k, &id, &err) == VB_OK);
  CHECK(id == docs && vb_lsh_count(ix) == docs + 1);
  free(sig);
  vb_writer_free(w1);
  vb_writer_free(w2);
  vb_lsh_free(back);
  vb_lsh_free(ix);
  return 0;
}
