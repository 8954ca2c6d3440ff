/* Document similarity over a corpus (similar.h): the ranking of our reuse
 * fixtures (tests/fixtures/reuse: a reprint wrapped in site furniture, a
 * trimmed copy, a spun copy with synonyms and a garbled name, a rewrite, and
 * two unrelated stories on the same coast), streaming queries, LSH mode,
 * records, error paths and allocation failures. Texts are ours. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_alloc.h"
#include "verbatim/similar.h"

static const char *const fixture_names[] = {"original",          "reprint", "trimmed", "spun",
                                            "rewrite", "unrelated_harbour", "unrelated_strike"};
enum { ORIGINAL, REPRINT, TRIMMED, SPUN, REWRITE, HARBOUR, STRIKE, NFIX };

typedef struct text {
  char *data;
  size_t len;
} text;

static text fixtures[NFIX];

static int load_fixtures(void **state) {
  (void)state;
  for (int i = 0; i < NFIX; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/tests/fixtures/reuse/%s.txt", VB_SOURCE_DIR, fixture_names[i]);
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    fixtures[i].data = malloc((size_t)n + 1);
    fixtures[i].len = fread(fixtures[i].data, 1, (size_t)n, f);
    fclose(f);
  }
  return 0;
}

static int free_fixtures(void **state) {
  (void)state;
  for (int i = 0; i < NFIX; i++) free(fixtures[i].data);
  return 0;
}

static void add(vb_similar *s, const char *id, const text *t) {
  vb_error err;
  vb_status st = vb_similar_add(s, id, strlen(id), t->data, t->len, NULL, &err);
  if (st != VB_OK) fail_msg("%s", err.message);
}

/* A handle holding every fixture (numbered as the enum) with `opt`. */
static vb_similar *corpus(const vb_similar_options *opt) {
  vb_similar *s = vb_similar_new(NULL);
  assert_non_null(s);
  vb_error err;
  assert_int_equal(vb_similar_configure(s, opt, &err), VB_OK);
  for (int i = 0; i < NFIX; i++) add(s, fixture_names[i], &fixtures[i]);
  return s;
}

static const vb_similar_pair *find(const vb_similar *s, uint32_t a, uint32_t b) {
  size_t n;
  const vb_similar_pair *p = vb_similar_pairs(s, &n);
  for (size_t i = 0; i < n; i++)
    if ((p[i].a_doc == a && p[i].b_doc == b) || (p[i].a_doc == b && p[i].b_doc == a)) return &p[i];
  return NULL;
}

static double score(const vb_similar *s, uint32_t a, uint32_t b) {
  const vb_similar_pair *p = find(s, a, b);
  assert_non_null(p);
  return p->score;
}

static vb_similar_options every_pair(void) {
  vb_similar_options o = vb_similar_options_default();
  o.min_score = 0;
  return o;
}

/* ---- ranking ---- */

static void copies_outrank_the_rewrite_which_outranks_unrelated_stories(void **state) {
  (void)state;
  vb_similar_options o = every_pair();
  vb_similar *s = corpus(&o);
  vb_error err;
  assert_int_equal(vb_similar_run(s, &err), VB_OK);
  size_t n;
  vb_similar_pairs(s, &n);
  assert_int_equal(n, NFIX * (NFIX - 1) / 2); /* min_score 0: every pair */
  double rewrite = score(s, ORIGINAL, REWRITE);
  for (uint32_t copy = REPRINT; copy <= SPUN; copy++)
    assert_true(score(s, ORIGINAL, copy) > rewrite + 0.5);
  for (uint32_t a = 0; a < NFIX; a++)
    for (uint32_t b = HARBOUR; b < NFIX; b++)
      if (a != b) assert_true(score(s, a, b) < rewrite);
  assert_true(rewrite > 0);
  /* The spun copy (synonyms swapped, a name garbled) is one passage with
   * many substituted words, not a string of short exact runs. */
  const vb_similar_pair *spun = find(s, ORIGINAL, SPUN);
  assert_int_equal(spun->passage_count, 1);
  assert_true(spun->passages[0].substituted > 20);
  vb_similar_free(s);
}

static void a_reprint_wrapped_in_furniture_scores_as_a_plain_copy(void **state) {
  (void)state;
  vb_similar *s = corpus(NULL);
  text copy = fixtures[ORIGINAL];
  add(s, "plain copy", &copy);
  vb_error err;
  assert_int_equal(vb_similar_run(s, &err), VB_OK);
  const vb_similar_pair *wrapped = find(s, ORIGINAL, REPRINT), *plain = find(s, ORIGINAL, NFIX);
  assert_non_null(wrapped);
  assert_non_null(plain);
  assert_true(plain->score == 1.0 && plain->jaccard == 1.0);
  assert_true(wrapped->score == 1.0);
  /* The menu, byline and "Advertisement" lines take no part... */
  double jaccard = wrapped->jaccard;
  assert_true(jaccard > 0.95);
  assert_int_equal(wrapped->passage_count, 1);
  vb_similar_free(s);
  /* ...unless asked: then the wrapper's shingles count against the pair. */
  vb_similar_options o = vb_similar_options_default();
  o.flags = VB_SIMILAR_INCLUDE_BOILERPLATE;
  s = corpus(&o);
  assert_int_equal(vb_similar_run(s, &err), VB_OK);
  assert_true(find(s, ORIGINAL, REPRINT)->jaccard < 0.95);
  assert_true(find(s, ORIGINAL, REPRINT)->jaccard < jaccard);
  vb_similar_free(s);
}

static void pairs_are_sorted_best_first_with_ids_and_document_numbers(void **state) {
  (void)state;
  vb_similar_options o = every_pair();
  vb_similar *s = corpus(&o);
  vb_error err;
  assert_int_equal(vb_similar_run(s, &err), VB_OK);
  size_t n;
  const vb_similar_pair *p = vb_similar_pairs(s, &n);
  for (size_t i = 0; i < n; i++) {
    assert_true(p[i].a_doc < p[i].b_doc);
    const char *a = fixture_names[p[i].a_doc], *b = fixture_names[p[i].b_doc];
    assert_int_equal(p[i].a.len, strlen(a));
    assert_memory_equal(p[i].a.data, a, p[i].a.len);
    assert_memory_equal(p[i].b.data, b, p[i].b.len);
    assert_true(p[i].score >= 0 && p[i].score <= 1);
    assert_true(p[i].simhash_distance >= 0 && p[i].simhash_distance <= 64);
    if (i > 0) {
      assert_true(p[i - 1].score >= p[i].score);
      if (p[i - 1].score == p[i].score)
        assert_true(p[i - 1].a_doc < p[i].a_doc ||
                    (p[i - 1].a_doc == p[i].a_doc && p[i - 1].b_doc < p[i].b_doc));
    }
  }
  vb_similar_free(s);
}

static void the_default_min_score_drops_the_unrelated_stories(void **state) {
  (void)state;
  vb_similar *s = corpus(NULL);
  vb_error err;
  assert_int_equal(vb_similar_run(s, &err), VB_OK);
  size_t n;
  const vb_similar_pair *p = vb_similar_pairs(s, &n);
  assert_true(n >= 6);
  for (size_t i = 0; i < n; i++) {
    assert_true(p[i].score >= 0.1);
    assert_true(p[i].b_doc < HARBOUR);
  }
  vb_similar_free(s);
}

static void passage_spans_are_bytes_of_each_original_text(void **state) {
  (void)state;
  vb_similar *s = corpus(NULL);
  vb_error err;
  assert_int_equal(vb_similar_run(s, &err), VB_OK);
  const vb_similar_pair *p = find(s, ORIGINAL, TRIMMED);
  assert_non_null(p);
  for (size_t i = 0; i < p->passage_count; i++) {
    const vb_passage *x = &p->passages[i];
    assert_true(x->a_bytes.end <= fixtures[ORIGINAL].len && x->b_bytes.end <= fixtures[TRIMMED].len);
    /* the trimmed copy keeps the original's sentences word for word */
    if (x->substituted + x->inserted + x->deleted == 0) {
      assert_int_equal(x->a_bytes.end - x->a_bytes.start, x->b_bytes.end - x->b_bytes.start);
      assert_memory_equal(fixtures[ORIGINAL].data + x->a_bytes.start,
                          fixtures[TRIMMED].data + x->b_bytes.start,
                          x->a_bytes.end - x->a_bytes.start);
    }
    /* and the tokens behind the spans are the handle's */
    vb_tokens ta = vb_similar_doc_tokens(s, p->a_doc);
    assert_int_equal(ta.spans[x->a_tokens.start].start, x->a_bytes.start);
    assert_int_equal(ta.spans[x->a_tokens.end - 1].end, x->a_bytes.end);
  }
  vb_similar_free(s);
}

/* ---- streaming ---- */

static void a_query_compares_one_document_with_all_the_others(void **state) {
  (void)state;
  vb_similar_options o = every_pair();
  vb_similar *all = corpus(&o);
  vb_error err;
  assert_int_equal(vb_similar_run(all, &err), VB_OK);
  vb_similar *s = vb_similar_new(NULL);
  assert_int_equal(vb_similar_configure(s, &o, &err), VB_OK);
  for (uint32_t i = 0; i < NFIX; i++) {
    uint32_t doc = 99;
    assert_int_equal(vb_similar_add(s, fixture_names[i], strlen(fixture_names[i]),
                                    fixtures[i].data, fixtures[i].len, &doc, &err),
                     VB_OK);
    assert_int_equal(doc, i);
    assert_int_equal(vb_similar_query(s, doc, &err), VB_OK);
    size_t n;
    const vb_similar_pair *p = vb_similar_pairs(s, &n);
    assert_int_equal(n, i); /* one pair with each document seen so far */
    for (size_t k = 0; k < n; k++) {
      assert_int_equal(p[k].b_doc, i);
      /* the same figures as the whole-corpus run */
      const vb_similar_pair *q = find(all, p[k].a_doc, p[k].b_doc);
      assert_true(q->score == p[k].score && q->jaccard == p[k].jaccard);
      assert_int_equal(q->passage_count, p[k].passage_count);
    }
  }
  assert_int_equal(vb_similar_query(s, NFIX, &err), VB_ERR_ARG);
  size_t n;
  assert_null(vb_similar_pairs(s, &n));
  assert_int_equal(n, 0);
  vb_similar_free(s);
  vb_similar_free(all);
}

static void lsh_candidates_keep_the_copies(void **state) {
  (void)state;
  vb_similar_options o = every_pair();
  o.flags = VB_SIMILAR_LSH;
  vb_similar *s = corpus(&o);
  vb_error err;
  assert_int_equal(vb_similar_run(s, &err), VB_OK);
  size_t n;
  vb_similar_pairs(s, &n);
  assert_true(n < NFIX * (NFIX - 1) / 2); /* candidates only */
  assert_true(score(s, ORIGINAL, REPRINT) == 1.0);
  assert_non_null(find(s, ORIGINAL, TRIMMED));
  assert_int_equal(vb_similar_query(s, REPRINT, &err), VB_OK);
  assert_non_null(find(s, ORIGINAL, REPRINT));
  vb_similar_free(s);
  /* Past all_pairs_limit documents, LSH is used without being asked. */
  o.flags = 0;
  o.all_pairs_limit = 3;
  s = corpus(&o);
  assert_int_equal(vb_similar_run(s, &err), VB_OK);
  size_t m;
  vb_similar_pairs(s, &m);
  assert_int_equal(m, n);
  vb_similar_free(s);
}

/* ---- records ---- */

static void write_appends_one_similar_pair_record_per_pair_in_order(void **state) {
  (void)state;
  vb_similar *s = corpus(NULL);
  vb_error err;
  assert_int_equal(vb_similar_run(s, &err), VB_OK);
  size_t n;
  const vb_similar_pair *p = vb_similar_pairs(s, &n);
  vb_writer *w = vb_writer_new(NULL), *j = vb_writer_new(NULL);
  assert_int_equal(vb_similar_write(s, w, &err), VB_OK);
  size_t len;
  const uint8_t *data = vb_writer_data(w, &len);
  vb_reader *r = vb_reader_new(NULL);
  assert_int_equal(vb_reader_open_memory(r, data, len), VB_OK);
  size_t records = 0;
  const uint8_t *item;
  size_t item_len;
  while (vb_reader_next_item(r, &item, &item_len, &err) == VB_OK) {
    vb_writer_reset(j);
    assert_int_equal(vb_writer_json(j, item, item_len, &err), VB_OK);
    size_t jl;
    const char *json = (const char *)vb_writer_data(j, &jl);
    char want[128];
    snprintf(want, sizeof want, "\"a\":\"%.*s\",\"b\":\"%.*s\",\"type\":\"similar-pair\"",
             (int)p[records].a.len, p[records].a.data, (int)p[records].b.len, p[records].b.data);
    assert_non_null(strstr(json, want));
    records++;
  }
  assert_int_equal(records, n);
  assert_int_equal(vb_similar_write(NULL, w, &err), VB_ERR_ARG);
  assert_int_equal(vb_similar_write(s, NULL, &err), VB_ERR_ARG);
  vb_reader_free(r);
  vb_writer_free(j);
  vb_writer_free(w);
  vb_similar_free(s);
}

/* ---- inputs and errors ---- */

static void bad_utf8_names_the_document_and_the_byte_offset(void **state) {
  (void)state;
  vb_similar *s = vb_similar_new(NULL);
  vb_error err;
  add(s, "first", &fixtures[ORIGINAL]);
  add(s, "second", &fixtures[REWRITE]);
  const char bad[] = "Council\xC3 voted";
  assert_int_equal(vb_similar_add(s, "wire-17", 7, bad, sizeof bad - 1, NULL, &err), VB_ERR_UTF8);
  assert_int_equal(err.record, 2);
  assert_int_equal(err.offset, 7);
  assert_string_equal(err.field, "text");
  assert_non_null(strstr(err.message, "wire-17"));
  assert_int_equal(vb_similar_add(s, "\xFF", 1, "fine", 4, NULL, &err), VB_ERR_UTF8);
  assert_int_equal(err.record, 2);
  assert_int_equal(err.offset, 0);
  assert_string_equal(err.field, "id");
  assert_int_equal(vb_similar_count(s), 2); /* nothing was added */
  assert_int_equal(vb_similar_run(s, &err), VB_OK);
  vb_similar_free(s);
}

static void empty_documents_are_accepted_and_share_nothing(void **state) {
  (void)state;
  vb_similar_options o = every_pair();
  vb_similar *s = vb_similar_new(NULL);
  vb_error err;
  assert_int_equal(vb_similar_configure(s, &o, &err), VB_OK);
  assert_int_equal(vb_similar_add(s, "", 0, NULL, 0, NULL, &err), VB_OK);
  assert_int_equal(vb_similar_add(s, "blank", 5, " \n\n  \n", 6, NULL, &err), VB_OK);
  add(s, "story", &fixtures[ORIGINAL]);
  assert_int_equal(vb_similar_run(s, &err), VB_OK);
  size_t n;
  const vb_similar_pair *p = vb_similar_pairs(s, &n);
  assert_int_equal(n, 3);
  for (size_t i = 0; i < n; i++) {
    assert_true(p[i].score == 0 && p[i].jaccard == 0);
    assert_int_equal(p[i].passage_count, 0);
  }
  assert_int_equal(vb_similar_doc_id(s, 0).len, 0);
  assert_int_equal(vb_similar_doc_tokens(s, 1).count, 0);
  vb_similar_free(s);
  /* with a positive min_score nothing is kept */
  s = vb_similar_new(NULL);
  assert_int_equal(vb_similar_add(s, "a", 1, "", 0, NULL, &err), VB_OK);
  assert_int_equal(vb_similar_add(s, "b", 1, "", 0, NULL, &err), VB_OK);
  assert_int_equal(vb_similar_run(s, &err), VB_OK);
  vb_similar_pairs(s, &n);
  assert_int_equal(n, 0);
  vb_similar_free(s);
}

static void bad_options_are_refused_and_the_old_ones_kept(void **state) {
  (void)state;
  vb_similar *s = vb_similar_new(NULL);
  vb_error err;
  vb_similar_options good = vb_similar_options_default();
  good.ngram = 7;
  assert_int_equal(vb_similar_configure(s, &good, &err), VB_OK);
  vb_similar_options o;
  o = good, o.flags = 1u << 7;
  assert_int_equal(vb_similar_configure(s, &o, &err), VB_ERR_ARG);
  assert_string_equal(err.field, "flags");
  o = good, o.ngram = 0;
  assert_int_equal(vb_similar_configure(s, &o, &err), VB_ERR_ARG);
  o = good, o.ngram = 65;
  assert_int_equal(vb_similar_configure(s, &o, &err), VB_ERR_ARG);
  assert_string_equal(err.field, "ngram");
  o = good, o.min_score = -0.01;
  assert_int_equal(vb_similar_configure(s, &o, &err), VB_ERR_ARG);
  o = good, o.min_score = 1.5;
  assert_int_equal(vb_similar_configure(s, &o, &err), VB_ERR_ARG);
  o = good, o.min_score = NAN;
  assert_int_equal(vb_similar_configure(s, &o, &err), VB_ERR_ARG);
  assert_string_equal(err.field, "min_score");
  o = good, o.lsh_threshold = 0;
  assert_int_equal(vb_similar_configure(s, &o, &err), VB_ERR_ARG);
  o = good, o.lsh_threshold = 1;
  assert_int_equal(vb_similar_configure(s, &o, &err), VB_ERR_ARG);
  o = good, o.lsh_threshold = NAN;
  assert_int_equal(vb_similar_configure(s, &o, &err), VB_ERR_ARG);
  assert_string_equal(err.field, "lsh_threshold");
  assert_int_equal(vb_similar_get_options(s).ngram, 7);
  /* Options are fixed once a document is in (its fingerprints depend on them). */
  add(s, "a", &fixtures[ORIGINAL]);
  assert_int_equal(vb_similar_configure(s, &good, &err), VB_ERR_STATE);
  /* reset empties the handle and keeps the options */
  vb_similar_reset(s);
  assert_int_equal(vb_similar_count(s), 0);
  assert_int_equal(vb_similar_get_options(s).ngram, 7);
  assert_int_equal(vb_similar_configure(s, NULL, &err), VB_OK);
  assert_int_equal(vb_similar_get_options(s).ngram, 5);
  vb_similar_free(s);
}

static void null_arguments_are_refused(void **state) {
  (void)state;
  vb_error err;
  vb_similar *s = vb_similar_new(NULL);
  assert_int_equal(vb_similar_add(NULL, "a", 1, "x", 1, NULL, &err), VB_ERR_ARG);
  assert_int_equal(vb_similar_add(s, NULL, 3, "x", 1, NULL, &err), VB_ERR_ARG);
  assert_int_equal(vb_similar_add(s, "a", 1, NULL, 3, NULL, &err), VB_ERR_ARG);
  assert_int_equal(vb_similar_add_tokens(s, "a", 1, NULL, NULL, &err), VB_ERR_ARG);
  assert_int_equal(vb_similar_configure(NULL, NULL, &err), VB_ERR_ARG);
  assert_int_equal(vb_similar_run(NULL, &err), VB_ERR_ARG);
  assert_int_equal(vb_similar_query(NULL, 0, &err), VB_ERR_ARG);
  assert_int_equal(vb_similar_query(s, 0, &err), VB_ERR_ARG); /* no document yet */
  assert_int_equal(vb_similar_count(s), 0);
  assert_int_equal(vb_similar_doc_tokens(s, 0).count, 0);
  vb_similar_free(s);
  vb_similar_free(NULL);
  vb_similar_reset(NULL);
}

static void tokens_from_the_callers_segmenter_give_the_same_pairs(void **state) {
  (void)state;
  vb_similar *by_text = corpus(NULL);
  vb_similar *by_tokens = vb_similar_new(NULL);
  vb_segmenter *seg = vb_segmenter_new(NULL);
  vb_words *w = vb_words_new(NULL);
  vb_error err;
  for (int i = 0; i < NFIX; i++) {
    assert_int_equal(vb_segmenter_run(seg, fixtures[i].data, fixtures[i].len, 0, &err), VB_OK);
    assert_int_equal(vb_words_collect(w, seg, &err), VB_OK);
    vb_tokens t = vb_words_tokens(w);
    assert_int_equal(vb_similar_add_tokens(by_tokens, fixture_names[i], strlen(fixture_names[i]),
                                           &t, NULL, &err),
                     VB_OK);
  }
  assert_int_equal(vb_similar_run(by_text, &err), VB_OK);
  assert_int_equal(vb_similar_run(by_tokens, &err), VB_OK);
  size_t n1, n2;
  const vb_similar_pair *p1 = vb_similar_pairs(by_text, &n1), *p2 = vb_similar_pairs(by_tokens, &n2);
  assert_int_equal(n1, n2);
  for (size_t i = 0; i < n1; i++) {
    assert_true(p1[i].score == p2[i].score);
    assert_int_equal(p1[i].a_doc, p2[i].a_doc);
    assert_int_equal(p1[i].passage_count, p2[i].passage_count);
  }
  /* unknown token flags are refused, naming the word */
  vb_tokens t = vb_words_tokens(w);
  uint8_t *flags = malloc(t.count);
  memset(flags, 0, t.count);
  flags[3] = 0x80;
  t.flags = flags;
  assert_int_equal(vb_similar_add_tokens(by_tokens, "x", 1, &t, NULL, &err), VB_ERR_ARG);
  assert_int_equal(err.offset, 3);
  vb_tokens no_spans = {t.hashes, NULL, NULL, t.count};
  assert_int_equal(vb_similar_add_tokens(by_tokens, "x", 1, &no_spans, NULL, &err), VB_ERR_ARG);
  assert_int_equal(vb_similar_count(by_tokens), NFIX);
  free(flags);
  vb_words_free(w);
  vb_segmenter_free(seg);
  vb_similar_free(by_tokens);
  vb_similar_free(by_text);
}

static void the_ngram_option_reaches_the_shingles(void **state) {
  (void)state;
  vb_similar_options o = every_pair();
  o.ngram = 1;
  vb_similar *one = corpus(&o);
  o.ngram = 8;
  vb_similar *eight = corpus(&o);
  vb_error err;
  assert_int_equal(vb_similar_run(one, &err), VB_OK);
  assert_int_equal(vb_similar_run(eight, &err), VB_OK);
  /* single words of two stories on one subject overlap far more than runs of 8 */
  assert_true(find(one, ORIGINAL, REWRITE)->jaccard > 4 * find(eight, ORIGINAL, REWRITE)->jaccard);
  vb_similar_free(one);
  vb_similar_free(eight);
}

/* ---- allocation failures ---- */

static void allocation_failures_return_nomem_and_leak_nothing(void **state) {
  (void)state;
  const char *texts[] = {
      "The ferry will sail all winter, the council of Kestrel Bay decided on Thursday night.",
      ("Home | News\n\nThe ferry will sail all winter, the council of Kestrel Bay decided on "
       "Thursday night.\n\nShare this article"),
      "Dockworkers at the southern harbour walked out over pay on Monday morning.",
  };
  bool succeeded = false;
  for (long n = 1; n < 2000 && !succeeded; n++) {
    test_alloc ta;
    vb_allocator a = test_alloc_make(&ta, n);
    vb_similar *s = vb_similar_new(&a);
    vb_writer *w = vb_writer_new(NULL);
    vb_status st = s ? VB_OK : VB_ERR_NOMEM;
    vb_error err;
    vb_similar_options o = every_pair();
    if (st == VB_OK) st = vb_similar_configure(s, &o, &err);
    for (int i = 0; i < 3 && st == VB_OK; i++)
      st = vb_similar_add(s, "d", 1, texts[i], strlen(texts[i]), NULL, &err);
    if (st == VB_OK) st = vb_similar_run(s, &err);
    if (st == VB_OK) st = vb_similar_query(s, 1, &err);
    if (st == VB_OK) st = vb_similar_write(s, w, &err);
    if (st == VB_OK) {
      succeeded = !ta.failed;
      size_t np;
      vb_similar_pairs(s, &np);
      assert_int_equal(np, 2);
    } else {
      assert_int_equal(st, VB_ERR_NOMEM);
      assert_true(ta.failed);
      /* what failed left the handle consistent: it runs again (the
       * allocator fails one call only) */
      if (s) assert_int_equal(vb_similar_run(s, &err), VB_OK);
    }
    vb_similar_free(s);
    vb_writer_free(w);
    assert_int_equal(ta.live, 0);
  }
  assert_true(succeeded);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(copies_outrank_the_rewrite_which_outranks_unrelated_stories),
      cmocka_unit_test(a_reprint_wrapped_in_furniture_scores_as_a_plain_copy),
      cmocka_unit_test(pairs_are_sorted_best_first_with_ids_and_document_numbers),
      cmocka_unit_test(the_default_min_score_drops_the_unrelated_stories),
      cmocka_unit_test(passage_spans_are_bytes_of_each_original_text),
      cmocka_unit_test(a_query_compares_one_document_with_all_the_others),
      cmocka_unit_test(lsh_candidates_keep_the_copies),
      cmocka_unit_test(write_appends_one_similar_pair_record_per_pair_in_order),
      cmocka_unit_test(bad_utf8_names_the_document_and_the_byte_offset),
      cmocka_unit_test(empty_documents_are_accepted_and_share_nothing),
      cmocka_unit_test(bad_options_are_refused_and_the_old_ones_kept),
      cmocka_unit_test(null_arguments_are_refused),
      cmocka_unit_test(tokens_from_the_callers_segmenter_give_the_same_pairs),
      cmocka_unit_test(the_ngram_option_reaches_the_shingles),
      cmocka_unit_test(allocation_failures_return_nomem_and_leak_nothing),
  };
  return cmocka_run_group_tests(tests, load_fixtures, free_fixtures);
}
