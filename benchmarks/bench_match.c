/* The matching hot loop, measured: a quote index of 1k / 10k / 100k quotes
 * (1M with --full) and a generated news-like text with planted occurrences
 * of indexed quotes (exact, altered by one or two words, truncated).
 *
 * Prints per index size: text scanned per second (MB/s of the generated
 * text's bytes), index probes per second, candidate verifications per
 * second, index bytes per quote, and the recall of the planted occurrences
 * (exact and truncated must be 100%; altered within the one-or-two-word
 * budget should be >= 95%). Beside it, a straightforward baseline that
 * searches the text for each quote's first four words one quote at a time
 * (only for the 1k index, where it finishes), with the ratio.
 *
 * Word hashes are computed once from the generated text by the segmenter
 * (not timed): this measures the index and the verification, the part that
 * grows with the index. `verbatim match` end to end is measured by
 * bench_pipeline-style runs in benchmarks/README.md.
 *
 * usage: bench_match [--full] [--words N]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdlib.h>

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
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

#define VOCAB 30000
static char vocab[VOCAB][16];
static size_t zipf_cdf_n;
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
  zipf_cdf_n = VOCAB;
}

static int zipf_word(void) {
  double u = (double)(rnd() >> 11) / 9007199254740992.0;
  size_t lo = 0, hi = zipf_cdf_n - 1;
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

int main(int argc, char **argv) {
  bool full = false;
  size_t text_words = 4000000;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--full") == 0) full = true;
    else if (strcmp(argv[i], "--words") == 0 && i + 1 < argc) text_words = strtoul(argv[++i], NULL, 10);
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
  /* The text: words with a plant every ~1500 words, from the 1k smallest
   * quotes so every index size contains them. */
  size_t nplants_cap = text_words / 1000 + 16, nplants = 0;
  plant *plants = malloc(nplants_cap * sizeof *plants);
  char *text = malloc(text_words * 12 + 64);
  size_t tlen = 0, words = 0;
  while (words < text_words) {
    if (rnd() % 1500 == 0 && nplants < nplants_cap) {
      uint32_t q = (uint32_t)(rnd() % sizes[0]);
      int kind = (int)(rnd() % 3);
      size_t len = qoff[q + 1] - qoff[q];
      size_t upto = kind == 2 ? (len * 6 + 9) / 10 : len;
      plants[nplants].quote = q;
      plants[nplants].word = words;
      plants[nplants].kind = kind;
      nplants++;
      size_t sub1 = kind == 1 ? 1 + rnd() % (len - 2) : SIZE_MAX;
      size_t sub2 = kind == 1 && rnd() % 2 ? 1 + rnd() % (len - 2) : SIZE_MAX;
      for (size_t k = 0; k < upto; k++) {
        const char *w = (k == sub1 || k == sub2) ? "zzsynonym" : vocab[qw[qoff[q] + k]];
        size_t l = strlen(w);
        memcpy(text + tlen, w, l);
        tlen += l;
        text[tlen++] = ' ';
        words++;
      }
      continue;
    }
    const char *w = vocab[zipf_word()];
    size_t l = strlen(w);
    memcpy(text + tlen, w, l);
    tlen += l;
    text[tlen++] = (rnd() % 17 == 0) ? '\n' : ' ';
    words++;
  }
  /* Hashes through the segmenter, as the library computes them. */
  vb_segmenter *seg = vb_segmenter_new(NULL);
  vb_error err;
  if (vb_segmenter_run(seg, text, tlen, 0, &err) != VB_OK) {
    fprintf(stderr, "segmenter: %s\n", err.message);
    return 1;
  }
  size_t nt;
  const vb_token *tok = vb_segmenter_tokens(seg, &nt);
  uint64_t *th = malloc(nt * sizeof *th);
  size_t nth = 0;
  for (size_t i = 0; i < nt; i++)
    if (tok[i].kind == VB_TOKEN_WORD) th[nth++] = tok[i].hash;
  /* Vocabulary word hashes (same normalization: words are lowercase ASCII). */
  uint64_t *vh = malloc(VOCAB * sizeof *vh);
  for (int i = 0; i < VOCAB; i++) {
    if (vb_segmenter_run(seg, vocab[i], strlen(vocab[i]), 0, &err) != VB_OK) return 1;
    vh[i] = vb_segmenter_tokens(seg, &nt)[0].hash;
  }
  printf("verbatim bench_match: text %.1f MB, %zu words, %zu planted occurrences\n",
         tlen / 1e6, nth, nplants);
  printf("%9s %9s %10s %12s %12s %10s %8s %8s %8s\n", "quotes", "build_s", "text_MB/s",
         "probes/s", "verify/s", "B/quote", "exact%", "alter%", "trunc%");
  uint64_t *qh = malloc(48 * sizeof *qh);
  for (size_t si = 0; si < nsizes; si++) {
    size_t nq = sizes[si];
    vb_qindex *ix = vb_qindex_new(NULL, NULL);
    double t0 = now();
    for (size_t q = 0; q < nq; q++) {
      size_t len = qoff[q + 1] - qoff[q];
      for (size_t k = 0; k < len; k++) qh[k] = vh[qw[qoff[q] + k]];
      uint32_t id;
      if (vb_qindex_add(ix, qh, len, &id, NULL, &err) != VB_OK) return 1;
    }
    if (vb_qindex_build(ix, &err) != VB_OK) return 1;
    double build = now() - t0;
    vb_qscan *sc = vb_qscan_new(NULL);
    vb_qalign *al = vb_qalign_new(NULL);
    const vb_qcand *c;
    size_t ncand;
    uint64_t probes;
    t0 = now();
    if (vb_qindex_scan(ix, sc, th, nth, 8, &c, &ncand, &probes, &err) != VB_OK) return 1;
    double probe_time = now() - t0;
    if (getenv("VB_BENCH_DEBUG")) fprintf(stderr, "quotes %zu: %zu candidates, %.3f s scan\n", nq, ncand, probe_time);
    /* Verify every candidate, as the matcher does. */
    unsigned char *found = calloc(nplants, 1);
    size_t verified = 0;
    for (size_t i = 0; i < ncand; i++) {
      uint32_t q = c[i].quote, len = vb_qindex_quote_words(ix, q);
      /* One shared shingle of a quote that has several is chance more often
       * than reuse: the matcher's rule, applied here too. */
      if (c[i].votes < 2 && len > 4) continue;
      int64_t lo = c[i].lo - 8, hi = c[i].hi + len + 8;
      size_t wf = lo < 0 ? 0 : (size_t)lo, wt = hi > (int64_t)nth ? nth : (size_t)hi;
      vb_walign r;
      const vb_wedit *e;
      size_t ne;
      if (vb_qalign_run(al, vb_qindex_quote_hashes(ix, q), len, th + wf, wt - wf, 1u << 22, &r,
                        &e, &ne, &err) != VB_OK)
        continue;
      verified++;
      if (r.equal < 4) continue;
      /* Plants are sorted by position: binary search for this one. */
      size_t at = wf + r.b_from, lo2 = 0, hi2 = nplants;
      while (lo2 < hi2) {
        size_t mid = (lo2 + hi2) / 2;
        if (plants[mid].word + 48 < at) lo2 = mid + 1;
        else hi2 = mid;
      }
      for (size_t p = lo2; p < nplants && plants[p].word <= at + 48; p++)
        if (plants[p].quote == q) found[p] = 1;
    }
    double scan = now() - t0;
    size_t per[3] = {0}, hit[3] = {0};
    for (size_t p = 0; p < nplants; p++) {
      per[plants[p].kind]++;
      hit[plants[p].kind] += found[p];
    }
    printf("%9zu %9.3f %10.1f %12.3g %12.3g %10.1f %8.2f %8.2f %8.2f\n", nq, build,
           tlen / 1e6 / scan, probes / probe_time, verified / (scan - probe_time),
           (double)vb_qindex_memory(ix) / nq, 100.0 * hit[0] / per[0], 100.0 * hit[1] / per[1],
           100.0 * hit[2] / per[2]);
    free(found);
    vb_qscan_free(sc);
    vb_qalign_free(al);
    vb_qindex_free(ix);
  }
  /* Baseline: per-quote search of the first four words, 1k quotes. */
  {
    size_t nq = sizes[0], hits = 0;
    double t0 = now();
    for (size_t q = 0; q < nq; q++) {
      const uint32_t *w = qw + qoff[q];
      for (size_t i = 0; i + 4 <= nth; i++)
        if (th[i] == vh[w[0]] && th[i + 1] == vh[w[1]] && th[i + 2] == vh[w[2]] &&
            th[i + 3] == vh[w[3]])
          hits++;
    }
    double base = now() - t0;
    printf("baseline (per-quote scan, 1k quotes, first 4 words only): %.1f MB/s, %zu hits\n",
           tlen / 1e6 / base, hits);
  }
  free(qh);
  free(vh);
  free(th);
  free(text);
  free(plants);
  free(qw);
  free(qoff);
  vb_segmenter_free(seg);
  return 0;
}
