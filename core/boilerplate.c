/* Paragraph boilerplate classification.
 *
 * Each paragraph is described by a few features (words, sentence end, menu
 * separators, timestamp words, quotes), then labelled in three steps:
 *   1. local: the pattern rules of data/boilerplate.txt (first match wins),
 *      then timestamp lines, menus, author bios and pull quotes;
 *   2. the story's start: the first body paragraph (long, ending a sentence,
 *      not matched in step 1) after the first byline or timestamp near the
 *      top; everything before it is page header (headline, standfirst,
 *      byline, caption, mastheads, menus);
 *   3. context inside the story: unpunctuated lines become crossheads
 *      between body paragraphs, teasers next to other teasers or above a
 *      date, and navigation elsewhere.
 * Every threshold, keyword and pattern comes from core/boilerplate_table.h,
 * generated from data/boilerplate.txt. Nothing here allocates.
 *
 * The pattern rules are compiled by the generator into two tries, so that a
 * paragraph costs one walk from its start (exact and prefix rules) and one
 * pass over its bytes with a short walk at each word start (contains and
 * suffix rules), however many rules there are. tests/boilerplate_test.c
 * checks the result against the plain rule-by-rule matcher.
 */
#include <utf8proc.h>

#include "boilerplate.h"
#include "boilerplate_table.h"
#include "internal.h"
#include "segment_internal.h"

#define NPOS ((size_t)-1)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define NZONES 3 /* VB_BP_ZONE_ANY, VB_BP_ZONE_TOP, VB_BP_ZONE_BODY */
_Static_assert(VB_BP_ZONE_ANY == 0 && VB_BP_ZONE_TOP == 1 && VB_BP_ZONE_BODY == 2, "zones index arrays");

/* Capitalised, all-capitals and date words are read only for paragraphs of
 * a few words (bare names and kickers of up to 4, unpunctuated labels of up
 * to VB_BP_LABEL_MAX_WORDS, timestamp lines of up to
 * VB_BP_DATE_MAX_WORDS), so longer ones (most of a story) skip them. */
#define WORD_STATS_MAX_WORDS \
  (VB_BP_LABEL_MAX_WORDS > VB_BP_DATE_MAX_WORDS ? VB_BP_LABEL_MAX_WORDS : VB_BP_DATE_MAX_WORDS)
_Static_assert(WORD_STATS_MAX_WORDS >= 4, "bare names and kickers need word statistics");

typedef struct pfeat {
  const char *s;
  size_t len;
  size_t t0, t1; /* tokens [t0, t1) start inside the paragraph */
  uint32_t words, sents, lines;
  /* counted only up to WORD_STATS_MAX_WORDS words, 0 above: */
  uint32_t cap_words;  /* words that start with a capital */
  uint32_t caps_words; /* words written all in capitals (2+ letters) */
  uint32_t date_words; /* words of the dateword list */
  uint32_t numbers;    /* number tokens, and words that start with digits */
  uint32_t seps;       /* menu separators; counted only without a sentence end */
  uint32_t quote_marks;
  uint32_t years;      /* four-digit numbers 1900-2099 */
  vb_token_kind last_kind; /* of the last visible token */
  bool ends_colon;
  bool ends_sentence;  /* . ! ? (…) before any closing quotes or brackets */
  bool quoted;         /* opens and closes with a quotation mark */
  bool bullets;        /* a later line starts with - • * or a digit */
} pfeat;

/* ASCII white space (" \t\n\r\f\v"), ASCII letters and digits */
static bool is_ws(unsigned char c) { return vb_bp_byte_class[c] & VB_BP_WS; }
static bool is_alnum(unsigned char c) { return vb_bp_byte_class[c] & VB_BP_ALNUM; }
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

/* One trie edge from `node` on s[*i]: a run of white space takes the ' '
 * edge, any other byte the edge of its ASCII lowercase, as match_at
 * compares. The next node (and *i past what it read), or 0 for none: both
 * roots have number 0 or 1 and no edge leads back to them. */
static unsigned trie_step(unsigned node, const char *s, size_t n, size_t *i) {
  unsigned char c = (unsigned char)s[*i];
  size_t j = *i + 1;
  if (is_ws(c)) {
    c = ' ';
    while (j < n && is_ws((unsigned char)s[j])) j++;
  } else {
    c = lc(c);
  }
  const vb_bp_node *nd = &vb_bp_nodes[node];
  const vb_bp_edge *e = vb_bp_edges + nd->edge;
  for (unsigned k = 0; k < nd->nedge && e[k].byte <= c; k++)
    if (e[k].byte == c) {
      *i = j;
      return e[k].to;
    }
  return 0;
}

/* The rules whose pattern ends at `node`, matched up to s[e]: lower each
 * zone's best to the first rule that applies there. A rule of zone "any"
 * counts in every zone, a zoned one only in its own; best[VB_BP_ZONE_ANY]
 * is for while the zones are not known yet, and sees no zoned rule. */
static void accept(unsigned node, const char *s, size_t n, size_t e, uint32_t words, int best[NZONES]) {
  const vb_bp_node *nd = &vb_bp_nodes[node];
  for (unsigned k = 0; k < nd->nrule; k++) {
    int ri = vb_bp_node_rules[nd->rule + k];
    const vb_bp_rule *r = &vb_bp_rules[ri];
    bool any = r->zone == VB_BP_ZONE_ANY;
    bool better = any ? ri < best[0] || ri < best[1] || ri < best[2] : ri < best[r->zone];
    if (!better || (r->maxwords && words > r->maxwords) || (r->minwords && words < r->minwords))
      continue;
    bool ok;
    switch (r->match) {
    case VB_BP_EXACT:
      ok = boundary_after(s, n, e, r->pat, r->len) && only_trailing_junk(s, n, e);
      break;
    case VB_BP_PREFIX:
    case VB_BP_CONTAINS: ok = boundary_after(s, n, e, r->pat, r->len); break;
    default: ok = e == n; break; /* VB_BP_SUFFIX */
    }
    if (!ok) continue;
    for (int z = 0; z < NZONES; z++)
      if ((any || z == r->zone) && ri < best[z]) best[z] = ri;
  }
}

/* For each zone, the first rule (in file order) matching s[0..n) with
 * `words` words, or COUNT(vb_bp_rules). A contains or suffix pattern
 * starting with a letter or digit starts only where a run of them does, so
 * the scan steps over the rest of each run. */
static void first_rules(const char *s, size_t n, uint32_t words, int best[NZONES]) {
  for (int z = 0; z < NZONES; z++) best[z] = (int)COUNT(vb_bp_rules);
  unsigned node = VB_BP_ANCHORED_ROOT;
  for (size_t i = 0; i < n;) {
    if (!(node = trie_step(node, s, n, &i))) break;
    if (vb_bp_nodes[node].nrule) accept(node, s, n, i, words, best);
  }
  int worst = best[0] > best[1] ? best[0] : best[1];
  if (best[2] > worst) worst = best[2];
  if (worst <= VB_BP_FLOATING_FIRST_RULE || (VB_BP_FLOATING_MAX_WORDS && words > VB_BP_FLOATING_MAX_WORDS))
    return;
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    unsigned char c = u[i++];
    unsigned rank = vb_bp_floating_rank[c];
    if (rank) {
      size_t j = i;
      if (is_ws(c))
        while (j < n && is_ws(u[j])) j++;
      node = vb_bp_floating_start[c];
      /* not begun when it would end at once with nothing */
      bool worth = j < n ? vb_bp_floating_second[rank - 1][u[j] >> 5] >> (u[j] & 31) & 1
                         : vb_bp_nodes[node].nrule > 0;
      if (worth)
        for (;;) {
          if (vb_bp_nodes[node].nrule) accept(node, s, n, j, words, best);
          if (j >= n || !(node = trie_step(node, s, n, &j))) break;
        }
    }
    if (is_alnum(c))
      while (i < n && is_alnum(u[i])) i++;
  }
}

int vb_boiler_rule_index(const char *s, size_t n, uint32_t words, int zone) {
  int best[NZONES];
  first_rules(s, n, words, best);
  return best[zone] < (int)COUNT(vb_bp_rules) ? best[zone] : -1;
}

/* Whether w[0..len) is a word of a generated list: only the words with
 * w's first byte are compared. */
static bool in_list(const char *const *list, const unsigned char *lens, const unsigned char *first,
                    const char *w, size_t len) {
  if (len == 0) return false;
  unsigned char c = (unsigned char)w[0];
  for (unsigned k = first[c]; k < first[c + 1]; k++)
    if (lens[k] == len && memcmp(list[k], w, len) == 0) return true;
  return false;
}

static bool starts_upper(const char *s, size_t n) {
  if (n && (unsigned char)s[0] < 0x80) return s[0] >= 'A' && s[0] <= 'Z';
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

/* Menu separators in s[0..n): each separator counted where it does not
 * overlap an earlier one of the same kind (separators of different kinds
 * may overlap). One pass; the byte masks pick the few candidates. */
static uint32_t count_navseps(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t next[COUNT(vb_bp_navseps)] = {0};
  uint32_t seps = 0;
  for (size_t j = 0; j < n; j++) {
#if VB_BP_NAVSEP_FIRST_BYTE >= 0
    const unsigned char *hit = memchr(u + j, VB_BP_NAVSEP_FIRST_BYTE, n - j);
    if (!hit) break;
    j = (size_t)(hit - u);
#endif
    uint32_t m = vb_bp_navsep_first[u[j]];
    if (!m) continue;
    if (j + 1 < n) m &= vb_bp_navsep_second[u[j + 1]];
    for (size_t k = 0; m; k++, m >>= 1) {
      size_t sl = vb_bp_navsep_len[k];
      if ((m & 1) && j >= next[k] && sl <= n - j && memcmp(s + j, vb_bp_navseps[k], sl) == 0) {
        seps++;
        next[k] = j + sl;
      }
    }
  }
  return seps;
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

static void word_stats(const vb_seg_view *v, pfeat *f) {
  for (size_t t = f->t0; t < f->t1; t++) {
    const vb_token *tk = &v->tok[t];
    if (tk->kind != VB_TOKEN_WORD) continue;
    const char *ts = v->text + tk->start;
    size_t tl = tk->end - tk->start;
    if (starts_upper(ts, tl)) f->cap_words++;
    if (all_caps(ts, tl)) f->caps_words++;
    const char *w = v->norm + tk->norm_off;
    size_t wl = tk->norm_len;
    while (wl && w[0] >= '0' && w[0] <= '9') w++, wl--;
    if (in_list(vb_bp_datewords, vb_bp_dateword_len, vb_bp_dateword_first, w, wl)) f->date_words++;
  }
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
    const char *w = v->norm + tk->norm_off;
    if (tk->norm_len && w[0] >= '0' && w[0] <= '9') f->numbers++;
  }
  f->t1 = t;
  if (f->words <= WORD_STATS_MAX_WORDS) word_stats(v, f);
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
  /* only menus read it, and a menu line ends no sentence */
  if (!f->ends_sentence) f->seps = count_navseps(f->s, f->len);
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
  /* Where each verb first starts before the limit; one pass, trying at each
   * byte only the verbs that can start with it. */
  size_t at[COUNT(vb_bp_bioverbs)];
  uint32_t found = 0;
  for (size_t j = 0; j < limit && j < f->len; j++) {
    uint32_t m = vb_bp_bioverb_first[(unsigned char)f->s[j]] & ~found;
    for (size_t k = 0; m; k++, m >>= 1)
      if ((m & 1) && match_at(f->s, f->len, j, vb_bp_bioverbs[k], vb_bp_bioverb_len[k]) != NPOS) {
        at[k] = j;
        found |= (uint32_t)1 << k;
      }
  }
  bool verb = false;
  for (size_t k = 0; k < COUNT(vb_bp_bioverbs) && !verb; k++) {
    if (!(found >> k & 1)) continue;
    /* every word before the verb is capitalised: a name */
    bool name = true;
    for (size_t t = f->t0; t < f->t1 && v->tok[t].start < (size_t)(f->s - v->text) + at[k]; t++)
      if (v->tok[t].kind == VB_TOKEN_WORD &&
          !starts_upper(v->text + v->tok[t].start, v->tok[t].end - v->tok[t].start))
        name = false;
    verb = name;
  }
  if (!verb) return false;
  for (size_t t = f->t0; t < f->t1; t++) {
    const vb_token *tk = &v->tok[t];
    if (tk->kind == VB_TOKEN_WORD &&
        in_list(vb_bp_bioroles, vb_bp_biorole_len, vb_bp_biorole_first, v->norm + tk->norm_off, tk->norm_len))
      return true;
  }
  return false;
}

/* Fill each zone still without a label (-1) with the label of the first
 * rule matching the span `f` describes there; true if a zone is left
 * without one. */
static bool rule_labels(const pfeat *f, int out[NZONES]) {
  int r[NZONES];
  first_rules(f->s, f->len, f->words, r);
  bool open = false;
  for (int z = 0; z < NZONES; z++) {
    if (out[z] < 0) out[z] = r[z] < (int)COUNT(vb_bp_rules) ? vb_bp_rules[r[z]].label : -1;
    open |= out[z] < 0;
  }
  return open;
}

/* Step 1, for every zone at once (out[VB_BP_ZONE_TOP], out[VB_BP_ZONE_BODY],
 * and out[VB_BP_ZONE_ANY] for while the zones are not known yet, when zoned
 * rules are skipped): the label, or -1 when nothing local decides. */
static void local_labels(const vb_seg_view *v, const vb_paragraph *p, const pfeat *f, int out[NZONES]) {
  for (int z = 0; z < NZONES; z++) out[z] = -1;
  if (!rule_labels(f, out)) return;
  size_t a, b;
  if (f->lines > 1 && line_span(v, p, false, &a, &b)) {
    /* A block is never of mixed kinds, so its first line may decide. */
    pfeat g;
    span_features(v, a, b, 1, &g);
    if (!rule_labels(&g, out)) return;
    /* a linked headline over its date */
    if (f->lines == 2 && !g.ends_sentence && !date_only(&g) && line_span(v, p, true, &a, &b)) {
      span_features(v, a, b, 1, &g);
      if (date_only(&g))
        for (int z = 0; z < NZONES; z++)
          if (out[z] < 0) out[z] = VB_BOILER_TEASER;
    }
  }
  int l = date_only(f)     ? VB_BOILER_DATELINE
          : menu_like(f)   ? VB_BOILER_NAVIGATION
          : bio_like(v, f) ? VB_BOILER_AUTHOR_BIO
                           : -1;
  for (int z = 0; z < NZONES; z++)
    if (out[z] < 0) out[z] = l;
  if (out[VB_BP_ZONE_BODY] < 0 && f->quoted && f->quote_marks == 2 && f->words <= VB_BP_PULLQUOTE_MAX_WORDS)
    out[VB_BP_ZONE_BODY] = VB_BOILER_FURNITURE;
}

/* A paragraph's features and local labels. The leading paragraphs are
 * looked at twice (finding the story's start, then labelling), so the
 * first few are kept on the stack. */
#define CACHED (VB_BP_HEADER_SCAN + 2)

typedef struct plocal {
  pfeat f;
  int label[NZONES];
} plocal;

typedef struct pcache {
  const vb_seg_view *v;
  const vb_paragraph *para;
  plocal slot[CACHED];
  bool have[CACHED];
  plocal spare; /* for paragraphs past the cached ones */
} pcache;

static const plocal *local_of(pcache *c, size_t i) {
  plocal *pl = i < CACHED ? &c->slot[i] : &c->spare;
  if (i < CACHED && c->have[i]) return pl;
  features(c->v, &c->para[i], &pl->f);
  local_labels(c->v, &c->para[i], &pl->f, pl->label);
  if (i < CACHED) c->have[i] = true;
  return pl;
}

static bool body_like(const pfeat *f) {
  return f->ends_sentence && f->words >= VB_BP_BODY_MIN_WORDS;
}

/* Step 2: the index of the story's first body paragraph. */
static size_t find_body_start(pcache *c, size_t npara) {
  size_t scan = npara < VB_BP_HEADER_SCAN ? npara : VB_BP_HEADER_SCAN;
  size_t meta = NPOS;
  bool prev_body = false;
  for (size_t i = 0; i < scan && meta == NPOS; i++) {
    const plocal *pl = local_of(c, i);
    int l = pl->label[VB_BP_ZONE_ANY];
    if (l == VB_BOILER_BYLINE || l == VB_BOILER_DATELINE) meta = i;
    /* two body paragraphs in a row: the story began without a byline */
    bool is_body = l < 0 && body_like(&pl->f);
    if (is_body && prev_body) return i - 1;
    prev_body = is_body;
  }
  for (size_t i = meta == NPOS ? 0 : meta + 1; i < npara; i++) {
    const plocal *pl = local_of(c, i);
    if (body_like(&pl->f) && pl->label[VB_BP_ZONE_ANY] < 0) return i;
  }
  return meta == NPOS ? 0 : meta + 1;
}

void vb_boiler_classify(const vb_seg_view *v, vb_paragraph *para, size_t npara) {
  if (npara == 0) return;
  pcache c;
  c.v = v;
  c.para = para;
  memset(c.have, 0, sizeof c.have);
  size_t body = find_body_start(&c, npara);
  pfeat f;
  /* The header: everything before the body is page furniture of some kind. */
  bool headline = false, meta = false;
  for (size_t i = 0; i < body; i++) {
    const plocal *pl = local_of(&c, i);
    f = pl->f;
    int l = pl->label[VB_BP_ZONE_TOP];
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
    const plocal *pl = local_of(&c, i);
    f = pl->f;
    int l = pl->label[VB_BP_ZONE_BODY];
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
