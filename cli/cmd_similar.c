/* `verbatim similar`: which documents reuse each other's text, and where. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "verbatim/similar.h"

static const char similar_help[] =
    "usage: verbatim similar PATH... [--json] [--min-score X] [--ngram N] [--lsh]\n"
    "                        [--boilerplate]\n"
    "\n"
    "Find documents that reuse each other's text (reprints, trimmed copies,\n"
    "rewrites, spun copies) and the passages they share, aligned word by word.\n"
    "Prints one line per pair whose score is at least --min-score (default 0.1;\n"
    "--min-score 0 prints every pair), highest score first.\n"
    "\n"
    "score: the larger of the two containments of aligned words. A document's\n"
    "aligned words are the identical and substituted words of the passages it\n"
    "shares with the other; its containment is their share of all its words.\n"
    "Words in boilerplate paragraphs (bylines, share blocks, captions; see\n"
    "`verbatim paragraphs`) take no part unless --boilerplate is given.\n"
    "1 means one document lies wholly inside the other; 0 means no passage.\n"
    "jaccard and containment_ab/_ba are exact, over word n-gram shingles\n"
    "(containment_ab: share of A's shingles found in B); simhash_distance is the\n"
    "Hamming distance of the two 64-bit SimHashes. Passage offsets are bytes\n"
    "into each document's text, end exclusive.\n"
    "\n"
    "Every pair is compared up to 2000 documents; above that, or with --lsh,\n"
    "only the candidate pairs of a MinHash LSH index (Jaccard threshold 0.2).\n"
    "With a positive --min-score, pairs that share no shingle are not aligned.\n"
    "\n"
    "--json prints JSON Lines: {\"a\",\"b\",\"score\",\"jaccard\",\"containment_ab\",\n"
    "\"containment_ba\",\"simhash_distance\",\"passages\":[{\"a_start\",\"a_end\",\n"
    "\"b_start\",\"b_end\",\"identical_words\",\"substituted_words\",...}]}.\n"
    "\n"
    "example:\n"
    "  verbatim similar tests/fixtures/reuse --json --min-score 0.3\n";

/* Print the pairs of the last run, best first. */
static int print_pairs(const vb_similar *s, bool json) {
  size_t n;
  const vb_similar_pair *p = vb_similar_pairs(s, &n);
  vb_writer *rec = vb_writer_new(NULL), *w = vb_writer_new(NULL);
  int rc = rec && w ? EXIT_OK : EXIT_BAD_INPUT;
  if (rc != EXIT_OK) fprintf(stderr, "verbatim similar: out of memory\n");
  for (size_t k = 0; rc == EXIT_OK && k < n; k++) {
    const vb_similar_pair *r = &p[k];
    if (!json) {
      printf("%.3f  %.*s  %.*s  jaccard %.3f, %zu passage%s\n", r->score, (int)r->a.len, r->a.data,
             (int)r->b.len, r->b.data, r->jaccard, r->passage_count,
             r->passage_count == 1 ? "" : "s");
      continue;
    }
    vb_error err;
    size_t len;
    vb_writer_reset(rec);
    vb_status st = vb_writer_similar_pair(rec, r, &err);
    if (st == VB_OK) {
      const uint8_t *data = vb_writer_data(rec, &len);
      st = vb_writer_json(w, data, len, &err);
    }
    if (st != VB_OK) {
      cli_report("similar", &err);
      rc = EXIT_BAD_INPUT;
    } else if (!cli_flush(w, stdout, "stdout")) {
      rc = EXIT_BAD_INPUT;
    }
  }
  fflush(stdout);
  vb_writer_free(rec);
  vb_writer_free(w);
  return rc;
}

int cmd_similar(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(similar_help, stdout);
      return EXIT_OK;
    }
  cli_common opt = {0};
  static const char *const extra[] = {"--min-score=", "--ngram=", "--lsh", "--boilerplate", NULL};
  argc = cli_parse_common(argc, argv, &opt, extra);
  if (argc < 0) return EXIT_USAGE;
  vb_similar_options so = vb_similar_options_default();
  char **paths = argv + 1;
  int npaths = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *val = NULL;
    if (strcmp(a, "--lsh") == 0) {
      so.flags |= VB_SIMILAR_LSH;
      continue;
    }
    if (strcmp(a, "--boilerplate") == 0) {
      so.flags |= VB_SIMILAR_INCLUDE_BOILERPLATE;
      continue;
    }
    if (strncmp(a, "--min-score", 11) == 0 || strncmp(a, "--ngram", 7) == 0) {
      const char *eq = strchr(a, '=');
      val = eq ? eq + 1 : argv[++i];
      char *end;
      double v = strtod(val, &end);
      if (*val == '\0' || *end != '\0') {
        fprintf(stderr, "verbatim similar: %s needs a number, not '%s'\n", a, val);
        return EXIT_USAGE;
      }
      if (a[2] == 'm') {
        if (v < 0 || v > 1) {
          fprintf(stderr, "verbatim similar: --min-score must be between 0 and 1\n");
          return EXIT_USAGE;
        }
        so.min_score = v;
      } else {
        if (v < 1 || v > 64 || v != (double)(uint32_t)v) {
          fprintf(stderr, "verbatim similar: --ngram must be a whole number 1..64\n");
          return EXIT_USAGE;
        }
        so.ngram = (uint32_t)v;
      }
      continue;
    }
    paths[npaths++] = argv[i];
  }
  if (npaths == 0) {
    fputs(similar_help, stderr);
    return EXIT_USAGE;
  }
  vb_similar *sim = vb_similar_new(NULL);
  vb_error err;
  if (!sim) {
    fprintf(stderr, "verbatim similar: out of memory\n");
    return EXIT_BAD_INPUT;
  }
  if (vb_similar_configure(sim, &so, &err) != VB_OK) {
    cli_report("similar", &err);
    vb_similar_free(sim);
    return EXIT_USAGE;
  }
  cli_input *in = cli_input_open(paths, npaths, &opt);
  if (!in) {
    vb_similar_free(sim);
    return EXIT_BAD_INPUT;
  }
  vb_document d;
  int got;
  bool ok = true;
  while (ok && (got = cli_input_next(in, &d)) != 0) {
    if (got < 0) {
      ok = false;
    } else if (vb_similar_add(sim, d.id.data, d.id.len, d.text.data, d.text.len, NULL, &err) !=
               VB_OK) {
      cli_report("similar", &err);
      ok = false;
    }
  }
  cli_input_close(in);
  if (ok && vb_similar_run(sim, &err) != VB_OK) {
    cli_report("similar", &err);
    ok = false;
  }
  int rc = ok ? print_pairs(sim, opt.json) : EXIT_BAD_INPUT;
  vb_similar_free(sim);
  return rc;
}
