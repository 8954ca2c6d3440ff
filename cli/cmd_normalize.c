/* `verbatim normalize`: print documents as the matcher sees them. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char normalize_help[] =
    "usage: verbatim normalize PATH... [OPTIONS] [--json] [--lenient] [--skip-bad]\n"
    "\n"
    "Print each document's text normalized, one document after another (each\n"
    "followed by a newline). With no option below, the default set used for\n"
    "matching: --nfkc --casefold --quotes --dashes --ellipsis --spaces --invisibles.\n"
    "Options given replace the default set; --default adds it back.\n"
    "\n"
    "  --nfc | --nfkc          Unicode normalization form\n"
    "  --casefold              full case folding (Strasse, not Straße)\n"
    "  --quotes                curly, angle and CJK quotation marks -> \" and '\n"
    "  --dashes                hyphens, dashes and minus signs -> -\n"
    "  --ellipsis              ... for the ellipsis character\n"
    "  --spaces                tabs and Unicode spaces -> ' '\n"
    "  --collapse-spaces       runs of spaces -> one (implies --spaces)\n"
    "  --invisibles            drop zero-width characters, bidi controls, BOM,\n"
    "                          soft hyphens, variation selectors\n"
    "  --strip-marks           drop accents (cafe for café)\n"
    "  --confusables           Cyrillic/Greek look-alikes -> Latin inside Latin words\n"
    "  --confusables-all       ... everywhere\n"
    "  --default               the default set, with any options above added\n"
    "\n"
    "--json prints one JSON object per document (JSON Lines):\n"
    "  {\"doc\": ID, \"map\": [[out_start, in_start, out_len, in_len, exact], ...],\n"
    "   \"text\": NORMALIZED, \"type\": \"normalized\", \"quotes\": [[offset, role], ...]}\n"
    "where each map segment says which bytes of the original text the output bytes\n"
    "came from (see docs/records.md).\n"
    "\n"
    "example:\n"
    "  verbatim normalize article.txt --default --collapse-spaces --json\n";

static const struct {
  const char *flag;
  unsigned bits;
} options[] = {
    {"--nfc", VB_NORM_NFC},
    {"--nfkc", VB_NORM_NFKC},
    {"--casefold", VB_NORM_CASEFOLD},
    {"--quotes", VB_NORM_QUOTES},
    {"--dashes", VB_NORM_DASHES},
    {"--ellipsis", VB_NORM_ELLIPSIS},
    {"--spaces", VB_NORM_SPACES},
    {"--collapse-spaces", VB_NORM_SPACES | VB_NORM_COLLAPSE_SPACES},
    {"--invisibles", VB_NORM_INVISIBLES},
    {"--strip-marks", VB_NORM_STRIP_MARKS},
    {"--confusables", VB_NORM_CONFUSABLES},
    {"--confusables-all", VB_NORM_CONFUSABLES_ALL},
    {"--default", VB_NORM_DEFAULT},
};
#define NOPTIONS (sizeof options / sizeof options[0])

int cmd_normalize(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(normalize_help, stdout);
      return EXIT_OK;
    }
  const char *extra[NOPTIONS + 1];
  for (size_t k = 0; k < NOPTIONS; k++) extra[k] = options[k].flag;
  extra[NOPTIONS] = NULL;
  cli_common opt = {0};
  argc = cli_parse_common(argc, argv, &opt, extra);
  if (argc < 0) return EXIT_USAGE;
  unsigned flags = 0;
  bool any = false;
  char **paths = argv + 1;
  int npaths = 0;
  for (int i = 1; i < argc; i++) {
    size_t k = 0;
    while (k < NOPTIONS && strcmp(argv[i], options[k].flag) != 0) k++;
    if (k < NOPTIONS) {
      flags |= options[k].bits;
      any = true;
    } else {
      paths[npaths++] = argv[i];
    }
  }
  if (npaths == 0) {
    fputs(normalize_help, stderr);
    return EXIT_USAGE;
  }
  if (!any) flags = VB_NORM_DEFAULT;
  vb_error err;
  vb_normalizer *n = vb_normalizer_new(NULL, flags, &err);
  if (n == NULL) {
    fprintf(stderr, "verbatim normalize: %s\n", err.message);
    return err.status == VB_ERR_ARG ? EXIT_USAGE : EXIT_BAD_INPUT;
  }
  vb_writer *rec = vb_writer_new(NULL), *out = vb_writer_new(NULL);
  cli_input *in = rec && out ? cli_input_open(paths, npaths, &opt) : NULL;
  int rc = in ? EXIT_OK : EXIT_BAD_INPUT;
  vb_document doc;
  int got;
  while (rc == EXIT_OK && (got = cli_input_next(in, &doc)) != 0) {
    if (got < 0) {
      rc = EXIT_BAD_INPUT;
      break;
    }
    if (vb_normalizer_run(n, doc.text.data, doc.text.len, &err) != VB_OK) {
      char where[300];
      snprintf(where, sizeof where, "%.*s", (int)doc.id.len, doc.id.data);
      cli_report(where, &err);
      rc = EXIT_BAD_INPUT;
      if (opt.skip_bad) {
        rc = EXIT_OK;
        continue;
      }
      break;
    }
    if (opt.json) {
      size_t len;
      const uint8_t *item;
      vb_writer_reset(rec);
      if (vb_normalizer_write(n, rec, doc.id.data, doc.id.len, &err) != VB_OK ||
          (item = vb_writer_data(rec, &len), vb_writer_json(out, item, len, &err)) != VB_OK) {
        cli_report("normalize", &err);
        rc = EXIT_BAD_INPUT;
        break;
      }
      if (!cli_flush(out, stdout, "stdout")) rc = EXIT_BAD_INPUT;
    } else {
      size_t len;
      const char *text = vb_normalizer_output(n, &len);
      if ((len && fwrite(text, 1, len, stdout) != len) || fputc('\n', stdout) == EOF) {
        fprintf(stderr, "verbatim: stdout: write failed\n");
        rc = EXIT_BAD_INPUT;
      }
    }
  }
  if (in && cli_input_skipped(in)) rc = EXIT_BAD_INPUT;
  if (fflush(stdout) != 0) rc = EXIT_BAD_INPUT;
  cli_input_close(in);
  vb_writer_free(rec);
  vb_writer_free(out);
  vb_normalizer_free(n);
  return rc;
}
