/* Segmentation and quote extraction throughput on generated news articles,
 * verbatim against peers on the same bytes:
 *
 *   segment  vb_segmenter_run (UAX #29 words and sentences, normalized and
 *            hashed tokens, paragraphs, boilerplate) against ICU's word and
 *            sentence break iterators (UAX #29 too; their figure includes
 *            the UTF-8 -> UTF-16 conversion ICU needs; when built with ICU)
 *   quotes   vb_quote_extractor_run with speakers, and without
 *            (VB_QUOTE_NO_SPEAKERS), against a POSIX regular expression
 *            that finds the spans between “…” "…" «…» „…“ 「…」 marks (no
 *            kinds, groups or speakers: a floor for "find the quotes")
 *
 * The corpus is generated from a fixed seed: articles of 4-9 paragraphs,
 * four in five in English and one in five in Russian, Greek or Chinese, each
 * holding one to four quotations drawn from a shared pool (planted reuse)
 * and reprinted exactly, with two words swapped, with a word replaced or cut
 * short (planted variants), in the house styles of each language, with
 * attributions before, after and inside the quote ("…,” she said. “…”).
 * Same arguments, same bytes.
 *
 * Each engine runs --runs times (default 3) one document at a time and the
 * best process CPU time counts.
 *
 * usage: bench_quotes [--kb N] [--runs N] [--stage segment|quotes]
 *                     [--only verbatim] [--json]
 * (--kb: corpus size in kilobytes, default 20000; --stage: one of the two;
 * --only verbatim: no peers and no VB_QUOTE_NO_SPEAKERS run, for profiling
 * and callgrind; --json: one JSON Lines object per figure instead of the
 * table, format in benchmarks/README.md)
 */
#define _POSIX_C_SOURCE 200809L
#include <locale.h>
#include <regex.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "verbatim/quotes.h"
#include "verbatim/segment.h"

#ifdef VB_HAVE_ICU
#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#endif

/* ---- corpus ------------------------------------------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15u;
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

static void put_n(text *t, const char *s, size_t n) {
  if (t->len + n > t->cap) {
    t->cap = (t->len + n) * 2 + 4096;
    t->data = realloc(t->data, t->cap);
    if (!t->data) exit(1);
  }
  memcpy(t->data + t->len, s, n);
  t->len += n;
}
static void put(text *t, const char *s) { put_n(t, s, strlen(s)); }

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* Each language: running-text words, quotation words, speakers, a speech
 * verb, quote marks and sentence ending. */
typedef struct lang {
  const char *const *words;
  size_t nwords;
  const char *const *names;
  size_t nnames;
  const char *said, *open, *close, *stop, *space;
} lang;

static const char *const en_words[] = {
    "the", "port", "authority", "announced", "on", "monday", "a", "plan", "to", "rebuild",
    "northern", "quay", "after", "winter", "floods", "engineers", "expect", "work", "take",
    "two", "years", "and", "cost", "more", "than", "expected", "ferry", "operators", "say",
    "timetable", "will", "change", "in", "spring", "while", "local", "traders", "worry",
    "about", "lost", "visitors", "regional", "government", "has", "promised", "compensation",
    "but", "details", "remain", "unclear", "opposition", "members", "called", "for", "an",
    "inquiry", "into", "delays", "which", "began", "last", "autumn", "when", "contractor",
    "went", "bankrupt", "residents", "were", "told", "meeting", "at", "town", "hall", "budget"};
static const char *const en_names[] = {"Ines Albrecht", "Kwame Mensah", "Sofia Lindgren",
                                       "Rafael Ortega", "Hana Novak", "Dmitri Sokol"};
static const char *const ru_words[] = {
    "власти", "порта", "объявили", "в", "понедельник", "план", "восстановить", "северную",
    "набережную", "после", "зимних", "наводнений", "инженеры", "ожидают", "что", "работы",
    "займут", "два", "года", "и", "обойдутся", "дороже", "паромные", "операторы", "говорят",
    "расписание", "изменится", "весной", "местные", "торговцы", "опасаются", "потери"};
static const char *const ru_names[] = {"Анна Соколова", "Игорь Петров", "Мария Кузнецова"};
static const char *const el_words[] = {
    "η", "λιμενική", "αρχή", "ανακοίνωσε", "τη", "Δευτέρα", "σχέδιο", "ανακατασκευής",
    "της", "βόρειας", "προβλήτας", "μετά", "τις", "πλημμύρες", "οι", "μηχανικοί", "αναμένουν",
    "ότι", "έργα", "θα", "διαρκέσουν", "δύο", "χρόνια", "και", "κοστίσουν", "περισσότερο"};
static const char *const el_names[] = {"Ελένη Παπαδοπούλου", "Νίκος Γεωργίου"};
static const char *const zh_words[] = {
    "港务局", "周一", "宣布", "重建", "北部", "码头", "计划", "冬季", "洪水", "之后",
    "工程师", "预计", "工程", "需要", "两年", "费用", "超出", "预期", "渡轮", "公司",
    "表示", "时刻表", "春季", "调整", "当地", "商户", "担心", "游客", "减少"};
static const char *const zh_names[] = {"王丽", "陈伟", "李娜"};

static const lang langs[] = {
    {en_words, COUNT(en_words), en_names, COUNT(en_names), "said", "\xE2\x80\x9C",
     "\xE2\x80\x9D", ".", " "},
    {ru_words, COUNT(ru_words), ru_names, COUNT(ru_names), "заявила", "\xC2\xAB", "\xC2\xBB",
     ".", " "},
    {el_words, COUNT(el_words), el_names, COUNT(el_names), "δήλωσε", "\xC2\xAB", "\xC2\xBB",
     ".", " "},
    {zh_words, COUNT(zh_words), zh_names, COUNT(zh_names), "表示", "\xE3\x80\x8C",
     "\xE3\x80\x8D", "\xE3\x80\x82", ""},
};

/* The shared quotation pool: word indices per quote, per language. */
#define QWORDS_MAX 20
typedef struct pooled {
  uint8_t lang, len;
  uint16_t word[QWORDS_MAX];
} pooled;

static void words(text *t, const lang *l, int count, bool capital) {
  for (int w = 0; w < count; w++) {
    const char *word = l->words[rnd((uint32_t)l->nwords)];
    if (w == 0 && capital && word[0] >= 'a' && word[0] <= 'z') {
      char c = (char)(word[0] - 32);
      put_n(t, &c, 1);
      put(t, word + 1);
    } else {
      put(t, word);
    }
    if (w + 1 < count) put(t, rnd(12) == 0 && l->space[0] ? ", " : l->space);
  }
}

/* A pooled quote, planted as one of its variants: exact (half), two
 * neighbouring words swapped, one word replaced, or cut short. */
static void quote_body(text *t, const pooled *q) {
  const lang *l = &langs[q->lang];
  uint16_t w[QWORDS_MAX];
  size_t n = q->len;
  memcpy(w, q->word, n * sizeof *w);
  uint32_t r = rnd(20);
  if (r >= 10 && r < 14) {
    size_t k = rnd((uint32_t)n - 1);
    uint16_t x = w[k];
    w[k] = w[k + 1], w[k + 1] = x;
  } else if (r >= 14 && r < 17) {
    w[rnd((uint32_t)n)] = (uint16_t)rnd((uint32_t)l->nwords);
  } else if (r >= 17) {
    n = 5 + rnd((uint32_t)n - 5);
  }
  for (size_t k = 0; k < n; k++) {
    const char *word = l->words[w[k]];
    if (k == 0 && word[0] >= 'a' && word[0] <= 'z') {
      char c = (char)(word[0] - 32);
      put_n(t, &c, 1);
      put(t, word + 1);
    } else {
      put(t, word);
    }
    if (k + 1 < n) put(t, l->space);
  }
}

static void quote_paragraph(text *t, const pooled *q) {
  const lang *l = &langs[q->lang];
  const char *who = l->names[rnd((uint32_t)l->nnames)];
  bool straight = q->lang == 0 && rnd(5) == 0;
  const char *open = straight ? "\"" : l->open, *close = straight ? "\"" : l->close;
  switch (rnd(3)) {
  case 0: /* “Q,” said Name. */
    put(t, open), quote_body(t, q), put(t, q->lang == 3 ? "\xEF\xBC\x8C" : ",");
    put(t, close), put(t, l->space), put(t, l->said), put(t, l->space), put(t, who);
    put(t, l->stop);
    break;
  case 1: /* Name said: “Q.” */
    put(t, who), put(t, l->space), put(t, l->said), put(t, q->lang == 3 ? "\xEF\xBC\x9A" : ": ");
    put(t, open), quote_body(t, q), put(t, l->stop), put(t, close);
    break;
  default: /* “Q,” Name said. “More words.” */
    put(t, open), quote_body(t, q), put(t, q->lang == 3 ? "\xEF\xBC\x8C" : ",");
    put(t, close), put(t, l->space), put(t, who), put(t, l->space), put(t, l->said);
    put(t, l->stop), put(t, l->space), put(t, open);
    words(t, l, 6 + (int)rnd(8), true);
    put(t, l->stop), put(t, close);
    break;
  }
}

static void article(text *t, const pooled *pool, size_t pool_size) {
  uint32_t r = rnd(10);
  uint8_t li = r < 8 ? 0 : (uint8_t)(1 + rnd(3));
  const lang *l = &langs[li];
  words(t, l, 5 + (int)rnd(5), true); /* headline: short, unpunctuated */
  put(t, "\n\n");
  int paras = 4 + (int)rnd(6), quotes = 1 + (int)rnd(4);
  for (int p = 0; p < paras; p++) {
    if (p > 0 && quotes > 0 && rnd(2) == 0) {
      const pooled *q;
      do q = &pool[rnd((uint32_t)pool_size)];
      while (q->lang != li);
      quote_paragraph(t, q);
      quotes--;
    } else {
      for (int s = 2 + (int)rnd(3); s > 0; s--) {
        words(t, l, 8 + (int)rnd(16), true);
        put(t, l->stop);
        if (s > 1) put(t, l->space);
      }
    }
    put(t, "\n\n");
  }
}

/* Articles until the corpus holds `bytes`; doc[k] .. doc[k+1] is article k. */
typedef struct corpus {
  text t;
  size_t *doc;
  size_t count;
} corpus;

static corpus generate(size_t bytes) {
  size_t pool_size = 64 + bytes / 20000; /* the pool grows with the corpus */
  pooled *pool = malloc(pool_size * sizeof *pool);
  if (!pool) exit(1);
  for (size_t i = 0; i < pool_size; i++) {
    /* Languages in the same shares as the articles, English at least once. */
    uint32_t r = rnd(10);
    pool[i].lang = i < 4 ? (uint8_t)i : r < 8 ? 0 : (uint8_t)(1 + rnd(3));
    pool[i].len = (uint8_t)(8 + rnd(QWORDS_MAX - 8));
    for (size_t k = 0; k < pool[i].len; k++)
      pool[i].word[k] = (uint16_t)rnd((uint32_t)langs[pool[i].lang].nwords);
  }
  corpus c = {{0}, NULL, 0};
  size_t cap = 0;
  while (c.t.len < bytes) {
    if (c.count + 2 > cap) {
      cap = cap * 2 + 64;
      c.doc = realloc(c.doc, cap * sizeof *c.doc);
      if (!c.doc) exit(1);
    }
    c.doc[c.count++] = c.t.len;
    article(&c.t, pool, pool_size);
  }
  if (!c.doc) exit(1);
  c.doc[c.count] = c.t.len;
  free(pool);
  return c;
}

/* ---- engines ------------------------------------------------------------ */

static double now(void) {
  struct timespec ts;
  /* Process CPU time: time spent descheduled on a shared machine does not
   * count against whichever engine was running. */
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void check(vb_status s, const vb_error *err) {
  if (s != VB_OK) {
    fprintf(stderr, "bench_quotes: %s\n", err->message);
    exit(1);
  }
}

static double run_segment(const corpus *c, size_t *items) {
  vb_error err;
  vb_segmenter *seg = vb_segmenter_new(NULL);
  if (!seg) exit(1);
  size_t n = 0;
  double t0 = now();
  for (size_t k = 0; k < c->count; k++) {
    check(vb_segmenter_run(seg, c->t.data + c->doc[k], c->doc[k + 1] - c->doc[k], 0, &err), &err);
    size_t tokens, sentences;
    vb_segmenter_tokens(seg, &tokens);
    vb_segmenter_sentences(seg, &sentences);
    n += tokens + sentences;
  }
  double dt = now() - t0;
  vb_segmenter_free(seg);
  *items = n;
  return dt;
}

static double run_quotes(const corpus *c, uint32_t options, size_t *items) {
  vb_error err;
  vb_quote_extractor *qx = vb_quote_extractor_new(NULL);
  if (!qx) exit(1);
  size_t n = 0;
  double t0 = now();
  for (size_t k = 0; k < c->count; k++) {
    check(vb_quote_extractor_run(qx, c->t.data + c->doc[k], c->doc[k + 1] - c->doc[k], NULL, 0,
                                 options, &err),
          &err);
    size_t quotes;
    vb_quote_extractor_quotes(qx, &quotes);
    n += quotes;
  }
  double dt = now() - t0;
  vb_quote_extractor_free(qx);
  *items = n;
  return dt;
}

/* Spans between quote marks, by one POSIX extended regular expression,
 * compiled and run in a UTF-8 locale so that [^»] means one character, not
 * two bytes (Cyrillic л is D0 BB, and » is C2 BB). */
static regex_t quote_re;

static double run_regex(const corpus *c, size_t *items) {
  size_t n = 0;
  char *doc = NULL;
  size_t doc_cap = 0;
  double t0 = now();
  for (size_t k = 0; k < c->count; k++) {
    size_t len = c->doc[k + 1] - c->doc[k];
    if (len + 1 > doc_cap) { /* regexec wants a NUL-terminated string */
      doc_cap = 2 * (len + 1);
      doc = realloc(doc, doc_cap);
      if (!doc) exit(1);
    }
    memcpy(doc, c->t.data + c->doc[k], len);
    doc[len] = 0;
    regmatch_t m;
    const char *at = doc;
    while (regexec(&quote_re, at, 1, &m, at == doc ? 0 : REG_NOTBOL) == 0) {
      n++;
      at += m.rm_eo;
    }
  }
  double dt = now() - t0;
  free(doc);
  *items = n;
  return dt;
}

#ifdef VB_HAVE_ICU
/* Word and sentence boundaries by ICU's rule-based break iterators. */
static double run_icu_breaks(const corpus *c, size_t *items) {
  UErrorCode ec = U_ZERO_ERROR;
  UBreakIterator *words = ubrk_open(UBRK_WORD, "en", NULL, 0, &ec);
  UBreakIterator *sentences = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &ec);
  if (U_FAILURE(ec)) exit(1);
  size_t cap = 1 << 16, n = 0;
  UChar *u = malloc(cap * sizeof *u);
  if (!u) exit(1);
  double t0 = now();
  for (size_t k = 0; k < c->count; k++) {
    size_t len = c->doc[k + 1] - c->doc[k];
    if (len + 1 > cap) {
      cap = 2 * (len + 1);
      free(u);
      u = malloc(cap * sizeof *u);
      if (!u) exit(1);
    }
    int32_t len16 = 0;
    u_strFromUTF8(u, (int32_t)cap, &len16, c->t.data + c->doc[k], (int32_t)len, &ec);
    ubrk_setText(words, u, len16, &ec);
    ubrk_setText(sentences, u, len16, &ec);
    if (U_FAILURE(ec)) exit(1);
    while (ubrk_next(words) != UBRK_DONE) n++;
    while (ubrk_next(sentences) != UBRK_DONE) n++;
  }
  double dt = now() - t0;
  free(u);
  ubrk_close(words);
  ubrk_close(sentences);
  *items = n;
  return dt;
}
#endif

/* ---- figures ------------------------------------------------------------ */

static bool json;
static int runs = 3;

typedef double (*engine)(const corpus *, size_t *);

/* Best of `runs`; *items from the last run (every run finds the same). */
static double best(engine fn, const corpus *c, size_t *items) {
  double b = 1e30;
  for (int r = 0; r < runs; r++) {
    double x = fn(c, items);
    if (x < b) b = x;
  }
  return b;
}

/* Two figures per engine: MB/s of text and items/s (tokens + sentences, or
 * quotes); the ratio is against verbatim's time on the same corpus. */
static void figure(const char *bench, const char *impl, const char *label, const char *item,
                   const corpus *c, double seconds, size_t items, double verbatim_seconds) {
  double mb = (double)c->t.len / 1e6;
  if (json) {
    printf("{\"bench\":\"%s\",\"case\":\"news\",\"impl\":\"%s\",\"n\":%zu,\"bytes\":%zu,"
           "\"seconds\":%.6g,\"rate\":%.6g,\"unit\":\"MB/s\"}\n",
           bench, impl, c->count, c->t.len, seconds, mb / seconds);
    printf("{\"bench\":\"%s\",\"case\":\"news\",\"impl\":\"%s\",\"n\":%zu,\"bytes\":%zu,"
           "\"seconds\":%.6g,\"rate\":%.6g,\"unit\":\"%s/s\"}\n",
           bench, impl, c->count, c->t.len, seconds, (double)items / seconds, item);
    return;
  }
  printf("  %-34s %8.1f MB/s %12.0f %s/s", label, mb / seconds, (double)items / seconds, item);
  if (verbatim_seconds > 0) printf("   verbatim is %.1fx", seconds / verbatim_seconds);
  printf("\n");
}

/* best() for the extractor with `options`. */
static void best_quotes(const corpus *c, size_t *items, uint32_t options, double *out) {
  double b = 1e30;
  for (int r = 0; r < runs; r++) {
    double x = run_quotes(c, options, items);
    if (x < b) b = x;
  }
  *out = b;
}

int main(int argc, char **argv) {
  size_t kb = 20000;
  bool peers = true, do_segment = true, do_quotes = true;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--kb") == 0 && i + 1 < argc) kb = strtoul(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) runs = atoi(argv[++i]);
    else if (strcmp(argv[i], "--json") == 0) json = true;
    else if (strcmp(argv[i], "--stage") == 0 && i + 1 < argc && strcmp(argv[i + 1], "segment") == 0)
      do_quotes = false, i++;
    else if (strcmp(argv[i], "--stage") == 0 && i + 1 < argc && strcmp(argv[i + 1], "quotes") == 0)
      do_segment = false, i++;
    else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc && strcmp(argv[i + 1], "verbatim") == 0)
      peers = false, i++;
    else {
      fprintf(stderr, "usage: bench_quotes [--kb N] [--runs N] [--stage segment|quotes] "
                      "[--only verbatim] [--json]\n");
      return 2;
    }
  }
  if (kb == 0 || runs < 1) {
    fprintf(stderr, "bench_quotes: --kb >= 1, --runs >= 1\n");
    return 2;
  }
  if (!setlocale(LC_CTYPE, "C.UTF-8")) {
    fprintf(stderr, "bench_quotes: no C.UTF-8 locale for the regex peer\n");
    return 1;
  }
  if (regcomp(&quote_re,
              "\xE2\x80\x9C[^\xE2\x80\x9D]*\xE2\x80\x9D|\"[^\"]*\"|\xC2\xAB[^\xC2\xBB]*\xC2\xBB|"
              "\xE3\x80\x8C[^\xE3\x80\x8D]*\xE3\x80\x8D",
              REG_EXTENDED) != 0) {
    fprintf(stderr, "bench_quotes: regcomp failed\n");
    return 1;
  }
  corpus c = generate(kb * 1000);
  if (!json)
    printf("segmentation and quote extraction, one core (process CPU time), best of %d\n"
           "news  %.2f MB in %zu articles (4 in 5 English, 1 in 5 Russian, Greek or Chinese)\n",
           runs, (double)c.t.len / 1e6, c.count);

  size_t items = 0;
  if (do_segment) {
    if (!json) printf("segment\n");
    double seg = best(run_segment, &c, &items);
    figure("segment", "verbatim", "verbatim vb_segmenter_run", "items", &c, seg, items, 0);
#ifdef VB_HAVE_ICU
    if (peers) {
      double icu = best(run_icu_breaks, &c, &items);
      figure("segment", "icu", "ICU word+sentence breaks, UTF-16", "items", &c, icu, items, seg);
    }
#else
    if (!json && peers) printf("  ICU                                not built (libicu-dev not found)\n");
#endif
  }
  if (do_quotes) {
    if (!json) printf("quotes\n");
    double full, bare;
    best_quotes(&c, &items, 0, &full);
    figure("quotes", "verbatim", "verbatim with speakers", "quotes", &c, full, items, 0);
    if (peers) {
      best_quotes(&c, &items, VB_QUOTE_NO_SPEAKERS, &bare);
      figure("quotes", "verbatim-nospeakers", "verbatim VB_QUOTE_NO_SPEAKERS", "quotes", &c, bare,
             items, full);
      double re = best(run_regex, &c, &items);
      figure("quotes", "regex", "POSIX regex, spans only", "quotes", &c, re, items, full);
    }
  }
  fprintf(stderr, "(checksum %zu)\n", items);
  regfree(&quote_re);
  free(c.t.data);
  free(c.doc);
  return 0;
}
