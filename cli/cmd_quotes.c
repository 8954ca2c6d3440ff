/* `verbatim quotes`: direct quotations and their speakers. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char quotes_help[] =
    "usage: verbatim quotes PATH... [--json] [--lenient] [--skip-bad] [--no-speakers]\n"
    "\n"
    "Find the direct quotations of each document (text between quotation marks in\n"
    "every common house style), tell whole quoted sentences (full) from quoted\n"
    "words inside the writer's sentence (fragment), group the parts of split and\n"
    "multi-paragraph quotes, and name the speaker when the text does (\"...,\" said\n"
    "X / X said: / according to X / she added). Unnamed sources give no speaker.\n"
    "\n"
    "Without --json, one line per quote: doc, span, kind, group, speaker, text.\n"
    "With --json, one JSON object per quote: doc, start, end (byte offsets into the\n"
    "document's text, end exclusive), text, kind, group, speaker, speaker_start,\n"
    "speaker_end, cue, paragraph, flags (unbalanced, boilerplate, multi_paragraph,\n"
    "split), type.\n"
    "\n" CLI_LIMITS_HELP
    "\n"
    "example:\n"
    "  verbatim quotes examples/corpus --json | head -n 3\n";

static void print_plain(const vb_document *doc, const vb_quote_extractor *ex) {
  size_t n, nlen;
  const vb_quote *q = vb_quote_extractor_quotes(ex, &n);
  const char *names = vb_quote_extractor_names(ex, &nlen);
  for (size_t i = 0; i < n; i++) {
    printf("%.*s\t%zu-%zu\t%s\t%u\t%.*s\t%.*s\n", (int)doc->id.len, doc->id.data, q[i].start,
           q[i].end, vb_quote_kind_name(q[i].kind), q[i].group,
           q[i].speaker_len ? (int)q[i].speaker_len : 1,
           q[i].speaker_len ? names + q[i].speaker_offset : "-", (int)(q[i].end - q[i].start),
           doc->text.data + q[i].start);
  }
}

int cmd_quotes(int argc, char **argv) {
  if (cli_help(argc, argv, quotes_help)) return EXIT_OK;
  cli_common opt = {0};
  static const char *const extra[] = {"--no-speakers", NULL};
  argc = cli_parse_common(argc, argv, &opt, extra);
  if (argc < 0) return EXIT_USAGE;
  uint32_t options = 0;
  char **paths = argv + 1;
  int npaths = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--no-speakers") == 0) options |= VB_QUOTE_NO_SPEAKERS;
    else paths[npaths++] = argv[i];
  }
  if (npaths == 0) {
    fputs(quotes_help, stderr);
    return EXIT_USAGE;
  }
  cli_input *in = cli_input_open(paths, npaths, &opt);
  vb_quote_extractor *ex = vb_quote_extractor_new(NULL);
  vb_writer *rec = vb_writer_new(NULL);
  vb_writer *json = vb_writer_new(NULL);
  int rc = in && ex && rec && json ? EXIT_OK : EXIT_BAD_INPUT;
  vb_quote_extractor_set_limits(ex, opt.max_doc_bytes, opt.max_quotes);
  vb_document doc;
  int got;
  while (rc == EXIT_OK && (got = cli_input_next(in, &doc)) != 0) {
    if (got < 0) {
      rc = EXIT_BAD_INPUT;
      break;
    }
    vb_error err;
    char where[512];
    snprintf(where, sizeof where, "%.*s", (int)doc.id.len, doc.id.data);
    if (vb_quote_extractor_run(ex, doc.text.data, doc.text.len, NULL, 0, options, &err) != VB_OK) {
      cli_report(where, &err);
      rc = EXIT_BAD_INPUT;
      if (opt.skip_bad) rc = EXIT_OK;
      continue;
    }
    if (!opt.json) {
      print_plain(&doc, ex);
      continue;
    }
    vb_writer_reset(rec);
    if (vb_quote_extractor_write(ex, rec, doc.id.data, doc.id.len, doc.text.data, doc.text.len,
                                 &err) != VB_OK) {
      cli_report(where, &err);
      rc = EXIT_BAD_INPUT;
      break;
    }
    size_t len;
    const uint8_t *data = vb_writer_data(rec, &len);
    /* The record stream is a sequence of maps; print each as one line. */
    vb_reader *r = vb_reader_new(NULL);
    if (!r || vb_reader_open_memory(r, data, len) != VB_OK) {
      vb_reader_free(r);
      rc = EXIT_BAD_INPUT;
      break;
    }
    const uint8_t *item;
    size_t ilen;
    vb_status st;
    while ((st = vb_reader_next_item(r, &item, &ilen, &err)) == VB_OK) {
      if (vb_writer_json(json, item, ilen, &err) != VB_OK) break;
    }
    vb_reader_free(r);
    if (st != VB_END) {
      cli_report(where, &err);
      rc = EXIT_BAD_INPUT;
      break;
    }
    if (!cli_flush(json, stdout, "stdout")) rc = EXIT_BAD_INPUT;
  }
  fflush(stdout);
  cli_input_close(in);
  vb_quote_extractor_free(ex);
  vb_writer_free(rec);
  vb_writer_free(json);
  return rc;
}
