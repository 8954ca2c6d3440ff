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
} cli_common;

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

/* Parse the shared flags out of argv, leaving the rest (positional and
 * command-specific) in place; returns the new argc, or -1 on an unknown
 * flag. `extra` lists command flags to leave alone (NULL-terminated;
 * entries ending in '=' take a value). */
int cli_parse_common(int argc, char **argv, cli_common *opt, const char *const *extra);

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
