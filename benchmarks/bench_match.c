/* The matching hot loop, measured: a quote index of 1k / 10k / 100k quotes
 * (1M with --full) and a generated news-like text (capitalised sentences,
 * commas and full stops, paragraphs, now and then curly quotes and a ’s, so
 * the tokenizer meets some non-ASCII) with planted occurrences of indexed
 * quotes: exact, altered by one or two words, and truncated.
 *
 * Stages, each timed alone (wall clock, one core; the segmenter and the
 * scan context are run once before timing, as a matcher reuses them across
 * documents: a first run mostly pays page faults for their arrays):
 *   tokenize  the segmenter in tokens-only mode (what the matcher runs), and
 *             a full segmentation run (sentences, paragraphs, boilerplate:
 *             what the matcher ran before) on a 2 MB prefix;
 *   scan      index probes over the text's word hashes (probes/s);
 *   verify    word-level alignment of the candidates (verify/s);
 * and per index size: text MB/s of scan + verify, of tokenize + scan +
 * verify (end to end), index bytes per quote, recall of the planted
 * occurrences (exact and truncated must be 100%; altered depends on where
 * the substituted words fall).
 *
 * Peers, same run, same data, ratio printed as verbatim / peer:
 *   baseline-c  a per-quote scan of the word hashes for each quote's first
 *               four words (1k quotes only: it is quadratic);
 *   edlib       the verification step: each verified candidate aligned with
 *               edlib (infix mode, with path) over the same word windows,
 *               words mapped to byte symbols per candidate (when built with
 *               libedlib-dev);
 *   ripgrep     exact-only: `rg -F -c -f quotes.txt text.txt` (every quote
 *               as a fixed string), timed as a subprocess (when rg is on
 *               PATH), against verbatim end to end;
 *   hyperscan   exact-only: the quotes as literals in one block-mode
 *               database, scan time (compile time printed) (when built with
 *               libhyperscan-dev).
 * The exact-only peers find byte-identical occurrences only; verbatim also
 * finds normalized, altered and truncated ones, so they do less work.
 *
 * usage: bench_match [--full] [--words N] [--json] [--no-peers] [--rg-all]
 *   --rg-all  run ripgrep at 100k quotes too (its set-up alone takes about a
 *           minute there; skipped otherwise)
 *   --json  JSON Lines, one object per figure:
 *           {"bench":"match","case":..,"impl":..,"n":..,"bytes":..,
 *            "seconds":..,"rate":..,"unit":..}
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef VB_BENCH_EDLIB
#include <edlib.h>
#endif
#ifdef VB_BENCH_HYPERSCAN
#include <hs/hs.h>
#endif

#include "qalign.h"
#include "qindex.h"
#include "verbatim/segment.h"

static uint64_t rng = 0x243F6A8885A308D3u;
static uint64_t rnd(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define VOCAB 30000
static char vocab[VOCAB][16];
static double zipf_cdf[VOCAB];

static void make_vocab(void) {
  double sum = 0;
  for (int i = 0; i < VOCAB; i++) {
    int len = 2 + (int)(rnd() % 9);
    for (int k = 0; k < len; k++) vocab[i][k] = (char)('a' + rnd() % 26);
    vocab[i][len] = '\0';
    sum += 1.0 / (i + 1);
    zipf_cdf[i] = sum;
  }
  for (int i = 0; i < VOCAB; i++) zipf_cdf[i] /= sum;
}

static int zipf_word(void) {
  double u = (double)(rnd() >> 11) / 9007199254740992.0;
  size_t lo = 0, hi = VOCAB - 1;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (zipf_cdf[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return (int)lo;
}

typedef struct plant {
  uint32_t quote;
  size_t word; /* first word of the occurrence in the text */
  int kind;    /* 0 exact, 1 altered, 2 truncated */
} plant;

/* ---- output: the human table or JSON Lines ---- */

static bool json;

static void figure(const char *cs, const char *impl, size_t n, size_t bytes, double seconds,
                   double rate, const char *unit) {
  if (!json) return;
  printf("{\"bench\":\"match\",\"case\":\"%s\",\"impl\":\"%s\",\"n\":%zu,\"bytes\":%zu,"
         "\"seconds\":%.6g,\"rate\":%.6g,\"unit\":\"%s\"}\n",
         cs, impl, n, bytes, seconds, rate, unit);
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
  if (json) return;
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
}

static const char *size_name(size_t n, char *buf) {
  if (n >= 1000000) sprintf(buf, "%zuM", n / 1000000);
  else sprintf(buf, "%zuk", n / 1000);
  return buf;
}

/* ---- the generated text ---- */

typedef struct corpus {
  char *text;
  size_t len, words;
  plant *plants;
  size_t nplants;
} corpus;

static void put(corpus *c, const char *s, size_t n) {
  memcpy(c->text + c->len, s, n);
  c->len += n;
}

/* Words with a plant every ~1500 words, from the 1k smallest-id quotes so
 * every index size contains them. Plants are lowercase words separated by
 * single spaces (so the exact ones are byte-identical to the quote text);
 * the filler around them has capitals, punctuation, paragraphs and a little
 * non-ASCII. */
static corpus make_text(size_t text_words, const uint32_t *qoff, const uint32_t *qw,
                        size_t plant_quotes) {
  corpus c = {0};
  size_t cap = text_words / 1000 + 16;
  c.plants = malloc(cap * sizeof *c.plants);
  c.text = malloc(text_words * 16 + 64);
  size_t in_sentence = 0, sentences = 0;
  bool in_curly = false;
  while (c.words < text_words) {
    if (rnd() % 1500 == 0 && c.nplants < cap) {
      uint32_t q = (uint32_t)(rnd() % plant_quotes);
      int kind = (int)(rnd() % 3);
      size_t len = qoff[q + 1] - qoff[q];
      size_t upto = kind == 2 ? (len * 6 + 9) / 10 : len;
      c.plants[c.nplants].quote = q;
      c.plants[c.nplants].word = c.words;
      c.plants[c.nplants].kind = kind;
      c.nplants++;
      size_t sub1 = kind == 1 ? 1 + rnd() % (len - 2) : SIZE_MAX;
      size_t sub2 = kind == 1 && rnd() % 2 ? 1 + rnd() % (len - 2) : SIZE_MAX;
      for (size_t k = 0; k < upto; k++) {
        const char *w = (k == sub1 || k == sub2) ? "zzsynonym" : vocab[qw[qoff[q] + k]];
        put(&c, w, strlen(w));
        put(&c, " ", 1);
        c.words++;
      }
      continue;
    }
    const char *w = vocab[zipf_word()];
    size_t l = strlen(w);
    if (rnd() % 300 == 0) {
      put(&c, in_curly ? "\xE2\x80\x9D " : "\xE2\x80\x9C", in_curly ? 4 : 3); /* ” “ */
      in_curly = !in_curly;
    }
    put(&c, w, l);
    if (in_sentence == 0 && c.text[c.len - l] >= 'a') c.text[c.len - l] -= 32;
    c.words++;
    if (rnd() % 200 == 0) put(&c, "\xE2\x80\x99s", 4); /* ’s */
    in_sentence++;
    if (in_sentence > 8 && rnd() % 12 == 0) {
      put(&c, ".", 1);
      in_sentence = 0;
      if (++sentences % 5 == 0) put(&c, "\n\n", 2);
      else put(&c, " ", 1);
    } else {
      if (rnd() % 10 == 0) put(&c, ",", 1);
      put(&c, " ", 1);
    }
  }
  return c;
}

/* ---- peers ---- */

#ifdef VB_BENCH_EDLIB
/* Align one candidate with edlib: words mapped to byte symbols (at most
 * 256 distinct per candidate; a window holds under 120 words). */
static int edlib_align(const uint64_t *a, size_t na, const uint64_t *b, size_t nb) {
  uint64_t seen[256];
  size_t nseen = 0;
  char qa[256], qb[512];
  if (na > sizeof qa || nb > sizeof qb) return -1;
  for (size_t side = 0; side < 2; side++) {
    const uint64_t *w = side ? b : a;
    size_t n = side ? nb : na;
    char *out = side ? qb : qa;
    for (size_t i = 0; i < n; i++) {
      size_t k = 0;
      while (k < nseen && seen[k] != w[i]) k++;
      if (k == nseen) {
        if (nseen == 256) return -1;
        seen[nseen++] = w[i];
      }
      out[i] = (char)k;
    }
  }
  EdlibAlignResult r = edlibAlign(qa, (int)na, qb, (int)nb,
                                  edlibNewAlignConfig(-1, EDLIB_MODE_HW, EDLIB_TASK_PATH, NULL, 0));
  int d = r.editDistance;
  edlibFreeAlignResult(r);
  return d;
}
#endif

#ifdef VB_BENCH_HYPERSCAN
static int hs_count(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *ctx) {
  (void)id, (void)from, (void)to, (void)flags;
  ++*(size_t *)ctx;
  return 0;
}
#endif

static bool have_rg(void) { return system("rg --version >/dev/null 2>&1") == 0; }

/* The text of quote q, words joined by single spaces. */
static size_t quote_text(const uint32_t *qoff, const uint32_t *qw, size_t q, char *out) {
  size_t n = 0;
  for (uint32_t k = qoff[q]; k < qoff[q + 1]; k++) {
    if (n) out[n++] = ' ';
    size_t l = strlen(vocab[qw[k]]);
    memcpy(out + n, vocab[qw[k]], l);
    n += l;
  }
  return n;
}

/* The tokenizer stage, a function of its own so that scripts/bench-callgrind
 * can count its instructions alone. */
__attribute__((noinline)) static vb_status tokenize_text(vb_segmenter *seg, const char *text,
                                                         size_t len, vb_error *err) {
  return vb_segmenter_run(seg, text, len, VB_SEGMENT_TOKENS_ONLY, err);
}

/* ---- the measured run ---- */

typedef struct stage {
  size_t nq;
  double tokenize, probe, verify, build;
  uint64_t probes;
  size_t verified;
  size_t cand_checked;
} stage;

int main(int argc, char **argv) {
  bool full = false, peers = true, rg_all = false;
  size_t text_words = 4000000;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--full") == 0) full = true;
    else if (strcmp(argv[i], "--json") == 0) json = true;
    else if (strcmp(argv[i], "--no-peers") == 0) peers = false;
    else if (strcmp(argv[i], "--rg-all") == 0) rg_all = true;
    else if (strcmp(argv[i], "--words") == 0 && i + 1 < argc) text_words = strtoul(argv[++i], NULL, 10);
    else {
      fprintf(stderr, "usage: bench_match [--full] [--words N] [--json] [--no-peers] [--rg-all]\n");
      return 2;
    }
  }
  make_vocab();
  size_t sizes[] = {1000, 10000, 100000, 1000000};
  size_t nsizes = full ? 4 : 3;
  size_t max_quotes = sizes[nsizes - 1];
  /* Quotes as vocabulary indices. */
  uint32_t *qoff = malloc((max_quotes + 1) * sizeof *qoff);
  uint32_t *qw = malloc(max_quotes * 48 * sizeof *qw);
  size_t nqw = 0;
  for (size_t q = 0; q < max_quotes; q++) {
    qoff[q] = (uint32_t)nqw;
    size_t len = 8 + rnd() % 33;
    for (size_t k = 0; k < len; k++) qw[nqw++] = (uint32_t)zipf_word();
  }
  qoff[max_quotes] = (uint32_t)nqw;
  corpus c = make_text(text_words, qoff, qw, sizes[0]);

  /* Tokenize: tokens-only (timed, best of two), and a full run on a prefix. */
  vb_segmenter *seg = vb_segmenter_new(NULL);
  vb_error err;
  double t_tok = 1e30;
  for (int rep = 0; rep < (getenv("VB_BENCH_ONCE") ? 1 : 2); rep++) {
    double t0 = now();
    if (tokenize_text(seg, c.text, c.len, &err) != VB_OK) {
      fprintf(stderr, "segmenter: %s\n", err.message);
      return 1;
    }
    double t = now() - t0;
    if (t < t_tok) t_tok = t;
  }
  size_t nt;
  const vb_token *tok = vb_segmenter_tokens(seg, &nt);
  uint64_t *th = malloc((nt + 1) * sizeof *th);
  size_t nth = 0;
  for (size_t i = 0; i < nt; i++)
    if (tok[i].kind == VB_TOKEN_WORD) th[nth++] = tok[i].hash;
  size_t prefix = c.len < 2000000 ? c.len : 2000000;
  while (prefix < c.len && (c.text[prefix] & 0xC0) == 0x80) prefix++;
  double t0 = now();
  vb_segmenter *seg_full = vb_segmenter_new(NULL);
  if (vb_segmenter_run(seg_full, c.text, prefix, 0, &err) != VB_OK) return 1;
  double t_full = now() - t0;
  vb_segmenter_free(seg_full);
  /* Vocabulary word hashes (same normalization: words are lowercase ASCII). */
  uint64_t *vh = malloc(VOCAB * sizeof *vh);
  for (int i = 0; i < VOCAB; i++) {
    if (vb_segmenter_run(seg, vocab[i], strlen(vocab[i]), VB_SEGMENT_TOKENS_ONLY, &err) != VB_OK)
      return 1;
    vh[i] = vb_segmenter_tokens(seg, &nt)[0].hash;
  }

  say("verbatim bench_match: text %.1f MB, %zu words, %zu planted occurrences (wall clock, one "
      "core)\n",
      c.len / 1e6, nth, c.nplants);
  say("tokenize: tokens-only %.1f MB/s; full segmentation run (sentences, paragraphs, "
      "boilerplate) %.1f MB/s on a %.1f MB prefix: x%.1f\n",
      c.len / 1e6 / t_tok, prefix / 1e6 / t_full, prefix / 1e6, (prefix / t_full) > 0 ? (c.len / t_tok) / (prefix / t_full) : 0);
  figure("tokenize", "verbatim", 0, c.len, t_tok, c.len / 1e6 / t_tok, "MB/s");
  figure("tokenize", "verbatim-full-segmentation", 0, prefix, t_full, prefix / 1e6 / t_full, "MB/s");
  say("%8s %8s %10s %10s %11s %11s %9s %7s %7s %7s\n", "quotes", "build_s", "scan_MB/s",
      "e2e_MB/s", "probes/s", "verify/s", "B/quote", "exact%", "alter%", "trunc%");

  uint64_t *qh = malloc(48 * sizeof *qh);
  stage st[4];
  /* Candidates verified at the largest index, kept for the edlib peer. */
  size_t nkeep = 0, keep_cap = 0;
  uint32_t *keep_q = NULL;
  size_t *keep_from = NULL, *keep_to = NULL;
  for (size_t si = 0; si < nsizes; si++) {
    size_t nq = sizes[si];
    stage *S = &st[si];
    memset(S, 0, sizeof *S);
    S->nq = nq;
    S->tokenize = t_tok;
    vb_qindex *ix = vb_qindex_new(NULL, NULL);
    t0 = now();
    for (size_t q = 0; q < nq; q++) {
      size_t len = qoff[q + 1] - qoff[q];
      for (size_t k = 0; k < len; k++) qh[k] = vh[qw[qoff[q] + k]];
      uint32_t id;
      if (vb_qindex_add(ix, qh, len, &id, NULL, &err) != VB_OK) return 1;
    }
    if (vb_qindex_build(ix, &err) != VB_OK) return 1;
    S->build = now() - t0;
    vb_qscan *sc = vb_qscan_new(NULL);
    vb_qalign *al = vb_qalign_new(NULL);
    const vb_qcand *cand;
    size_t ncand;
    /* Twice, timing the second: a matcher reuses its scan context across
     * documents, and the first scan's time is mostly the page faults of the
     * context's arrays growing (expensive on this kind of VM). */
    double cold = 0;
    for (int rep = 0; rep < 2; rep++) {
      t0 = now();
      if (vb_qindex_scan(ix, sc, th, nth, 8, &cand, &ncand, &S->probes, &err) != VB_OK) return 1;
      S->probe = now() - t0;
      if (rep == 0) cold = S->probe;
    }
    if (getenv("VB_BENCH_DEBUG")) {
      uint64_t votes = 0;
      for (size_t i = 0; i < ncand; i++) votes += cand[i].votes;
      fprintf(stderr, "quotes %zu: %zu candidates, %llu posting hits, %.3f s scan (first: %.3f s)\n",
              nq, ncand, (unsigned long long)votes, S->probe, cold);
    }
    /* Verify the candidates, as the matcher does. */
    unsigned char *found = calloc(c.nplants + 1, 1);
    bool keep = si == nsizes - 1 || sizes[si] == 100000;
    if (keep) nkeep = 0;
    t0 = now();
    for (size_t i = 0; i < ncand; i++) {
      uint32_t q = cand[i].quote, len = vb_qindex_quote_words(ix, q);
      /* One shared shingle of a quote that has several is chance more often
       * than reuse: the matcher's rule, applied here too. */
      if (cand[i].votes < 2 && len > 4) continue;
      int64_t lo = cand[i].lo - 8, hi = cand[i].hi + len + 8;
      size_t wf = lo < 0 ? 0 : (size_t)lo, wt = hi > (int64_t)nth ? nth : (size_t)hi;
      vb_walign r;
      const vb_wedit *e;
      size_t ne;
      if (vb_qalign_run(al, vb_qindex_quote_hashes(ix, q), len, th + wf, wt - wf, 1u << 22, &r, &e,
                        &ne, &err) != VB_OK)
        continue;
      S->verified++;
      if (keep) {
        if (nkeep == keep_cap) {
          keep_cap = keep_cap ? 2 * keep_cap : 1024;
          keep_q = realloc(keep_q, keep_cap * sizeof *keep_q);
          keep_from = realloc(keep_from, keep_cap * sizeof *keep_from);
          keep_to = realloc(keep_to, keep_cap * sizeof *keep_to);
        }
        keep_q[nkeep] = q;
        keep_from[nkeep] = wf;
        keep_to[nkeep++] = wt;
      }
      if (r.equal < 4) continue;
      /* Plants are sorted by position: binary search for this one. */
      size_t at = wf + r.b_from, lo2 = 0, hi2 = c.nplants;
      while (lo2 < hi2) {
        size_t mid = (lo2 + hi2) / 2;
        if (c.plants[mid].word + 48 < at) lo2 = mid + 1;
        else hi2 = mid;
      }
      for (size_t p = lo2; p < c.nplants && c.plants[p].word <= at + 48; p++)
        if (c.plants[p].quote == q) found[p] = 1;
    }
    S->verify = now() - t0;
    size_t per[3] = {0}, hit[3] = {0};
    for (size_t p = 0; p < c.nplants; p++) {
      per[c.plants[p].kind]++;
      hit[c.plants[p].kind] += found[p];
    }
    double scan_s = S->probe + S->verify, e2e_s = t_tok + scan_s;
    double bq = (double)vb_qindex_memory(ix) / (double)nq;
    double rec[3];
    for (int k = 0; k < 3; k++) rec[k] = per[k] ? (double)hit[k] / (double)per[k] : 1.0;
    say("%8zu %8.3f %10.1f %10.1f %11.3g %11.3g %9.1f %7.2f %7.2f %7.2f\n", nq, S->build,
        c.len / 1e6 / scan_s, c.len / 1e6 / e2e_s, (double)S->probes / S->probe,
        (double)S->verified / S->verify, bq, 100 * rec[0], 100 * rec[1], 100 * rec[2]);
    char nm[16], cs[64];
    size_name(nq, nm);
    snprintf(cs, sizeof cs, "scan %s quotes", nm);
    figure(cs, "verbatim", nq, c.len, scan_s, c.len / 1e6 / scan_s, "MB/s");
    snprintf(cs, sizeof cs, "end to end %s quotes", nm);
    figure(cs, "verbatim", nq, c.len, e2e_s, c.len / 1e6 / e2e_s, "MB/s");
    snprintf(cs, sizeof cs, "probe %s quotes", nm);
    figure(cs, "verbatim", nq, c.len, S->probe, (double)S->probes / S->probe, "probes/s");
    snprintf(cs, sizeof cs, "verify %s quotes", nm);
    figure(cs, "verbatim", nq, c.len, S->verify, (double)S->verified / S->verify, "verify/s");
    snprintf(cs, sizeof cs, "index %s quotes", nm);
    figure(cs, "verbatim", nq, 0, S->build, bq, "B/quote");
    static const char *const kinds[] = {"exact", "altered", "truncated"};
    for (int k = 0; k < 3; k++) {
      snprintf(cs, sizeof cs, "recall %s %s quotes", kinds[k], nm);
      figure(cs, "verbatim", per[k], c.len, scan_s, rec[k], "recall");
    }
    free(found);
    vb_qscan_free(sc);
    vb_qalign_free(al);
    vb_qindex_free(ix);
  }
  say("probes/s counts one probe per word position; verify/s one word-level alignment per "
      "candidate with >= 2 shared shingles\n");

  if (peers) {
    say("peers (ratio = verbatim / peer; > 1 means verbatim is faster):\n");
    /* Baseline: per-quote search of the first four words, 1k quotes. */
    {
      size_t nq = sizes[0], hits = 0;
      t0 = now();
      for (size_t q = 0; q < nq; q++) {
        const uint32_t *w = qw + qoff[q];
        uint64_t h0 = vh[w[0]], h1 = vh[w[1]], h2 = vh[w[2]], h3 = vh[w[3]];
        for (size_t i = 0; i + 4 <= nth; i++)
          if (th[i] == h0 && th[i + 1] == h1 && th[i + 2] == h2 && th[i + 3] == h3) hits++;
      }
      double base = now() - t0;
      double ours = st[0].probe + st[0].verify;
      say("  baseline-c  per-quote scan of word hashes, 1k quotes, first 4 words: %.1f MB/s (%zu "
          "hits); verbatim scan+verify %.1f MB/s: x%.1f\n",
          c.len / 1e6 / base, hits, c.len / 1e6 / ours, base / ours);
      figure("scan 1k quotes", "baseline-c", nq, c.len, base, c.len / 1e6 / base, "MB/s");
    }
#ifdef VB_BENCH_EDLIB
    {
      size_t si = nsizes - 1;
      for (size_t k = 0; k < nsizes; k++)
        if (sizes[k] == 100000) si = k;
      /* The same windows, aligned again by edlib; the index is rebuilt only
       * to have the quotes' hashes at hand. */
      vb_qindex *ix = vb_qindex_new(NULL, NULL);
      for (size_t q = 0; q < sizes[si]; q++) {
        size_t len = qoff[q + 1] - qoff[q];
        for (size_t k = 0; k < len; k++) qh[k] = vh[qw[qoff[q] + k]];
        uint32_t id;
        if (vb_qindex_add(ix, qh, len, &id, NULL, &err) != VB_OK) return 1;
      }
      if (vb_qindex_build(ix, &err) != VB_OK) return 1;
      size_t done = 0;
      t0 = now();
      for (size_t i = 0; i < nkeep; i++) {
        uint32_t q = keep_q[i];
        if (edlib_align(vb_qindex_quote_hashes(ix, q), vb_qindex_quote_words(ix, q),
                        th + keep_from[i], keep_to[i] - keep_from[i]) >= 0)
          done++;
      }
      double te = now() - t0;
      double ours = (double)st[si].verified / st[si].verify, theirs = (double)done / te;
      char nm[16], cs[64];
      size_name(sizes[si], nm);
      say("  edlib       verification (infix, with path), %zu candidates of the %s index: %.3g "
          "verify/s; verbatim %.3g verify/s: x%.2f\n",
          done, nm, theirs, ours, ours / theirs);
      snprintf(cs, sizeof cs, "verify %s quotes", nm);
      figure(cs, "edlib", sizes[si], c.len, te, theirs, "verify/s");
      vb_qindex_free(ix);
    }
#else
    say("  edlib       not built (install libedlib-dev and reconfigure)\n");
#endif
    /* Exact-only peers: the quotes of each index size as fixed strings. */
    char *qbuf = malloc(48 * 16);
    bool rg = have_rg();
    if (!rg) say("  ripgrep     not found on PATH (Debian package ripgrep)\n");
    char dir[] = "/tmp/vb_bench_match_XXXXXX";
    if (rg && !mkdtemp(dir)) rg = false;
    char text_path[64], pat_path[64];
    snprintf(text_path, sizeof text_path, "%s/text.txt", dir);
    snprintf(pat_path, sizeof pat_path, "%s/quotes.txt", dir);
    for (size_t si = 0; si < nsizes; si++) {
      size_t nq = sizes[si];
      char nm[16], cs[64];
      size_name(nq, nm);
      snprintf(cs, sizeof cs, "exact %s quotes", nm);
      if (nq > 100000) { /* Hyperscan compiles 100k literals in ~10 s, rg is slower still */
        say("  exact-only peers: skipped at %s quotes (their set-up alone runs for minutes)\n", nm);
        continue;
      }
      double ours = st[si].tokenize + st[si].probe + st[si].verify;
      if (rg && nq > 10000 && !rg_all)
        say("  ripgrep     %s quotes: skipped (about a minute of pattern set-up; --rg-all runs it)\n", nm);
      if (rg && (nq <= 10000 || rg_all)) {
        FILE *f = fopen(pat_path, "wb");
        for (size_t q = 0; q < nq; q++) {
          size_t n = quote_text(qoff, qw, q, qbuf);
          qbuf[n++] = '\n';
          fwrite(qbuf, 1, n, f);
        }
        fclose(f);
        /* rg slows down sharply with many patterns: past 10k, time it on a
         * 1 MB prefix to keep the run short. */
        size_t rg_len = nq > 10000 && c.len > 1000000 ? 1000000 : c.len;
        while (rg_len < c.len && (c.text[rg_len] & 0xC0) == 0x80) rg_len++;
        f = fopen(text_path, "wb");
        fwrite(c.text, 1, rg_len, f);
        fclose(f);
        char cmd[256];
        snprintf(cmd, sizeof cmd, "rg -F -c -f %s %s", pat_path, text_path);
        t0 = now();
        FILE *p = popen(cmd, "r");
        long lines = -1;
        if (p) {
          if (fscanf(p, "%ld", &lines) != 1) lines = -1;
          pclose(p);
        }
        double tr = now() - t0;
        double rg_rate = rg_len / 1e6 / tr, our_rate = c.len / 1e6 / ours;
        say("  ripgrep     rg -F -c -f (%s quotes as fixed strings) on %.1f MB, incl. start-up: "
            "%.2f MB/s (%ld lines); verbatim end to end %.1f MB/s: x%.2f\n",
            nm, rg_len / 1e6, rg_rate, lines, our_rate, our_rate / rg_rate);
        figure(cs, "ripgrep", nq, rg_len, tr, rg_rate, "MB/s");
      }
#ifdef VB_BENCH_HYPERSCAN
      {
        char **pats = malloc(nq * sizeof *pats);
        size_t *lens = malloc(nq * sizeof *lens);
        unsigned *ids = malloc(nq * sizeof *ids), *flags = calloc(nq, sizeof *flags);
        for (size_t q = 0; q < nq; q++) {
          pats[q] = malloc(48 * 16);
          lens[q] = quote_text(qoff, qw, q, pats[q]);
          ids[q] = (unsigned)q;
        }
        hs_database_t *db = NULL;
        hs_compile_error_t *ce = NULL;
        t0 = now();
        hs_error_t he = hs_compile_lit_multi((const char *const *)pats, flags, ids, lens,
                                             (unsigned)nq, HS_MODE_BLOCK, NULL, &db, &ce);
        double tc = now() - t0;
        hs_scratch_t *scratch = NULL;
        if (he == HS_SUCCESS && hs_alloc_scratch(db, &scratch) == HS_SUCCESS) {
          size_t hits = 0;
          t0 = now();
          hs_scan(db, c.text, (unsigned)c.len, 0, scratch, hs_count, &hits);
          double th_s = now() - t0;
          say("  hyperscan   %s literals, block mode (compile %.2f s, not counted): %.1f MB/s "
              "(%zu matches); verbatim end to end %.1f MB/s: x%.2f\n",
              nm, tc, c.len / 1e6 / th_s, hits, c.len / 1e6 / ours, th_s / ours);
          figure(cs, "hyperscan", nq, c.len, th_s, c.len / 1e6 / th_s, "MB/s");
          hs_free_scratch(scratch);
        } else {
          say("  hyperscan   %s literals: compile failed (%s)\n", nm, ce ? ce->message : "?");
        }
        if (ce) hs_free_compile_error(ce);
        hs_free_database(db);
        for (size_t q = 0; q < nq; q++) free(pats[q]);
        free(pats);
        free(lens);
        free(ids);
        free(flags);
      }
#endif
      figure(cs, "verbatim", nq, c.len, ours, c.len / 1e6 / ours, "MB/s");
    }
#ifndef VB_BENCH_HYPERSCAN
    say("  hyperscan   not built (install libhyperscan-dev and reconfigure)\n");
#endif
    if (rg) {
      unlink(text_path);
      unlink(pat_path);
      rmdir(dir);
    }
    free(qbuf);
  }
  free(keep_q);
  free(keep_from);
  free(keep_to);
  free(qh);
  free(vh);
  free(th);
  free(c.text);
  free(c.plants);
  free(qw);
  free(qoff);
  vb_segmenter_free(seg);
  return 0;
}
