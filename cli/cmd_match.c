/* `verbatim match`: where else each quotation appears, and how it changed. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char match_help[] =
    "usage: verbatim match PATH... [--json] [--clusters] [-o OUT.cbor] [--lenient] [--skip-bad]\n"
    "\n"
    "Find every place where a quote of one document appears in another, and say\n"
    "how: exact, normalized (equal after Unicode/case/quote-mark/dash folding),\n"
    "altered (word edits listed), truncated, split, merged, or unquoted (the words\n"
    "in running text without quotation marks). Each match names both speakers and\n"
    "flags speaker_conflict when the same words are given to different people.\n"
    "Quotes linked by matches form clusters, each with its most complete form.\n"
    "\n"
    "The documents are read twice (once to index their quotes, once to scan), so\n"
    "memory holds the quotes, not the corpus.\n"
    "\n"
    "With --json, one JSON object per match: a and b ({doc, start, end, text,\n"
    "speaker}, byte offsets into each document), kind, similarity (share of a's\n"
    "words found, 0..1), edits ([{op: sub|ins|del, a, b}]), speaker_conflict,\n"
    "cluster. --clusters prints the clusters instead. -o writes the records as a\n"
    "CBOR sequence.\n"
    "\n"
    "example:\n"
    "  verbatim match examples/corpus --json | head -n 3\n";

static void print_plain(const vb_matcher *m) {
  size_t n, slen;
  const vb_match *x = vb_matcher_matches(m, &n);
  const char *S = vb_matcher_strings(m, &slen);
  for (size_t i = 0; i < n; i++) {
    size_t la, lb;
    const char *da = vb_matcher_doc_id(m, x[i].a.doc, &la);
    const char *db = vb_matcher_doc_id(m, x[i].b.doc, &lb);
    printf("%-10s %.*s:%zu-%zu -> %.*s:%zu-%zu%s  \"%.*s\"\n", vb_match_kind_name(x[i].kind),
           (int)la, da, x[i].a.start, x[i].a.end, (int)lb, db, x[i].b.start, x[i].b.end,
           x[i].speaker_conflict ? "  [speaker conflict]" : "",
           x[i].a.text_len > 70 ? 70 : (int)x[i].a.text_len, S + x[i].a.text_off);
  }
}

int cmd_match(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(match_help, stdout);
      return EXIT_OK;
    }
  cli_common opt = {0};
  static const char *const extra[] = {"--clusters", "-o=", NULL};
  argc = cli_parse_common(argc, argv, &opt, extra);
  if (argc < 0) return EXIT_USAGE;
  bool clusters = false;
  const char *out_path = NULL;
  char **paths = argv + 1;
  int npaths = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--clusters") == 0) clusters = true;
    else if (strcmp(argv[i], "-o") == 0) out_path = argv[++i];
    else paths[npaths++] = argv[i];
  }
  if (npaths == 0) {
    fputs(match_help, stderr);
    return EXIT_USAGE;
  }
  vb_matcher *m = vb_matcher_new(NULL, NULL);
  vb_writer *w = vb_writer_new(NULL);
  int rc = m && w ? EXIT_OK : EXIT_BAD_INPUT;
  /* Pass 1 indexes every document's quotes; pass 2 scans each document. */
  for (int pass = 0; pass < 2 && rc == EXIT_OK; pass++) {
    cli_input *in = cli_input_open(paths, npaths, &opt);
    if (!in) rc = EXIT_BAD_INPUT;
    vb_document doc;
    int got;
    uint32_t index = 0;
    while (rc == EXIT_OK && (got = cli_input_next(in, &doc)) != 0) {
      if (got < 0) {
        rc = EXIT_BAD_INPUT;
        break;
      }
      vb_error err;
      vb_status st = pass == 0 ? vb_matcher_add(m, doc.id.data, doc.id.len, doc.text.data,
                                                doc.text.len, &err)
                               : vb_matcher_scan(m, index, doc.text.data, doc.text.len, &err);
      index++;
      if (st != VB_OK) {
        char where[300];
        snprintf(where, sizeof where, "%.*s", (int)doc.id.len, doc.id.data);
        cli_report(where, &err);
        rc = EXIT_BAD_INPUT;
      }
    }
    cli_input_close(in);
  }
  vb_error err;
  if (rc == EXIT_OK && vb_matcher_finish(m, &err) != VB_OK) {
    cli_report("match", &err);
    rc = EXIT_BAD_INPUT;
  }
  if (rc == EXIT_OK) {
    vb_status st = clusters ? vb_matcher_write_clusters(m, w, &err)
                            : vb_matcher_write_matches(m, w, &err);
    if (st != VB_OK) {
      cli_report("match", &err);
      rc = EXIT_BAD_INPUT;
    }
  }
  if (rc == EXIT_OK && out_path) {
    FILE *f = fopen(out_path, "wb");
    if (!f || !cli_flush(w, f, out_path)) rc = EXIT_BAD_INPUT;
    if (f) fclose(f);
  } else if (rc == EXIT_OK && (opt.json || clusters)) {
    size_t len;
    const uint8_t *data = vb_writer_data(w, &len);
    vb_reader *r = vb_reader_new(NULL);
    vb_writer *j = vb_writer_new(NULL);
    const uint8_t *item;
    size_t ilen;
    if (r && j && vb_reader_open_memory(r, data, len) == VB_OK) {
      while (vb_reader_next_item(r, &item, &ilen, &err) == VB_OK)
        if (vb_writer_json(j, item, ilen, &err) != VB_OK || !cli_flush(j, stdout, "stdout")) {
          rc = EXIT_BAD_INPUT;
          break;
        }
    }
    vb_reader_free(r);
    vb_writer_free(j);
  } else if (rc == EXIT_OK) {
    print_plain(m);
  }
  vb_matcher_free(m);
  vb_writer_free(w);
  return rc;
}
