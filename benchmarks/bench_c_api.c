/* The C API doing the work of one binding call, for the binding drivers
 * (bench_python.py, bench_node.js) to measure their overhead against.
 *
 * Reads a CBOR document sequence (the drivers write their generated corpus
 * to a file and run this on it), keeps the documents in memory, and times
 * each call type as a C program would make it, with handles reused and
 * every result written as its records into a vb_writer (the records the
 * bindings turn into dicts / objects):
 *
 *   quotes-per-article     per document: vb_quote_extractor_run (speakers
 *                          on) + vb_quote_extractor_write, one extractor
 *   normalize-per-article  per document: vb_normalizer_run (VB_NORM_DEFAULT)
 *                          + vb_normalizer_write, one normalizer
 *   paragraphs-per-article per document: vb_segmenter_run + one
 *                          vb_segmenter_write_paragraph per paragraph
 *   match-corpus           vb_matcher_add of every document, vb_matcher_scan
 *                          of every document, vb_matcher_finish,
 *                          vb_matcher_write_matches (default options)
 *   similar-corpus         vb_similar_add of every document, vb_similar_run,
 *                          vb_similar_write (default options)
 *
 * Each runs --runs times (default 5); the best process CPU time counts (the
 * machine is shared: CPU time leaves out time spent descheduled). Each line
 * also gives `records`, the records written, so a driver can check that the
 * binding returned as many.
 *
 * usage: bench_c_api CORPUS.cbor [--runs N] [--only CASE[,CASE...]] [--json]
 * (--json: one JSON Lines object per figure, format in benchmarks/README.md,
 * with bench "c-api" and impl "c-api")
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "verbatim/verbatim.h"

typedef struct doc {
  char *id, *text;
  size_t id_len, text_len;
} doc;

typedef struct corpus {
  doc *docs;
  size_t n, bytes;
} corpus;

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what, const vb_error *err) {
  fprintf(stderr, "bench_c_api: %s: %s\n", what, err ? err->message : "failed");
  exit(1);
}

static char *copy(const char *p, size_t n) {
  char *s = malloc(n + 1);
  if (!s) die("out of memory", NULL);
  if (n) memcpy(s, p, n);
  s[n] = 0;
  return s;
}

static corpus load(const char *path) {
  corpus c = {0};
  size_t cap = 0;
  vb_error err;
  vb_error_clear(&err);
  vb_reader *r = vb_reader_new(NULL);
  if (!r || vb_reader_open_file(r, path, &err) != VB_OK) die(path, &err);
  vb_document d;
  vb_status st;
  while ((st = vb_reader_next(r, &d, &err)) == VB_OK) {
    if (c.n == cap) {
      cap = cap ? cap * 2 : 256;
      c.docs = realloc(c.docs, cap * sizeof *c.docs);
      if (!c.docs) die("out of memory", NULL);
    }
    doc *x = &c.docs[c.n++];
    x->id = copy(d.id.data, d.id.len);
    x->id_len = d.id.len;
    x->text = copy(d.text.data, d.text.len);
    x->text_len = d.text.len;
    c.bytes += d.text.len;
  }
  if (st != VB_END) die(path, &err);
  vb_reader_free(r);
  return c;
}

/* One call type: run it over the corpus, return the records it wrote. */
typedef size_t (*case_fn)(const corpus *c, vb_writer *w);

static size_t run_quotes(const corpus *c, vb_writer *w) {
  vb_error err;
  vb_error_clear(&err);
  vb_quote_extractor *qx = vb_quote_extractor_new(NULL);
  if (!qx) die("out of memory", NULL);
  size_t records = 0;
  for (size_t i = 0; i < c->n; i++) {
    const doc *d = &c->docs[i];
    vb_writer_reset(w);
    if (vb_quote_extractor_run(qx, d->text, d->text_len, NULL, 0, 0, &err) != VB_OK ||
        vb_quote_extractor_write(qx, w, d->id, d->id_len, d->text, d->text_len, &err) != VB_OK)
      die("quotes", &err);
    size_t n;
    (void)vb_quote_extractor_quotes(qx, &n);
    records += n;
  }
  vb_quote_extractor_free(qx);
  return records;
}

static size_t run_normalize(const corpus *c, vb_writer *w) {
  vb_error err;
  vb_error_clear(&err);
  vb_normalizer *nz = vb_normalizer_new(NULL, VB_NORM_DEFAULT, &err);
  if (!nz) die("normalizer", &err);
  for (size_t i = 0; i < c->n; i++) {
    const doc *d = &c->docs[i];
    vb_writer_reset(w);
    if (vb_normalizer_run(nz, d->text, d->text_len, &err) != VB_OK ||
        vb_normalizer_write(nz, w, d->id, d->id_len, &err) != VB_OK)
      die("normalize", &err);
  }
  vb_normalizer_free(nz);
  return c->n;
}

static size_t run_paragraphs(const corpus *c, vb_writer *w) {
  vb_error err;
  vb_error_clear(&err);
  vb_segmenter *seg = vb_segmenter_new(NULL);
  if (!seg) die("out of memory", NULL);
  size_t records = 0;
  for (size_t i = 0; i < c->n; i++) {
    const doc *d = &c->docs[i];
    vb_writer_reset(w);
    if (vb_segmenter_run(seg, d->text, d->text_len, 0, &err) != VB_OK) die("segment", &err);
    size_t n;
    (void)vb_segmenter_paragraphs(seg, &n);
    for (size_t k = 0; k < n; k++)
      if (vb_segmenter_write_paragraph(seg, w, d->id, d->id_len, k, &err) != VB_OK) die("paragraphs", &err);
    records += n;
  }
  vb_segmenter_free(seg);
  return records;
}

static size_t run_match(const corpus *c, vb_writer *w) {
  vb_error err;
  vb_error_clear(&err);
  vb_writer_reset(w);
  vb_matcher *m = vb_matcher_new(NULL, NULL);
  if (!m) die("out of memory", NULL);
  for (size_t i = 0; i < c->n; i++)
    if (vb_matcher_add(m, c->docs[i].id, c->docs[i].id_len, c->docs[i].text, c->docs[i].text_len, &err) != VB_OK)
      die("match add", &err);
  for (size_t i = 0; i < c->n; i++)
    if (vb_matcher_scan(m, (uint32_t)i, c->docs[i].text, c->docs[i].text_len, &err) != VB_OK)
      die("match scan", &err);
  if (vb_matcher_finish(m, &err) != VB_OK || vb_matcher_write_matches(m, w, &err) != VB_OK)
    die("match", &err);
  size_t n;
  (void)vb_matcher_matches(m, &n);
  vb_matcher_free(m);
  return n;
}

static size_t run_similar(const corpus *c, vb_writer *w) {
  vb_error err;
  vb_error_clear(&err);
  vb_writer_reset(w);
  vb_similar *s = vb_similar_new(NULL);
  if (!s) die("out of memory", NULL);
  for (size_t i = 0; i < c->n; i++)
    if (vb_similar_add(s, c->docs[i].id, c->docs[i].id_len, c->docs[i].text, c->docs[i].text_len, NULL,
                       &err) != VB_OK)
      die("similar add", &err);
  if (vb_similar_run(s, &err) != VB_OK || vb_similar_write(s, w, &err) != VB_OK) die("similar", &err);
  size_t n;
  (void)vb_similar_pairs(s, &n);
  vb_similar_free(s);
  return n;
}

static const struct {
  const char *name;
  case_fn fn;
  bool per_article; /* articles/s per document call, else MB/s per corpus call */
} CASES[] = {
  {"quotes-per-article", run_quotes, true},
  {"normalize-per-article", run_normalize, true},
  {"paragraphs-per-article", run_paragraphs, true},
  {"match-corpus", run_match, false},
  {"similar-corpus", run_similar, false},
};

static bool wanted(const char *only, const char *name) {
  if (!only) return true;
  size_t n = strlen(name);
  for (const char *p = only; (p = strstr(p, name)) != NULL; p += n)
    if ((p == only || p[-1] == ',') && (p[n] == 0 || p[n] == ',')) return true;
  return false;
}

int main(int argc, char **argv) {
  const char *path = NULL, *only = NULL;
  int runs = 5;
  bool json = false;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--runs") && i + 1 < argc) runs = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
    else if (!strcmp(argv[i], "--json")) json = true;
    else if (argv[i][0] != '-' && !path) path = argv[i];
    else {
      fprintf(stderr, "usage: bench_c_api CORPUS.cbor [--runs N] [--only CASE[,CASE...]] [--json]\n");
      return 2;
    }
  }
  if (!path || runs < 1) {
    fprintf(stderr, "usage: bench_c_api CORPUS.cbor [--runs N] [--only CASE[,CASE...]] [--json]\n");
    return 2;
  }
  corpus c = load(path);
  vb_writer *w = vb_writer_new(NULL);
  if (!w) die("out of memory", NULL);
  if (!json) printf("%zu documents, %.2f MB of text; best of %d runs, CPU time\n", c.n, c.bytes / 1e6, runs);
  for (size_t k = 0; k < sizeof CASES / sizeof *CASES; k++) {
    if (!wanted(only, CASES[k].name)) continue;
    double best = 1e300;
    size_t records = 0;
    for (int r = 0; r < runs; r++) {
      double t = cpu_now();
      records = CASES[k].fn(&c, w);
      t = cpu_now() - t;
      if (t < best) best = t;
    }
    if (best <= 0) best = 1e-9;
    double rate = CASES[k].per_article ? c.n / best : c.bytes / 1e6 / best;
    const char *unit = CASES[k].per_article ? "articles/s" : "MB/s";
    if (json)
      printf("{\"bench\":\"c-api\",\"case\":\"%s\",\"impl\":\"c-api\",\"n\":%zu,\"bytes\":%zu,"
             "\"seconds\":%.6f,\"rate\":%.3f,\"unit\":\"%s\",\"records\":%zu}\n",
             CASES[k].name, c.n, c.bytes, best, rate, unit, records);
    else
      printf("%-24s %10.3f ms  %9.1f us/article  %8zu records\n", CASES[k].name, best * 1e3,
             best * 1e6 / (c.n ? c.n : 1), records);
  }
  vb_writer_free(w);
  for (size_t i = 0; i < c.n; i++) {
    free(c.docs[i].id);
    free(c.docs[i].text);
  }
  free(c.docs);
  return 0;
}
