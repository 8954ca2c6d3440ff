/* `verbatim paragraphs` and `verbatim tokens`: the segmenter's results for
 * each document, as JSON Lines (--json), a CBOR sequence (-o FILE.cbor) or
 * lines for people. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char paragraphs_help[] =
    "usage: verbatim paragraphs PATH... [--json | -o OUT.cbor] [--lenient] [--skip-bad]\n"
    "\n"
    "Split each document into paragraphs (blank-line separated, or one per line when\n"
    "the document is written that way) and classify each as content or boilerplate\n"
    "with a reason: headline, byline, author_bio, dateline, caption, furniture,\n"
    "teaser, navigation. --json prints one line per paragraph:\n"
    "  {\"doc\",\"index\",\"start\",\"end\",\"boilerplate\":bool,\"why\":reason|null}\n"
    "with byte offsets into the document's text. -o writes paragraph records.\n"
    "\n"
    "example:\n"
    "  verbatim paragraphs examples/corpus --json | grep '\"boilerplate\":true'\n";

static const char tokens_help[] =
    "usage: verbatim tokens PATH... [--json | -o OUT.cbor] [--lenient] [--skip-bad]\n"
    "\n"
    "Split each document into UAX #29 tokens (words, numbers, punctuation, symbols,\n"
    "spaces, newlines) that together cover every byte. --json prints one line per\n"
    "token: {\"doc\",\"start\",\"end\",\"kind\",\"norm\"}, where norm is the NFKC,\n"
    "case-folded form used for hashing. -o writes token records.\n"
    "\n"
    "example:\n"
    "  verbatim tokens article.txt --json | head\n";

static int run(int argc, char **argv, bool paragraphs) {
  const char *help = paragraphs ? paragraphs_help : tokens_help;
  if (cli_help(argc, argv, help)) return EXIT_OK;
  cli_common opt = {0};
  static const char *const extra[] = {"-o=", "--output=", NULL};
  argc = cli_parse_common(argc, argv, &opt, extra);
  if (argc < 0) return EXIT_USAGE;
  const char *out_path;
  char **paths = argv + 1;
  int npaths = cli_paths_and_output(argc, argv, &out_path);
  if (npaths == 0 || (out_path && opt.json)) {
    fputs(help, stderr);
    return EXIT_USAGE;
  }
  FILE *out = stdout;
  if (out_path && strcmp(out_path, "-") != 0) {
    out = fopen(out_path, "wb");
    if (!out) {
      perror(out_path);
      return EXIT_BAD_INPUT;
    }
  }
  cli_input *in = cli_input_open(paths, npaths, &opt);
  vb_segmenter *seg = vb_segmenter_new(NULL);
  vb_writer *rec = vb_writer_new(NULL), *w = vb_writer_new(NULL);
  int rc = in && seg && rec && w ? EXIT_OK : EXIT_BAD_INPUT;
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
    if (vb_segmenter_run(seg, doc.text.data, doc.text.len, 0, &err) != VB_OK) {
      cli_report(where, &err);
      rc = EXIT_BAD_INPUT;
      if (opt.skip_bad) {
        rc = EXIT_OK;
        continue;
      }
      break;
    }
    size_t npara, ntok;
    const vb_paragraph *para = vb_segmenter_paragraphs(seg, &npara);
    const vb_token *tok = vb_segmenter_tokens(seg, &ntok);
    size_t n = paragraphs ? npara : ntok;
    const char *norm = vb_segmenter_norm(seg, NULL);
    for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
      if (!opt.json && !out_path) {
        if (paragraphs) {
          const vb_paragraph *p = &para[i];
          size_t len = p->end - p->start;
          fprintf(out, "%s\t%zu\t%zu-%zu\t%-10s\t%.*s%s\n", where, i, p->start, p->end,
                  vb_boiler_name(p->boiler), (int)(len > 60 ? 60 : len),
                  doc.text.data + p->start, len > 60 ? "..." : "");
        } else {
          const vb_token *t = &tok[i];
          if (t->kind == VB_TOKEN_SPACE || t->kind == VB_TOKEN_NEWLINE) continue;
          fprintf(out, "%s\t%zu-%zu\t%s\t%.*s\n", where, t->start, t->end,
                  vb_token_kind_name(t->kind), (int)t->norm_len, norm + t->norm_off);
        }
        continue;
      }
      vb_writer *target = opt.json ? rec : w;
      vb_writer_reset(rec);
      vb_status st = paragraphs
                         ? vb_segmenter_write_paragraph(seg, target, doc.id.data, doc.id.len, i, &err)
                         : vb_segmenter_write_token(seg, target, doc.id.data, doc.id.len, i, &err);
      if (st == VB_OK && opt.json) {
        size_t len;
        const uint8_t *data = vb_writer_data(rec, &len);
        st = vb_writer_json(w, data, len, &err);
      }
      if (st != VB_OK) {
        cli_report(where, &err);
        rc = EXIT_BAD_INPUT;
      } else if (!cli_flush(w, out, out_path ? out_path : "stdout")) {
        rc = EXIT_BAD_INPUT;
      }
    }
  }
  if (out != stdout && fclose(out) != 0) rc = EXIT_BAD_INPUT;
  fflush(stdout);
  cli_input_close(in);
  vb_segmenter_free(seg);
  vb_writer_free(rec);
  vb_writer_free(w);
  return rc;
}

int cmd_paragraphs(int argc, char **argv) { return run(argc, argv, true); }
int cmd_tokens(int argc, char **argv) { return run(argc, argv, false); }
