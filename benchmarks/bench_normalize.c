/* Normalization throughput: verbatim (VB_NORM_DEFAULT) against utf8proc_map
 * (NFKC + case folding) and, when built with ICU, ICU's NFKC_Casefold, on
 * two generated corpora of about 50 MB each:
 *
 *   english  news-like ASCII-heavy text with curly quotes, dashes, ellipses
 *   mixed    Cyrillic, Greek and CJK paragraphs with «», „“ and dashes
 *
 * Text is normalized one document at a time (--doc-size bytes, default 8192,
 * cut at a space), as the pipeline does. Each engine runs --runs times
 * (default 3) and the best CPU time counts. ICU works on UTF-16: its figure
 * includes the UTF-8 -> UTF-16 -> UTF-8 conversions, and the normalization
 * alone is printed beside it.
 *
 * usage: bench_normalize [--mb N | --kb N] [--doc-size BYTES] [--runs N]
 *                        [--corpus english|mixed] [--only verbatim] [--json]
 * (--only verbatim skips the peers, for profiling; --kb sizes the corpora in
 * kilobytes, for the small end of benchmarks/run.py's scaling curves; --json
 * prints one JSON object per figure instead of the table, in the format of
 * benchmarks/README.md)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "verbatim/normalize.h"

#ifdef VB_HAVE_ICU
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#endif

/* ---- corpora ------------------------------------------------------------ */

static uint64_t rng = 0x2545F4914F6CDD1Du;
static uint32_t rnd(uint32_t n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)((rng >> 20) % n);
}

typedef struct text {
  char *data;
  size_t len, cap;
} text;

static void put(text *t, const char *s) {
  size_t n = strlen(s);
  if (t->len + n > t->cap) {
    t->cap = (t->len + n) * 2;
    t->data = realloc(t->data, t->cap);
    if (!t->data) exit(1);
  }
  memcpy(t->data + t->len, s, n);
  t->len += n;
}

static const char *const en_words[] = {
    "the", "council", "said", "on", "tuesday", "that", "harbour", "would", "close", "for",
    "repairs", "after", "storm", "damaged", "pier", "minister", "of", "transport", "told",
    "reporters", "in", "a", "statement", "was", "not", "clear", "when", "ferries", "resume",
    "service", "residents", "have", "been", "asked", "to", "avoid", "area", "and", "police",
    "are", "investigating", "cause", "fire", "which", "broke", "out", "late", "night",
    "officials", "expect", "costs", "rise", "by", "million", "euros", "next", "year", "with",
    "budget", "talks", "due", "friday", "union", "leaders", "warned", "strike", "could",
    "spread", "other", "ports", "unless", "agreement", "is", "reached", "this", "week"};
static const char *const en_names[] = {"Moreau", "Brussels", "Lisbon", "Ferreira", "Okafor",
                                       "Reuters", "Tuesday", "Harbour Board", "Kowalski", "Nairobi"};

static void english_sentence(text *t) {
  int words = 8 + (int)rnd(18);
  bool quoted = rnd(4) == 0;
  if (quoted) put(t, "\xE2\x80\x9C"); /* “ */
  for (int w = 0; w < words; w++) {
    const char *word = rnd(9) == 0 ? en_names[rnd(10)] : en_words[rnd(sizeof en_words / sizeof *en_words)];
    if (w == 0) {
      char cap[64];
      snprintf(cap, sizeof cap, "%s", word);
      if (cap[0] >= 'a' && cap[0] <= 'z') cap[0] = (char)(cap[0] - 32);
      put(t, cap);
    } else {
      put(t, word);
    }
    if (w + 1 < words) {
      uint32_t r = rnd(60);
      if (r == 0) put(t, " \xE2\x80\x94 "); /* — */
      else if (r == 1) put(t, "\xE2\x80\x99s "); /* ’s */
      else if (r == 2) put(t, ", ");
      else if (r == 3) put(t, " caf\xC3\xA9 ");
      else if (r == 4) put(t, "\xE2\x80\x93"); /* – */
      else put(t, " ");
    }
  }
  put(t, rnd(20) == 0 ? "\xE2\x80\xA6" : ".");
  if (quoted) put(t, "\xE2\x80\x9D said a spokesperson."); /* ” */
  put(t, rnd(6) == 0 ? "\n\n" : " ");
}

static const char *const ru_words[] = {
    "совет", "заявил", "во", "вторник", "что", "гавань", "будет", "закрыта", "на", "ремонт",
    "после", "шторма", "министр", "транспорта", "сообщил", "журналистам", "жители", "района",
    "полиция", "расследует", "причины", "пожара", "который", "начался", "поздно", "ночью",
    "профсоюз", "предупредил", "забастовка", "может", "распространиться", "другие", "порты"};
static const char *const el_words[] = {
    "το", "συμβούλιο", "δήλωσε", "την", "Τρίτη", "ότι", "λιμάνι", "θα", "κλείσει", "για",
    "επισκευές", "μετά", "καταιγίδα", "υπουργός", "μεταφορών", "είπε", "στους", "δημοσιογράφους",
    "κάτοικοι", "αστυνομία", "ερευνά", "αιτία", "πυρκαγιάς", "απεργία", "λιμάνια", "εβδομάδα"};
static const char *const zh_words[] = {
    "理事会", "周二", "表示", "港口", "将", "关闭", "维修", "风暴", "之后", "交通部长", "告诉",
    "记者", "居民", "警方", "正在", "调查", "火灾", "原因", "工会", "警告", "罢工", "可能",
    "蔓延", "其他", "港口", "本周", "达成", "协议", "预算", "谈判"};

static void upper_first(text *t, const char *w) {
  /* Capitalize a Cyrillic or Greek first letter through utf8proc, as an
   * editor would. */
  utf8proc_int32_t c;
  utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)w, -1, &c);
  char buf[128];
  utf8proc_ssize_t n = utf8proc_encode_char(utf8proc_toupper(c), (utf8proc_uint8_t *)buf);
  snprintf(buf + n, sizeof buf - (size_t)n, "%s", w + k);
  put(t, buf);
}

static void mixed_sentence(text *t) {
  uint32_t script = rnd(3);
  int words = 6 + (int)rnd(14);
  const char *const *list = script == 0 ? ru_words : script == 1 ? el_words : zh_words;
  size_t count = script == 0 ? sizeof ru_words / sizeof *ru_words
               : script == 1 ? sizeof el_words / sizeof *el_words
                             : sizeof zh_words / sizeof *zh_words;
  bool quoted = rnd(4) == 0;
  if (quoted) put(t, script == 2 ? "\xE3\x80\x8C" : script == 0 ? "\xC2\xAB" : "\xE2\x80\x9E");
  for (int w = 0; w < words; w++) {
    const char *word = list[rnd((uint32_t)count)];
    if (w == 0 && script != 2) upper_first(t, word);
    else put(t, word);
    if (w + 1 < words) {
      if (script == 2) {
        if (rnd(8) == 0) put(t, "\xEF\xBC\x8C"); /* ， */
      } else {
        put(t, rnd(40) == 0 ? " \xE2\x80\x94 " : rnd(25) == 0 ? ", " : " ");
      }
    }
  }
  if (quoted) put(t, script == 2 ? "\xE3\x80\x8D" : script == 0 ? "\xC2\xBB" : "\xE2\x80\x9C");
  put(t, script == 2 ? "\xE3\x80\x82" : ". ");
  if (rnd(6) == 0) put(t, "\n\n");
}

/* Documents: cut the corpus at a space near every doc_size bytes. */
typedef struct docs {
  size_t *start;
  size_t count;
} docs;

static docs split(const text *t, size_t doc_size) {
  docs d = {malloc(sizeof(size_t) * (t->len / doc_size + 2)), 0};
  size_t at = 0;
  while (at < t->len) {
    d.start[d.count++] = at;
    size_t end = at + doc_size;
    if (end >= t->len) break;
    while (end < t->len && (unsigned char)t->data[end] >= 0x80) end++; /* never mid-character */
    while (end < t->len && t->data[end] != ' ' && (unsigned char)t->data[end] < 0x80 &&
           end - at < doc_size + 256)
      end++;
    at = end;
  }
  d.start[d.count] = t->len;
  return d;
}

/* ---- engines ------------------------------------------------------------ */

static double now(void) {
  struct timespec ts;
  /* CPU time of this process, not wall time: on a shared machine time spent
   * descheduled would otherwise count against whichever engine was running. */
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static size_t sink;

static double run_verbatim(const text *t, const docs *d) {
  vb_error err;
  vb_normalizer *n = vb_normalizer_new(NULL, VB_NORM_DEFAULT, &err);
  double t0 = now();
  for (size_t k = 0; k < d->count; k++) {
    if (vb_normalizer_run(n, t->data + d->start[k], d->start[k + 1] - d->start[k], &err) != VB_OK) {
      fprintf(stderr, "bench: %s\n", err.message);
      exit(1);
    }
    size_t len;
    vb_normalizer_output(n, &len);
    sink += len;
  }
  double dt = now() - t0;
  vb_normalizer_free(n);
  return dt;
}

static double run_utf8proc(const text *t, const docs *d) {
  double t0 = now();
  for (size_t k = 0; k < d->count; k++) {
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t len =
        utf8proc_map((const utf8proc_uint8_t *)t->data + d->start[k],
                     (utf8proc_ssize_t)(d->start[k + 1] - d->start[k]), &out,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
    if (len < 0) exit(1);
    sink += (size_t)len;
    free(out);
  }
  return now() - t0;
}

#ifdef VB_HAVE_ICU
static double run_icu(const text *t, const docs *d, double *norm_only) {
  UErrorCode ec = U_ZERO_ERROR;
  const UNormalizer2 *nz = unorm2_getNFKCCasefoldInstance(&ec);
  if (U_FAILURE(ec)) exit(1);
  size_t cap = 1 << 16;
  UChar *a = malloc(cap * sizeof(UChar)), *b = malloc(cap * sizeof(UChar));
  char *back = malloc(cap * 3);
  double in_norm = 0, t0 = now();
  for (size_t k = 0; k < d->count; k++) {
    int32_t len16 = 0;
    ec = U_ZERO_ERROR;
    u_strFromUTF8(a, (int32_t)cap, &len16, t->data + d->start[k],
                  (int32_t)(d->start[k + 1] - d->start[k]), &ec);
    if (U_FAILURE(ec)) exit(1);
    double t1 = now();
    int32_t out16 = unorm2_normalize(nz, a, len16, b, (int32_t)cap, &ec);
    in_norm += now() - t1;
    if (U_FAILURE(ec)) exit(1);
    int32_t len8 = 0;
    u_strToUTF8(back, (int32_t)cap * 3, &len8, b, out16, &ec);
    if (U_FAILURE(ec)) exit(1);
    sink += (size_t)len8;
  }
  double dt = now() - t0;
  free(a);
  free(b);
  free(back);
  *norm_only = in_norm;
  return dt;
}
#endif

static double best(double (*fn)(const text *, const docs *), const text *t, const docs *d, int runs) {
  double b = 1e30;
  for (int r = 0; r < runs; r++) {
    double x = fn(t, d);
    if (x < b) b = x;
  }
  return b;
}

static bool json;

/* One figure: a table line, or with --json one JSON Lines object. */
static void figure(const char *corpus, const char *impl, const char *label, const text *t,
                   const docs *d, double seconds, double verbatim_seconds) {
  double mb = (double)t->len / 1e6;
  if (json) {
    printf("{\"bench\":\"normalize\",\"case\":\"%s\",\"impl\":\"%s\",\"n\":%zu,"
           "\"bytes\":%zu,\"seconds\":%.6g,\"rate\":%.6g,\"unit\":\"MB/s\"}\n",
           corpus, impl, d->count, t->len, seconds, mb / seconds);
  } else if (verbatim_seconds > 0) {
    printf("  %-31s %8.1f MB/s   verbatim is %.1fx\n", label, mb / seconds,
           seconds / verbatim_seconds);
  } else {
    printf("  %-31s %8.1f MB/s\n", label, mb / seconds);
  }
}

static void bench(const char *name, const text *t, size_t doc_size, int runs, bool peers) {
  docs d = split(t, doc_size);
  double v = best(run_verbatim, t, &d, runs);
  if (!json) printf("%-8s %7.2f MB in %zu documents\n", name, (double)t->len / 1e6, d.count);
  figure(name, "verbatim", "verbatim VB_NORM_DEFAULT", t, &d, v, 0);
  if (!peers) {
    free(d.start);
    return;
  }
  double u = best(run_utf8proc, t, &d, runs);
  figure(name, "utf8proc", "utf8proc_map NFKC+casefold", t, &d, u, v);
#ifdef VB_HAVE_ICU
  double ib = 1e30, inb = 1e30;
  for (int r = 0; r < runs; r++) {
    double in;
    double x = run_icu(t, &d, &in);
    if (x < ib) ib = x;
    if (in < inb) inb = in;
  }
  figure(name, "icu+utf16", "ICU NFKC_Casefold with UTF-16", t, &d, ib, v);
  figure(name, "icu", "ICU NFKC_Casefold alone", t, &d, inb, v);
#else
  if (!json) printf("  ICU                             not built (libicu-dev not found)\n");
#endif
  free(d.start);
}

int main(int argc, char **argv) {
  size_t kb = 50000, doc_size = 8192;
  int runs = 3;
  const char *corpus = NULL;
  bool peers = true;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--mb") == 0 && i + 1 < argc) kb = 1000 * strtoul(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--kb") == 0 && i + 1 < argc) kb = strtoul(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--json") == 0) json = true;
    else if (strcmp(argv[i], "--doc-size") == 0 && i + 1 < argc) doc_size = strtoul(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) runs = atoi(argv[++i]);
    else if (strcmp(argv[i], "--corpus") == 0 && i + 1 < argc) corpus = argv[++i];
    else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc && strcmp(argv[i + 1], "verbatim") == 0)
      peers = false, i++;
    else {
      fprintf(stderr, "usage: bench_normalize [--mb N | --kb N] [--doc-size BYTES] [--runs N] "
                      "[--corpus english|mixed] [--only verbatim] [--json]\n");
      return 2;
    }
  }
  if (kb == 0 || doc_size < 64 || doc_size > 20000 || runs < 1) {
    fprintf(stderr, "bench_normalize: --mb or --kb >= 1, --doc-size in 64..20000, --runs >= 1\n");
    return 2;
  }
  bool do_en = !corpus || strcmp(corpus, "english") == 0;
  bool do_mixed = !corpus || strcmp(corpus, "mixed") == 0;
  text en = {0}, mixed = {0};
  if (do_en)
    while (en.len < kb * 1000) english_sentence(&en);
  if (do_mixed)
    while (mixed.len < kb * 1000) mixed_sentence(&mixed);
  if (!json)
    printf("normalization throughput, one core (process CPU time), best of %d, documents of ~%zu bytes\n",
           runs, doc_size);
  if (do_en) bench("english", &en, doc_size, runs, peers);
  if (do_mixed) bench("mixed", &mixed, doc_size, runs, peers);
  fprintf(stderr, "(checksum %zu)\n", sink);
  free(en.data);
  free(mixed.data);
  return 0;
}
