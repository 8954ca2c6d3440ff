/* `verbatim analyze`: the whole pipeline over a corpus, to results.cbor and
 * report.html. Memory holds the index (each document's word hashes, spans,
 * shingles and signature; the matcher's quotes), never the corpus texts:
 * the inputs are read again when texts are needed. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cbor_io.h"
#include "cli.h"
#include "report.h"

static const char analyze_help[] =
    "usage: verbatim analyze PATH... -o DIR [--quiet] [--json] [--min-score X]\n"
    "                        [--lenient] [--skip-bad]\n"
    "\n"
    "Run the whole pipeline over a corpus and write two files into DIR:\n"
    "  results.cbor  one CBOR sequence: a doc-summary record per document, the\n"
    "                similar pairs (score >= --min-score, default 0.1) with their\n"
    "                aligned passages, every quote, every quote match, the quote\n"
    "                clusters, and a final summary record (docs/records.md);\n"
    "  report.html   a self-contained page: the corpus with its boilerplate share,\n"
    "                a similarity heat map, speaker conflicts, every quote cluster\n"
    "                with its variants' word edits, and the reused passages of six\n"
    "                of the best pairs side by side, aligned word by word.\n"
    "\n"
    "Steps: segment each document and classify its paragraphs (boilerplate words\n"
    "are left out of fingerprints), fingerprint it, extract its quotes and\n"
    "speakers and index them; compare document pairs (all of them up to 2000\n"
    "documents, MinHash LSH candidates above) and align the reused passages; scan\n"
    "every document for the other documents' quotes; cluster the quotes. The\n"
    "documents are read again for the scan and for the report, so memory holds\n"
    "the index, not the texts.\n"
    "\n"
    "On a terminal, progress goes to stderr (--quiet silences it). At the end a\n"
    "summary table goes to stdout, or with --json the summary record as one JSON\n"
    "line.\n"
    "\n"
    "example:\n"
    "  verbatim analyze examples/corpus -o build/demo && xdg-open build/demo/report.html\n";

/* ---- progress on stderr --------------------------------------------------- */

typedef struct progress {
  bool on;
  double stage_start, last;
  const char *stage;
} progress;

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress_stage(progress *p, const char *stage) {
  p->stage = stage;
  p->stage_start = now_seconds();
  p->last = 0;
}

/* `total` 0: unknown. Redraws at most ten times a second. */
static void progress_update(progress *p, size_t done, size_t total, const char *unit) {
  if (!p->on) return;
  double t = now_seconds();
  if (t - p->last < 0.1 && done != total) return;
  p->last = t;
  double el = t - p->stage_start;
  /* A rate over the first few milliseconds says nothing yet. */
  double rate = el > 0.05 ? (double)done / el : 0;
  char eta[48] = "";
  if (total && rate > 0 && done < total)
    snprintf(eta, sizeof eta, ", about %.0f s left", ceil((double)(total - done) / rate));
  char speed[48] = "";
  if (rate > 0) snprintf(speed, sizeof speed, ", %.0f %s/s", rate, unit);
  if (total)
    fprintf(stderr, "\r\033[K%-22s %zu/%zu %s%s%s", p->stage, done, total, unit, speed, eta);
  else
    fprintf(stderr, "\r\033[K%-22s %zu %s%s", p->stage, done, unit, speed);
}

static void progress_clear(progress *p) {
  if (p->on) fputs("\r\033[K", stderr);
}

/* ---- the index ------------------------------------------------------------- */

typedef struct analysis {
  cli_common opt;
  char **paths;
  int npaths;
  double min_score;
  an_doc *docs;
  size_t ndocs, docs_cap;
  const an_pair *pairs; /* borrowed from `sim` */
  size_t npairs;
  vb_segmenter *seg;
  vb_words *words;
  vb_similar *sim;
  vb_quote_extractor *qx;
  vb_matcher *m;
  vb_writer *w; /* records on their way to results.cbor */
  FILE *out;
  const char *out_name;
  progress prog;
  an_summary sum;
} analysis;

static void *dup_mem(const void *p, size_t n) {
  void *q = malloc(n ? n : 1);
  if (q && n) memcpy(q, p, n);
  return q;
}

static void free_doc(an_doc *d) {
  free(d->id);
  free(d->language);
  free(d->text);
}

static void analysis_free(analysis *an) {
  for (size_t i = 0; i < an->ndocs; i++) free_doc(&an->docs[i]);
  free(an->docs);
  vb_segmenter_free(an->seg);
  vb_words_free(an->words);
  vb_similar_free(an->sim);
  vb_quote_extractor_free(an->qx);
  vb_matcher_free(an->m);
  vb_writer_free(an->w);
}

static bool oom(void) {
  fprintf(stderr, "verbatim analyze: out of memory\n");
  return false;
}

static void put_key(vb_buf *b, const char *k) { vb_cbor_put_cstr(b, k); }

/* The "doc-summary" record (docs/records.md); keys in deterministic order. */
static vb_status write_doc_summary(vb_writer *w, const an_doc *d, vb_error *err) {
  vb_buf *b = vb_writer_buf(w);
  size_t mark = b->len;
  vb_cbor_put_map(b, d->language ? 9 : 8);
  put_key(b, "id");
  vb_cbor_put_text(b, d->id, d->id_len);
  put_key(b, "type");
  vb_cbor_put_cstr(b, "doc-summary");
  put_key(b, "bytes");
  vb_cbor_put_uint(b, d->bytes);
  put_key(b, "words");
  vb_cbor_put_uint(b, d->words);
  put_key(b, "quotes");
  vb_cbor_put_uint(b, d->quotes);
  if (d->language) {
    put_key(b, "language");
    vb_cbor_put_cstr(b, d->language);
  }
  put_key(b, "paragraphs");
  vb_cbor_put_uint(b, d->paragraphs);
  put_key(b, "boilerplate_bytes");
  vb_cbor_put_uint(b, d->boiler_bytes);
  put_key(b, "boilerplate_paragraphs");
  vb_cbor_put_uint(b, d->boiler_paragraphs);
  return vb_writer_commit(w, mark, err);
}

/* Kinds in the deterministic order of their names as map keys. */
static const vb_match_kind kind_key_order[7] = {VB_MATCH_EXACT,    VB_MATCH_SPLIT,
                                                VB_MATCH_MERGED,   VB_MATCH_ALTERED,
                                                VB_MATCH_UNQUOTED, VB_MATCH_TRUNCATED,
                                                VB_MATCH_NORMALIZED};

/* The final "summary" record. */
static vb_status write_summary(vb_writer *w, const an_summary *s, vb_error *err) {
  vb_buf *b = vb_writer_buf(w);
  size_t mark = b->len;
  vb_cbor_put_map(b, 8);
  put_key(b, "type");
  vb_cbor_put_cstr(b, "summary");
  put_key(b, "pairs");
  vb_cbor_put_uint(b, s->pairs);
  put_key(b, "quotes");
  vb_cbor_put_uint(b, s->quotes);
  put_key(b, "matches");
  vb_cbor_put_map(b, 7);
  for (int i = 0; i < 7; i++) {
    put_key(b, vb_match_kind_name(kind_key_order[i]));
    vb_cbor_put_uint(b, s->by_kind[kind_key_order[i]]);
  }
  put_key(b, "seconds");
  vb_cbor_put_float(b, round(s->seconds * 1000) / 1000);
  put_key(b, "clusters");
  vb_cbor_put_uint(b, s->clusters);
  put_key(b, "conflicts");
  vb_cbor_put_uint(b, s->conflicts);
  put_key(b, "documents");
  vb_cbor_put_uint(b, s->documents);
  return vb_writer_commit(w, mark, err);
}

/* Segment, classify, fingerprint and extract the quotes of one document;
 * keep its index entry and write its doc-summary and quote records. */
static bool index_doc(analysis *an, const vb_document *doc) {
  vb_error err;
  char where[300];
  snprintf(where, sizeof where, "%.*s", (int)doc->id.len, doc->id.data);
  if (doc->text.len >= UINT32_MAX) {
    fprintf(stderr, "verbatim analyze: %s: text of 4 GiB or more\n", where);
    return false;
  }
  if (vb_segmenter_run(an->seg, doc->text.data, doc->text.len, 0, &err) != VB_OK ||
      vb_quote_extractor_run(an->qx, doc->text.data, doc->text.len, NULL, 0,
                             VB_QUOTE_HEURISTIC_BOILERPLATE, &err) != VB_OK ||
      vb_matcher_add(an->m, doc->id.data, doc->id.len, doc->text.data, doc->text.len, &err) !=
          VB_OK) {
    cli_report(where, &err);
    return false;
  }
  if (an->ndocs == an->docs_cap) {
    size_t cap = an->docs_cap ? an->docs_cap * 2 : 64;
    an_doc *nd = realloc(an->docs, cap * sizeof *nd);
    if (!nd) return oom();
    an->docs = nd;
    an->docs_cap = cap;
  }
  an_doc *d = &an->docs[an->ndocs++];
  memset(d, 0, sizeof *d);
  d->id = dup_mem(doc->id.data, doc->id.len);
  d->id_len = doc->id.len;
  if (doc->language.data) {
    d->language = malloc(doc->language.len + 1);
    if (d->language) {
      memcpy(d->language, doc->language.data, doc->language.len);
      d->language[doc->language.len] = '\0';
    }
  }
  d->bytes = doc->text.len;
  size_t npara;
  const vb_paragraph *para = vb_segmenter_paragraphs(an->seg, &npara);
  d->paragraphs = npara;
  for (size_t i = 0; i < npara; i++)
    if (para[i].boiler != VB_BOILER_NONE) {
      d->boiler_paragraphs++;
      d->boiler_bytes += para[i].end - para[i].start;
    }
  /* The words, with those of boilerplate paragraphs flagged, go to the
   * similarity index; it keeps them for the report's aligned passages. */
  if (!d->id || (doc->language.data && !d->language)) return oom();
  vb_tokens t;
  if (vb_words_collect(an->words, an->seg, &err) != VB_OK ||
      (t = vb_words_tokens(an->words),
       vb_similar_add_tokens(an->sim, doc->id.data, doc->id.len, &t, NULL, &err)) != VB_OK) {
    cli_report(where, &err);
    return false;
  }
  d->words = t.count;
  vb_quote_extractor_quotes(an->qx, &d->quotes);
  an->sum.quotes += d->quotes;
  if (write_doc_summary(an->w, d, &err) != VB_OK ||
      vb_quote_extractor_write(an->qx, an->w, doc->id.data, doc->id.len, doc->text.data,
                               doc->text.len, &err) != VB_OK) {
    cli_report(where, &err);
    return false;
  }
  return cli_flush(an->w, an->out, an->out_name);
}

/* Pass 1: every document into the index. */
static bool pass_index(analysis *an) {
  cli_input *in = cli_input_open(an->paths, an->npaths, &an->opt);
  if (!in) return false;
  long known = cli_input_known_count(in);
  progress_stage(&an->prog, "indexing documents");
  vb_document doc;
  int got;
  bool ok = true;
  while (ok && (got = cli_input_next(in, &doc)) != 0) {
    if (got < 0) {
      ok = false;
      break;
    }
    ok = index_doc(an, &doc);
    progress_update(&an->prog, an->ndocs, known > 0 ? (size_t)known : 0, "docs");
  }
  cli_input_close(in);
  return ok;
}

/* Compare and align the candidate pairs (every pair up to 2000 documents,
 * MinHash LSH candidates above, as `verbatim similar`); keep those scoring
 * >= min_score, and lend each document's words to the report. */
static bool compare_pairs(analysis *an) {
  progress_stage(&an->prog, "comparing pairs");
  if (an->prog.on) fprintf(stderr, "\r\033[K%s", an->prog.stage);
  vb_error err;
  if (vb_similar_run(an->sim, &err) != VB_OK) {
    cli_report("analyze", &err);
    return false;
  }
  an->pairs = vb_similar_pairs(an->sim, &an->npairs);
  an->sum.pairs = an->npairs;
  for (size_t i = 0; i < an->ndocs; i++) {
    vb_tokens t = vb_similar_doc_tokens(an->sim, (uint32_t)i);
    an->docs[i].hashes = t.hashes;
    an->docs[i].spans = t.spans;
  }
  if (vb_similar_write(an->sim, an->w, &err) != VB_OK) {
    cli_report("analyze", &err);
    return false;
  }
  return cli_flush(an->w, an->out, an->out_name);
}

/* Pass 2: scan every document for the other documents' quotes. */
static bool pass_scan(analysis *an) {
  cli_input *in = cli_input_open(an->paths, an->npaths, &an->opt);
  if (!in) return false;
  progress_stage(&an->prog, "matching quotes");
  vb_document doc;
  int got;
  uint32_t index = 0;
  bool ok = true;
  while (ok && (got = cli_input_next(in, &doc)) != 0) {
    if (got < 0 || index >= an->ndocs) {
      if (got > 0) fprintf(stderr, "verbatim analyze: the inputs changed while being read\n");
      ok = false;
      break;
    }
    vb_error err;
    if (vb_matcher_scan(an->m, index, doc.text.data, doc.text.len, &err) != VB_OK) {
      char where[300];
      snprintf(where, sizeof where, "%.*s", (int)doc.id.len, doc.id.data);
      cli_report(where, &err);
      ok = false;
    }
    index++;
    progress_update(&an->prog, index, an->ndocs, "docs");
  }
  cli_input_close(in);
  vb_error err;
  if (ok && vb_matcher_finish(an->m, &err) != VB_OK) {
    cli_report("analyze", &err);
    ok = false;
  }
  if (ok && (vb_matcher_write_matches(an->m, an->w, &err) != VB_OK ||
             vb_matcher_write_clusters(an->m, an->w, &err) != VB_OK)) {
    cli_report("analyze", &err);
    ok = false;
  }
  if (!ok) return false;
  size_t nm;
  const vb_match *mt = vb_matcher_matches(an->m, &nm);
  an->sum.matches = nm;
  for (size_t i = 0; i < nm; i++) {
    if ((unsigned)mt[i].kind < 7) an->sum.by_kind[mt[i].kind]++;
    an->sum.conflicts += mt[i].speaker_conflict;
  }
  an->sum.clusters = vb_matcher_cluster_count(an->m);
  return cli_flush(an->w, an->out, an->out_name);
}

/* Pass 3: the texts of the top pairs' documents, for the report. */
static bool pass_texts(analysis *an) {
  size_t want = 0, shown[REPORT_TOP_PAIRS];
  size_t nshown = report_pick_pairs(an->pairs, an->npairs, shown);
  for (size_t k = 0; k < nshown; k++) {
    an->docs[an->pairs[shown[k]].a_doc].text_len = 1; /* mark as wanted */
    an->docs[an->pairs[shown[k]].b_doc].text_len = 1;
  }
  for (size_t i = 0; i < an->ndocs; i++) want += an->docs[i].text_len;
  if (want == 0) return true;
  cli_input *in = cli_input_open(an->paths, an->npaths, &an->opt);
  if (!in) return false;
  progress_stage(&an->prog, "reading report texts");
  vb_document doc;
  int got;
  size_t index = 0;
  bool ok = true;
  while (ok && index < an->ndocs && (got = cli_input_next(in, &doc)) != 0) {
    if (got < 0) {
      ok = false;
      break;
    }
    an_doc *d = &an->docs[index++];
    if (!d->text_len) continue;
    if (doc.text.len != d->bytes) {
      fprintf(stderr, "verbatim analyze: %s changed while being read\n", d->id);
      ok = false;
      break;
    }
    d->text = dup_mem(doc.text.data, doc.text.len);
    d->text_len = doc.text.len;
    if (!d->text) ok = oom();
    progress_update(&an->prog, index, an->ndocs, "docs");
  }
  cli_input_close(in);
  return ok;
}

static bool write_report(analysis *an, const char *dir) {
  size_t n = strlen(dir) + 16;
  char *path = malloc(n);
  if (!path) return oom();
  snprintf(path, n, "%s/report.html", dir);
  FILE *f = fopen(path, "wb");
  bool ok = f != NULL;
  if (f) {
    report_input ri = {an->docs, an->ndocs,     an->pairs, an->npairs,
                       an->min_score, an->m, &an->sum, "results.cbor"};
    ok = report_write_html(f, &ri);
    ok = fclose(f) == 0 && ok;
  }
  if (!ok) fprintf(stderr, "verbatim analyze: %s: could not write: %s\n", path, strerror(errno));
  free(path);
  return ok;
}

static void print_summary(const analysis *an, const char *dir) {
  const an_summary *s = &an->sum;
  if (an->opt.json) {
    /* The summary record, as JSON. */
    vb_writer *w = vb_writer_new(NULL), *j = vb_writer_new(NULL);
    vb_error err;
    if (w && j && write_summary(w, s, &err) == VB_OK) {
      size_t len;
      const uint8_t *data = vb_writer_data(w, &len);
      if (vb_writer_json(j, data, len, &err) == VB_OK) cli_flush(j, stdout, "stdout");
    }
    vb_writer_free(w);
    vb_writer_free(j);
    return;
  }
  printf("verbatim analyze: %zu documents in %.2f s\n\n", s->documents, s->seconds);
  printf("  %-28s %8zu\n", "documents", s->documents);
  printf("  %-28s %8zu\n", "similar pairs", s->pairs);
  printf("  %-28s %8zu\n", "quotes", s->quotes);
  printf("  %-28s %8zu\n", "quote matches", s->matches);
  for (int i = 0; i < 7; i++) {
    char label[40];
    snprintf(label, sizeof label, "  %s", vb_match_kind_name((vb_match_kind)i));
    printf("  %-28s %8zu\n", label, s->by_kind[i]);
  }
  printf("  %-28s %8zu\n", "speaker conflicts", s->conflicts);
  printf("  %-28s %8zu\n", "quote clusters", s->clusters);
  printf("  %-28s %8.2f\n", "seconds", s->seconds);
  printf("\nreport:  %s/report.html\nresults: %s/results.cbor\n", dir, dir);
}

static bool make_dir(const char *dir) {
  if (mkdir(dir, 0777) == 0 || errno == EEXIST) {
    struct stat st;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) return true;
    fprintf(stderr, "verbatim analyze: %s is not a directory\n", dir);
    return false;
  }
  fprintf(stderr, "verbatim analyze: cannot create %s: %s\n", dir, strerror(errno));
  return false;
}

static int parse_args(int argc, char **argv, analysis *an, const char **dir) {
  static const char *const extra[] = {"-o=", "--min-score=", NULL};
  argc = cli_parse_common(argc, argv, &an->opt, extra);
  if (argc < 0) return EXIT_USAGE;
  an->paths = argv + 1;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-o") == 0) {
      *dir = argv[++i];
    } else if (strncmp(argv[i], "--min-score", 11) == 0) {
      const char *eq = strchr(argv[i], '=');
      const char *val = eq ? eq + 1 : argv[++i];
      char *end;
      an->min_score = strtod(val, &end);
      if (*val == '\0' || *end != '\0' || !(an->min_score >= 0 && an->min_score <= 1)) {
        fprintf(stderr, "verbatim analyze: --min-score needs a number 0..1, not '%s'\n", val);
        return EXIT_USAGE;
      }
    } else {
      an->paths[an->npaths++] = argv[i];
    }
  }
  if (an->npaths == 0 || !*dir) {
    fputs(analyze_help, stderr);
    return EXIT_USAGE;
  }
  return EXIT_OK;
}

int cmd_analyze(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(analyze_help, stdout);
      return EXIT_OK;
    }
  analysis an;
  memset(&an, 0, sizeof an);
  an.min_score = 0.1;
  const char *dir = NULL;
  int rc = parse_args(argc, argv, &an, &dir);
  if (rc != EXIT_OK) return rc;
  double t0 = now_seconds();
  an.prog.on = !an.opt.quiet && isatty(STDERR_FILENO);
  if (!make_dir(dir)) return EXIT_BAD_INPUT;
  an.seg = vb_segmenter_new(NULL);
  an.words = vb_words_new(NULL);
  an.sim = vb_similar_new(NULL);
  an.qx = vb_quote_extractor_new(NULL);
  vb_quote_extractor_set_limits(an.qx, an.opt.max_doc_bytes, an.opt.max_quotes);
  an.m = vb_matcher_new(NULL, NULL);
  an.w = vb_writer_new(NULL);
  size_t n = strlen(dir) + 16;
  char *out_name = malloc(n);
  if (out_name) snprintf(out_name, n, "%s/results.cbor", dir);
  an.out_name = out_name;
  bool ok = an.seg && an.words && an.sim && an.qx && an.m && an.w && out_name ? true : oom();
  vb_similar_options so = vb_similar_options_default();
  so.min_score = an.min_score;
  vb_error err;
  if (ok && vb_similar_configure(an.sim, &so, &err) != VB_OK) {
    cli_report("analyze", &err);
    ok = false;
  }
  if (ok && !(an.out = fopen(out_name, "wb"))) {
    fprintf(stderr, "verbatim analyze: %s: %s\n", out_name, strerror(errno));
    ok = false;
  }
  ok = ok && pass_index(&an);
  an.sum.documents = an.ndocs;
  ok = ok && compare_pairs(&an);
  ok = ok && pass_scan(&an);
  ok = ok && pass_texts(&an);
  progress_clear(&an.prog);
  an.sum.seconds = now_seconds() - t0;
  if (ok && write_summary(an.w, &an.sum, &err) != VB_OK) {
    cli_report("analyze", &err);
    ok = false;
  }
  ok = ok && cli_flush(an.w, an.out, out_name);
  if (an.out && fclose(an.out) != 0 && ok) {
    fprintf(stderr, "verbatim analyze: %s: %s\n", out_name, strerror(errno));
    ok = false;
  }
  ok = ok && write_report(&an, dir);
  if (ok) print_summary(&an, dir);
  fflush(stdout);
  free(out_name);
  analysis_free(&an);
  return ok ? EXIT_OK : EXIT_BAD_INPUT;
}
