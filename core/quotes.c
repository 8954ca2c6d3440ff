/* Direct quotations: paragraphs, quotation marks, kinds and groups.
 *
 * The scan is per paragraph and strictly forward: an opening mark is looked
 * for at depth 0, then the first fitting closing mark of its own family ends
 * the quote, so nested quotes of the other family (‘…’ inside “…”, “…”
 * inside ‘…’) stay inside the outer quote without being tracked. A quote
 * never crosses a paragraph end: a missing closer stops at the end of the
 * paragraph (unbalanced), or, when the next paragraph opens with a mark,
 * continues there as a multi-paragraph quote. Each mark is looked at a
 * bounded number of times, so the work is linear in the text.
 *
 * ’ and ' are both apostrophes and closing marks; they close a single-quoted
 * quote only at a word end that is not a known elision, and a straight '
 * opens one only when its closer is found in the same paragraph.
 */
#include <utf8proc.h>

#include "quotes_internal.h"
#include "utf8.h"
#include "verbatim/normalize.h"

/* ---- characters ---------------------------------------------------------- */

int32_t vb_q_cp_at(const uint8_t *t, size_t n, size_t i, size_t *len) {
  utf8proc_int32_t c = -1;
  utf8proc_ssize_t k = utf8proc_iterate(t + i, (utf8proc_ssize_t)(n - i), &c);
  if (k <= 0) {
    *len = 1;
    return -1;
  }
  *len = (size_t)k;
  return c;
}

int32_t vb_q_cp_before(const uint8_t *t, size_t i, size_t *start) {
  size_t s = i - 1;
  while (s > 0 && (t[s] & 0xC0) == 0x80 && i - s < 4) s--;
  size_t len;
  int32_t c = vb_q_cp_at(t, i, s, &len);
  *start = s;
  return c;
}

bool vb_q_is_space(int32_t c) {
  if (c == ' ' || (c >= 9 && c <= 13)) return true;
  if (c < 0x80) return false;
  utf8proc_category_t k = utf8proc_category(c);
  return k == UTF8PROC_CATEGORY_ZS || k == UTF8PROC_CATEGORY_ZL || k == UTF8PROC_CATEGORY_ZP ||
         c == 0x85 || c == 0xFEFF || c == 0x200B;
}

bool vb_q_is_letter(int32_t c) {
  if (c < 0x80) return (c | 32) >= 'a' && (c | 32) <= 'z';
  utf8proc_category_t k = utf8proc_category(c);
  return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_MC;
}

bool vb_q_is_upper(int32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  utf8proc_category_t k = utf8proc_category(c);
  return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

bool vb_q_is_lower(int32_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z';
  return utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

bool vb_q_is_digit(int32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  return utf8proc_category(c) == UTF8PROC_CATEGORY_ND;
}

bool vb_q_is_alnum(int32_t c) { return vb_q_is_letter(c) || vb_q_is_digit(c); }

bool vb_q_is_mark(int32_t c) {
  switch (c) {
  case '"': case '\'': case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x201C:
  case 0x201D: case 0x201E: case 0x201F: case 0xAB: case 0xBB: case 0x2039: case 0x203A:
  case 0x300C: case 0x300D: case 0x300E: case 0x300F:
    return true;
  default:
    return false;
  }
}

/* Characters after which an opening mark may stand (besides spaces). */
static bool is_open_context(int32_t c) {
  switch (c) {
  case '(': case '[': case '{': case '-': case '/': case ':': case ';': case ',':
  case 0x2013: case 0x2014: case 0x2015: case 0x2026: case 0xBF: case 0xA1:
    return true;
  default:
    return vb_q_is_mark(c) || vb_q_is_space(c);
  }
}

/* The closing marks that end a quote opened by `open`; 0 when `open` does
 * not open quotes. Two alternatives cover the German „…“ / „…” variants. */
static void closers_for(int32_t open, int32_t *a, int32_t *b) {
  *b = 0;
  switch (open) {
  case 0x201C: *a = 0x201D; break;           /* “ ” */
  case 0x201F: *a = 0x201D; break;           /* ‟ ” */
  case 0x201E: *a = 0x201C; *b = 0x201D; break; /* „ “ */
  case 0x201A: *a = 0x2018; *b = 0x2019; break; /* ‚ ‘ */
  case 0x2018: *a = 0x2019; break;           /* ‘ ’ */
  case 0x201B: *a = 0x2019; break;
  case 0xAB: *a = 0xBB; break;               /* « » */
  case 0xBB: *a = 0xAB; break;               /* » « */
  case 0x2039: *a = 0x203A; break;           /* ‹ › */
  case 0x203A: *a = 0x2039; break;
  case 0x300C: *a = 0x300D; break;           /* 「 」 */
  case 0x300E: *a = 0x300F; break;           /* 『 』 */
  case '"': *a = '"'; break;
  case '\'': *a = '\''; break;
  default: *a = 0; break;
  }
}

static bool is_single(int32_t c) { return c == '\'' || c == 0x2018 || c == 0x2019 || c == 0x201B; }
static bool is_guillemet(int32_t c) { return c == 0xAB || c == 0xBB || c == 0x2039 || c == 0x203A; }

static bool ascii_ieq(const uint8_t *t, size_t n, size_t i, const char *w) {
  size_t k = strlen(w);
  if (i + k > n) return false;
  for (size_t j = 0; j < k; j++) {
    uint8_t c = t[i + j];
    if (c >= 'A' && c <= 'Z') c = (uint8_t)(c + 32);
    if (c != (uint8_t)w[j]) return false;
  }
  return true;
}

/* A single mark at `i` that begins a word-initial elision ('90s, 'em, 'n',
 * 'til) rather than a quote. `j` is the byte after the mark. */
static bool is_elision(const uint8_t *t, size_t n, size_t j) {
  static const char *const words[] = {"em", "n", "til", "cause", "tis", "twas", "bout",
                                      "round", "cos", "nuff", "ere", "im", "er", "ave"};
  size_t len;
  if (j >= n) return false;
  int32_t c = vb_q_cp_at(t, n, j, &len);
  if (vb_q_is_digit(c)) { /* '90s, '08 */
    size_t k = j;
    while (k < n && t[k] >= '0' && t[k] <= '9') k++;
    return k - j == 2;
  }
  for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
    size_t k = strlen(words[w]);
    if (!ascii_ieq(t, n, j, words[w])) continue;
    if (j + k >= n) return true;
    int32_t after = vb_q_cp_at(t, n, j + k, &len);
    if (!vb_q_is_alnum(after)) return true;
  }
  return false;
}

/* ---- paragraphs ------------------------------------------------------------ */

static bool line_blank(const uint8_t *t, size_t s, size_t e) {
  for (size_t i = s; i < e;) {
    size_t len;
    int32_t c = vb_q_cp_at(t, e, i, &len);
    if (!vb_q_is_space(c)) return false;
    i += len;
  }
  return true;
}

static void trim(const uint8_t *t, size_t *s, size_t *e) {
  while (*s < *e) {
    size_t len;
    int32_t c = vb_q_cp_at(t, *e, *s, &len);
    if (!vb_q_is_space(c)) break;
    *s += len;
  }
  while (*e > *s) {
    size_t st;
    int32_t c = vb_q_cp_before(t, *e, &st);
    if (!vb_q_is_space(c)) break;
    *e = st;
  }
}

static bool push_para(vb_quote_extractor *ex, size_t s, size_t e) {
  if (!vb_array_reserve(&ex->alloc, (void **)&ex->paras, &ex->cap_paras, ex->nparas + 1,
                        sizeof *ex->paras))
    return false;
  vb_quote_paragraph p = {s, e, 0};
  ex->paras[ex->nparas++] = p;
  return true;
}

/* Blank lines separate paragraphs; a document without any blank line
 * between text lines has one paragraph per line. */
static bool split_paragraphs(vb_quote_extractor *ex, const uint8_t *t, size_t n) {
  bool blank_seen = false, text_seen = false, has_blank_sep = false;
  for (size_t i = 0; i < n && !has_blank_sep;) {
    size_t e = i;
    while (e < n && t[e] != '\n') e++;
    if (line_blank(t, i, e)) {
      if (text_seen) blank_seen = true;
    } else {
      if (blank_seen) has_blank_sep = true;
      text_seen = true;
    }
    i = e + 1;
  }
  size_t cur_s = SIZE_MAX, cur_e = 0;
  for (size_t i = 0; i <= n;) {
    size_t e = i;
    while (e < n && t[e] != '\n') e++;
    bool blank = line_blank(t, i, e);
    if (!blank) {
      if (cur_s == SIZE_MAX) cur_s = i;
      cur_e = e;
    }
    if ((blank || !has_blank_sep || e >= n) && cur_s != SIZE_MAX) {
      size_t s = cur_s, pe = cur_e;
      trim(t, &s, &pe);
      if (s < pe && !push_para(ex, s, pe)) return false;
      cur_s = SIZE_MAX;
    }
    if (e >= n) break;
    i = e + 1;
  }
  return true;
}

static size_t count_words(const uint8_t *t, size_t s, size_t e) {
  size_t words = 0;
  bool in = false;
  for (size_t i = s; i < e; i++) {
    bool sp = t[i] == ' ' || t[i] == '\t';
    if (!sp && !in) words++;
    in = !sp;
  }
  return words;
}

static bool contains(const uint8_t *t, size_t s, size_t e, const char *w) {
  size_t k = strlen(w);
  for (size_t i = s; i + k <= e; i++)
    if (memcmp(t + i, w, k) == 0) return true;
  return false;
}

/* Headlines and page furniture, for documents without caller flags: a short
 * first line without final punctuation, and caption/credit/link lines. */
static bool heuristic_boilerplate(const uint8_t *t, const vb_quote_paragraph *p, size_t index) {
  static const char *const prefixes[] = {"related:", "photo:", "photo caption:", "caption:",
                                         "pull quote:", "read more:", "image:", "picture:",
                                         "watch:", "see also:", "listen:", "video:"};
  size_t len = p->end - p->start;
  for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++)
    if (ascii_ieq(t, p->end, p->start, prefixes[k])) return true;
  if (contains(t, p->start, p->end, "(Photo") || contains(t, p->start, p->end, "Image:") ||
      contains(t, p->start, p->end, "Getty Images") || contains(t, p->start, p->end, "(AP Photo") ||
      contains(t, p->start, p->end, "Photograph:"))
    return true;
  if (index == 0 && len < 200 && count_words(t, p->start, p->end) <= 20) {
    size_t st;
    int32_t last = vb_q_cp_before(t, p->end, &st);
    if (vb_q_is_mark(last) && st > p->start) last = vb_q_cp_before(t, st, &st);
    if (last != '.' && last != ':' && last != ',' && last != ';' && last != 0x3002)
      return true;
  }
  return false;
}

/* ---- quotes ------------------------------------------------------------------ */

static bool push_quote(vb_quote_extractor *ex, const vb_quote *q, const vb_qextra *x) {
  if (!vb_array_reserve(&ex->alloc, (void **)&ex->quotes, &ex->cap_quotes, ex->nquotes + 1,
                        sizeof *ex->quotes) ||
      !vb_array_reserve(&ex->alloc, (void **)&ex->extra, &ex->cap_extra, ex->nquotes + 1,
                        sizeof *ex->extra))
    return false;
  ex->quotes[ex->nquotes] = *q;
  ex->extra[ex->nquotes] = *x;
  ex->nquotes++;
  return true;
}

/* Whether the mark `c` at [i, i+len) can open a quote here. */
static bool can_open(const uint8_t *t, size_t ps, size_t pe, size_t i, size_t len, int32_t c) {
  int32_t a, b;
  closers_for(c, &a, &b);
  if (a == 0) return false;
  size_t st;
  int32_t prev = i > ps ? vb_q_cp_before(t, i, &st) : ' ';
  size_t nl;
  int32_t next = i + len < pe ? vb_q_cp_at(t, pe, i + len, &nl) : -1;
  if (c == 0x300C || c == 0x300E) return next != -1;
  if (next == -1) return false;
  if (!is_open_context(prev)) return false;
  if (vb_q_is_space(next) && !is_guillemet(c)) return false;
  if (is_single(c) && is_elision(t, pe, i + len)) return false;
  return true;
}

/* Whether the mark at [i, i+len) closes a quote opened by `open`. */
static bool can_close(const uint8_t *t, size_t ps, size_t pe, size_t i, size_t len, int32_t c,
                      int32_t open) {
  int32_t a, b;
  closers_for(open, &a, &b);
  if (c != a && c != b) return false;
  if (c == 0x300D || c == 0x300F) return true;
  size_t st;
  int32_t prev = i > ps ? vb_q_cp_before(t, i, &st) : ' ';
  size_t nl;
  int32_t next = i + len < pe ? vb_q_cp_at(t, pe, i + len, &nl) : ' ';
  if (is_single(c)) {
    if (vb_q_is_space(prev)) return false;
    if (vb_q_is_alnum(prev) && vb_q_is_alnum(next)) return false; /* don't, o'clock */
    return true;
  }
  if (vb_q_is_space(prev) && !is_guillemet(c) && !vb_q_is_space(next) && next != '.' &&
      next != ',')
    return false; /* looks like an opener: keep looking */
  return true;
}

/* A single closer candidate that may rather be a plural possessive (the
 * Joneses’ car): an s before it and a lower-case word after it. */
static bool maybe_possessive(const uint8_t *t, size_t pe, size_t i, size_t len) {
  size_t st;
  int32_t prev = vb_q_cp_before(t, i, &st);
  if (prev != 's' && prev != 'S' && prev != 'z' && prev != 'x') return false;
  size_t j = i + len, l;
  if (j >= pe || t[j] != ' ') return false;
  int32_t w = vb_q_cp_at(t, pe, j + 1, &l);
  return vb_q_is_lower(w);
}

/* Find the closer of a quote opened by `open` in [from, pe); SIZE_MAX if
 * none. For single marks, a possible possessive is passed over when a later
 * candidate exists; `limit` bounds that look-ahead scan. */
static size_t find_closer(const uint8_t *t, size_t ps, size_t pe, size_t from, int32_t open,
                          size_t *close_len) {
  size_t fallback = SIZE_MAX, fallback_len = 0;
  int32_t depth = 0;
  for (size_t i = from; i < pe;) {
    /* a later closer must come soon after a possible possessive: keeps the
     * scan linear on text full of them */
    if (fallback != SIZE_MAX && i - fallback > 400) break;
    if (t[i] < 0x80 && t[i] != '"' && t[i] != '\'') {
      i++;
      continue;
    }
    size_t len;
    int32_t c = vb_q_cp_at(t, pe, i, &len);
    if ((open == 0x300C && c == 0x300C) || (open == 0x300E && c == 0x300E)) depth++;
    if (can_close(t, ps, pe, i, len, c, open)) {
      if ((c == 0x300D || c == 0x300F) && depth > 0) {
        depth--;
      } else if (is_single(c) && maybe_possessive(t, pe, i, len)) {
        if (fallback == SIZE_MAX) {
          fallback = i;
          fallback_len = len;
        }
      } else {
        *close_len = len;
        return i;
      }
    }
    i += len;
  }
  *close_len = fallback_len;
  return fallback;
}

/* First non-space mark of a paragraph that opens a quote, or 0. */
static int32_t para_opening_mark(const uint8_t *t, const vb_quote_paragraph *p) {
  size_t len;
  int32_t c = vb_q_cp_at(t, p->end, p->start, &len);
  return can_open(t, p->start, p->end, p->start, len, c) ? c : 0;
}

static void set_span(const uint8_t *t, vb_quote *q, size_t s, size_t e) {
  trim(t, &s, &e);
  q->start = s;
  q->end = e;
}

static vb_status scan_paragraph(vb_quote_extractor *ex, const uint8_t *t, uint32_t pi,
                                bool *carry) {
  const vb_quote_paragraph *p = &ex->paras[pi];
  size_t ps = p->start, pe = p->end;
  /* After a straight ' found no closer, none lies further on either:
   * closers are judged by their own surroundings only. */
  bool no_single_closer = false;
  for (size_t i = ps; i < pe;) {
    if (t[i] < 0x80 && t[i] != '"' && t[i] != '\'') {
      i++;
      continue;
    }
    size_t len;
    int32_t c = vb_q_cp_at(t, pe, i, &len);
    if (!can_open(t, ps, pe, i, len, c)) {
      i += len;
      continue;
    }
    if (c == '\'' && no_single_closer) {
      i += len;
      continue;
    }
    size_t clen = 0;
    size_t close = find_closer(t, ps, pe, i + len, c, &clen);
    if (close == SIZE_MAX && c == '\'') { /* an apostrophe after all */
      no_single_closer = true;
      i += len;
      continue;
    }
    vb_quote q = {0};
    vb_qextra x = {0};
    q.paragraph = pi;
    q.speaker_offset = 0;
    q.mention_start = q.mention_end = q.cue_start = q.cue_end = VB_QUOTE_NONE;
    x.open_mark = i;
    x.continued = *carry && i == ps;
    *carry = false;
    if (close != SIZE_MAX) {
      set_span(t, &q, i + len, close);
      x.closed = true;
      x.after_close = close + clen;
    } else {
      set_span(t, &q, i + len, pe);
      x.after_close = pe;
      bool next_opens = pi + 1 < ex->nparas && para_opening_mark(t, &ex->paras[pi + 1]) != 0;
      if (next_opens && !ex->paras[pi + 1].boilerplate) {
        x.continues = true;
        *carry = true;
      } else {
        q.flags |= VB_QUOTE_UNBALANCED;
      }
    }
    if (q.end > q.start) {
      if (ex->nquotes >= ex->max_quotes) {
        ex->limit_at = i;
        return VB_ERR_LIMIT;
      }
      if (!push_quote(ex, &q, &x)) return VB_ERR_NOMEM;
    }
    i = x.after_close;
  }
  *carry = *carry && ex->nquotes > 0 && ex->extra[ex->nquotes - 1].continues &&
           ex->quotes[ex->nquotes - 1].paragraph == pi;
  return VB_OK;
}

/* ---- kinds ------------------------------------------------------------------- */

static bool is_sentence_end(int32_t c) {
  return c == '.' || c == '!' || c == '?' || c == 0x3002 || c == 0xFF01 || c == 0xFF1F ||
         c == 0x2026;
}

/* Does the quoted text hold a sentence end followed by more words? */
static bool has_inner_sentence(const uint8_t *t, size_t s, size_t e) {
  for (size_t i = s; i < e;) {
    size_t len;
    int32_t c = vb_q_cp_at(t, e, i, &len);
    i += len;
    if (!is_sentence_end(c)) continue;
    size_t j = i;
    while (j < e && (t[j] == '"' || t[j] == ')' )) j++;
    if (j < e && t[j] == ' ') {
      size_t l2;
      int32_t n2 = vb_q_cp_at(t, e, j + 1, &l2);
      if (j + 1 < e && (vb_q_is_upper(n2) || vb_q_is_mark(n2))) {
        /* "Dr. Smith" and initials are not sentence ends */
        size_t st, w = i - len;
        size_t k = w;
        while (k > s) {
          int32_t pc = vb_q_cp_before(t, k, &st);
          if (!vb_q_is_letter(pc)) break;
          k = st;
        }
        if (c == '.' && w - k <= 3 && k < w && vb_q_is_upper(t[k])) continue;
        return true;
      }
    }
  }
  return false;
}

static bool word_is_speech_verb(const uint8_t *t, size_t s, size_t e) {
  return vb_qword_find(vb_qt_speech_verbs, vb_qt_speech_verbs_count, (const char *)t + s,
                       e - s) != NULL;
}

/* The word ending at `e` (after skipping spaces back): its span. */
static bool word_before(const uint8_t *t, size_t lo, size_t e, size_t *ws, size_t *we) {
  size_t st;
  while (e > lo) {
    int32_t c = vb_q_cp_before(t, e, &st);
    if (!vb_q_is_space(c)) break;
    e = st;
  }
  size_t s = e;
  while (s > lo) {
    int32_t c = vb_q_cp_before(t, s, &st);
    if (!vb_q_is_alnum(c) && c != '-' && c != 0x2019 && c != '\'') break;
    s = st;
  }
  *ws = s;
  *we = e;
  return s < e;
}

/* Full or fragment, from what stands before the opening mark and how the
 * quoted text begins. */
static vb_quote_kind decide_kind(const uint8_t *t, const vb_quote_paragraph *p,
                                 const vb_quote *q, const vb_qextra *x, const vb_quote *prev) {
  if (x->continued) return VB_QUOTE_FULL;
  size_t len;
  int32_t first = vb_q_cp_at(t, q->end, q->start, &len);
  if (vb_q_is_mark(first) && q->start + len < q->end)
    first = vb_q_cp_at(t, q->end, q->start + len, &len);
  bool upper = vb_q_is_upper(first) || (!vb_q_is_letter(first) && !vb_q_is_lower(first));
  int32_t opener = vb_q_cp_at(t, p->end, x->open_mark, &len);
  if (opener == 0x300C || opener == 0x300E) {
    size_t after = x->after_close;
    bool to = after < p->end && (vb_q_cp_at(t, p->end, after, &len) == 0x3068 /* と */);
    size_t chars = 0;
    for (size_t i = q->start; i < q->end; i += len) {
      vb_q_cp_at(t, q->end, i, &len);
      chars++;
    }
    return (to && chars >= 6) || has_inner_sentence(t, q->start, q->end) ||
                   (chars >= 8 && x->open_mark == p->start)
               ? VB_QUOTE_FULL
               : VB_QUOTE_FRAGMENT;
  }
  if (has_inner_sentence(t, q->start, q->end)) return VB_QUOTE_FULL;
  /* What precedes the opening mark. */
  size_t b = x->open_mark, st;
  int32_t before = ' ';
  while (b > p->start) {
    before = vb_q_cp_before(t, b, &st);
    if (!vb_q_is_space(before)) break;
    b = st;
  }
  /* A quote that opens a sentence but is a constituent of it: no end
   * punctuation inside, and the writer's sentence runs on after the closer
   * ("“Salt Lines” is out Friday"). */
  if (b <= p->start || is_sentence_end(before)) {
    size_t st2;
    int32_t last = vb_q_cp_before(t, q->end, &st2);
    size_t after = x->after_close, l2;
    int32_t nc = after < p->end ? vb_q_cp_at(t, p->end, after, &l2) : -1;
    int32_t nn = after + 1 < p->end && nc == ' ' ? vb_q_cp_at(t, p->end, after + 1, &l2) : -1;
    if (x->closed && !is_sentence_end(last) && last != ',' && last != ';' && last != ':' &&
        last != 0x2014 && nc == ' ' && vb_q_is_letter(nn) && count_words(t, q->start, q->end) <= 6)
      return VB_QUOTE_FRAGMENT;
  }
  if (b <= p->start) return VB_QUOTE_FULL; /* opens the paragraph */
  if (before == ':') return VB_QUOTE_FULL;
  if (is_sentence_end(before) || (vb_q_is_mark(before) && prev && prev->paragraph == q->paragraph))
    return upper || before != '.' ? VB_QUOTE_FULL : VB_QUOTE_FRAGMENT;
  if (before == ',' || before == 0x2014 || before == 0x2013) {
    if (upper) {
      /* "the words “Reform”, “Growth”": a list of short items stays fragments */
      size_t words = count_words(t, q->start, q->end);
      size_t ws, we;
      size_t after = x->after_close;
      int32_t nc = after < p->end ? vb_q_cp_at(t, p->end, after, &len) : '.';
      if (words <= 2 && (nc == ',' || nc == ' ') && !word_before(t, p->start, b - 1, &ws, &we))
        return VB_QUOTE_FRAGMENT;
      return words <= 1 && !(nc == ',' || nc == '.') ? VB_QUOTE_FRAGMENT : VB_QUOTE_FULL;
    }
    /* lower case after a comma: the second part of a split quote */
    if (prev && prev->paragraph == q->paragraph && prev->kind == VB_QUOTE_FULL) {
      size_t pend = prev->end;
      (void)pend;
      return VB_QUOTE_FULL;
    }
    return VB_QUOTE_FRAGMENT;
  }
  if (vb_q_is_alnum(before)) {
    size_t ws, we;
    if (word_before(t, p->start, b, &ws, &we) && word_is_speech_verb(t, ws, we) && upper)
      return VB_QUOTE_FULL;
  }
  return VB_QUOTE_FRAGMENT;
}

/* ---- groups -------------------------------------------------------------- */

/* Split quotes share a group: consecutive full parts in one paragraph with
 * only a short attribution or insert between them, and the same speaker. */
static void assign_groups(vb_quote_extractor *ex, const uint8_t *t) {
  uint32_t next = 0;
  for (size_t i = 0; i < ex->nquotes; i++) {
    vb_quote *q = &ex->quotes[i];
    vb_qextra *x = &ex->extra[i];
    if (i > 0) {
      vb_quote *pq = &ex->quotes[i - 1];
      vb_qextra *px = &ex->extra[i - 1];
      if (x->continued && px->continues) {
        q->group = pq->group;
        q->flags |= VB_QUOTE_MULTI_PARAGRAPH;
        pq->flags |= VB_QUOTE_MULTI_PARAGRAPH;
        continue;
      }
      bool same_para = pq->paragraph == q->paragraph && px->closed;
      if (same_para && q->kind == VB_QUOTE_FULL && pq->kind == VB_QUOTE_FULL &&
          count_words(t, px->after_close, x->open_mark) <= 14) {
        bool same_speaker =
            (q->speaker_len == 0 && !x->own_cue) ||
            (q->speaker_len == pq->speaker_len &&
             (q->speaker_len == 0 ||
              memcmp(ex->names.data + q->speaker_offset, ex->names.data + pq->speaker_offset,
                     q->speaker_len) == 0) &&
             (q->speaker_len > 0 || !px->own_cue || !x->own_cue ||
              q->cue_start == pq->cue_start));
        if (same_speaker) {
          q->group = pq->group;
          q->flags |= VB_QUOTE_SPLIT;
          pq->flags |= VB_QUOTE_SPLIT;
          if (q->speaker_len == 0 && pq->speaker_len > 0) {
            q->speaker_offset = pq->speaker_offset;
            q->speaker_len = pq->speaker_len;
            q->mention_start = pq->mention_start;
            q->mention_end = pq->mention_end;
            q->cue_start = pq->cue_start;
            q->cue_end = pq->cue_end;
          }
          continue;
        }
      }
    }
    q->group = next++;
  }
  /* A group speaks with one voice: the first attributed part names it.
   * Groups are runs of consecutive quotes, so the nearest attributed part
   * before each quote is carried forward (walking back from every quote was
   * quadratic in a long group without speakers). */
  size_t src = SIZE_MAX;
  for (size_t i = 0; i < ex->nquotes; i++) {
    vb_quote *q = &ex->quotes[i];
    if (i > 0 && ex->quotes[i - 1].group != q->group) src = SIZE_MAX;
    if (q->speaker_len == 0 && src != SIZE_MAX) {
      const vb_quote *r = &ex->quotes[src];
      q->speaker_offset = r->speaker_offset;
      q->speaker_len = r->speaker_len;
      q->mention_start = r->mention_start;
      q->mention_end = r->mention_end;
      q->cue_start = r->cue_start;
      q->cue_end = r->cue_end;
    }
    if (q->speaker_len > 0) src = i;
  }
  for (size_t i = ex->nquotes; i-- > 1;) {
    vb_quote *q = &ex->quotes[i - 1], *r = &ex->quotes[i];
    if (q->group == r->group && q->speaker_len == 0 && r->speaker_len > 0) {
      q->speaker_offset = r->speaker_offset;
      q->speaker_len = r->speaker_len;
      q->mention_start = r->mention_start;
      q->mention_end = r->mention_end;
      q->cue_start = r->cue_start;
      q->cue_end = r->cue_end;
    }
  }
}

/* ---- the API ------------------------------------------------------------------- */

vb_quote_extractor *vb_quote_extractor_new(const vb_allocator *alloc) {
  vb_allocator a = vb_alloc_resolve(alloc);
  vb_quote_extractor *ex = vb_mem_calloc(&a, 1, sizeof *ex);
  if (!ex) return NULL;
  ex->alloc = a;
  vb_buf_init(&ex->names, &ex->alloc);
  ex->max_text_bytes = VB_QUOTE_DEFAULT_MAX_TEXT;
  ex->max_quotes = VB_QUOTE_DEFAULT_MAX_QUOTES;
  return ex;
}

void vb_quote_extractor_set_limits(vb_quote_extractor *self, size_t max_text_bytes,
                                   size_t max_quotes) {
  if (!self) return;
  self->max_text_bytes = max_text_bytes ? max_text_bytes : VB_QUOTE_DEFAULT_MAX_TEXT;
  self->max_quotes = max_quotes ? max_quotes : VB_QUOTE_DEFAULT_MAX_QUOTES;
}

void vb_quote_extractor_free(vb_quote_extractor *self) {
  if (!self) return;
  vb_allocator a = self->alloc;
  vb_mem_free(&a, self->quotes);
  vb_mem_free(&a, self->extra);
  vb_mem_free(&a, self->paras);
  vb_mem_free(&a, self->tokens);
  vb_mem_free(&a, self->people);
  vb_mem_free(&a, self->lower_forms);
  vb_buf_release(&self->names);
  vb_mem_free(&a, self);
}

void vb_quote_extractor_reset(vb_quote_extractor *self) {
  if (!self) return;
  self->nquotes = 0;
  self->nparas = 0;
  self->names.len = 0;
  self->names.failed = false;
}

static vb_status nomem(vb_quote_extractor *ex, vb_error *err) {
  vb_quote_extractor_reset(ex);
  return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                 "out of memory extracting quotes");
}

vb_status vb_quote_extractor_run(vb_quote_extractor *self, const char *text, size_t text_len,
                                 const uint8_t *paragraph_flags, size_t paragraph_count,
                                 uint32_t options, vb_error *err) {
  if (!self || (!text && text_len))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  vb_quote_extractor_reset(self);
  if (options & ~(uint32_t)(VB_QUOTE_NO_SPEAKERS | VB_QUOTE_HEURISTIC_BOILERPLATE))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "unknown option bits 0x%x", (unsigned)options);
  if (text_len > self->max_text_bytes)
    return vb_fail(err, VB_ERR_LIMIT, VB_NO_RECORD, "text", self->max_text_bytes,
                   "document text of %zu bytes exceeds the quote extractor's limit of %zu bytes",
                   text_len, self->max_text_bytes);
  size_t bad;
  if (!vb_utf8_valid(text, text_len, &bad))
    return vb_fail(err, VB_ERR_UTF8, VB_NO_RECORD, "text", bad,
                   "text is not valid UTF-8 at byte %zu", bad);
  const uint8_t *t = (const uint8_t *)text;
  if (!split_paragraphs(self, t, text_len)) return nomem(self, err);
  if (paragraph_flags && paragraph_count != self->nparas) {
    size_t np = self->nparas;
    vb_status st = vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                           "%zu paragraph flags for %zu paragraphs", paragraph_count, np);
    self->nquotes = 0;
    return st;
  }
  for (size_t i = 0; i < self->nparas; i++) {
    vb_quote_paragraph *p = &self->paras[i];
    bool flag = paragraph_flags ? paragraph_flags[i] != 0 : false;
    if (!paragraph_flags || (options & VB_QUOTE_HEURISTIC_BOILERPLATE))
      flag = flag || heuristic_boilerplate(t, p, i);
    p->boilerplate = flag;
  }
  bool carry = false;
  for (uint32_t i = 0; i < self->nparas; i++) {
    vb_status st = scan_paragraph(self, t, i, &carry);
    if (st == VB_ERR_LIMIT) {
      vb_quote_extractor_reset(self);
      return vb_fail(err, VB_ERR_LIMIT, VB_NO_RECORD, "text", self->limit_at,
                     "document has more than %zu quotes, the quote extractor's limit",
                     self->max_quotes);
    }
    if (st != VB_OK) return nomem(self, err);
  }
  for (size_t i = 0; i < self->nquotes; i++) {
    vb_quote *q = &self->quotes[i];
    q->kind = decide_kind(t, &self->paras[q->paragraph], q, &self->extra[i],
                          i ? &self->quotes[i - 1] : NULL);
    if (self->paras[q->paragraph].boilerplate) q->flags |= VB_QUOTE_BOILERPLATE;
  }
  if (!(options & VB_QUOTE_NO_SPEAKERS)) {
    vb_status st = vb_quotes_attribute(self, t, text_len, err);
    if (st != VB_OK) {
      vb_quote_extractor_reset(self);
      return st;
    }
  }
  assign_groups(self, t);
  return VB_OK;
}

const vb_quote *vb_quote_extractor_quotes(const vb_quote_extractor *self, size_t *count) {
  if (count) *count = self ? self->nquotes : 0;
  return self ? self->quotes : NULL;
}

const char *vb_quote_extractor_names(const vb_quote_extractor *self, size_t *len) {
  if (len) *len = self ? self->names.len : 0;
  return self ? (const char *)self->names.data : NULL;
}

const vb_quote_paragraph *vb_quote_extractor_paragraphs(const vb_quote_extractor *self,
                                                        size_t *count) {
  if (count) *count = self ? self->nparas : 0;
  return self ? self->paras : NULL;
}

const char *vb_quote_kind_name(vb_quote_kind kind) {
  return kind == VB_QUOTE_FRAGMENT ? "fragment" : "full";
}
