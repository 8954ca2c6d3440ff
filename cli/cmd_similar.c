/* `verbatim similar`: which documents reuse each other's text, and where. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fp_words.h"
#include "verbatim/fingerprint.h"

static const char similar_help[] =
    "usage: verbatim similar PATH... [--json] [--min-score X] [--ngram N] [--lsh]\n"
    "\n"
    "Find documents that reuse each other's text (reprints, trimmed copies,\n"
    "rewrites, spun copies) and the passages they share, aligned word by word.\n"
    "Prints one line per pair whose score is at least --min-score (default 0.1;\n"
    "--min-score 0 prints every pair), highest score first.\n"
    "\n"
    "score: the larger of the two containments of aligned words. A document's\n"
    "aligned words are the identical and substituted words of the passages it\n"
    "shares with the other; its containment is their share of all its words.\n"
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

typedef struct doc {
  char *id;
  size_t id_len;
  char *text;
  size_t text_len;
  uint64_t *hashes;
  vb_span *spans;
  size_t words;
  uint64_t *set;
  size_t set_len;
  uint64_t *sig;
  size_t k;
  uint64_t simhash;
} doc;

typedef struct result {
  size_t a, b;
  double score;
  vb_set_overlap ov;
  int simdist;
  vb_passage *passages;
  size_t npassages;
} result;

static void *dup_mem(const void *p, size_t n) {
  void *q = malloc(n ? n : 1);
  if (q && n) memcpy(q, p, n);
  return q;
}

static int by_score(const void *x, const void *y) {
  const result *a = x, *b = y;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  if (a->a != b->a) return a->a < b->a ? -1 : 1;
  return a->b < b->b ? -1 : a->b > b->b;
}

static void free_docs(doc *d, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(d[i].id);
    free(d[i].text);
    free(d[i].hashes);
    free(d[i].spans);
    free(d[i].set);
    free(d[i].sig);
  }
  free(d);
}

/* Read and fingerprint every document. Returns false after printing. */
static bool load_docs(cli_input *in, const vb_fp_options *fo, doc **out, size_t *count) {
  vb_fp_words words;
  vb_fp_words_init(&words, vb_default_allocator());
  vb_fingerprinter *fp = vb_fingerprinter_new(NULL);
  vb_segmenter *seg = vb_segmenter_new(NULL);
  uint8_t *flags = NULL;
  size_t flags_cap = 0;
  doc *docs = NULL;
  size_t n = 0, cap = 0;
  bool ok = fp != NULL && seg != NULL;
  vb_document d;
  int got;
  while (ok && (got = cli_input_next(in, &d)) != 0) {
    if (got < 0) {
      ok = false;
      break;
    }
    vb_error err;
    if (vb_fp_words_run(&words, d.text.data, d.text.len, fo->seed, &err) != VB_OK) {
      cli_report("similar", &err);
      ok = false;
      break;
    }
    vb_tokens t = vb_fp_words_tokens(&words);
    /* Words in boilerplate paragraphs (bylines, captions, share blocks) are
     * flagged so the fingerprints leave them out: site furniture shared by
     * two pages of one outlet is not reuse. */
    if (vb_segmenter_run(seg, d.text.data, d.text.len, 0, &err) != VB_OK) {
      cli_report("similar", &err);
      ok = false;
      break;
    }
    if (t.count > flags_cap) {
      uint8_t *nf = realloc(flags, t.count);
      if (!nf) {
        ok = false;
        break;
      }
      flags = nf;
      flags_cap = t.count;
    }
    size_t np;
    const vb_paragraph *par = vb_segmenter_paragraphs(seg, &np);
    for (size_t i = 0, p = 0; i < t.count; i++) {
      while (p < np && par[p].end <= t.spans[i].start) p++;
      flags[i] = p < np && par[p].start <= t.spans[i].start && par[p].boiler != VB_BOILER_NONE
                     ? VB_TOKEN_BOILERPLATE
                     : 0;
    }
    t.flags = flags;
    if (vb_fingerprinter_run(fp, fo, &t, NULL, 0, &err) != VB_OK) {
      cli_report("similar", &err);
      ok = false;
      break;
    }
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      doc *nd = realloc(docs, cap * sizeof *nd);
      if (!nd) {
        ok = false;
        break;
      }
      docs = nd;
    }
    doc *x = &docs[n];
    memset(x, 0, sizeof *x);
    n++;
    x->id = dup_mem(d.id.data, d.id.len);
    x->id_len = d.id.len;
    x->text = dup_mem(d.text.data, d.text.len);
    x->text_len = d.text.len;
    x->words = t.count;
    x->hashes = dup_mem(t.hashes, t.count * sizeof *t.hashes);
    x->spans = dup_mem(t.spans, t.count * sizeof *t.spans);
    const uint64_t *set = vb_fingerprinter_shingles(fp, &x->set_len);
    x->set = dup_mem(set, x->set_len * sizeof *set);
    const uint64_t *sig = vb_fingerprinter_minhash(fp, &x->k);
    x->sig = dup_mem(sig, x->k * sizeof *sig);
    x->simhash = vb_fingerprinter_simhash(fp);
    if (!x->id || !x->text || !x->hashes || !x->spans || !x->set || !x->sig) {
      fprintf(stderr, "verbatim similar: out of memory\n");
      ok = false;
    }
  }
  vb_fingerprinter_free(fp);
  vb_segmenter_free(seg);
  free(flags);
  vb_fp_words_release(&words);
  *out = docs;
  *count = n;
  return ok;
}

static const uint64_t *doc_signature(const void *ctx, size_t i, size_t *k) {
  const doc *d = (const doc *)ctx + i;
  *k = d->k;
  return d->sig;
}

int cmd_similar(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(similar_help, stdout);
      return EXIT_OK;
    }
  cli_common opt = {0};
  static const char *const extra[] = {"--min-score=", "--ngram=", "--lsh", NULL};
  argc = cli_parse_common(argc, argv, &opt, extra);
  if (argc < 0) return EXIT_USAGE;
  double min_score = 0.1;
  bool force_lsh = false;
  vb_fp_options fo = vb_fp_options_default();
  fo.flags = VB_FP_SHINGLES | VB_FP_MINHASH | VB_FP_SIMHASH;
  char **paths = argv + 1;
  int npaths = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *val = NULL;
    if (strcmp(a, "--lsh") == 0) {
      force_lsh = true;
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
        min_score = v;
      } else {
        if (v < 1 || v > 64 || v != (double)(uint32_t)v) {
          fprintf(stderr, "verbatim similar: --ngram must be a whole number 1..64\n");
          return EXIT_USAGE;
        }
        fo.ngram = (uint32_t)v;
      }
      continue;
    }
    paths[npaths++] = argv[i];
  }
  if (npaths == 0) {
    fputs(similar_help, stderr);
    return EXIT_USAGE;
  }
  cli_input *in = cli_input_open(paths, npaths, &opt);
  if (!in) return EXIT_BAD_INPUT;
  doc *docs = NULL;
  size_t n = 0;
  bool ok = load_docs(in, &fo, &docs, &n);
  cli_input_close(in);
  if (!ok) {
    free_docs(docs, n);
    return EXIT_BAD_INPUT;
  }
  size_t npairs = 0;
  vb_doc_pair *pairs = cli_candidate_pairs(n, force_lsh || n > 2000, doc_signature, docs, "similar", &npairs);
  result *res = calloc(npairs ? npairs : 1, sizeof *res);
  vb_aligner *al = vb_aligner_new(NULL);
  vb_writer *w = vb_writer_new(NULL);
  int rc = pairs && res && al && w ? EXIT_OK : EXIT_BAD_INPUT;
  if (rc != EXIT_OK) fprintf(stderr, "verbatim similar: out of memory\n");
  size_t nres = 0;
  for (size_t k = 0; rc == EXIT_OK && k < npairs; k++) {
    const doc *A = &docs[pairs[k].a], *B = &docs[pairs[k].b];
    vb_tokens ta = {A->hashes, A->spans, NULL, A->words};
    vb_tokens tb = {B->hashes, B->spans, NULL, B->words};
    vb_error err;
    vb_set_overlap ov = vb_shingle_compare(A->set, A->set_len, B->set, B->set_len);
    /* Aligning is the costly step: with a positive --min-score, a pair
     * sharing not one shingle is not worth it. */
    if (min_score > 0 && ov.shared == 0) continue;
    if (vb_aligner_run(al, NULL, &ta, &tb, &err) != VB_OK) {
      cli_report("similar", &err);
      rc = EXIT_BAD_INPUT;
      break;
    }
    size_t np;
    const vb_passage *ps = vb_aligner_passages(al, &np);
    double score = vb_passages_score(ps, np, A->words, B->words);
    if (score < min_score || (min_score > 0 && score == 0)) continue;
    result *r = &res[nres++];
    r->a = pairs[k].a;
    r->b = pairs[k].b;
    r->score = score;
    r->ov = ov;
    r->simdist = vb_simhash_distance(A->simhash, B->simhash);
    r->passages = dup_mem(ps, np * sizeof *ps);
    r->npassages = np;
  }
  qsort(res, nres, sizeof *res, by_score);
  for (size_t k = 0; rc == EXIT_OK && k < nres; k++) {
    const result *r = &res[k];
    const doc *A = &docs[r->a], *B = &docs[r->b];
    if (opt.json) {
      vb_similar_pair sp = {{A->id, A->id_len}, {B->id, B->id_len}, r->score,
                            r->ov.jaccard, r->ov.containment_ab, r->ov.containment_ba,
                            r->simdist, r->passages, r->npassages};
      vb_error err;
      vb_writer *rec = vb_writer_new(NULL);
      const uint8_t *data;
      size_t len;
      vb_status st = rec ? vb_writer_similar_pair(rec, &sp, &err) : VB_ERR_NOMEM;
      if (st == VB_OK) {
        data = vb_writer_data(rec, &len);
        st = vb_writer_json(w, data, len, &err);
      }
      vb_writer_free(rec);
      if (st != VB_OK) {
        cli_report("similar", &err);
        rc = EXIT_BAD_INPUT;
        break;
      }
      if (!cli_flush(w, stdout, "stdout")) rc = EXIT_BAD_INPUT;
    } else {
      printf("%.3f  %.*s  %.*s  jaccard %.3f, %zu passage%s\n", r->score, (int)A->id_len, A->id,
             (int)B->id_len, B->id, r->ov.jaccard, r->npassages, r->npassages == 1 ? "" : "s");
    }
  }
  fflush(stdout);
  for (size_t k = 0; k < nres; k++) free(res[k].passages);
  free(res);
  free(pairs);
  vb_aligner_free(al);
  vb_writer_free(w);
  free_docs(docs, n);
  return rc;
}
