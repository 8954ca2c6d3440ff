/* The fast boilerplate classifier (core/boilerplate.c: pattern rules compiled
 * into tries by scripts/gen_boilerplate_table.py) gives the same answers as
 * the straightforward one it replaced (tests/boilerplate_ref.h: every rule
 * tried at every position): the same rule for any span, zone and word
 * count, and the same label on every paragraph of every fixture text and of
 * random pages built from the pattern words. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "boilerplate.h"
#include "boilerplate_ref.h"

/* ---- the reference, run on a segmenter's results ------------------------ */

/* The index of the first rule the reference matcher accepts, or -1. */
static int ref_rule_index(const char *s, size_t n, uint32_t words, int zone) {
  pfeat f;
  memset(&f, 0, sizeof f);
  f.s = s;
  f.len = n;
  f.words = words;
  for (size_t i = 0; i < COUNT(vb_bp_rules); i++) {
    const vb_bp_rule *r = &vb_bp_rules[i];
    if (r->zone != VB_BP_ZONE_ANY && r->zone != zone) continue;
    if (rule_matches(r, &f)) return (int)i;
  }
  return -1;
}

static size_t mismatches;

static void report(const char *what, const char *s, size_t n, const char *detail) {
  if (++mismatches <= 5) print_message("mismatch (%s): %s in \"%.*s\"\n", what, detail, (int)(n > 200 ? 200 : n), s);
}

static uint32_t rnd(uint32_t n);

/* Every rule lookup on `s` agrees, in each zone, for its own word count and
 * a random one (word limits in the data run from 3 to 120). */
static void check_rules(const char *s, size_t n, uint32_t words) {
  for (int zone = VB_BP_ZONE_ANY; zone <= VB_BP_ZONE_BODY; zone++) {
    for (int k = 0; k < 2; k++) {
      uint32_t w = k == 0 ? words : rnd(130);
      int want = ref_rule_index(s, n, w, zone), got = vb_boiler_rule_index(s, n, w, zone);
      if (want != got) {
        char d[96];
        snprintf(d, sizeof d, "rule %d, reference %d (words %u, zone %d)", got, want, (unsigned)w, zone);
        report("rule", s, n, d);
      }
    }
  }
}

/* Segment `text` three ways; each paragraph keeps the reference's label, and
 * each paragraph and first line gets the reference's rule. */
static void check_text(vb_segmenter *seg, const char *text, size_t len) {
  static const unsigned modes[] = {0, VB_SEGMENT_PARA_BLANK, VB_SEGMENT_PARA_LINE};
  for (size_t m = 0; m < COUNT(modes); m++) {
    assert_int_equal(vb_segmenter_run(seg, text, len, modes[m], NULL), VB_OK);
    vb_seg_view v;
    size_t npara, nlen;
    v.text = text;
    v.text_len = len;
    v.tok = vb_segmenter_tokens(seg, &v.ntok);
    v.sent = vb_segmenter_sentences(seg, &v.nsent);
    v.norm = vb_segmenter_norm(seg, &nlen);
    v.line_mode = vb_segmenter_line_mode(seg);
    const vb_paragraph *got = vb_segmenter_paragraphs(seg, &npara);
    vb_paragraph *want = malloc((npara ? npara : 1) * sizeof *want);
    assert_non_null(want);
    memcpy(want, got, npara * sizeof *want);
    for (size_t i = 0; i < npara; i++) want[i].boiler = VB_BOILER_NONE;
    ref_boiler_classify(&v, want, npara);
    for (size_t i = 0; i < npara; i++) {
      const char *s = text + got[i].start;
      size_t n = got[i].end - got[i].start;
      if (want[i].boiler != got[i].boiler) {
        char d[96];
        snprintf(d, sizeof d, "paragraph %zu is %s, reference %s", i, vb_boiler_name(got[i].boiler),
                 vb_boiler_name(want[i].boiler));
        report("label", s, n, d);
      }
      if (m > 0) continue; /* the other modes mostly cut the same spans */
      check_rules(s, n, got[i].word_count);
      const char *nl = memchr(s, '\n', n);
      if (nl) check_rules(s, (size_t)(nl - s), got[i].word_count);
    }
    free(want);
  }
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  assert_non_null(buf);
  for (;;) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap) break;
    cap *= 2;
    buf = realloc(buf, cap);
    assert_non_null(buf);
  }
  fclose(f);
  *len = n;
  return buf;
}

/* ---- fixtures ------------------------------------------------------------ */

/* Every .txt file of `dir`; the number of files. */
static size_t check_dir(vb_segmenter *seg, const char *dir) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", VB_SOURCE_DIR, dir);
  DIR *d = opendir(path);
  assert_non_null(d);
  size_t files = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    size_t nl = strlen(e->d_name);
    if (nl < 5 || strcmp(e->d_name + nl - 4, ".txt") != 0) continue;
    char file[1600];
    snprintf(file, sizeof file, "%s/%s", path, e->d_name);
    size_t len = 0;
    char *text = slurp(file, &len);
    assert_non_null(text);
    check_text(seg, text, len);
    free(text);
    files++;
  }
  closedir(d);
  return files;
}

static void fixture_texts_get_the_reference_labels(void **state) {
  (void)state;
  static const char *const dirs[] = {"tests/fixtures/paragraphs/dev", "tests/fixtures/paragraphs/heldout",
                                     "tests/fixtures/quotes/dev",     "tests/fixtures/quotes/heldout",
                                     "examples/corpus",               "tests/fixtures/reuse"};
  vb_segmenter *seg = vb_segmenter_new(NULL);
  assert_non_null(seg);
  mismatches = 0;
  for (size_t d = 0; d < COUNT(dirs); d++) assert_true(check_dir(seg, dirs[d]) > 0);
  vb_segmenter_free(seg);
  assert_int_equal(mismatches, 0);
}

/* ---- random pages from the pattern words ---------------------------------- */

static uint64_t rng_state;
static uint32_t rnd(uint32_t n) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)((rng_state >> 16) % n);
}

typedef struct buf {
  char data[8192];
  size_t len;
} buf;

static void put(buf *b, const char *s, size_t n) {
  if (b->len + n >= sizeof b->data) return;
  memcpy(b->data + b->len, s, n);
  b->len += n;
}
static void puts0(buf *b, const char *s) { put(b, s, strlen(s)); }

static const char *const filler[] = {
    "the", "council", "Said", "Mayor", "2031", "14", "Jan", "March", "09:12", "BBC", "NEWS", "A",
    "\xE2\x80\x94", "\xE2\x80\x9C", "\xE2\x80\x9D", "\"", "'", "(", ")", "[", "]", ".", ",", ":", "!", "?",
    "|", "/", ">", "-", "*", "#", "&", "\xC2\xB7", "\xE2\x80\xBA", "\xE2\x80\xA2", "\xE2\x80\xA6", "\xC2\xA9",
    "caf\xC3\xA9", "\303\234ber", "\xCE\x95\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1",
    "\xD0\xBD\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82\xD0\xB8", "\xE6\x96\xB0\xE9\x97\xBB", "reported",
    "photo", "image", "by", "read", "more", "share", "sign", "up", "of", "in", "on", "said.",
};
static const char *const gaps[] = {" ", " ", " ", " ", "", "  ", "\t", "\n", " \n", ".", ", ", ": ", " - "};

/* A pattern as a page might write it: random ASCII case, and its spaces as
 * runs of white space. */
static void put_pattern(buf *b, const char *p) {
  static const char *const ws[] = {" ", " ", " ", "  ", "\t", "\n", " \r\n "};
  buf t;
  t.len = 0;
  for (; *p; p++) {
    if (*p == ' ') {
      puts0(&t, ws[rnd(COUNT(ws))]);
    } else {
      char c = *p;
      if (c >= 'a' && c <= 'z' && rnd(4) == 0) c = (char)(c - 32);
      put(&t, &c, 1);
    }
  }
  put(b, t.data, t.len);
}

static void put_piece(buf *b) {
  switch (rnd(9)) {
  case 0:
  case 1:
  case 2: {
    const char *p = vb_bp_rules[rnd(COUNT(vb_bp_rules))].pat;
    size_t n = strlen(p);
    if (rnd(6) == 0 && n > 2) {
      /* a pattern cut short, or run on into a word */
      char tmp[300];
      size_t k = 1 + rnd((uint32_t)n - 1);
      while (k < n && ((unsigned char)p[k] & 0xC0) == 0x80) k++; /* whole characters */
      memcpy(tmp, p, k);
      tmp[k] = 0;
      put_pattern(b, tmp);
      if (rnd(2)) puts0(b, "s");
    } else {
      put_pattern(b, p);
    }
    break;
  }
  case 3: put_pattern(b, vb_bp_datewords[rnd(COUNT(vb_bp_datewords))]); break;
  case 4: put_pattern(b, vb_bp_bioroles[rnd(COUNT(vb_bp_bioroles))]); break;
  case 5: put_pattern(b, vb_bp_bioverbs[rnd(COUNT(vb_bp_bioverbs))]); break;
  case 6: puts0(b, vb_bp_navseps[rnd(COUNT(vb_bp_navseps))]); break;
  default: puts0(b, filler[rnd(COUNT(filler))]); break;
  }
}

/* Timestamp lines and rows of figures: date words and numbers only. */
static void put_date_piece(buf *b) {
  static const char *const nums[] = {"14", "2031", "1999", "09:12", "3", "1,944", "-", ",", "|"};
  if (rnd(2)) put_pattern(b, vb_bp_datewords[rnd(COUNT(vb_bp_datewords))]);
  else puts0(b, nums[rnd(COUNT(nums))]);
}

/* Names, kickers and mastheads: capitalised and all-capital words. */
static void put_name_piece(buf *b) {
  static const char *const names[] = {"Anwen", "Price", "HARBOUR", "NEWS", "O'Neill", "Ãmile",
                                      "ÐÐ²Ð°Ð½", "McDonald", "UK", "Jo", "2nd"};
  puts0(b, names[rnd(COUNT(names))]);
}

static void random_page(buf *b) {
  b->len = 0;
  uint32_t paras = 1 + rnd(10);
  for (uint32_t p = 0; p < paras; p++) {
    if (p) puts0(b, rnd(4) ? "\n\n" : "\n");
    uint32_t kind = rnd(5), pieces = 1 + rnd(kind > 2 ? 26 : rnd(3) ? 8 : 60);
    for (uint32_t i = 0; i < pieces; i++) {
      if (i) puts0(b, kind > 2 && rnd(3) ? " " : gaps[rnd(COUNT(gaps))]);
      if (kind == 3) put_date_piece(b);
      else if (kind == 4 && rnd(4)) put_name_piece(b);
      else put_piece(b);
    }
    if (rnd(2)) puts0(b, rnd(3) ? "." : rnd(2) ? "\xE2\x80\x9D" : "!");
  }
}

static void random_pages_get_the_reference_labels(void **state) {
  (void)state;
  vb_segmenter *seg = vb_segmenter_new(NULL);
  assert_non_null(seg);
  mismatches = 0;
  rng_state = 0x2545F4914F6CDD1Du;
  static buf b;
  for (int i = 0; i < 1000; i++) {
    random_page(&b);
    check_text(seg, b.data, b.len);
    check_rules(b.data, b.len, (uint32_t)rnd(100));
  }
  vb_segmenter_free(seg);
  assert_int_equal(mismatches, 0);
}

/* Spans that end inside a pattern, start with white space or hold only a
 * pattern's first bytes still get the reference's rule. */
static void every_prefix_of_every_pattern_gets_the_reference_rule(void **state) {
  (void)state;
  mismatches = 0;
  for (size_t i = 0; i < COUNT(vb_bp_rules); i++) {
    char s[300];
    size_t n = strlen(vb_bp_rules[i].pat);
    memcpy(s, vb_bp_rules[i].pat, n);
    for (size_t k = 0; k <= n; k++) check_rules(s, k, 3 + (uint32_t)k % 8);
    s[n] = '!';
    check_rules(s, n + 1, 3);
    s[n] = 'x';
    check_rules(s, n + 1, 3);
  }
  assert_int_equal(mismatches, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fixture_texts_get_the_reference_labels),
      cmocka_unit_test(random_pages_get_the_reference_labels),
      cmocka_unit_test(every_prefix_of_every_pattern_gets_the_reference_rule),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
