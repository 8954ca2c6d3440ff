/* Shared pieces of the `verbatim` command: input iteration over PATH
 * arguments, option parsing helpers and exit codes. Only the CLI prints. */
#ifndef VB_CLI_H
#define VB_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "verbatim/verbatim.h"

enum { EXIT_OK = 0, EXIT_BAD_INPUT = 1, EXIT_USAGE = 2 };

/* Options every command that reads documents understands. */
typedef struct cli_common {
  bool json;      /* --json: JSON Lines on stdout */
  bool lenient;   /* --lenient: replace invalid UTF-8 in text files with U+FFFD */
  bool skip_bad;  /* --skip-bad: report bad records and go on */
  bool quiet;     /* --quiet */
  /* Limits on untrusted input; 0 keeps the library's default.
   * --max-doc-bytes: a document's text (text file or CBOR text string);
   * --max-record-bytes, --max-depth, --max-items: one CBOR record;
   * --max-quotes: quotes in one document (quotes and analyze; the matcher of
 * `match` keeps the extractor's default). */
  size_t max_doc_bytes, max_record_bytes, max_items, max_quotes;
  uint32_t max_depth;
} cli_common;

/* The limit flags, for each command's --help. */
#define CLI_LIMITS_HELP                                                                 \
  "Limits on untrusted input (a document or record over one is an error naming\n"       \
  "it and the limit; K, M and G suffixes are binary): --max-doc-bytes N (a\n"           \
  "document's text, default 128M), --max-record-bytes N (one CBOR record, default\n"    \
  "256M), --max-depth N (CBOR nesting, default 32, at most 256), --max-items N (data\n" \
  "items in one record, default 4M), --max-quotes N (quotes in one document, for\n"    \
  "quotes and analyze; default 1M).\n"

/* The reader limits the options ask for (defaults where they are 0). */
vb_limits cli_limits(const cli_common *opt);

/* Documents from PATH arguments: text files (id = file name without its
 * extension), directories (their .txt and .cbor files, sorted by name) and
 * .cbor sequences of document records. */
typedef struct cli_input cli_input;

cli_input *cli_input_open(char **paths, int npaths, const cli_common *opt);
/* 1 and fills doc (valid until the next call); 0 at the end; -1 after an
 * error that was printed and ends the input. A bad record skipped under
 * --skip-bad is printed and counted, and reading goes on. */
int cli_input_next(cli_input *in, vb_document *doc);
long cli_input_skipped(const cli_input *in);
/* The number of documents when every input is a text file (known before
 * reading); -1 when a .cbor sequence is among them. */
long cli_input_known_count(const cli_input *in);
void cli_input_close(cli_input *in);

/* Print "verbatim: <where>: <error>" to stderr. */
void cli_report(const char *where, const vb_error *err);

/* Write and empty the writer; false on an I/O error (printed). */
bool cli_flush(vb_writer *w, FILE *out, const char *name);

/* Parse the shared flags (including the limits) out of argv, leaving the
 * rest (positional and command-specific) in place; returns the new argc, or
 * -1 on an unknown flag or a bad limit (printed). `extra` lists command flags to leave alone (NULL-terminated;
 * entries ending in '=' take a value). */
int cli_parse_common(int argc, char **argv, cli_common *opt, const char *const *extra);

/* Print `help` to stdout when argv holds --help or -h; true when it did. */
bool cli_help(int argc, char **argv, const char *help);

/* After cli_parse_common with "-o=" and "--output=" as extras: move the
 * PATH arguments to argv[1..] and return their count, setting *out_path to
 * the -o / --output value (NULL when absent). */
int cli_paths_and_output(int argc, char **argv, const char **out_path);

/* Command entry points: argv[0] is the command name. */
int cmd_ingest(int argc, char **argv);
int cmd_cat(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_paragraphs(int argc, char **argv);
int cmd_tokens(int argc, char **argv);
int cmd_quotes(int argc, char **argv);
int cmd_match(int argc, char **argv);
int cmd_similar(int argc, char **argv);
int cmd_normalize(int argc, char **argv);
int cmd_analyze(int argc, char **argv);

#endif
