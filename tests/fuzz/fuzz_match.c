/* libFuzzer harness: matching two documents. The first byte picks the
 * options; the rest is split at its first 0xFF byte (never part of valid
 * UTF-8) into documents A and B, or B is A again when there is none (the
 * exact-match path). Both are added and scanned (the corpus mode), then
 * checked in stream mode. Checks: every match side names a document and a
 * valid span of that document's text on UTF-8 boundaries, and its pooled
 * text is those bytes; quotes likewise; edits lie inside both texts and
 * inside the edit list; similarity is in [0, 1]; clusters hold known quotes
 * with the best member among them; records encode. */
#include <string.h>

#include "fuzz_check.h"
#include "verbatim/verbatim.h"

typedef struct doc {
  const uint8_t *t;
  size_t n;
} doc;

static void check_side(const vb_match_side *s, const doc *d, uint32_t ndocs, const char *S,
                       size_t slen, size_t nquotes) {
  CHECK(s->doc < ndocs);
  const doc *x = &d[s->doc];
  CHECK(fz_span(x->t, x->n, s->start, s->end));
  CHECK(s->quote == VB_MATCH_NO_QUOTE || s->quote < nquotes);
  CHECK(s->text_off <= slen && s->text_len <= slen - s->text_off);
  CHECK(s->text_len == s->end - s->start);
  CHECK(s->text_len == 0 || memcmp(S + s->text_off, x->t + s->start, s->text_len) == 0);
  CHECK(s->speaker_len == 0 ||
        (s->speaker_off <= slen && s->speaker_len <= slen - s->speaker_off));
}

static void check_matcher(const vb_matcher *m, const doc *d) {
  uint32_t ndocs = vb_matcher_doc_count(m);
  CHECK(ndocs == 2);
  size_t nm, ne, nq, slen;
  const vb_match *mt = vb_matcher_matches(m, &nm);
  const vb_match_edit *ed = vb_matcher_edits(m, &ne);
  const vb_match_quote *qu = vb_matcher_quotes(m, &nq);
  const char *S = vb_matcher_strings(m, &slen);
  uint32_t nclusters = vb_matcher_cluster_count(m);
  for (size_t i = 0; i < nq; i++) {
    CHECK(qu[i].doc < ndocs);
    const doc *x = &d[qu[i].doc];
    CHECK(fz_span(x->t, x->n, qu[i].start, qu[i].end));
    CHECK(qu[i].text_len == qu[i].end - qu[i].start && qu[i].text_off + qu[i].text_len <= slen);
    CHECK(qu[i].text_len == 0 ||
          memcmp(S + qu[i].text_off, x->t + qu[i].start, qu[i].text_len) == 0);
    CHECK(qu[i].cluster == UINT32_MAX || qu[i].cluster < nclusters);
  }
  for (size_t i = 0; i < nm; i++) {
    check_side(&mt[i].a, d, ndocs, S, slen, nq);
    check_side(&mt[i].b, d, ndocs, S, slen, nq);
    CHECK(mt[i].a.quote != VB_MATCH_NO_QUOTE);
    CHECK((unsigned)mt[i].kind <= VB_MATCH_UNQUOTED);
    CHECK(mt[i].similarity >= 0.0 && mt[i].similarity <= 1.0);
    CHECK(mt[i].first_edit <= ne && mt[i].edit_count <= ne - mt[i].first_edit);
    CHECK(mt[i].cluster == UINT32_MAX || mt[i].cluster < nclusters);
    const doc *da = &d[mt[i].a.doc], *db = &d[mt[i].b.doc];
    for (uint32_t k = 0; k < mt[i].edit_count; k++) {
      const vb_match_edit *e = &ed[mt[i].first_edit + k];
      CHECK(e->op >= 1 && e->op <= 3);
      CHECK(fz_span(da->t, da->n, e->a_start, e->a_end));
      CHECK(fz_span(db->t, db->n, e->b_start, e->b_end));
      CHECK(e->a_off + e->a_len <= slen && e->b_off + e->b_len <= slen);
      if (e->op == 2) CHECK(e->a_start == e->a_end);
      if (e->op == 3) CHECK(e->b_start == e->b_end);
    }
  }
  for (uint32_t c = 0; c < nclusters; c++) {
    size_t k;
    const uint32_t *mem = vb_matcher_cluster_members(m, c, &k);
    /* A quote whose only match is unquoted text is a cluster of one. */
    CHECK(k >= 1);
    uint32_t best = vb_matcher_cluster_best(m, c);
    bool found = false;
    for (size_t j = 0; j < k; j++) {
      CHECK(mem[j] < nq && qu[mem[j]].cluster == c);
      found |= mem[j] == best;
    }
    CHECK(found);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  vb_match_options opt = vb_match_options_default();
  opt.shingle_words = 2 + (data[0] & 3);
  opt.min_words = 2 + ((data[0] >> 2) & 3);
  opt.fragments = (data[0] & 16) != 0;
  doc d[2];
  d[0].t = data + 1;
  const uint8_t *sep = memchr(data + 1, 0xFF, size - 1);
  if (sep) {
    d[0].n = (size_t)(sep - d[0].t);
    d[1].t = sep + 1;
    d[1].n = size - 1 - d[0].n - 1;
  } else {
    d[0].n = size - 1;
    d[1] = d[0];
  }
  bool valid = vb_utf8_valid((const char *)d[0].t, d[0].n, NULL) &&
               vb_utf8_valid((const char *)d[1].t, d[1].n, NULL);
  vb_error err;
  vb_matcher *m = vb_matcher_new(NULL, &opt);
  CHECK(m != NULL);
  vb_status s0 = vb_matcher_add(m, "a", 1, (const char *)d[0].t, d[0].n, &err);
  vb_status s1 = vb_matcher_add(m, "b", 1, (const char *)d[1].t, d[1].n, &err);
  if (!valid) {
    CHECK(s0 == VB_ERR_UTF8 || s1 == VB_ERR_UTF8);
    vb_matcher_free(m);
    return 0;
  }
  CHECK(s0 == VB_OK && s1 == VB_OK);
  for (uint32_t i = 0; i < 2; i++)
    CHECK(vb_matcher_scan(m, i, (const char *)d[i].t, d[i].n, &err) == VB_OK);
  CHECK(vb_matcher_scan(m, 2, (const char *)d[0].t, d[0].n, &err) == VB_ERR_ARG);
  CHECK(vb_matcher_finish(m, &err) == VB_OK);
  check_matcher(m, d);
  vb_writer *w = vb_writer_new(NULL);
  CHECK(w != NULL);
  CHECK(vb_matcher_write_matches(m, w, &err) == VB_OK);
  CHECK(vb_matcher_write_clusters(m, w, &err) == VB_OK);
  vb_writer_free(w);
  vb_matcher_free(m);

  /* Stream mode: B checked against A's quotes. */
  m = vb_matcher_new(NULL, &opt);
  CHECK(m != NULL);
  size_t first;
  CHECK(vb_matcher_check(m, "a", 1, (const char *)d[0].t, d[0].n, &first, &err) == VB_OK);
  CHECK(vb_matcher_check(m, "b", 1, (const char *)d[1].t, d[1].n, &first, &err) == VB_OK);
  size_t nm;
  vb_matcher_matches(m, &nm);
  CHECK(first <= nm);
  CHECK(vb_matcher_finish(m, &err) == VB_OK);
  check_matcher(m, d);
  vb_matcher_free(m);
  return 0;
}
