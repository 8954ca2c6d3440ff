/* The boilerplate classifier as it was before the matcher was compiled into
 * tries (core/boilerplate.c at 4a845ef): every pattern rule tried at every
 * position with match_at. Kept only as the reference that
 * tests/boilerplate_test.c compares the fast classifier with; never built
 * into the library. Reads the same generated tables (the rule list, word
 * lists, separators and thresholds), so data changes move both alike; a
 * deliberate change of the classifier's logic must be made here too. */
#include <utf8proc.h>

#include "boilerplate_table.h"
#include "internal.h"
#include "segment_internal.h"

#define NPOS ((size_t)-1)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

typedef struct pfeat {
  const char *s;
  size_t len;
  size_t t0, t1; /* tokens [t0, t1) start inside the paragraph */
  uint32_t words, sents, lines;
  uint32_t cap_words;  /* words that start with a capital */
  uint32_t caps_words; /* words written all in capitals (2+ letters) */
  uint32_t numbers;    /* number tokens, and words that start with digits */
  uint32_t date_words; /* words of the dateword list */
  uint32_t seps;       /* menu separators */
  uint32_t quote_marks;
  uint32_t years;      /* four-digit numbers 1900-2099 */
  vb_token_kind last_kind; /* of the last visible token */
  bool ends_colon;
  bool ends_sentence;  /* . ! ? (…) before any closing quotes or brackets */
  bool quoted;         /* opens and closes with a quotation mark */
  bool bullets;        /* a later line starts with - • * or a digit */
} pfeat;

static bool is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static bool is_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static unsigned char lc(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

/* Match pat at s[i..]: ASCII case-insensitive, a space matching one or more
 * white-space bytes. The end of the match, or NPOS. */
static size_t match_at(const char *s, size_t n, size_t i, const char *pat, size_t plen) {
  for (size_t k = 0; k < plen; k++) {
    if (pat[k] == ' ') {
      if (i >= n || !is_ws((unsigned char)s[i])) return NPOS;
      while (i < n && is_ws((unsigned char)s[i])) i++;
      continue;
    }
    if (i >= n || lc((unsigned char)s[i]) != (unsigned char)pat[k]) return NPOS;
    i++;
  }
  return i;
}

/* True when s[i..n) holds no letter or digit (trailing punctuation, arrows). */
static bool only_trailing_junk(const char *s, size_t n, size_t i) {
  while (i < n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) return false;
    utf8proc_category_t c = utf8proc_category(cp);
    if ((c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
        (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO))
      return false;
    i += (size_t)k;
  }
  return true;
}

static bool boundary_after(const char *s, size_t n, size_t e, const char *pat, size_t plen) {
  if (!is_alnum((unsigned char)pat[plen - 1])) return true;
  return e >= n || !is_alnum((unsigned char)s[e]);
}

static bool rule_matches(const vb_bp_rule *r, const pfeat *f) {
  if (r->maxwords && f->words > r->maxwords) return false;
  if (r->minwords && f->words < r->minwords) return false;
  const char *s = f->s;
  size_t n = f->len, e;
  switch (r->match) {
  case VB_BP_EXACT:
    e = match_at(s, n, 0, r->pat, r->len);
    return e != NPOS && boundary_after(s, n, e, r->pat, r->len) && only_trailing_junk(s, n, e);
  case VB_BP_PREFIX:
    e = match_at(s, n, 0, r->pat, r->len);
    return e != NPOS && boundary_after(s, n, e, r->pat, r->len);
  case VB_BP_CONTAINS:
    for (size_t i = 0; i < n; i++) {
      if (i > 0 && is_alnum((unsigned char)r->pat[0]) && is_alnum((unsigned char)s[i - 1])) continue;
      e = match_at(s, n, i, r->pat, r->len);
      if (e != NPOS && boundary_after(s, n, e, r->pat, r->len)) return true;
    }
    return false;
  default: /* VB_BP_SUFFIX */
    for (size_t i = 0; i < n; i++) {
      if (i > 0 && is_alnum((unsigned char)r->pat[0]) && is_alnum((unsigned char)s[i - 1])) continue;
      if (match_at(s, n, i, r->pat, r->len) == n) return true;
    }
    return false;
  }
}

static bool in_sorted(const char *const *list, size_t count, const char *w, size_t len) {
  size_t lo = 0, hi = count;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    const char *k = list[mid];
    size_t klen = strlen(k);
    int c = memcmp(w, k, len < klen ? len : klen);
    if (c == 0) c = len < klen ? -1 : len > klen ? 1 : 0;
    if (c == 0) return true;
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return false;
}

static bool starts_upper(const char *s, size_t n) {
  utf8proc_int32_t cp;
  if (utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp) <= 0) return false;
  utf8proc_category_t c = utf8proc_category(cp);
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static bool all_caps(const char *s, size_t n) {
  size_t letters = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') letters++;
  }
  return letters >= 2;
}

static bool is_quote_open(const char *s, size_t n) {
  return (n == 1 && (s[0] == '"' || s[0] == '\'')) ||
         (n == 3 && memcmp(s, "\xE2\x80", 2) == 0 && ((unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x98));
}
static bool is_closer(const char *s, size_t n) {
  return (n == 1 && (s[0] == '"' || s[0] == '\'' || s[0] == ')' || s[0] == ']')) ||
         (n == 3 && memcmp(s, "\xE2\x80", 2) == 0 && ((unsigned char)s[2] == 0x9D || (unsigned char)s[2] == 0x99));
}

static bool is_quote_mark(const char *s, size_t n) {
  return (n == 1 && s[0] == '"') ||
         (n == 3 && memcmp(s, "\xE2\x80", 2) == 0 && ((unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x9D));
}

static size_t first_token_at(const vb_seg_view *v, size_t off) {
  size_t lo = 0, hi = v->ntok;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (v->tok[mid].start < off) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static void span_features(const vb_seg_view *v, size_t start, size_t end, uint32_t sents, pfeat *f) {
  memset(f, 0, sizeof *f);
  f->s = v->text + start;
  f->len = end - start;
  f->sents = sents;
  f->lines = 1;
  f->t0 = first_token_at(v, start);
  size_t t = f->t0;
  bool line_start = true;
  for (; t < v->ntok && v->tok[t].start < end; t++) {
    const vb_token *tk = &v->tok[t];
    const char *ts = v->text + tk->start;
    size_t tl = tk->end - tk->start;
    if (tk->kind == VB_TOKEN_NEWLINE) {
      f->lines++;
      line_start = true;
      continue;
    }
    if (tk->kind == VB_TOKEN_SPACE) continue;
    if (line_start && (tl == 1 && (ts[0] == '-' || ts[0] == '*')))
      f->bullets = true;
    if (line_start && tl == 3 && memcmp(ts, "\xE2\x80\xA2", 3) == 0) f->bullets = true;
    if (is_quote_mark(ts, tl)) f->quote_marks++;
    line_start = false;
    if (tk->kind == VB_TOKEN_NUMBER) {
      f->numbers++;
      if (tl == 4 && (memcmp(ts, "19", 2) == 0 || memcmp(ts, "20", 2) == 0)) f->years++;
    }
    if (tk->kind != VB_TOKEN_WORD) continue;
    f->words++;
    if (starts_upper(ts, tl)) f->cap_words++;
    if (all_caps(ts, tl)) f->caps_words++;
    const char *w = v->norm + tk->norm_off;
    size_t wl = tk->norm_len;
    if (wl && w[0] >= '0' && w[0] <= '9') {
      f->numbers++;
      while (wl && w[0] >= '0' && w[0] <= '9') w++, wl--;
    }
    if (in_sorted(vb_bp_datewords, COUNT(vb_bp_datewords), w, wl)) f->date_words++;
  }
  f->t1 = t;
  /* the sentence end, looking through closing quotes and brackets */
  size_t k = f->t1;
  while (k > f->t0) {
    const vb_token *tk = &v->tok[k - 1];
    const char *ts = v->text + tk->start;
    size_t tl = tk->end - tk->start;
    if (tk->kind == VB_TOKEN_SPACE || tk->kind == VB_TOKEN_NEWLINE || is_closer(ts, tl)) {
      k--;
      continue;
    }
    if (k == f->t1) f->last_kind = tk->kind;
    f->ends_colon = tl == 1 && ts[0] == ':';
    f->ends_sentence = tk->kind == VB_TOKEN_PUNCT &&
                       ((tl == 1 && (ts[0] == '.' || ts[0] == '!' || ts[0] == '?')) ||
                        (tl == 3 && memcmp(ts, "\xE2\x80\xA6", 3) == 0));
    break;
  }
  if (f->t1 > f->t0) {
    const vb_token *a = &v->tok[f->t0], *b = &v->tok[f->t1 - 1];
    f->quoted = is_quote_open(v->text + a->start, a->end - a->start) &&
                is_closer(v->text + b->start, b->end - b->start);
  }
  for (size_t i = 0; i < COUNT(vb_bp_navseps); i++) {
    const char *sep = vb_bp_navseps[i];
    size_t sl = strlen(sep);
    for (size_t j = 0; j + sl <= f->len; j++)
      if (memcmp(f->s + j, sep, sl) == 0) {
        f->seps++;
        j += sl - 1;
      }
  }
}

static void features(const vb_seg_view *v, const vb_paragraph *p, pfeat *f) {
  span_features(v, p->start, p->end, p->sentence_count, f);
}

/* The first or last line of a paragraph, trimmed. False for one-line ones. */
static bool line_span(const vb_seg_view *v, const vb_paragraph *p, bool last, size_t *a, size_t *b) {
  const char *s = v->text;
  const char *nl = memchr(s + p->start, '\n', p->end - p->start);
  if (!nl) return false;
  if (!last) {
    *a = p->start;
    *b = (size_t)(nl - s);
  } else {
    size_t i = p->end;
    while (i > p->start && s[i - 1] != '\n') i--;
    *a = i;
    *b = p->end;
  }
  while (*a < *b && is_ws((unsigned char)s[*a])) (*a)++;
  while (*b > *a && is_ws((unsigned char)s[*b - 1])) (*b)--;
  return *a < *b;
}

static bool date_only(const pfeat *f) {
  return f->words + f->numbers > 0 && f->numbers > 0 && f->date_words == f->words &&
         f->words <= VB_BP_DATE_MAX_WORDS;
}

static bool menu_like(const pfeat *f) {
  return !f->ends_sentence && f->seps >= VB_BP_NAV_MIN_SEPS &&
         f->words <= (f->seps + 1) * VB_BP_NAV_MAX_ITEM_WORDS;
}

/* "Name Surname is a reporter ...": capitalised words, then a bio verb
 * within the first few words, and a role word in the paragraph. */
static bool bio_like(const vb_seg_view *v, const pfeat *f) {
  if (!f->ends_sentence || f->sents > 4 || !starts_upper(f->s, f->len)) return false;
  size_t words = 0, limit = f->len;
  for (size_t t = f->t0; t < f->t1; t++) {
    const vb_token *tk = &v->tok[t];
    if (tk->kind != VB_TOKEN_WORD) continue;
    if (++words > VB_BP_BIO_VERB_WITHIN) {
      limit = tk->start - (size_t)(f->s - v->text);
      break;
    }
  }
  bool verb = false;
  for (size_t i = 0; i < COUNT(vb_bp_bioverbs) && !verb; i++) {
    const char *bv = vb_bp_bioverbs[i];
    size_t bl = strlen(bv);
    for (size_t j = 0; j < limit && j < f->len; j++)
      if (match_at(f->s, f->len, j, bv, bl) != NPOS) {
        /* every word before the verb is capitalised: a name */
        bool name = true;
        for (size_t t = f->t0; t < f->t1 && v->tok[t].start < (size_t)(f->s - v->text) + j; t++)
          if (v->tok[t].kind == VB_TOKEN_WORD &&
              !starts_upper(v->text + v->tok[t].start, v->tok[t].end - v->tok[t].start))
            name = false;
        verb = name;
        break;
      }
  }
  if (!verb) return false;
  for (size_t t = f->t0; t < f->t1; t++) {
    const vb_token *tk = &v->tok[t];
    if (tk->kind == VB_TOKEN_WORD &&
        in_sorted(vb_bp_bioroles, COUNT(vb_bp_bioroles), v->norm + tk->norm_off, tk->norm_len))
      return true;
  }
  return false;
}

/* Step 1. `zone`: VB_BP_ZONE_TOP or VB_BP_ZONE_BODY, or VB_BP_ZONE_ANY
 * while the zones are not known yet (then zoned rules are skipped).
 * Returns the label, or -1 when nothing local decides. */
static int rules_label(const pfeat *f, int zone) {
  for (size_t i = 0; i < COUNT(vb_bp_rules); i++) {
    const vb_bp_rule *r = &vb_bp_rules[i];
    if (r->zone != VB_BP_ZONE_ANY && r->zone != zone) continue;
    if (rule_matches(r, f)) return r->label;
  }
  return -1;
}

static int local_label(const vb_seg_view *v, const vb_paragraph *p, const pfeat *f, int zone) {
  int l = rules_label(f, zone);
  if (l >= 0) return l;
  size_t a, b;
  if (f->lines > 1 && line_span(v, p, false, &a, &b)) {
    /* A block is never of mixed kinds, so its first line may decide. */
    pfeat g;
    span_features(v, a, b, 1, &g);
    l = rules_label(&g, zone);
    if (l >= 0) return l;
    /* a linked headline over its date */
    if (f->lines == 2 && !g.ends_sentence && !date_only(&g) && line_span(v, p, true, &a, &b)) {
      span_features(v, a, b, 1, &g);
      if (date_only(&g)) return VB_BOILER_TEASER;
    }
  }
  if (date_only(f)) return VB_BOILER_DATELINE;
  if (menu_like(f)) return VB_BOILER_NAVIGATION;
  if (bio_like(v, f)) return VB_BOILER_AUTHOR_BIO;
  if (f->quoted && f->quote_marks == 2 && f->words <= VB_BP_PULLQUOTE_MAX_WORDS &&
      zone == VB_BP_ZONE_BODY)
    return VB_BOILER_FURNITURE;
  return -1;
}

static bool body_like(const pfeat *f) {
  return f->ends_sentence && f->words >= VB_BP_BODY_MIN_WORDS;
}

/* Step 2: the index of the story's first body paragraph. */
static size_t find_body_start(const vb_seg_view *v, const vb_paragraph *para, size_t npara) {
  size_t scan = npara < VB_BP_HEADER_SCAN ? npara : VB_BP_HEADER_SCAN;
  size_t meta = NPOS;
  pfeat f;
  bool prev_body = false;
  for (size_t i = 0; i < scan && meta == NPOS; i++) {
    features(v, &para[i], &f);
    int l = local_label(v, &para[i], &f, VB_BP_ZONE_ANY);
    if (l == VB_BOILER_BYLINE || l == VB_BOILER_DATELINE) meta = i;
    /* two body paragraphs in a row: the story began without a byline */
    bool is_body = l < 0 && body_like(&f);
    if (is_body && prev_body) return i - 1;
    prev_body = is_body;
  }
  for (size_t i = meta == NPOS ? 0 : meta + 1; i < npara; i++) {
    features(v, &para[i], &f);
    if (body_like(&f) && local_label(v, &para[i], &f, VB_BP_ZONE_ANY) < 0) return i;
  }
  return meta == NPOS ? 0 : meta + 1;
}

static void ref_boiler_classify(const vb_seg_view *v, vb_paragraph *para, size_t npara) {
  if (npara == 0) return;
  size_t body = find_body_start(v, para, npara);
  pfeat f;
  /* The header: everything before the body is page furniture of some kind. */
  bool headline = false, meta = false;
  for (size_t i = 0; i < body; i++) {
    features(v, &para[i], &f);
    int l = local_label(v, &para[i], &f, VB_BP_ZONE_TOP);
    if (l == VB_BOILER_BYLINE || l == VB_BOILER_DATELINE) meta = true;
    if (l < 0) {
      if (!headline && f.words <= 3 && !f.ends_sentence && i + 1 < body)
        l = f.caps_words == f.words && f.words >= 2 ? VB_BOILER_FURNITURE : VB_BOILER_NAVIGATION;
      else if (!headline) {
        l = VB_BOILER_HEADLINE;
        headline = true;
      } else if (f.words >= 2 && f.words <= 4 && !f.ends_sentence && f.cap_words == f.words &&
                 f.numbers == 0)
        l = VB_BOILER_BYLINE; /* a bare name */
      else if (!meta)
        l = VB_BOILER_HEADLINE; /* the standfirst */
      else
        l = VB_BOILER_CAPTION;
    }
    if (l == VB_BOILER_HEADLINE) headline = true;
    para[i].boiler = (vb_boiler)l;
  }
  /* The story and what follows it. */
  for (size_t i = body; i < npara; i++) {
    features(v, &para[i], &f);
    int l = local_label(v, &para[i], &f, VB_BP_ZONE_BODY);
    if (l < 0) {
      if (f.ends_sentence || f.ends_colon || f.bullets || f.lines > 2 ||
          f.words > VB_BP_LABEL_MAX_WORDS)
        l = VB_BOILER_NONE;
      else if (f.last_kind == VB_TOKEN_NUMBER && f.date_words == 0)
        l = VB_BOILER_NONE; /* a row of figures: "Others 1,944" */
      else
        l = -2; /* an unpunctuated line: decided by its neighbours below */
    }
    para[i].boiler = (vb_boiler)(l < 0 ? VB_BOILER_NONE : l);
    if (l == -2) para[i].boiler = (vb_boiler)0xFF; /* undecided */
  }
  for (size_t i = body; i < npara; i++) {
    vb_boiler b = para[i].boiler;
    if (b != (vb_boiler)0xFF && b != VB_BOILER_DATELINE) continue;
    features(v, &para[i], &f);
    vb_boiler prev = i > body ? para[i - 1].boiler : VB_BOILER_HEADLINE;
    bool next_date = false;
    if (i + 1 < npara) {
      pfeat g;
      features(v, &para[i + 1], &g);
      next_date = date_only(&g);
    }
    vb_boiler next = i + 1 < npara ? para[i + 1].boiler : VB_BOILER_NAVIGATION;
    if (b == VB_BOILER_DATELINE) {
      /* a date under a linked headline belongs to the teaser */
      if (prev == VB_BOILER_TEASER) para[i].boiler = VB_BOILER_TEASER;
      continue;
    }
    if (prev == VB_BOILER_TEASER || next_date)
      b = VB_BOILER_TEASER;
    else if (f.words <= VB_BP_CROSSHEAD_MAX_WORDS && prev == VB_BOILER_NONE && next == VB_BOILER_NONE)
      b = VB_BOILER_HEADLINE;
    else if (f.words > VB_BP_CROSSHEAD_MAX_WORDS)
      b = VB_BOILER_TEASER;
    else
      b = VB_BOILER_NAVIGATION;
    para[i].boiler = b;
  }
  /* A short paragraph right above a calendar date is a linked headline:
   * "teaser, then its date". Times of day (live blogs) do not count. */
  for (size_t i = body; i + 1 < npara; i++) {
    if (para[i].boiler != VB_BOILER_NONE || para[i + 1].boiler != VB_BOILER_DATELINE) continue;
    pfeat g;
    features(v, &para[i + 1], &g);
    features(v, &para[i], &f);
    if (g.years > 0 && f.words <= VB_BP_LABEL_MAX_WORDS && f.sents <= 2) {
      para[i].boiler = VB_BOILER_TEASER;
      para[i + 1].boiler = VB_BOILER_TEASER;
    }
  }
  /* After the story's closing byline or bio and then site furniture,
   * prose is an appeal (donate, subscribe), not the story. */
  size_t content = 0;
  bool closed = false, furniture = false;
  for (size_t i = body; i < npara; i++) {
    vb_boiler b = para[i].boiler;
    if ((b == VB_BOILER_BYLINE || b == VB_BOILER_AUTHOR_BIO) && content >= VB_BP_STORY_MIN_PARAGRAPHS) {
      closed = true;
      furniture = false;
    } else if (closed && b == VB_BOILER_FURNITURE) {
      furniture = true;
    } else if (closed && furniture && b == VB_BOILER_NONE) {
      para[i].boiler = VB_BOILER_FURNITURE;
    }
    content += b == VB_BOILER_NONE;
  }
}
