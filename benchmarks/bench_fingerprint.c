/* Fingerprint benchmark: every stage of the fingerprint layer on generated
 * news-like text, one core, side by side with a plain baseline written the
 * straightforward way (tokenize, hash, qsort; k independent MinHash
 * functions) and with the peers found on this machine.
 *
 *   build/benchmarks/bench_fingerprint [--docs N | --mb N] [--ngram N] [--runs N]
 *                                      [--json] [--dump FILE] [--no-node]
 *   build/benchmarks/bench_fingerprint --scaling 1000,10000,100000,1000000 [--json]
 *
 * Stages are timed separately, each as MB/s of the text its tokens came
 * from, so they compare with each other and with the targets: tokenizing;
 * shingle hashes (XXH3-64 of n word hashes); the sorted distinct set;
 * winnowing; MinHash-128; SimHash; all of them in one pass; then tokenizing
 * plus shingles, end to end, against the baseline. Peers, when present:
 * ssdeep (libfuzzy-dev) and TLSH (libtlsh-dev), both byte-level digests of
 * the whole document, and the npm `minhash` package (run as a subprocess,
 * benchmarks/bench_minhash_peer.js, on the corpus written to a file), each
 * with the ratio to verbatim's comparable figure. Then MinHash comparison
 * and the LSH index: add and query rates, bytes per document.
 *
 * --scaling runs only the scaling table: for each size, that many short
 * documents (about 60 words, a quarter of them near-copies of a recent one)
 * are generated batch by batch, tokenized, signed and added to an LSH index,
 * then every candidate pair is listed with vb_lsh_pairs. It prints the time
 * of each step, the pair count, the index's bytes per document and the
 * process's peak RSS (sizes run in ascending order, so the peak so far is
 * the current size's).
 *
 * --json prints JSON Lines instead of tables, one object per figure:
 * {"bench":"fingerprint","case":...,"impl":...,"n":docs,"bytes":text bytes,
 *  "seconds":s,"rate":r,"unit":"MB/s"|"docs/s"|"queries/s"|"pairs/s"|"B/doc"|"pairs",
 *  "rss_kb":peak RSS}.
 *
 * The corpus is generated from a fixed seed: Zipf-distributed words from a
 * 20,000-word synthetic vocabulary (one word in twelve has an accented
 * letter), capitalised sentences of 8-30 words with commas and curly-quoted
 * speech, paragraphs of 2-5 sentences, ~600 words a document. Every run of
 * the same build prints figures for the same bytes. Timings are process CPU
 * time (user + system; the node peer measures its own the same way), best
 * of --runs (default 3): the machine is shared, so the fastest run is the
 * least disturbed one. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <xxhash.h>

#ifdef VB_BENCH_SSDEEP
#include <fuzzy.h>
#endif
#ifdef VB_BENCH_TLSH
#include "tlsh_peer.h"
#endif

#include "fp_internal.h"
#include "verbatim/fingerprint.h"

#define K 128

static uint64_t rng = 20240601;
static uint64_t rnd(void) {
  uint64_t z = (rng += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* Process CPU time (user + system): on a shared machine, time the process
 * waited for a core is not its cost. */
static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static long peak_rss_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static int runs = 3;

/* Best of `runs`: the fastest run is the least disturbed one. */
#define BEST_OF(out, ...)                       \
  do {                                          \
    (out) = INFINITY;                           \
    for (int rep_ = 0; rep_ < runs; rep_++) {   \
      double t0_ = now();                       \
      __VA_ARGS__;                              \
      double t_ = now() - t0_;                  \
      if (t_ < (out)) (out) = t_;               \
    }                                           \
  } while (0)

/* ---- output: a table for people, or JSON Lines for the plotting driver ---- */

static bool json;

static void emit(const char *bench_case, const char *impl, size_t n, size_t bytes, double seconds,
                 double rate, const char *unit) {
  if (!json) return;
  printf("{\"bench\":\"fingerprint\",\"case\":\"%s\",\"impl\":\"%s\",\"n\":%zu,\"bytes\":%zu,"
         "\"seconds\":%.6g,\"rate\":%.6g,\"unit\":\"%s\",\"rss_kb\":%ld}\n",
         bench_case, impl, n, bytes, seconds, rate, unit, peak_rss_kb());
}

/* One table row: verbatim's rate, and a reference's with the ratio. */
static void row(const char *label, double rate, const char *unit, const char *ref_name,
                double ref_rate) {
  if (json) return;
  if (ref_name == NULL)
    printf("  %-46s %10.1f %-9s\n", label, rate, unit);
  else
    printf("  %-46s %10.1f %-9s %10.1f %-9s %-23s %6.1fx\n", label, rate, unit, ref_rate, unit,
           ref_name, rate / ref_rate);
}

/* ---- the generated corpus ---- */

#define VOCAB 20000

typedef struct corpus {
  char **text;
  size_t *len;
  size_t docs, bytes;
} corpus;

static char vocab[VOCAB][24];
static double zipf_cdf[VOCAB];

static void make_vocab(void) {
  static const char cons[] = "bcdfghklmnprstvwz", vow[] = "aeiou";
  static const char *const accented[] = {"\xC3\xA9", "\xC3\xBC", "\xC3\xB6", "\xC3\xA0",
                                         "\xC3\xB1"}; /* é ü ö à ñ */
  double sum = 0;
  for (int i = 0; i < VOCAB; i++) {
    int syl = 1 + (int)(rnd() % 4);
    bool accent = rnd() % 12 == 0;
    char *w = vocab[i];
    size_t n = 0;
    for (int s = 0; s < syl; s++) {
      w[n++] = cons[rnd() % (sizeof cons - 1)];
      if (accent && s == syl - 1) {
        const char *a = accented[rnd() % 5];
        w[n++] = a[0];
        w[n++] = a[1];
      } else {
        w[n++] = vow[rnd() % (sizeof vow - 1)];
      }
      if (rnd() % 3 == 0) w[n++] = cons[rnd() % (sizeof cons - 1)];
    }
    w[n] = '\0';
    sum += 1.0 / (i + 1);
    zipf_cdf[i] = sum;
  }
  for (int i = 0; i < VOCAB; i++) zipf_cdf[i] /= sum;
}

static const char *zipf_word(void) {
  double u = (double)(rnd() >> 11) / 9007199254740992.0;
  size_t lo = 0, hi = VOCAB - 1;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (zipf_cdf[mid] < u)
      lo = mid + 1;
    else
      hi = mid;
  }
  return vocab[lo];
}

/* One document of at least `words` words into `t` (room for words * 32 +
 * 256 bytes); returns its length. */
static size_t make_doc(char *t, size_t words) {
  size_t n = 0, done = 0;
  while (done < words) {
    int sentences = 2 + (int)(rnd() % 4);
    for (int s = 0; s < sentences && done < words; s++) {
      int len = 8 + (int)(rnd() % 23);
      bool quote = rnd() % 5 == 0;
      if (quote) n += (size_t)sprintf(t + n, "\xE2\x80\x9C");
      for (int k = 0; k < len; k++) {
        const char *w = zipf_word();
        n += (size_t)sprintf(t + n, "%s%c%s", k ? " " : "", k ? w[0] : w[0] - 32, w + 1);
        if (k && k < len - 1 && rnd() % 9 == 0) t[n++] = ',';
      }
      n += (size_t)sprintf(t + n, quote ? ",\xE2\x80\x9D said %s. " : ". ", zipf_word());
      done += (size_t)len;
    }
    t[n++] = '\n';
    t[n++] = '\n';
  }
  return n;
}

#define DOC_WORDS 600
#define DOC_CAP (DOC_WORDS * 32 + 256 + 30 * 32)

/* `docs` documents, or as many as reach `mb` megabytes when mb > 0. */
static corpus make_corpus(size_t docs, double mb) {
  corpus c = {NULL, NULL, 0, 0};
  size_t cap = 0;
  char *buf = malloc(DOC_CAP);
  for (size_t d = 0; mb > 0 ? (double)c.bytes < mb * 1e6 : d < docs; d++) {
    if (d == cap) {
      cap = cap ? 2 * cap : 1024;
      c.text = realloc(c.text, cap * sizeof *c.text);
      c.len = realloc(c.len, cap * sizeof *c.len);
      if (c.text == NULL || c.len == NULL) abort();
    }
    size_t n = make_doc(buf, DOC_WORDS);
    c.text[d] = malloc(n);
    memcpy(c.text[d], buf, n);
    c.len[d] = n;
    c.bytes += n;
    c.docs = d + 1;
  }
  free(buf);
  return c;
}

static void free_corpus(corpus *c) {
  for (size_t d = 0; d < c->docs; d++) free(c->text[d]);
  free(c->text);
  free(c->len);
}

/* Documents separated by a form feed line, for bench_minhash_peer.js. */
static bool dump_corpus(const corpus *c, const char *path) {
  FILE *f = fopen(path, "wb");
  if (f == NULL) return false;
  for (size_t d = 0; d < c->docs; d++) {
    fwrite(c->text[d], 1, c->len[d], f);
    fputs("\f\n", f);
  }
  return fclose(f) == 0;
}

/* ---- the tokenizer: the one place that calls it ---- */

#define TOKENIZER_NAME "tokenize (segmenter words, paragraphs, boilerplate)"

typedef struct tokenizer {
  vb_words *w;
} tokenizer;

static void tokenizer_init(tokenizer *t) { t->w = vb_words_new(NULL); }

static void tokenizer_release(tokenizer *t) { vb_words_free(t->w); }

/* Tokens of `text`, borrowed until the next call. */
static bool tokenize(tokenizer *t, const char *text, size_t len, vb_tokens *out) {
  if (t->w == NULL || vb_words_run(t->w, text, len, NULL) != VB_OK) return false;
  *out = vb_words_tokens(t->w);
  return true;
}

/* ---- the baseline ---- */

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* Shingles by XXH3 over n word hashes; qsort and unique. Returns the set
 * size. */
static size_t baseline_set(const uint64_t *words, size_t nw, size_t ngram, uint64_t *sh) {
  size_t m = nw >= ngram ? nw - ngram + 1 : 0;
  for (size_t j = 0; j < m; j++) sh[j] = XXH3_64bits(words + j, ngram * 8);
  qsort(sh, m, sizeof *sh, cmp_u64);
  size_t u = m ? 1 : 0;
  for (size_t j = 1; j < m; j++)
    if (sh[j] != sh[u - 1]) sh[u++] = sh[j];
  return u;
}

/* ASCII-only tokenizer, lowercase, XXH3 per word; then baseline_set. */
static size_t baseline_shingles(const char *t, size_t n, size_t ngram, uint64_t *words,
                                uint64_t *sh) {
  size_t nw = 0, i = 0;
  char buf[256];
  while (i < n) {
    while (i < n && !((t[i] | 32) >= 'a' && (t[i] | 32) <= 'z')) i++;
    size_t k = 0;
    while (i < n && ((t[i] | 32) >= 'a' && (t[i] | 32) <= 'z')) {
      if (k < sizeof buf) buf[k++] = (char)(t[i] | 32);
      i++;
    }
    if (k) words[nw++] = XXH3_64bits(buf, k);
  }
  return baseline_set(words, nw, ngram, sh);
}

static void baseline_minhash(const uint64_t *set, size_t n, uint64_t *sig, size_t k) {
  for (size_t i = 0; i < k; i++) sig[i] = UINT64_MAX;
  for (size_t j = 0; j < n; j++)
    for (size_t i = 0; i < k; i++) {
      uint64_t h = vb_mix64(set[j] ^ (UINT64_C(0x9e3779b97f4a7c15) * (i + 1)));
      if (h < sig[i]) sig[i] = h;
    }
}

/* ---- the main run ---- */

typedef struct tokens_all {
  uint64_t *hashes; /* every document's word hashes, one after another */
  size_t *start;    /* docs + 1 offsets into hashes */
} tokens_all;

static vb_tokens doc_tokens(const tokens_all *ta, size_t d) {
  vb_tokens t = {ta->hashes + ta->start[d], NULL, NULL, ta->start[d + 1] - ta->start[d]};
  return t;
}

/* Runs the npm minhash peer on `path`; its rate in MB/s, or 0 with a note. */
static double node_peer(const char *path, uint32_t ngram, size_t *docs, size_t *bytes,
                        double *secs, char *note, size_t note_len) {
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "node '%s/benchmarks/bench_minhash_peer.js' '%s' --seconds 3 "
           "--ngram %u 2>&1", VB_SOURCE_DIR, path, (unsigned)ngram);
  FILE *p = popen(cmd, "r");
  if (p == NULL) {
    snprintf(note, note_len, "cannot start node");
    return 0;
  }
  char out[4096];
  size_t n = fread(out, 1, sizeof out - 1, p);
  out[n] = '\0';
  int rc = pclose(p);
  const char *b = strstr(out, "\"bytes\":"), *s = strstr(out, "\"seconds\":"),
             *d = strstr(out, "\"n\":");
  if (rc != 0 || b == NULL || s == NULL || d == NULL) {
    out[strcspn(out, "\n")] = '\0';
    snprintf(note, note_len, "skipped: %.400s", n ? out : "node not found");
    return 0;
  }
  *bytes = (size_t)strtoull(b + 8, NULL, 10);
  *secs = strtod(s + 10, NULL);
  *docs = (size_t)strtoull(d + 4, NULL, 10);
  return *secs > 0 ? (double)*bytes / 1e6 / *secs : 0;
}

static int run_main(size_t docs, double want_mb, uint32_t ngram, const char *dump, bool use_node) {
  corpus c = make_corpus(docs, want_mb);
  docs = c.docs;
  double mb = (double)c.bytes / 1e6;
  if (dump && !dump_corpus(&c, dump)) {
    fprintf(stderr, "bench_fingerprint: cannot write %s\n", dump);
    return 1;
  }
  if (!json)
    printf("corpus: %zu documents, %.1f MB (%zu bytes), n-gram %u, MinHash k %d, best of %d\n\n",
           docs, mb, c.bytes, ngram, K, runs);

  /* Tokenize once and keep the tokens: the stages below start from them. */
  tokenizer tk;
  tokenizer_init(&tk);
  tokens_all ta = {NULL, malloc((docs + 1) * sizeof(size_t))};
  size_t cap = 0, total = 0;
  ta.start[0] = 0;
  for (size_t d = 0; d < docs; d++) { /* also warms the caches */
    vb_tokens t;
    if (!tokenize(&tk, c.text[d], c.len[d], &t)) return 1;
    if (total + t.count > cap) {
      cap = 2 * (total + t.count);
      ta.hashes = realloc(ta.hashes, cap * sizeof *ta.hashes);
      if (ta.hashes == NULL) return 1;
    }
    memcpy(ta.hashes + total, t.hashes, t.count * sizeof *t.hashes);
    total += t.count;
    ta.start[d + 1] = total;
  }
  size_t max_words = 0; /* the baseline's ASCII split may find more words: bound by bytes */
  for (size_t d = 0; d < docs; d++)
    if (c.len[d] > max_words) max_words = c.len[d];
  double t_tok;
  BEST_OF(t_tok, for (size_t d = 0; d < docs; d++) {
    vb_tokens t;
    if (!tokenize(&tk, c.text[d], c.len[d], &t)) return 1;
  });
  if (!json)
    printf("  %-46s %10s %-9s %10s %-9s %-23s %7s\n", "stages (MB/s of text, one core)",
           "verbatim", "", "reference", "", "", "ratio");
  row(TOKENIZER_NAME, mb / t_tok, "MB/s", NULL, 0);
  emit("tokenize", "verbatim", docs, c.bytes, t_tok, mb / t_tok, "MB/s");

  /* Each stage from the kept tokens. Flags 0 computes the shingle hashes
   * only (every run hashes them; nothing else was asked for). */
  vb_fingerprinter *fp = vb_fingerprinter_new(NULL);
  vb_fp_options o = vb_fp_options_default();
  o.ngram = ngram;
  uint64_t(*sigs)[K] = malloc(docs * sizeof *sigs);
  if (sigs == NULL) return 1;
  memset(sigs, 0, docs * sizeof *sigs); /* touched now, not in a timed stage */
  uint64_t *bw = malloc((max_words + 1) * 8), *bs = malloc((max_words + 1) * 8);
  static const struct {
    uint32_t flags;
    const char *id, *label;
  } stages[] = {
      {0, "shingle-hashes", "shingle hashes (XXH3-64 of n word hashes)"},
      {VB_FP_SHINGLES, "shingle-set", "shingle set (hashes, sorted, distinct)"},
      {VB_FP_WINNOW, "winnow", "winnowed fingerprints (window 8)"},
      {VB_FP_MINHASH, "minhash-128", "MinHash-128 (one permutation, densified)"},
      {VB_FP_SIMHASH, "simhash", "SimHash-64 (bit-sliced counts)"},
      {VB_FP_ALL, "all", "all in one pass: set+winnow+MinHash+SimHash"},
  };
  double stage_secs[sizeof stages / sizeof stages[0]];
  o.flags = VB_FP_ALL; /* one untimed pass: the handle's buffers reach their size */
  for (size_t d = 0; d < docs; d++) {
    vb_tokens t = doc_tokens(&ta, d);
    if (vb_fingerprinter_run(fp, &o, &t, NULL, 0, NULL) != VB_OK) return 1;
  }
  for (size_t s = 0; s < sizeof stages / sizeof stages[0]; s++) {
    o.flags = stages[s].flags;
    BEST_OF(stage_secs[s], for (size_t d = 0; d < docs; d++) {
      vb_tokens t = doc_tokens(&ta, d);
      if (vb_fingerprinter_run(fp, &o, &t, NULL, 0, NULL) != VB_OK) return 1;
      if (o.flags == VB_FP_MINHASH) {
        size_t k;
        memcpy(sigs[d], vb_fingerprinter_minhash(fp, &k), sizeof sigs[d]);
      }
    });
    emit(stages[s].id, "verbatim", docs, c.bytes, stage_secs[s], mb / stage_secs[s], "MB/s");
    if (o.flags == VB_FP_SHINGLES) { /* the baseline does the same from the same tokens */
      double t_b;
      BEST_OF(t_b, for (size_t d = 0; d < docs; d++) {
        vb_tokens t = doc_tokens(&ta, d);
        baseline_set(t.hashes, t.count, ngram, bs);
      });
      row(stages[s].label, mb / stage_secs[s], "MB/s", "baseline (qsort)", mb / t_b);
      emit(stages[s].id, "baseline", docs, c.bytes, t_b, mb / t_b, "MB/s");
    } else if (o.flags == VB_FP_MINHASH) { /* k hashes per shingle is slow: a sample */
      size_t sample = docs < 100 ? docs : 100, sbytes = 0;
      uint64_t sig[K];
      double t0 = now();
      for (size_t d = 0; d < sample; d++) {
        vb_tokens t = doc_tokens(&ta, d);
        baseline_minhash(bs, baseline_set(t.hashes, t.count, ngram, bs), sig, K);
        sbytes += c.len[d];
      }
      double t_b = now() - t0, rate_b = (double)sbytes / 1e6 / t_b;
      row(stages[s].label, mb / stage_secs[s], "MB/s", "baseline (k hashes)", rate_b);
      emit(stages[s].id, "baseline", sample, sbytes, t_b, rate_b, "MB/s");
    } else {
      row(stages[s].label, mb / stage_secs[s], "MB/s", NULL, 0);
    }
  }

  /* End to end from the text, as a user calls it. */
  o.flags = VB_FP_SHINGLES;
  double t_e2e;
  BEST_OF(t_e2e, for (size_t d = 0; d < docs; d++) {
    vb_tokens t;
    if (!tokenize(&tk, c.text[d], c.len[d], &t)) return 1;
    if (vb_fingerprinter_run(fp, &o, &t, NULL, 0, NULL) != VB_OK) return 1;
  });
  double t_base;
  BEST_OF(t_base, for (size_t d = 0; d < docs; d++) {
    baseline_shingles(c.text[d], c.len[d], ngram, bw, bs);
  });
  row("tokenize + shingle set, end to end", mb / t_e2e, "MB/s", "baseline (ASCII, qsort)",
      mb / t_base);
  emit("tokenize+shingle-set", "verbatim", docs, c.bytes, t_e2e, mb / t_e2e, "MB/s");
  emit("tokenize+shingle-set", "baseline", docs, c.bytes, t_base, mb / t_base, "MB/s");
  o.flags = VB_FP_MINHASH;
  double t_e2e_mh;
  BEST_OF(t_e2e_mh, for (size_t d = 0; d < docs; d++) {
    vb_tokens t;
    if (!tokenize(&tk, c.text[d], c.len[d], &t)) return 1;
    if (vb_fingerprinter_run(fp, &o, &t, NULL, 0, NULL) != VB_OK) return 1;
  });
  double r_mh = mb / t_e2e_mh;
  emit("tokenize+minhash-128", "verbatim", docs, c.bytes, t_e2e_mh, r_mh, "MB/s");
  tokenizer_release(&tk);

  /* Comparing two digests: MinHash-128 estimate against the peers'. */
  double r_cmp;
  {
    size_t cmps = 0;
    double sum = 0, t0 = now();
    for (size_t d = 0; d + 1 < docs && now() - t0 < 0.3; d++)
      for (size_t e = d + 1; e < docs && e < d + 200; e++, cmps++)
        sum += vb_minhash_jaccard(sigs[d], sigs[e], K);
    double t_cmp = now() - t0;
    r_cmp = cmps / t_cmp;
    emit("compare", "verbatim", cmps, 0, t_cmp, r_cmp, "pairs/s");
    (void)sum;
  }
  /* Peers: whole-document digests from the text. */
  if (!json)
    printf("\npeers, from the text (verbatim: tokenize + MinHash-128; compare: MinHash-128 "
           "Jaccard estimate)\n");
  {
    size_t sample = docs < 100 ? docs : 100, sbytes = 0;
    uint64_t sig[K];
    double t0 = now();
    for (size_t d = 0; d < sample; d++) {
      baseline_minhash(bs, baseline_shingles(c.text[d], c.len[d], ngram, bw, bs), sig, K);
      sbytes += c.len[d];
    }
    double t_b = now() - t0, rate_b = (double)sbytes / 1e6 / t_b;
    row("tokenize + shingles + MinHash-128", r_mh, "MB/s", "baseline (k hashes)", rate_b);
    emit("tokenize+minhash-128", "baseline", sample, sbytes, t_b, rate_b, "MB/s");
  }
  if (use_node) {
    char path[] = "/tmp/vb_bench_corpus_XXXXXX";
    const char *file = dump;
    int fd = -1;
    if (file == NULL) {
      fd = mkstemp(path);
      if (fd < 0 || !dump_corpus(&c, path)) {
        fprintf(stderr, "bench_fingerprint: cannot write a corpus file for node\n");
        return 1;
      }
      file = path;
    }
    char note[512] = "";
    size_t nd = 0, nb = 0;
    double ns = 0, r = node_peer(file, ngram, &nd, &nb, &ns, note, sizeof note);
    if (fd >= 0) {
      close(fd);
      unlink(path);
    }
    if (r > 0) {
      row("tokenize + shingles + MinHash-128", r_mh, "MB/s", "npm minhash (node)", r);
      emit("tokenize+minhash-128", "npm-minhash", nd, nb, ns, r, "MB/s");
    } else if (!json) {
      printf("  npm minhash (node): %s\n", note);
    }
  } else if (!json) {
    printf("  npm minhash (node): not run (--no-node)\n");
  }
#ifdef VB_BENCH_SSDEEP
  {
    char(*fz)[FUZZY_MAX_RESULT] = malloc(docs * sizeof *fz);
    double t_fz;
    BEST_OF(t_fz, for (size_t d = 0; d < docs; d++) {
      if (fuzzy_hash_buf((const unsigned char *)c.text[d], (uint32_t)c.len[d], fz[d]) != 0)
        return 1;
    });
    row("digest of each document", r_mh, "MB/s", "ssdeep fuzzy_hash_buf", mb / t_fz);
    emit("digest", "ssdeep", docs, c.bytes, t_fz, mb / t_fz, "MB/s");
    size_t cmps = 0;
    int sum = 0;
    double t0 = now();
    for (size_t d = 0; d + 1 < docs && now() - t0 < 0.3; d++)
      for (size_t e = d + 1; e < docs && e < d + 200; e++, cmps++)
        sum += fuzzy_compare(fz[d], fz[e]);
    double t_cmp = now() - t0;
    row("compare two digests", r_cmp / 1e6, "M pairs/s", "ssdeep fuzzy_compare",
        cmps / t_cmp / 1e6);
    emit("compare", "ssdeep", cmps, 0, t_cmp, cmps / t_cmp, "pairs/s");
    (void)sum;
    free(fz);
  }
#else
  if (!json) printf("  ssdeep: not built (libfuzzy-dev not found)\n");
#endif
#ifdef VB_BENCH_TLSH
  {
    vb_bench_tlsh *th = vb_bench_tlsh_new(docs);
    if (th == NULL) return 1;
    double t_th;
    BEST_OF(t_th, for (size_t d = 0; d < docs; d++) {
      if (vb_bench_tlsh_hash(th, d, (const unsigned char *)c.text[d], c.len[d]) != 0) return 1;
    });
    row("digest of each document", r_mh, "MB/s", "TLSH (libtlsh)", mb / t_th);
    emit("digest", "tlsh", docs, c.bytes, t_th, mb / t_th, "MB/s");
    size_t cmps = 0;
    long sum = 0;
    double t0 = now();
    for (size_t d = 0; d + 1 < docs && now() - t0 < 0.3; d++)
      for (size_t e = d + 1; e < docs && e < d + 200; e++, cmps++) sum += vb_bench_tlsh_diff(th, d, e);
    double t_cmp = now() - t0;
    row("compare two digests", r_cmp / 1e6, "M pairs/s", "TLSH totalDiff", cmps / t_cmp / 1e6);
    emit("compare", "tlsh", cmps, 0, t_cmp, cmps / t_cmp, "pairs/s");
    (void)sum;
    vb_bench_tlsh_free(th);
  }
#else
  if (!json) printf("  TLSH: not built (libtlsh-dev not found)\n");
#endif
  /* LSH: index every document, then query each one. */
  vb_lsh *lsh = vb_lsh_new(NULL);
  double t0 = now();
  for (size_t d = 0; d < docs; d++)
    if (vb_lsh_add(lsh, sigs[d], K, NULL, NULL) != VB_OK) return 1;
  double t_add = now() - t0;
  size_t found = 0, queries = 0;
  t0 = now();
  do {
    for (size_t d = 0; d < docs; d++) {
      const uint32_t *ids;
      size_t n;
      if (vb_lsh_query(lsh, sigs[d], K, &ids, &n, NULL) != VB_OK) return 1;
      found += n;
      queries++;
    }
  } while (now() - t0 < 0.3);
  double t_q = now() - t0;
  vb_lsh_options lo = vb_lsh_get_options(lsh);
  if (!json) {
    printf("\nLSH (threshold %.2f: %u bands x %u rows), %zu documents\n", lo.threshold, lo.bands,
           lo.rows, docs);
    row("add", docs / t_add, "docs/s", NULL, 0);
    row("query (each document's own signature)", queries / t_q, "queries/s", NULL, 0);
    row("index memory", vb_lsh_bytes_per_doc(lsh), "B/doc", NULL, 0);
    printf("  (%.1f candidates per query)\n", (double)found / (double)queries);
  }
  emit("lsh-add", "verbatim", docs, c.bytes, t_add, docs / t_add, "docs/s");
  emit("lsh-query", "verbatim", queries, 0, t_q, queries / t_q, "queries/s");
  emit("lsh-memory", "verbatim", docs, c.bytes, 0, vb_lsh_bytes_per_doc(lsh), "B/doc");

  vb_lsh_free(lsh);
  vb_fingerprinter_free(fp);
  free(ta.hashes);
  free(ta.start);
  free(sigs);
  free(bw);
  free(bs);
  free_corpus(&c);
  return 0;
}

/* ---- the scaling table ---- */

#define SCALE_WORDS 60
#define SCALE_CAP (SCALE_WORDS * 32 + 256 + 30 * 32)
#define SCALE_BATCH 4096
#define SCALE_RING 256 /* near-copies are taken from the last SCALE_RING documents */

/* One short document into `t`: a fresh one, or (one in four) a near-copy of
 * a recent one with a few letters changed, so that the corpus has the
 * clusters of near-duplicates that news has. */
static size_t make_scale_doc(char *t, char (*ring)[SCALE_CAP], size_t *ring_len, size_t d) {
  size_t n;
  if (d >= SCALE_RING && rnd() % 4 == 0) {
    size_t src = (size_t)(rnd() % SCALE_RING);
    n = ring_len[src];
    memcpy(t, ring[src], n);
    for (int e = 0; e < 3; e++) { /* three words change: Jaccard about 0.6 */
      size_t at = (size_t)(rnd() % n);
      if (t[at] >= 'a' && t[at] <= 'z') t[at] = (char)('a' + (t[at] - 'a' + 1) % 26);
    }
  } else {
    n = make_doc(t, SCALE_WORDS);
  }
  size_t slot = d % SCALE_RING;
  memcpy(ring[slot], t, n);
  ring_len[slot] = n;
  return n;
}

static int run_scaling(const char *list, uint32_t ngram) {
  char (*texts)[SCALE_CAP] = malloc(SCALE_BATCH * sizeof *texts);
  char (*ring)[SCALE_CAP] = malloc(SCALE_RING * sizeof *ring);
  size_t *lens = malloc(SCALE_BATCH * sizeof *lens), ring_len[SCALE_RING];
  uint64_t(*sigs)[K] = malloc(SCALE_BATCH * sizeof *sigs);
  if (!texts || !ring || !lens || !sigs) return 1;
  vb_fingerprinter *fp = vb_fingerprinter_new(NULL);
  vb_fp_options o = vb_fp_options_default();
  o.ngram = ngram;
  o.flags = VB_FP_MINHASH;
  tokenizer tk;
  tokenizer_init(&tk);
  if (!json)
    printf("scaling: short documents (~%d words, a quarter near-copies), MinHash-%d, LSH at the "
           "default threshold; seconds per step\n\n"
           "%9s %9s %9s %10s %10s %10s %12s %9s %9s\n",
           SCALE_WORDS, K, "docs", "MB", "tokenize", "signatures", "LSH build", "all pairs",
           "pairs", "B/doc", "peak MB");
  for (const char *p = list; *p;) {
    char *end;
    size_t docs = (size_t)strtoull(p, &end, 10);
    if (end == p || docs < 2) {
      fprintf(stderr, "bench_fingerprint: --scaling wants sizes like 1000,10000\n");
      return 2;
    }
    p = *end == ',' ? end + 1 : end;
    rng = 20240601;
    vb_lsh *lsh = vb_lsh_new(NULL);
    double t_tok = 0, t_sig = 0, t_add = 0;
    size_t bytes = 0;
    for (size_t d0 = 0; d0 < docs; d0 += SCALE_BATCH) {
      size_t nb = docs - d0 < SCALE_BATCH ? docs - d0 : SCALE_BATCH;
      for (size_t i = 0; i < nb; i++) {
        lens[i] = make_scale_doc(texts[i], ring, ring_len, d0 + i);
        bytes += lens[i];
      }
      for (size_t i = 0; i < nb; i++) {
        vb_tokens t;
        double t0 = now();
        if (!tokenize(&tk, texts[i], lens[i], &t)) return 1;
        double t1 = now();
        if (vb_fingerprinter_run(fp, &o, &t, NULL, 0, NULL) != VB_OK) return 1;
        size_t k;
        memcpy(sigs[i], vb_fingerprinter_minhash(fp, &k), sizeof sigs[i]);
        t_sig += now() - t1;
        t_tok += t1 - t0;
      }
      double t2 = now();
      for (size_t i = 0; i < nb; i++)
        if (vb_lsh_add(lsh, sigs[i], K, NULL, NULL) != VB_OK) return 1;
      t_add += now() - t2;
    }
    const vb_doc_pair *pairs;
    size_t npairs;
    double t0 = now();
    if (vb_lsh_pairs(lsh, &pairs, &npairs, NULL) != VB_OK) {
      fprintf(stderr, "bench_fingerprint: vb_lsh_pairs failed at %zu documents\n", docs);
      return 1;
    }
    double t_pairs = now() - t0, bpd = vb_lsh_bytes_per_doc(lsh);
    long rss = peak_rss_kb();
    if (!json)
      printf("%9zu %9.1f %9.3f %10.3f %10.3f %10.3f %12zu %9.0f %9.1f\n", docs, bytes / 1e6, t_tok,
             t_sig, t_add, t_pairs, npairs, bpd, rss / 1024.0);
    emit("scale-tokenize", "verbatim", docs, bytes, t_tok, bytes / 1e6 / t_tok, "MB/s");
    emit("scale-signatures", "verbatim", docs, bytes, t_sig, docs / t_sig, "docs/s");
    emit("scale-lsh-build", "verbatim", docs, bytes, t_add, docs / t_add, "docs/s");
    emit("scale-lsh-pairs", "verbatim", docs, bytes, t_pairs, (double)npairs, "pairs");
    emit("scale-lsh-memory", "verbatim", docs, bytes, 0, bpd, "B/doc");
    vb_lsh_free(lsh);
  }
  tokenizer_release(&tk);
  vb_fingerprinter_free(fp);
  free(texts);
  free(ring);
  free(lens);
  free(sigs);
  return 0;
}

static int usage(void) {
  fprintf(stderr,
          "usage: bench_fingerprint [--docs N | --mb N] [--ngram N] [--runs N] [--json]\n"
          "                         [--dump FILE] [--no-node]\n"
          "       bench_fingerprint --scaling N,N,... [--ngram N] [--json]\n");
  return 2;
}

int main(int argc, char **argv) {
  size_t docs = 1000;
  double mb = 0;
  uint32_t ngram = 5;
  const char *dump = NULL, *scaling = NULL;
  bool use_node = true;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--docs") == 0 && i + 1 < argc)
      docs = (size_t)strtoul(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--mb") == 0 && i + 1 < argc)
      mb = strtod(argv[++i], NULL);
    else if (strcmp(argv[i], "--ngram") == 0 && i + 1 < argc)
      ngram = (uint32_t)strtoul(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
      runs = atoi(argv[++i]);
    else if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc)
      dump = argv[++i];
    else if (strcmp(argv[i], "--scaling") == 0 && i + 1 < argc)
      scaling = argv[++i];
    else if (strcmp(argv[i], "--json") == 0)
      json = true;
    else if (strcmp(argv[i], "--no-node") == 0)
      use_node = false;
    else
      return usage();
  }
  if (ngram < 1 || ngram > 64 || runs < 1) return usage();
  if (docs < 2) docs = 2;
  make_vocab();
  if (scaling) return run_scaling(scaling, ngram);
  return run_main(docs, mb, ngram, dump, use_node);
}
