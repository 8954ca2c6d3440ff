/* The `verbatim` command: one binary, one subcommand per stage. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} command;

static const command commands[] = {
    {"analyze", cmd_analyze, "the whole pipeline: results.cbor and a report.html to read"},
    {"ingest", cmd_ingest, "text files and directories -> a CBOR sequence of documents"},
    {"cat", cmd_cat, "print the records of CBOR sequences as JSON Lines"},
    {"check", cmd_check, "validate CBOR sequences of documents and summarise them"},
    {"normalize", cmd_normalize, "print documents normalized for matching, with offset maps"},
    {"tokens", cmd_tokens, "UAX #29 tokens of each document with byte spans"},
    {"paragraphs", cmd_paragraphs, "paragraphs of each document, content or boilerplate (why)"},
    {"similar", cmd_similar, "document pairs that reuse text, with aligned passages"},
    {"quotes", cmd_quotes, "direct quotations and their speakers, as JSON Lines with --json"},
    {"match", cmd_match, "where each quote appears elsewhere and how it changed; clusters"},
};

static void usage(FILE *out) {
  fprintf(out,
          "usage: verbatim COMMAND [ARGS...]\n"
          "\n"
          "Track how news text and quotations travel between outlets.\n"
          "\n"
          "commands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(out,
          "\n"
          "Every command takes PATH arguments (text files, directories, .cbor sequences)\n"
          "and --help. Exit status: 0 ok, 1 bad input, 2 usage.\n"
          "\n" CLI_LIMITS_HELP
          "\n"
          "example:\n"
          "  verbatim analyze examples/corpus -o out && open out/report.html\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return EXIT_USAGE;
  }
  const char *name = argv[1];
  if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
    usage(stdout);
    return EXIT_OK;
  }
  if (strcmp(name, "--version") == 0) {
    printf("verbatim %s\n", vb_version_string());
    return EXIT_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(name, commands[i].name) == 0) return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "verbatim: unknown command '%s'\n\n", name);
  usage(stderr);
  return EXIT_USAGE;
}
