/* `verbatim ingest`, `cat` and `check`: documents into CBOR and back. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char ingest_help[] =
    "usage: verbatim ingest PATH... -o OUT.cbor [--lenient] [--skip-bad] [--quiet]\n"
    "\n"
    "Turn text files, directories of .txt files and .cbor sequences into one CBOR\n"
    "sequence of document records. A text file's id is its name without the\n"
    "extension; its text is kept byte for byte. Invalid UTF-8 is an error naming the\n"
    "file and byte offset, or, with --lenient, replaced with U+FFFD and reported.\n"
    "The output is written to OUT.cbor.tmp and renamed when complete; -o - writes to\n"
    "stdout.\n"
    "\n" CLI_LIMITS_HELP
    "\n"
    "example:\n"
    "  verbatim ingest examples/corpus -o corpus.cbor\n";

int cmd_ingest(int argc, char **argv) {
  if (cli_help(argc, argv, ingest_help)) return EXIT_OK;
  cli_common opt = {0};
  static const char *const extra[] = {"-o=", "--output=", NULL};
  argc = cli_parse_common(argc, argv, &opt, extra);
  if (argc < 0) return EXIT_USAGE;
  const char *out_path;
  char **paths = argv + 1;
  int npaths = cli_paths_and_output(argc, argv, &out_path);
  if (!out_path || npaths == 0) {
    fputs(ingest_help, stderr);
    return EXIT_USAGE;
  }
  bool to_stdout = strcmp(out_path, "-") == 0;
  size_t tmplen = strlen(out_path) + 5;
  char *tmp = malloc(tmplen);
  if (!tmp) return EXIT_BAD_INPUT;
  snprintf(tmp, tmplen, "%s.tmp", out_path);
  FILE *out = to_stdout ? stdout : fopen(tmp, "wb");
  if (!out) {
    fprintf(stderr, "verbatim: %s: %s\n", tmp, strerror(errno));
    free(tmp);
    return EXIT_BAD_INPUT;
  }
  cli_input *in = cli_input_open(paths, npaths, &opt);
  vb_writer *w = vb_writer_new(NULL);
  int rc = in && w ? EXIT_OK : EXIT_BAD_INPUT;
  long count = 0;
  vb_document doc;
  int got;
  while (rc == EXIT_OK && (got = cli_input_next(in, &doc)) != 0) {
    vb_error err;
    if (got < 0 || vb_writer_document(w, &doc, &err) != VB_OK) {
      if (got > 0) cli_report(out_path, &err);
      rc = EXIT_BAD_INPUT;
      break;
    }
    if (!cli_flush(w, out, out_path)) rc = EXIT_BAD_INPUT;
    count++;
  }
  if (!to_stdout) {
    if (fclose(out) != 0 && rc == EXIT_OK) {
      fprintf(stderr, "verbatim: %s: %s\n", tmp, strerror(errno));
      rc = EXIT_BAD_INPUT;
    }
    if (rc == EXIT_OK && rename(tmp, out_path) != 0) {
      fprintf(stderr, "verbatim: %s: %s\n", out_path, strerror(errno));
      rc = EXIT_BAD_INPUT;
    }
    if (rc != EXIT_OK) unlink(tmp);
  } else {
    fflush(stdout);
  }
  if (rc == EXIT_OK && !opt.quiet)
    fprintf(stderr, "verbatim: wrote %ld document%s to %s%s\n", count, count == 1 ? "" : "s",
            out_path,
            in && cli_input_skipped(in) ? " (some bad records skipped)" : "");
  cli_input_close(in);
  vb_writer_free(w);
  free(tmp);
  return rc;
}

static const char cat_help[] =
    "usage: verbatim cat FILE.cbor... [--skip-bad]\n"
    "\n"
    "Print every record of CBOR sequences as JSON Lines (one JSON object per\n"
    "line), whatever its schema: documents, tokens, quotes, matches.\n"
    "\n" CLI_LIMITS_HELP
    "\n"
    "example:\n"
    "  verbatim cat corpus.cbor | head -n 2\n";

static const char check_help[] =
    "usage: verbatim check FILE.cbor... [--skip-bad] [--json]\n"
    "\n"
    "Validate CBOR sequences of document records and print a summary: records,\n"
    "documents, text bytes. The first bad record is reported with its index,\n"
    "field and byte offset and the exit status is 1; with --skip-bad, every bad\n"
    "record is reported and skipped.\n"
    "\n" CLI_LIMITS_HELP
    "\n"
    "example:\n"
    "  verbatim check corpus.cbor\n";

/* cat and check share the walk over records; they differ in what they do
 * with each one. */
static int walk_files(int argc, char **argv, bool as_documents) {
  const char *help = as_documents ? check_help : cat_help;
  if (cli_help(argc, argv, help)) return EXIT_OK;
  cli_common opt = {0};
  argc = cli_parse_common(argc, argv, &opt, NULL);
  if (argc < 0) return EXIT_USAGE;
  if (argc < 2) {
    fputs(help, stderr);
    return EXIT_USAGE;
  }
  vb_reader *r = vb_reader_new(NULL);
  vb_writer *w = vb_writer_new(NULL);
  if (!r || !w) {
    fprintf(stderr, "verbatim: out of memory\n");
    vb_reader_free(r);
    vb_writer_free(w);
    return EXIT_BAD_INPUT;
  }
  vb_limits lim = cli_limits(&opt);
  vb_reader_set_limits(r, &lim);
  int rc = EXIT_OK;
  for (int i = 1; i < argc; i++) {
    const char *path = argv[i];
    vb_error err;
    if (vb_reader_open_file(r, path, &err) != VB_OK) {
      cli_report(path, &err);
      rc = EXIT_BAD_INPUT;
      continue;
    }
    long records = 0, bad = 0;
    unsigned long long text_bytes = 0;
    for (;;) {
      vb_status st;
      if (as_documents) {
        vb_document doc;
        st = vb_reader_next(r, &doc, &err);
        if (st == VB_OK) text_bytes += doc.text.len;
      } else {
        const uint8_t *item;
        size_t len;
        st = vb_reader_next_item(r, &item, &len, &err);
        if (st == VB_OK) {
          st = vb_writer_json(w, item, len, &err);
          if (st == VB_OK && !cli_flush(w, stdout, "stdout")) {
            rc = EXIT_BAD_INPUT;
            break;
          }
        }
      }
      if (st == VB_END) break;
      if (st == VB_OK) {
        records++;
        continue;
      }
      cli_report(path, &err);
      bad++;
      rc = EXIT_BAD_INPUT;
      if (!opt.skip_bad || vb_reader_failed(r)) break;
    }
    if (as_documents) {
      if (opt.json)
        printf("{\"file\":\"%s\",\"documents\":%ld,\"bad\":%ld,\"text_bytes\":%llu}\n", path,
               records, bad, text_bytes);
      else
        printf("%s: %ld document%s, %llu bytes of text, %ld bad record%s\n", path, records,
               records == 1 ? "" : "s", text_bytes, bad, bad == 1 ? "" : "s");
    }
  }
  fflush(stdout);
  vb_reader_free(r);
  vb_writer_free(w);
  return rc;
}

int cmd_cat(int argc, char **argv) { return walk_files(argc, argv, false); }
int cmd_check(int argc, char **argv) { return walk_files(argc, argv, true); }
