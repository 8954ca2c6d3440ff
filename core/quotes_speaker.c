/* Speaker attribution for the quotes found by core/quotes.c.
 *
 * The text outside quotes is cut into tokens (words, punctuation, and one
 * token standing for each quote). Two passes follow. The first collects the
 * people and organisations the document names: runs of capitalised words,
 * with titles and honorifics stripped ("Secretary of State Antony Blinken"
 * is Antony Blinken; "Ms Okafor" tells she is female). The second walks the
 * document in order, keeps who was mentioned last, and for each quote reads
 * its attribution cue: a speech verb (from data/speech_verbs.txt) after the
 * quote in the same sentence ("…," she said / said the ministry), before it
 * ("X said: “…”", "according to X"), or, for a quote standing alone, in the
 * sentence before it or the paragraph that introduces it. The subject of
 * the cue is a name (linked to the longest form of that name in the
 * document), a pronoun (the most recent compatible person), or an unnamed
 * source (a spokesperson, one resident), which gives no speaker.
 */
#include <utf8proc.h>

#include "quotes_internal.h"

enum { TK_WORD, TK_PUNCT, TK_QUOTE };

typedef struct qtok {
  size_t s, e;
  uint32_t para;
  uint32_t quote; /* TK_QUOTE: index into ex->quotes */
  uint8_t kind;
  bool cap;        /* starts with an upper-case letter */
  bool sent_start; /* first word of a sentence */
} qtok;

typedef struct person {
  size_t s, e;          /* longest form in the text, titles stripped */
  size_t last;          /* token index of the latest mention (pass 2) */
  size_t title_s, title_e; /* a title seen before the name ("mayor") */
  uint8_t gender;       /* 0 unknown, 1 male, 2 female */
  bool org;
  bool mentioned;
  uint32_t bare;        /* mentions not after "the" or a locative preposition */
  bool titled;          /* seen with a title or honorific */
  bool spoke;           /* the subject of a speech cue */
  size_t name_off;      /* offset in ex->names once written, or SIZE_MAX */
} person;

enum { SUBJ_NONE, SUBJ_PERSON, SUBJ_UNNAMED };

typedef struct subject {
  int kind;
  size_t person;
  size_t ms, me; /* mention byte span */
} subject;

typedef struct actx {
  vb_quote_extractor *ex;
  const uint8_t *t;
  size_t n;
  qtok *tok;
  size_t ntok;
  person *pp;
  size_t npp, cap_pp;
  size_t last_unnamed; /* token index of the latest unnamed-person mention + 1 */
  bool oom;
  /* reported speech ending the previous paragraph ("X said the vote was
   * close."), which a paragraph made only of a quote continues */
  subject reported;
  size_t reported_verb;
} actx;

/* ---- word tables ------------------------------------------------------- */

static int ci_cmp(const char *a, size_t alen, const char *b, size_t blen) {
  size_t m = alen < blen ? alen : blen;
  for (size_t i = 0; i < m; i++) {
    unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
    if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
    if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
    if (x != y) return x < y ? -1 : 1;
  }
  return alen < blen ? -1 : alen > blen ? 1 : 0;
}

const vb_qword *vb_qword_find(const vb_qword *table, size_t count, const char *s, size_t len) {
  size_t lo = 0, hi = count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = ci_cmp(table[mid].s, table[mid].len, s, len);
    if (c == 0) return &table[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

static bool tok_in(const actx *a, size_t i, const vb_qword *table, size_t count) {
  const qtok *k = &a->tok[i];
  return k->kind == TK_WORD &&
         vb_qword_find(table, count, (const char *)a->t + k->s, k->e - k->s) != NULL;
}

static bool tok_is(const actx *a, size_t i, const char *w) {
  const qtok *k = &a->tok[i];
  return i < a->ntok && k->kind == TK_WORD &&
         ci_cmp((const char *)a->t + k->s, k->e - k->s, w, strlen(w)) == 0;
}

static bool tok_punct(const actx *a, size_t i, char c) {
  return i < a->ntok && a->tok[i].kind == TK_PUNCT && a->t[a->tok[i].s] == (uint8_t)c &&
         a->tok[i].e - a->tok[i].s == 1;
}

static bool is_possessive(const actx *a, size_t i);

/* A speech verb, not the noun of the same spelling ("the minister's
 * pledge", "a post on LinkedIn"). */
static bool is_speech_verb(const actx *a, size_t i) {
  static const char *const det[] = {"the", "a", "an", "his", "her", "their", "its", "our",
                                    "my", "your", "this", "that", "whose", "every", "each",
                                    "any", "no", "in", "of"};
  if (!tok_in(a, i, vb_qt_speech_verbs, vb_qt_speech_verbs_count) || a->tok[i].cap) return false;
  /* French perfect after a quote: "«…», a déclaré X" */
  bool french_aux = i > 1 && tok_is(a, i - 1, "a") &&
                    (tok_punct(a, i - 2, ',') || a->tok[i - 2].kind == TK_QUOTE);
  if (i > 0 && a->tok[i - 1].para == a->tok[i].para && !french_aux) {
    for (size_t k = 0; k < sizeof det / sizeof det[0]; k++)
      if (tok_is(a, i - 1, det[k])) return false;
    if (a->tok[i - 1].kind == TK_WORD && is_possessive(a, i - 1)) return false;
  }
  return true;
}

static bool is_not_name(const actx *a, size_t i) {
  return tok_in(a, i, vb_qt_not_names, vb_qt_not_names_count);
}

/* The longest title (possibly several words) starting at token i; returns
 * its length in tokens (0 if none) and the gender it tells. */
static size_t title_at(const actx *a, size_t i, size_t end, uint8_t *gender) {
  char buf[64];
  size_t best = 0;
  for (size_t k = 1; k <= 4 && i + k <= end; k++) {
    size_t len = 0;
    bool ok = true;
    for (size_t j = i; j < i + k && ok; j++) {
      const qtok *q = &a->tok[j];
      if (q->kind != TK_WORD) ok = false;
      size_t w = q->e - q->s;
      if (!ok || len + w + 1 >= sizeof buf) break;
      if (j > i) buf[len++] = ' ';
      memcpy(buf + len, a->t + q->s, w);
      len += w;
    }
    if (!ok) break;
    const vb_qword *e = vb_qword_find(vb_qt_titles, vb_qt_titles_count, buf, len);
    if (e && e->gender != 3) {
      best = k;
      if (gender) *gender = e->gender;
    }
  }
  return best;
}

static bool is_post_nominal(const actx *a, size_t i) {
  const qtok *k = &a->tok[i];
  if (k->kind != TK_WORD) return false;
  const vb_qword *e =
      vb_qword_find(vb_qt_titles, vb_qt_titles_count, (const char *)a->t + k->s, k->e - k->s);
  return e && e->gender == 3;
}

/* ---- tokens ------------------------------------------------------------ */

static bool push_tok(actx *a, const qtok *k) {
  vb_quote_extractor *ex = a->ex;
  if (!vb_array_reserve(&ex->alloc, &ex->tokens, &ex->cap_tokens, a->ntok + 1, sizeof(qtok))) {
    a->oom = true;
    return false;
  }
  a->tok = ex->tokens;
  a->tok[a->ntok++] = *k;
  return true;
}

static bool is_sentence_punct(int32_t c) {
  return c == '.' || c == '!' || c == '?' || c == 0x3002 || c == 0xFF01 || c == 0xFF1F;
}

/* Does the quote end with a sentence end inside its marks? */
static bool quote_ends_sentence(const actx *a, const vb_quote *q) {
  if (q->end <= q->start) return false;
  size_t st;
  int32_t c = vb_q_cp_before(a->t, q->end, &st);
  return is_sentence_punct(c) || c == 0x2026;
}

static void tokenize_range(actx *a, size_t s, size_t e, uint32_t para, bool *sent) {
  const uint8_t *t = a->t;
  for (size_t i = s; i < e;) {
    size_t len;
    int32_t c = vb_q_cp_at(t, e, i, &len);
    if (vb_q_is_space(c)) {
      i += len;
      continue;
    }
    qtok k = {0};
    k.s = i;
    k.para = para;
    if (vb_q_is_alnum(c)) {
      k.kind = TK_WORD;
      k.cap = vb_q_is_upper(c);
      size_t j = i + len;
      while (j < e) {
        size_t l2;
        int32_t d = vb_q_cp_at(t, e, j, &l2);
        if (vb_q_is_alnum(d) || utf8proc_category(d) == UTF8PROC_CATEGORY_MN) {
          j += l2;
          continue;
        }
        if ((d == '\'' || d == 0x2019 || d == '-' || d == '.' || d == '&') && j + l2 < e) {
          size_t l3;
          int32_t f = vb_q_cp_at(t, e, j + l2, &l3);
          if (vb_q_is_alnum(f)) {
            j += l2 + l3;
            continue;
          }
        }
        break;
      }
      /* "Growers’ Federation": a plural possessive inside a name */
      if (j + 1 < e && t[j - 1] == 's' && (t[j] == '\'' || (j + 3 < e && t[j] == 0xE2 &&
                                                            t[j + 1] == 0x80 && t[j + 2] == 0x99))) {
        size_t al = t[j] == '\'' ? 1 : 3;
        size_t l4;
        if (j + al + 1 < e && t[j + al] == ' ' && vb_q_is_upper(vb_q_cp_at(t, e, j + al + 1, &l4)) &&
            k.cap)
          j += al;
      }
      k.e = j;
      /* Abbreviations keep their period: "Dr.", "Gen.", initials "J." */
      if (j < e && t[j] == '.') {
        char buf[16];
        size_t w = j - i;
        bool keep = false;
        if (w + 1 < sizeof buf) {
          memcpy(buf, t + i, w);
          buf[w] = '.';
          keep = vb_qword_find(vb_qt_titles, vb_qt_titles_count, buf, w + 1) != NULL;
        }
        if (w == len && k.cap) keep = true; /* a single capital: an initial */
        if (ci_cmp((const char *)t + i, w, "st", 2) == 0 ||
            ci_cmp((const char *)t + i, w, "jr", 2) == 0 ||
            ci_cmp((const char *)t + i, w, "sr", 2) == 0)
          keep = true;
        if (keep) k.e = j + 1;
      }
      k.sent_start = *sent;
      *sent = false;
    } else {
      k.kind = TK_PUNCT;
      k.e = i + len;
      if (is_sentence_punct(c) || c == ';') *sent = true;
    }
    if (!push_tok(a, &k)) return;
    i = k.e;
  }
}

/* Words and punctuation outside quotes, one TK_QUOTE token per quote. */
static void tokenize(actx *a) {
  vb_quote_extractor *ex = a->ex;
  size_t qi = 0;
  for (uint32_t p = 0; p < ex->nparas && !a->oom; p++) {
    size_t pos = ex->paras[p].start, pe = ex->paras[p].end;
    bool sent = true;
    while (qi < ex->nquotes && ex->quotes[qi].paragraph == p && !a->oom) {
      tokenize_range(a, pos, ex->extra[qi].open_mark, p, &sent);
      qtok k = {0};
      k.kind = TK_QUOTE;
      k.s = ex->extra[qi].open_mark;
      k.e = ex->extra[qi].after_close;
      k.para = p;
      k.quote = (uint32_t)qi;
      if (!push_tok(a, &k)) return;
      /* A quote that ends its sentence inside the marks starts a new one,
       * unless an attribution follows ("“Go.” she said" is rare; “Go,” is not). */
      sent = quote_ends_sentence(a, &ex->quotes[qi]);
      pos = ex->extra[qi].after_close;
      qi++;
    }
    tokenize_range(a, pos, pe, p, &sent);
  }
}

/* ---- people ------------------------------------------------------------ */

static bool is_connector(const actx *a, size_t i) {
  static const char *const w[] = {"de", "van", "von", "der", "den", "da", "di", "du", "del",
                                  "la", "le", "bin", "al", "ibn", "dos", "das", "ter", "of"};
  for (size_t k = 0; k < sizeof w / sizeof w[0]; k++)
    if (tok_is(a, i, w[k])) return true;
  return false;
}

static bool is_possessive(const actx *a, size_t i) {
  const qtok *k = &a->tok[i];
  size_t n = k->e - k->s;
  const uint8_t *w = a->t + k->s;
  if (n >= 2 && w[n - 2] == '\'' && (w[n - 1] == 's' || w[n - 1] == 'S')) return true;
  if (n >= 4 && memcmp(w + n - 4, "\xE2\x80\x99", 3) == 0 && (w[n - 1] == 's' || w[n - 1] == 'S'))
    return true;
  return false;
}

static bool word_cap_name(const actx *a, size_t i) {
  const qtok *k = &a->tok[i];
  return k->kind == TK_WORD && k->cap && !is_not_name(a, i) && !is_possessive(a, i);
}

/* A capitalised possessive ends a name run ("Della Marchetti’s voice"). */
static bool word_cap_possessive(const actx *a, size_t i) {
  const qtok *k = &a->tok[i];
  return k->kind == TK_WORD && k->cap && !is_not_name(a, i) && is_possessive(a, i);
}

/* End of token i without a possessive suffix. */
static size_t tok_end(const actx *a, size_t i) {
  const qtok *k = &a->tok[i];
  if (!is_possessive(a, i)) return k->e;
  return a->t[k->e - 2] == '\'' ? k->e - 2 : k->e - 4;
}

/* A name run starting at i: capitalised words joined by name particles.
 * Returns its end (exclusive); i itself when there is none. */
static bool has_org_word(const actx *a, size_t s, size_t e);

static size_t name_run(const actx *a, size_t i, size_t end) {
  size_t j = i;
  while (j < end && a->tok[j].para == a->tok[i].para) {
    if (word_cap_name(a, j)) {
      j++;
      continue;
    }
    if (word_cap_possessive(a, j)) return j + 1;
    if (j > i && j + 1 < end && word_cap_name(a, j + 1)) {
      bool org_so_far = has_org_word(a, i, j);
      for (size_t k = j > i + 2 ? j - 2 : i; k < j && !org_so_far; k++)
        org_so_far = title_at(a, k, end, NULL) > j - k; /* "… Secretary of State …" */
      if (is_connector(a, j) && (!tok_is(a, j, "of") || org_so_far)) {
        j++;
        continue;
      }
      if ((tok_is(a, j, "and") || tok_punct(a, j, '&')) && has_org_word(a, i, j + 2)) {
        j++;
        continue;
      }
    }
    break;
  }
  return j;
}

/* The name inside a run [s, e): leading titles ("Secretary of State"), a
 * role inside the run ("Cedar Hollow Mayor Dwight Abernathy") and trailing
 * post-nominals ("KC") are dropped. False when nothing is left. */
static bool name_core(const actx *a, size_t s, size_t e, size_t *ns, size_t *ne, uint8_t *gender) {
  for (;;) {
    uint8_t g = 0;
    size_t k = title_at(a, s, e, &g);
    if (k == 0 || s + k >= e) break;
    if (g && gender) *gender = g;
    s += k;
  }
  if (!has_org_word(a, s, e))
    for (size_t k = s + 1; k + 1 < e; k++) {
      size_t m = title_at(a, k, e, NULL);
      if (m > 0 && k + m < e) s = k + m;
    }
  while (e > s + 1 && is_post_nominal(a, e - 1)) e--;
  *ns = s;
  *ne = e;
  return s < e;
}

static bool has_org_word(const actx *a, size_t s, size_t e) {
  for (size_t i = s; i < e; i++)
    if (tok_in(a, i, vb_qt_org_words, vb_qt_org_words_count)) return true;
  return false;
}

/* Does the person's longest form contain the words of tokens [s, e) as a
 * contiguous run of whole words? */
static bool person_has_words(const actx *a, const person *p, size_t s, size_t e) {
  size_t ms = a->tok[s].s, me = tok_end(a, e - 1);
  size_t mlen = me - ms;
  for (size_t i = p->s; i + mlen <= p->e; i++) {
    if (i > p->s && a->t[i - 1] != ' ' && a->t[i - 1] != '-') continue;
    if (i + mlen < p->e && a->t[i + mlen] != ' ') continue;
    if (memcmp(a->t + i, a->t + ms, mlen) == 0) return true;
  }
  return false;
}

/* The person whose name contains the words [s, e): the most recently
 * mentioned one if several do. SIZE_MAX if none. */
static size_t find_person(const actx *a, size_t s, size_t e) {
  size_t best = SIZE_MAX;
  for (size_t i = 0; i < a->npp; i++) {
    if (!person_has_words(a, &a->pp[i], s, e)) continue;
    if (best == SIZE_MAX || (a->pp[i].mentioned && (!a->pp[best].mentioned ||
                                                    a->pp[i].last > a->pp[best].last)))
      best = i;
  }
  return best;
}

static size_t add_person(actx *a, size_t s, size_t e, bool org) {
  vb_quote_extractor *ex = a->ex;
  if (!vb_array_reserve(&ex->alloc, &ex->people, &ex->cap_people, a->npp + 1, sizeof(person))) {
    a->oom = true;
    return SIZE_MAX;
  }
  a->pp = ex->people;
  person p = {0};
  p.s = a->tok[s].s;
  p.e = tok_end(a, e - 1);
  p.org = org;
  p.title_s = p.title_e = 0;
  p.name_off = SIZE_MAX;
  a->pp[a->npp] = p;
  return a->npp++;
}

/* Register or extend a person from a name run [s, e) (titles stripped);
 * returns its index. Surname-only mentions link to a fuller form. */
static size_t note_name(actx *a, size_t s, size_t e, bool create) {
  size_t found = find_person(a, s, e);
  if (found != SIZE_MAX) return found;
  /* A fuller form of an existing shorter name: "Okafor" seen, then
   * "Adaeze Okafor". */
  for (size_t i = 0; i < a->npp; i++) {
    person *p = &a->pp[i];
    size_t len = p->e - p->s, ms = a->tok[s].s, me = tok_end(a, e - 1);
    if (me - ms > len && memcmp(a->t + me - len, a->t + p->s, len) == 0 &&
        a->t[me - len - 1] == ' ') {
      p->s = me - len - (me - len - ms);
      p->e = me;
      return i;
    }
  }
  if (!create) return SIZE_MAX;
  return add_person(a, s, e, has_org_word(a, s, e));
}

/* Pass 1: every run of capitalised words that looks like a name. */
static void collect_people(actx *a) {
  for (size_t i = 0; i < a->ntok && !a->oom && a->npp < 1024;) {
    if (a->tok[i].kind != TK_WORD) {
      i++;
      continue;
    }
    uint8_t gender = 0;
    size_t tl = title_at(a, i, a->ntok, &gender);
    size_t s = i + tl;
    /* skip sentence-initial function words ("But", "The") */
    while (s < a->ntok && a->tok[s].kind == TK_WORD && is_not_name(a, s) && tl == 0) s++;
    size_t e = s < a->ntok ? name_run(a, s, a->ntok) : s;
    if (e == s) {
      i = s > i ? s : i + 1;
      continue;
    }
    size_t ns, ne;
    uint8_t g2 = 0;
    if (!name_core(a, s, e, &ns, &ne, &g2)) {
      i = e;
      continue;
    }
    if (g2) gender = g2;
    bool titled = tl > 0 || ns > s;
    bool org = has_org_word(a, ns, ne);
    bool after_the = i > 0 && a->tok[i - 1].para == a->tok[i].para &&
                     (tok_is(a, i - 1, "the") || tok_is(a, i - 1, "in") || tok_is(a, i - 1, "at") ||
                      tok_is(a, i - 1, "on") || tok_is(a, i - 1, "from") ||
                      tok_is(a, i - 1, "near") || tok_is(a, i - 1, "to") ||
                      tok_is(a, i - 1, "into") || tok_is(a, i - 1, "across"));
    size_t words = ne - ns;
    bool sentence_single = words == 1 && a->tok[ns].sent_start;
    if ((words >= 2 || titled || org) && !sentence_single) {
      size_t p = note_name(a, ns, ne, true);
      if (p != SIZE_MAX) {
        if (gender && !a->pp[p].gender) a->pp[p].gender = gender;
        if (!after_the) a->pp[p].bare++;
        if (titled) a->pp[p].titled = true;
        if (titled && a->pp[p].title_e == 0) {
          a->pp[p].title_s = a->tok[i].s;
          a->pp[p].title_e = a->tok[ns - 1].e;
        }
      }
    }
    i = e;
  }
}

/* ---- subjects and cues -------------------------------------------------- */


static bool is_pronoun(const actx *a, size_t i, uint8_t *gender) {
  if (tok_is(a, i, "he")) return *gender = 1, true;
  if (tok_is(a, i, "she")) return *gender = 2, true;
  if (tok_is(a, i, "they")) return *gender = 3, true;
  return false;
}

/* The most recent person compatible with a pronoun's gender (3: they);
 * unnamed antecedents that are more recent shadow them. */
static size_t resolve_pronoun(actx *a, uint8_t gender, size_t at) {
  size_t best = SIZE_MAX;
  for (size_t i = 0; i < a->npp; i++) {
    person *p = &a->pp[i];
    if (!p->mentioned || p->last > at) continue;
    if (gender != 3 && (p->org || (!p->bare && !p->titled && !p->gender && !p->spoke))) continue;
    if ((gender == 1 && p->gender == 2) || (gender == 2 && p->gender == 1)) continue;
    if (best == SIZE_MAX || p->last > a->pp[best].last) best = i;
  }
  if (best != SIZE_MAX && a->last_unnamed > a->pp[best].last + 1 && a->last_unnamed <= at)
    return SIZE_MAX;
  if (best != SIZE_MAX && gender != 3 && !a->pp[best].gender) a->pp[best].gender = gender;
  return best;
}

/* Does the lower-cased form of the word occur as a word in the text?
 * ("Residents said" at a sentence start is no name if "residents" occurs.) */
static bool lower_form_occurs(const actx *a, size_t i) {
  const qtok *k = &a->tok[i];
  size_t len = k->e - k->s;
  for (size_t j = 0; j < a->ntok; j++) {
    const qtok *o = &a->tok[j];
    if (o->kind == TK_WORD && !o->cap && o->e - o->s == len &&
        ci_cmp((const char *)a->t + o->s, len, (const char *)a->t + k->s, len) == 0)
      return true;
  }
  return false;
}

static bool role_word_matches(const actx *a, const person *p, size_t s, size_t e) {
  if (p->title_e == 0) return false;
  size_t ms = a->tok[s].s, me = a->tok[e - 1].e;
  size_t tl = p->title_e - p->title_s;
  return me - ms <= tl &&
         ci_cmp((const char *)a->t + p->title_e - (me - ms), me - ms, (const char *)a->t + ms,
                me - ms) == 0;
}

static subject person_subject(actx *a, size_t rs, size_t re, size_t at) {
  subject r = {SUBJ_NONE, SIZE_MAX, 0, 0};
  size_t ns, ne;
  uint8_t gender = 0;
  if (title_at(a, rs, re, NULL) == re - rs) return r; /* "Mayor says": a role, no name */
  if (re - rs == 1 && rs > 0 && tok_is(a, rs - 1, "the") && find_person(a, rs, re) == SIZE_MAX) {
    const qtok *k = &a->tok[rs];
    size_t n = k->e - k->s;
    const char *w = (const char *)a->t + k->s;
    if ((n > 3 && (memcmp(w + n - 2, "an", 2) == 0 || memcmp(w + n - 3, "ese", 3) == 0 ||
                   memcmp(w + n - 3, "ish", 3) == 0)))
      return r; /* "the American", "the Chinese": a demonym */
  }
  if (!name_core(a, rs, re, &ns, &ne, &gender)) return r;
  bool single_start = ne - ns == 1 && a->tok[ns].sent_start;
  size_t p = find_person(a, ns, ne);
  (void)at;
  if (p == SIZE_MAX && single_start && lower_form_occurs(a, ns)) return r;
  if (p == SIZE_MAX && a->npp < 1024) p = note_name(a, ns, ne, true);
  if (p == SIZE_MAX) return r;
  if (gender && !a->pp[p].gender) a->pp[p].gender = gender;
  r.kind = SUBJ_PERSON;
  r.person = p;
  r.ms = a->tok[ns].s;
  r.me = tok_end(a, ne - 1);
  return r;
}

/* A noun phrase without a name: "the ministry" may stand for a named
 * organisation, "the mayor" for the one person the document gave that
 * title; "a spokesperson", "one resident" are unnamed. */
static subject parse_np(actx *a, size_t s, size_t e, size_t at) {
  subject r = {SUBJ_NONE, SIZE_MAX, 0, 0};
  while (s < e && a->tok[s].kind != TK_WORD) s++;
  while (e > s && a->tok[e - 1].kind != TK_WORD) e--;
  if (s >= e) return r;
  uint8_t g;
  if (e - s == 1 && is_pronoun(a, s, &g)) {
    r.ms = a->tok[s].s;
    r.me = a->tok[s].e;
    r.person = resolve_pronoun(a, g, at);
    r.kind = r.person == SIZE_MAX ? SUBJ_UNNAMED : SUBJ_PERSON;
    return r;
  }
  bool det = tok_is(a, s, "the") || tok_is(a, s, "la") || tok_is(a, s, "le") ||
             tok_is(a, s, "der") || tok_is(a, s, "die") || tok_is(a, s, "das") ||
             tok_is(a, s, "il");
  size_t hs = det ? s + 1 : s;
  if (det && hs < e) {
    size_t last = e - 1;
    size_t hit = SIZE_MAX;
    for (size_t pi = 0; pi < a->npp; pi++) {
      person *p = &a->pp[pi];
      size_t hl = a->tok[last].e - a->tok[last].s;
      bool org_tail = false;
      for (size_t b = p->s; p->org && b + hl <= p->e && !org_tail; b++)
        org_tail = (b == p->s || a->t[b - 1] == ' ') && (b + hl == p->e || a->t[b + hl] == ' ') &&
                   ci_cmp((const char *)a->t + b, hl, (const char *)a->t + a->tok[last].s, hl) == 0;
      if (org_tail || role_word_matches(a, p, hs, e))
        if (hit == SIZE_MAX || (p->mentioned && (!a->pp[hit].mentioned || p->last > a->pp[hit].last)))
          hit = pi;
    }
    if (hit != SIZE_MAX) {
      r.kind = SUBJ_PERSON;
      r.person = hit;
      r.ms = a->tok[s].s;
      r.me = a->tok[e - 1].e;
      return r;
    }
  }
  r.kind = SUBJ_UNNAMED;
  r.ms = a->tok[s].s;
  r.me = a->tok[e - 1].e;
  return r;
}

static bool is_prep(const actx *a, size_t i) {
  return tok_is(a, i, "of") || tok_is(a, i, "at") || tok_is(a, i, "from") ||
         tok_is(a, i, "for") || tok_is(a, i, "with") || tok_is(a, i, "in") ||
         tok_is(a, i, "on") || tok_is(a, i, "to") || tok_is(a, i, "by");
}

/* One comma-free segment: the name nearest its end ("…, X said", "said
 * Channel 7 meteorologist Brianna Holt"), else a pronoun, else a short noun
 * phrase. A name after "of"/"at" modifies an earlier one ("Brendan Kirwan of
 * Tollgate Securities"). */
static subject parse_seg(actx *a, size_t s, size_t e, size_t at) {
  subject r = {SUBJ_NONE, SIZE_MAX, 0, 0};
  while (s < e && a->tok[s].kind != TK_WORD) s++;
  while (e > s && a->tok[e - 1].kind != TK_WORD) e--;
  if (s >= e) return r;
  if (tok_is(a, e - 1, "i") || tok_is(a, e - 1, "we") || tok_is(a, e - 1, "you")) {
    r.kind = SUBJ_UNNAMED;
    return r;
  }
  uint8_t g;
  if (is_pronoun(a, e - 1, &g)) return parse_np(a, e - 1, e, at);
  bool indef = tok_is(a, s, "a") || tok_is(a, s, "an") || tok_is(a, s, "one") ||
               tok_is(a, s, "another") || tok_is(a, s, "some") || tok_is(a, s, "his") ||
               tok_is(a, s, "her") || tok_is(a, s, "their") || tok_is(a, s, "my") ||
               tok_is(a, s, "our") || tok_is(a, s, "its");
  size_t w = e;
  while (w > s && word_cap_name(a, w - 1)) {
    size_t re = w;
    size_t rs = re - 1;
    while (rs > s && (word_cap_name(a, rs - 1) ||
                      (rs - 1 > s && (is_connector(a, rs - 1) || tok_is(a, rs - 1, "and") ||
                                      tok_punct(a, rs - 1, '&')) &&
                       word_cap_name(a, rs - 2))))
      rs--;
    /* the last run as name_run draws them ("Kirwan of Tollgate" is two) */
    size_t last = rs;
    for (size_t k = rs; k < re;) {
      size_t f = name_run(a, k, re);
      if (f == k) {
        k++;
        continue;
      }
      if (f == re) last = k;
      k = f;
    }
    rs = last;
    size_t pre = rs;
    if (pre > s && tok_is(a, pre - 1, "the")) pre--;
    if (pre > s && is_prep(a, pre - 1)) {
      if (pre - 1 > s && word_cap_name(a, pre - 2)) {
        w = pre - 1; /* "Brendan Kirwan of Tollgate Securities" */
        continue;
      }
      r.kind = SUBJ_UNNAMED; /* "an officer in the town of Kalnik" */
      return r;
    }
    if (indef && rs == s + 1) break; /* "a Tory MP", "a Rovers fan" */
    subject p = person_subject(a, rs, re, at);
    if (p.kind == SUBJ_PERSON) return p;
    break;
  }
  if (e - s <= 5) return parse_np(a, s, e, at);
  r.kind = SUBJ_UNNAMED;
  return r;
}

static bool is_dash_tok(const actx *a, size_t i) {
  const qtok *k = &a->tok[i];
  if (k->kind != TK_PUNCT) return false;
  if (a->t[k->s] == '-') return true;
  size_t len;
  int32_t c = vb_q_cp_at(a->t, k->e, k->s, &len);
  return c == 0x2013 || c == 0x2014 || c == 0x2015;
}

/* A subject region [s, e) with appositives: "Jane Doe, the mayor," /
 * "the mayor, Jane Doe," / "In a statement, the ministry". The segment
 * nearest the verb decides, unless it is a role and a name stands beside
 * it. `near_end` tells which end is next to the verb. */
static subject parse_subject(actx *a, size_t s, size_t e, bool near_end, size_t at) {
  size_t seg_s[8], seg_e[8], nseg = 0;
  size_t cur = s;
  for (size_t i = s; i <= e && nseg < 8; i++) {
    if (i < e && tok_punct(a, i, '(')) { /* "(Labour, Eastfield)" says nothing of who */
      size_t j = i + 1;
      while (j < e && !tok_punct(a, j, ')')) j++;
      if (j < e) {
        if (i > cur) {
          seg_s[nseg] = cur;
          seg_e[nseg] = i;
          nseg++;
        }
        i = j;
        cur = j + 1;
        continue;
      }
    }
    if (i == e || tok_punct(a, i, ',') || tok_punct(a, i, '(') || tok_punct(a, i, ')') ||
        is_dash_tok(a, i)) {
      bool inner = i < e || !near_end;
      bool skip = i == cur ||
                  (inner && (is_prep(a, cur) || tok_is(a, cur, "who") || tok_is(a, cur, "whose") ||
                             tok_is(a, cur, "which") || tok_is(a, cur, "speaking"))) ||
                  (i == cur + 1 && a->tok[cur].kind == TK_WORD && vb_q_is_digit(a->t[a->tok[cur].s]));
      if (!skip) {
        seg_s[nseg] = cur;
        seg_e[nseg] = i;
        nseg++;
      }
      cur = i + 1;
    }
  }
  subject none = {SUBJ_NONE, SIZE_MAX, 0, 0};
  if (nseg == 0) return none;
  size_t first = near_end ? nseg - 1 : 0;
  subject r = parse_seg(a, seg_s[first], seg_e[first], at);
  if (r.kind == SUBJ_PERSON) return r;
  /* a role or description next to the verb: the name may stand one
   * segment further, as the whole of that segment ("Lund, a former bus
   * driver, said"; "said the mayor, Jane Doe") */
  if (nseg >= 2 && !(r.kind == SUBJ_UNNAMED && r.me > r.ms && r.me - r.ms <= 4 &&
                     is_pronoun(a, seg_s[first], &(uint8_t){0}))) {
    size_t other = near_end ? nseg - 2 : 1;
    size_t k = seg_s[other];
    while (k < seg_e[other] && a->tok[k].kind != TK_WORD) k++;
    subject o = parse_seg(a, seg_s[other], seg_e[other], at);
    if (o.kind == SUBJ_PERSON) {
      size_t name_first = k + title_at(a, k, seg_e[other], NULL);
      if (tok_is(a, k, "the")) name_first = k + 1 + title_at(a, k + 1, seg_e[other], NULL);
      bool whole = o.ms <= a->tok[name_first < seg_e[other] ? name_first : k].s ||
                   o.ms == a->tok[k].s;
      if (whole) return o;
    }
  }
  return r;
}

static bool verb_inverts(const actx *a, size_t v) {
  return !(tok_is(a, v, "told") || tok_is(a, v, "tell") || tok_is(a, v, "tells") ||
           tok_is(a, v, "asked") || tok_is(a, v, "called") || tok_is(a, v, "call") ||
           tok_is(a, v, "calls") || tok_is(a, v, "described") || tok_is(a, v, "describes"));
}

/* Ends the inverted subject after a verb: prepositions and clauses. */
static bool np_stop(const actx *a, size_t i) {
  static const char *const w[] = {"in", "on", "at", "during", "after", "before", "when",
                                  "while", "as", "who", "which", "that", "adding", "and",
                                  "but", "to", "on", "with", "from", "last", "this", "yesterday",
                                  "today", "earlier", "later", "told", "of", "for",
                                  /* German, French, Italian */
                                  "nach", "vor", "bei", "mit", "im", "am", "auf", "über", "für",
                                  "devant", "après", "avant", "dans", "lors", "pendant", "dopo",
                                  "durante", "davanti", "con", "nel", "alla", "al"};
  if (a->tok[i].kind == TK_QUOTE) return true;
  if (a->tok[i].kind == TK_PUNCT && !tok_punct(a, i, ',')) return true;
  for (size_t k = 0; k < sizeof w / sizeof w[0]; k++)
    if (tok_is(a, i, w[k])) return true;
  return false;
}

typedef struct cue {
  subject subj;
  size_t cs, ce; /* cue word */
  bool found;
} cue;

/* Words between a subject and its verb that are not part of the subject:
 * auxiliaries, adverbs and times ("she would later say", "Smith on
 * Tuesday said"). Returns the new end of the subject. */
static size_t strip_aux(const actx *a, size_t lo, size_t se) {
  static const char *const w[] = {"has", "had", "have", "would", "will", "could", "later", "also",
                                  "then", "once", "recently", "previously", "simply", "quickly",
                                  "just", "publicly", "again", "late", "early", "earlier",
                                  "yesterday", "today", "on", "last", "week", "night", "morning",
                                  "evening", "afternoon", "and", "who", "himself", "herself",
                                  "only", "always", "often", "never", "still", "repeatedly",
                                  "told", "firmly", "angrily", "calmly", "quietly", "privately",
                                  /* auxiliaries of the French, German and Italian perfect:
                                   * "«…», a lancé X", "sagte X" */
                                  "a", "hat", "hatte", "ha", "aveva", "avait"};
  while (se > lo) {
    bool hit = false;
    for (size_t k = 0; k < sizeof w / sizeof w[0] && !hit; k++)
      hit = tok_is(a, se - 1, w[k]);
    if (!hit && a->tok[se - 1].kind == TK_WORD && is_not_name(a, se - 1) && a->tok[se - 1].cap &&
        !tok_is(a, se - 1, "he") && !tok_is(a, se - 1, "she") && !tok_is(a, se - 1, "they") &&
        !tok_is(a, se - 1, "i") && !tok_is(a, se - 1, "we"))
      hit = true; /* Tuesday, March */
    if (!hit) break;
    se--;
  }
  return se;
}

static cue make_cue(const actx *a, size_t v, subject subj) {
  cue c;
  c.subj = subj;
  c.cs = a->tok[v].s;
  c.ce = a->tok[v].e;
  c.found = true;
  return c;
}

/* "according to X", "laut X", "selon X", "secondo X": the source follows. */
static size_t according_at(const actx *a, size_t v) {
  if (tok_is(a, v, "according") && tok_is(a, v + 1, "to")) return v + 2;
  if (tok_is(a, v, "laut") || tok_is(a, v, "selon") || tok_is(a, v, "secondo") ||
      tok_is(a, v, "zufolge"))
    return v + 1;
  return 0;
}

/* The subject after an inverted verb or a passive "by": "said the mayor,
 * Jane Doe", "was described by Fairweather as". */
static subject after_verb(actx *a, size_t from, size_t e, size_t at) {
  size_t ne = from + title_at(a, from, e, NULL); /* "Secretary of State" is one unit */
  while (ne < e && !np_stop(a, ne)) ne++;
  return parse_subject(a, from, ne, false, at);
}

/* The cue in tokens [s, e) after a quote: "…," X said / said X. */
static cue tail_cue(actx *a, size_t s, size_t e) {
  cue c = {{SUBJ_NONE, SIZE_MAX, 0, 0}, 0, 0, false};
  size_t limit = s + 14 < e ? s + 14 : e;
  for (size_t v = s; v < limit; v++) {
    if (a->tok[v].kind == TK_QUOTE) break;
    size_t src = according_at(a, v);
    if (src) {
      size_t ne = src;
      while (ne < e && a->tok[ne].kind == TK_WORD) ne++;
      if (ne < e && tok_punct(a, ne, ',') && ne + 1 < e && a->tok[ne + 1].kind == TK_WORD &&
          (a->tok[ne + 1].cap || tok_is(a, ne + 1, "the"))) {
        ne++;
        while (ne < e && a->tok[ne].kind == TK_WORD) ne++;
      }
      return make_cue(a, v, parse_subject(a, src, ne, false, v));
    }
    if (!is_speech_verb(a, v)) continue;
    if (v + 1 < a->ntok && (a->tok[v + 1].kind == TK_QUOTE ||
                            (v + 2 < a->ntok && a->tok[v + 2].kind == TK_QUOTE &&
                             tok_punct(a, v + 1, ':'))))
      break; /* "…, a line Hargrove called “…”": the verb introduces the next quote */
    size_t lead = s;
    while (lead < v && a->tok[lead].kind == TK_PUNCT) lead++;
    if (tok_is(a, v + 1, "by") && v + 2 < e && a->tok[v + 2].cap)
      return make_cue(a, v, after_verb(a, v + 2, e, v));
    size_t se = strip_aux(a, lead, v);
    if (se > lead) {
      /* words between the quote and the verb: the subject, "X said" */
      if (v - lead > 12) break;
      return make_cue(a, v, parse_subject(a, lead, se, true, v));
    }
    if (!verb_inverts(a, v)) break;
    return make_cue(a, v, after_verb(a, v + 1, e, v));
  }
  return c;
}

/* The subject that opens the sentence [s, e), when it is a named person:
 * "Yusuf Samir walked along the row. “My grandfather planted these.”" */
static cue opening_subject(actx *a, size_t s, size_t e) {
  cue c = {{SUBJ_NONE, SIZE_MAX, 0, 0}, 0, 0, false};
  while (s < e && a->tok[s].kind != TK_WORD) s++;
  if (s >= e) return c;
  size_t rs = s + title_at(a, s, e, NULL);
  size_t re = rs < e ? name_run(a, rs, e) : rs;
  if (re == rs || (re < e && a->tok[re].kind == TK_WORD && word_cap_possessive(a, re - 1)))
    return c;
  if (re < e && !(a->tok[re].kind == TK_WORD && !a->tok[re].cap) && !tok_punct(a, re, ','))
    return c;
  /* a lone capitalised word opening a sentence is a name only if the
   * document names that person elsewhere ("Fans were quick to react: …") */
  size_t ns, ne;
  if (!name_core(a, rs, re, &ns, &ne, NULL)) return c;
  if (ne - ns == 1 && find_person(a, ns, ne) == SIZE_MAX) return c;
  subject p = person_subject(a, s, re, re);
  if (p.kind != SUBJ_PERSON || a->pp[p.person].org) return c;
  c.subj = p;
  c.cs = c.ce = VB_QUOTE_NONE;
  c.found = true;
  return c;
}

/* The cue in tokens [s, e) before a quote: X said: “…” / according to X,
 * “…” / X told reporters “…”. The verb nearest the quote wins. */
static cue head_cue(actx *a, size_t s, size_t e) {
  cue c = {{SUBJ_NONE, SIZE_MAX, 0, 0}, 0, 0, false};
  for (size_t v = e; v-- > s;) {
    if (a->tok[v].kind == TK_QUOTE) break;
    size_t src = according_at(a, v);
    if (src) {
      size_t ne = src;
      while (ne < e && !tok_punct(a, ne, ',') && a->tok[ne].kind == TK_WORD) ne++;
      return make_cue(a, v, parse_subject(a, src, ne, false, v));
    }
    if (!is_speech_verb(a, v)) continue;
    if (tok_is(a, v + 1, "by") && v + 2 < e && a->tok[v + 2].cap)
      return make_cue(a, v, after_verb(a, v + 2, e, v));
    {
      const qtok *vk = &a->tok[v];
      if (vk->e - vk->s > 4 && memcmp(a->t + vk->e - 3, "ing", 3) == 0) {
        /* "…, insisting he's “…”": the main clause's subject speaks */
        size_t st = v;
        while (st > s && !(a->tok[st - 1].kind == TK_PUNCT &&
                           is_sentence_punct((int32_t)a->t[a->tok[st - 1].s])))
          st--;
        cue oc = opening_subject(a, st, v);
        if (oc.found) {
          oc.cs = vk->s;
          oc.ce = vk->e;
          return oc;
        }
        continue;
      }
    }
    /* subject: the clause before the verb */
    size_t ss = v;
    while (ss > s && a->tok[ss - 1].kind != TK_QUOTE &&
           !(a->tok[ss - 1].kind == TK_PUNCT &&
             (is_sentence_punct((int32_t)a->t[a->tok[ss - 1].s]) || tok_punct(a, ss - 1, ':') ||
              tok_punct(a, ss - 1, ';'))))
      ss--;
    size_t se = strip_aux(a, ss, v);
    if (se == ss && v + 1 < e && verb_inverts(a, v))
      return make_cue(a, v, after_verb(a, v + 1, e, v)); /* "Said the mayor: “…”" */
    return make_cue(a, v, parse_subject(a, ss, se, true, v));
  }
  return c;
}

/* ---- Japanese: 名前さんは「…」と話した ---------------------------------- */

static bool bytes_end_with(const uint8_t *t, size_t s, size_t e, const char *w) {
  size_t n = strlen(w);
  return e - s >= n && memcmp(t + e - n, w, n) == 0;
}

/* The topic before a 「…」 quote in its sentence: the text before the last
 * は, without an honorific (さん, 氏), after the last の/、/space. Returns a
 * person index or SIZE_MAX. */
static size_t japanese_topic(actx *a, size_t para_start, size_t open, size_t *ms, size_t *me) {
  const uint8_t *t = a->t;
  size_t lo = open > para_start + 300 ? open - 300 : para_start;
  size_t e = SIZE_MAX;
  for (size_t i = open; i > lo;) {
    size_t st;
    int32_t c = vb_q_cp_before(t, i, &st);
    if (c == 0x3002 || c == 0x300D || c == 0x300F) break; /* 。」』 */
    if (c == 0x306F) { /* は */
      e = st;
      break;
    }
    i = st;
  }
  if (e == SIZE_MAX || e <= lo) return SIZE_MAX;
  static const char *const hon[] = {"\xE3\x81\x95\xE3\x82\x93", "\xE6\xB0\x8F",
                                    "\xE3\x81\x8F\xE3\x82\x93", "\xE6\xA7\x98",
                                    "\xE3\x81\xA1\xE3\x82\x83\xE3\x82\x93"};
  for (size_t k = 0; k < sizeof hon / sizeof hon[0]; k++)
    if (bytes_end_with(t, lo, e, hon[k])) {
      e -= strlen(hon[k]);
      break;
    }
  size_t s = e;
  while (s > lo) {
    size_t st;
    int32_t c = vb_q_cp_before(t, s, &st);
    if (c == 0x306E || c == 0x3001 || c == 0x3002 || vb_q_is_space(c) || c == 0xFF09 ||
        c == ')' || c == 0x300D || c == 0x3067 || c == 0x306B || c == 0x304C || c == 0x3092)
      break; /* の 、 。 ）」 で に が を */
    s = st;
  }
  if (s >= e || e - s > 45) return SIZE_MAX;
  for (size_t i = 0; i < a->npp; i++)
    if (a->pp[i].e - a->pp[i].s == e - s && memcmp(t + a->pp[i].s, t + s, e - s) == 0) {
      *ms = s;
      *me = e;
      return i;
    }
  vb_quote_extractor *ex = a->ex;
  if (a->npp >= 1024 ||
      !vb_array_reserve(&ex->alloc, &ex->people, &ex->cap_people, a->npp + 1, sizeof(person))) {
    if (a->npp < 1024) a->oom = true;
    return SIZE_MAX;
  }
  a->pp = ex->people;
  person p = {0};
  p.s = s;
  p.e = e;
  p.name_off = SIZE_MAX;
  a->pp[a->npp] = p;
  *ms = s;
  *me = e;
  return a->npp++;
}

/* ---- the walk ----------------------------------------------------------- */

static void set_speaker(actx *a, size_t qi, const cue *c) {
  vb_quote *q = &a->ex->quotes[qi];
  q->cue_start = c->cs;
  q->cue_end = c->ce;
  a->ex->extra[qi].own_cue = true;
  if (c->subj.kind == SUBJ_PERSON && c->subj.person != SIZE_MAX) {
    q->mention_start = c->subj.ms;
    q->mention_end = c->subj.me;
    q->speaker_offset = c->subj.person; /* person index until names are written */
    q->speaker_len = 1;
  } else if (c->subj.kind == SUBJ_UNNAMED && c->subj.me > c->subj.ms) {
    q->mention_start = c->subj.ms;
    q->mention_end = c->subj.me;
  }
}

static cue head_cue(actx *a, size_t s, size_t e);
static size_t sentence_start(const actx *a, size_t i, size_t para_first);

/* Reported speech without quotes still moves the focus: "A volunteer said
 * about 300 people had checked in. “…,” she said" has no named antecedent. */
static void note_cue_subject(actx *a, size_t v, size_t para_first) {
  size_t ss = sentence_start(a, v, para_first);
  cue c = head_cue(a, ss, v + 1);
  if (!c.found || c.ce != a->tok[v].e) return;
  if (c.subj.kind == SUBJ_UNNAMED && c.subj.me > c.subj.ms) a->last_unnamed = v + 1;
  if (c.subj.kind == SUBJ_PERSON && c.subj.person != SIZE_MAX) {
    a->pp[c.subj.person].mentioned = true;
    a->pp[c.subj.person].spoke = true;
    a->pp[c.subj.person].last = v;
  }
}

static void mark_mentions(actx *a, size_t from, size_t to, size_t para_first) {
  for (size_t i = from; i < to && !a->oom;) {
    if (is_speech_verb(a, i)) note_cue_subject(a, i, para_first);
    if (a->tok[i].kind != TK_WORD || !a->tok[i].cap) {
      i++;
      continue;
    }
    size_t s = i + title_at(a, i, to, NULL);
    while (s < to && a->tok[s].kind == TK_WORD && is_not_name(a, s)) s++;
    size_t e = s < to ? name_run(a, s, to) : s;
    if (e > s) {
      size_t ns = s, ne = e;
      if (!name_core(a, s, e, &ns, &ne, NULL)) ns = s, ne = e;
      size_t p = find_person(a, ns, ne);
      if (p != SIZE_MAX && (!a->pp[p].org || tok_end(a, ne - 1) - a->tok[ns].s ==
                                                 a->pp[p].e - a->pp[p].s)) {
        a->pp[p].mentioned = true;
        a->pp[p].last = i;
      }
      i = e;
    } else {
      i = s > i ? s : i + 1;
    }
  }
}

/* Sentences are bounded (kMaxSentence tokens) so that text without
 * sentence ends cannot make the walk quadratic. */
enum { kMaxSentence = 160 };

static size_t sentence_start(const actx *a, size_t i, size_t para_first) {
  size_t lo = i > para_first + kMaxSentence ? i - kMaxSentence : para_first;
  para_first = lo;
  while (i > para_first) {
    const qtok *k = &a->tok[i - 1];
    if (k->kind == TK_PUNCT && is_sentence_punct((int32_t)a->t[k->s])) break;
    if (k->kind == TK_QUOTE && quote_ends_sentence(a, &a->ex->quotes[k->quote]) &&
        a->tok[i].kind == TK_WORD && a->tok[i].cap)
      break;
    i--;
  }
  return i;
}

static size_t sentence_end(const actx *a, size_t i, size_t para_end) {
  if (para_end > i + kMaxSentence) para_end = i + kMaxSentence;
  while (i < para_end) {
    const qtok *k = &a->tok[i];
    if (k->kind == TK_PUNCT && (is_sentence_punct((int32_t)a->t[k->s]) || a->t[k->s] == ';'))
      break;
    if (k->kind == TK_QUOTE) break;
    i++;
  }
  return i;
}

static void attribute_quote(actx *a, size_t ti, size_t pfirst, size_t pend, cue *para_colon,
                            size_t *prev_para_speaker_q) {
  size_t qi = a->tok[ti].quote;
  vb_quote *q = &a->ex->quotes[qi];
  /* tail: up to the sentence end */
  size_t te = sentence_end(a, ti + 1, pend);
  bool ends = quote_ends_sentence(a, q);
  cue c = {{SUBJ_NONE, SIZE_MAX, 0, 0}, 0, 0, false};
  bool tail_starts_lower = ti + 1 < te && a->tok[ti + 1].kind == TK_WORD && !a->tok[ti + 1].cap;
  bool tail_ok = !ends || tail_starts_lower || (ti + 1 < te && a->tok[ti + 1].kind == TK_WORD);
  size_t hs0 = sentence_start(a, ti, pfirst);
  /* A fragment is attributed by its own sentence's verb ("X called it
   * “…”"); a full quote by the cue after it first ("“…,” X said"). */
  if (q->kind == VB_QUOTE_FRAGMENT && hs0 < ti) c = head_cue(a, hs0, ti);
  if (!c.found && tail_ok) c = tail_cue(a, ti + 1, te);
  if (c.found && ends && c.subj.kind == SUBJ_NONE) c.found = false;
  if (!c.found && hs0 < ti) c = head_cue(a, hs0, ti);
  /* The quote continues the cue of the quote before it in the sentence. */
  if (!c.found && ti > pfirst) {
    size_t k = ti;
    while (k > hs0 && a->tok[k - 1].kind != TK_QUOTE &&
           !(a->tok[k - 1].kind == TK_PUNCT && is_sentence_punct((int32_t)a->t[a->tok[k - 1].s])))
      k--;
    if (k > hs0 && a->tok[k - 1].kind == TK_QUOTE && q->kind == VB_QUOTE_FRAGMENT) {
      vb_quote *pq = &a->ex->quotes[a->tok[k - 1].quote];
      if (pq->cue_start != VB_QUOTE_NONE) {
        q->cue_start = pq->cue_start;
        q->cue_end = pq->cue_end;
        q->mention_start = pq->mention_start;
        q->mention_end = pq->mention_end;
        q->speaker_offset = pq->speaker_offset;
        q->speaker_len = pq->speaker_len;
        return;
      }
    }
  }
  size_t ac = a->ex->extra[qi].after_close;
  bool quotative_to = ac + 3 <= a->n && memcmp(a->t + ac, "\xE3\x81\xA8", 3) == 0; /* と */
  if (!c.found && a->t[a->ex->extra[qi].open_mark] == 0xE3 && quotative_to &&
      q->kind == VB_QUOTE_FULL) {
    size_t ms, me;
    size_t p = japanese_topic(a, a->ex->paras[q->paragraph].start, a->ex->extra[qi].open_mark,
                              &ms, &me);
    if (p != SIZE_MAX) {
      q->speaker_offset = p;
      q->speaker_len = 1;
      q->mention_start = ms;
      q->mention_end = me;
      a->ex->extra[qi].own_cue = true;
      return;
    }
  }
  /* "Ambrose was blunt: “…”": a colon introduces the sentence's subject */
  if (!c.found && ti > pfirst && tok_punct(a, ti - 1, ':') && hs0 < ti - 1) {
    size_t rs = ti - 2;
    while (rs > hs0 && word_cap_name(a, rs - 1)) rs--;
    size_t ns = rs, ne = ti - 1;
    bool named = word_cap_name(a, ti - 2) && name_core(a, rs, ti - 1, &ns, &ne, NULL) &&
                 (ne - ns >= 2 || find_person(a, ns, ne) != SIZE_MAX);
    if (named) { /* "10:42 Mayor Jane Doe: “…”", not "Flood: „…“" */
      subject sj = parse_seg(a, hs0, ti - 1, ti - 1);
      if (sj.kind == SUBJ_PERSON) {
        cue nc = {sj, VB_QUOTE_NONE, VB_QUOTE_NONE, true};
        set_speaker(a, qi, &nc);
        return;
      }
    }
    cue oc = opening_subject(a, hs0, ti - 1);
    if (oc.found) {
      set_speaker(a, qi, &oc);
      return;
    }
  }
  if (c.found) {
    set_speaker(a, qi, &c);
    return;
  }
  if (q->kind != VB_QUOTE_FULL) return;
  /* "“Don’t.” Mara dropped her bag." / "“Then…” He stepped aside.": the
   * subject of the narrative sentence right after a quote that ends its own
   * sentence speaks, when it is a named person or he/she. */
  if (ends && ti + 1 < pend && a->tok[ti + 1].kind == TK_WORD && a->tok[ti + 1].cap) {
    uint8_t g;
    if (is_pronoun(a, ti + 1, &g) && g != 3) {
      size_t p = resolve_pronoun(a, g, ti + 1);
      if (p != SIZE_MAX) {
        subject sj = {SUBJ_PERSON, p, a->tok[ti + 1].s, a->tok[ti + 1].e};
        cue nc = {sj, VB_QUOTE_NONE, VB_QUOTE_NONE, true};
        set_speaker(a, qi, &nc);
        a->ex->extra[qi].own_cue = false;
        return;
      }
    } else {
      cue oc = opening_subject(a, ti + 1, sentence_end(a, ti + 1, pend));
      if (oc.found) {
        set_speaker(a, qi, &oc);
        a->ex->extra[qi].own_cue = false;
        return;
      }
    }
  }
  /* Standing alone: the sentence before it in the paragraph, or a colon
   * introduction / the quote paragraph before it. */
  size_t hs = sentence_start(a, ti, pfirst);
  if (hs == ti && ti > pfirst) {
    size_t ps = sentence_start(a, ti - 1, pfirst);
    cue pc = head_cue(a, ps, ti);
    if (!pc.found) pc = opening_subject(a, ps, ti);
    if (pc.found && pc.subj.kind == SUBJ_PERSON) {
      set_speaker(a, qi, &pc);
      a->ex->extra[qi].own_cue = false;
      return;
    }
  }
  if (ti == pfirst) {
    if (para_colon->found) {
      set_speaker(a, qi, para_colon);
      a->ex->extra[qi].own_cue = false;
      return;
    }
    if (*prev_para_speaker_q == SIZE_MAX && te == pend && a->reported.kind == SUBJ_PERSON) {
      cue rc = make_cue(a, a->reported_verb, a->reported);
      set_speaker(a, qi, &rc);
      a->ex->extra[qi].own_cue = false;
      return;
    }
    if (*prev_para_speaker_q != SIZE_MAX && te == pend) {
      vb_quote *pq = &a->ex->quotes[*prev_para_speaker_q];
      q->speaker_offset = pq->speaker_offset;
      q->speaker_len = pq->speaker_len;
      q->mention_start = pq->mention_start;
      q->mention_end = pq->mention_end;
      q->cue_start = pq->cue_start;
      q->cue_end = pq->cue_end;
    }
  }
}

static void walk(actx *a) {
  cue colon = {{SUBJ_NONE, SIZE_MAX, 0, 0}, 0, 0, false};
  size_t prev_q = SIZE_MAX;
  for (size_t i = 0; i < a->ntok && !a->oom;) {
    uint32_t para = a->tok[i].para;
    size_t pend = i;
    while (pend < a->ntok && a->tok[pend].para == para) pend++;
    bool para_has_quote = false;
    size_t last_spoken = SIZE_MAX;
    size_t pos = i;
    for (size_t k = i; k < pend; k++) {
      if (a->tok[k].kind != TK_QUOTE) continue;
      mark_mentions(a, pos, k, i);
      size_t qi = a->tok[k].quote;
      if (!a->ex->paras[para].boilerplate || true) attribute_quote(a, k, i, pend, &colon, &prev_q);
      if (!a->ex->quotes[qi].speaker_len && a->ex->quotes[qi].mention_start != VB_QUOTE_NONE)
        a->last_unnamed = k + 1;
      if (a->ex->quotes[qi].speaker_len) {
        last_spoken = qi;
        person *p = &a->pp[a->ex->quotes[qi].speaker_offset];
        p->mentioned = true;
        p->spoke = true;
        p->last = k;
      }
      para_has_quote = true;
      pos = k + 1;
    }
    mark_mentions(a, pos, pend, i);
    /* A paragraph ending in a colon introduces the quote paragraph after it. */
    colon.found = false;
    if (pend > i && tok_punct(a, pend - 1, ':')) {
      size_t ss = sentence_start(a, pend - 1, i);
      cue c = head_cue(a, ss, pend - 1);
      if (c.found && c.subj.kind == SUBJ_PERSON) colon = c;
    }
    /* Reported speech in the last sentence of a paragraph without quotes. */
    a->reported.kind = SUBJ_NONE;
    if (!para_has_quote && pend > i) {
      size_t ls = sentence_start(a, pend - 1, i);
      for (size_t v = pend; v-- > ls;) {
        if (!is_speech_verb(a, v)) continue;
        cue c = head_cue(a, ls, v + 1);
        if (c.found && c.ce == a->tok[v].e && c.subj.kind == SUBJ_PERSON) {
          a->reported = c.subj;
          a->reported_verb = v;
        }
        break;
      }
    }
    /* A paragraph that is all quote continues the previous speaker. */
    bool only_quote = pend - i <= 2 && a->tok[i].kind == TK_QUOTE;
    if (para_has_quote && last_spoken != SIZE_MAX) prev_q = last_spoken;
    else if (!only_quote) prev_q = SIZE_MAX;
    i = pend;
  }
}

/* Case-insensitive (ASCII) search of needle in hay, both trimmed of
 * surrounding punctuation and spaces. */
static bool text_contains(const uint8_t *hay, size_t hn, const uint8_t *needle, size_t nn) {
  while (nn > 0 && (needle[nn - 1] == '.' || needle[nn - 1] == ',' || needle[nn - 1] == '!' ||
                    needle[nn - 1] == '?' || needle[nn - 1] == ' '))
    nn--;
  if (nn < 4) return false;
  for (size_t i = 0; i + nn <= hn; i++)
    if (ci_cmp((const char *)hay + i, nn, (const char *)needle, nn) == 0) return true;
  return false;
}

/* A headline or caption quote without a cue of its own gets the speaker to
 * whom the body attributes the same words. */
static void borrow_for_furniture(actx *a) {
  vb_quote_extractor *ex = a->ex;
  for (size_t i = 0; i < ex->nquotes; i++) {
    vb_quote *q = &ex->quotes[i];
    if (!(q->flags & VB_QUOTE_BOILERPLATE) || q->speaker_len) continue;
    for (size_t j = 0; j < ex->nquotes; j++) {
      vb_quote *r = &ex->quotes[j];
      if (j == i || (r->flags & VB_QUOTE_BOILERPLATE) || !r->speaker_len) continue;
      if (!text_contains(a->t + r->start, r->end - r->start, a->t + q->start, q->end - q->start))
        continue;
      q->speaker_offset = r->speaker_offset;
      q->speaker_len = r->speaker_len;
      break;
    }
  }
}

/* Write each speaker's canonical name once into ex->names. */
static void write_names(actx *a) {
  vb_quote_extractor *ex = a->ex;
  for (size_t i = 0; i < ex->nquotes; i++) {
    vb_quote *q = &ex->quotes[i];
    if (q->speaker_len == 0) {
      q->speaker_offset = 0;
      continue;
    }
    person *p = &a->pp[q->speaker_offset];
    if (p->name_off == SIZE_MAX) {
      p->name_off = ex->names.len;
      vb_buf_append(&ex->names, a->t + p->s, p->e - p->s);
    }
    q->speaker_offset = p->name_off;
    q->speaker_len = p->e - p->s;
  }
}

vb_status vb_quotes_attribute(vb_quote_extractor *ex, const uint8_t *text, size_t len,
                              vb_error *err) {
  actx a = {0};
  a.ex = ex;
  a.t = text;
  a.n = len;
  a.tok = ex->tokens;
  a.pp = ex->people;
  tokenize(&a);
  if (!a.oom) collect_people(&a);
  if (!a.oom) walk(&a);
  if (!a.oom) borrow_for_furniture(&a);
  if (!a.oom) write_names(&a);
  if (a.oom || ex->names.failed)
    return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "out of memory attributing quotes");
  return VB_OK;
}
