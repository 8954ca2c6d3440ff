/* Speaker attribution, part one: what the text names. The text outside
 * quotes is cut into tokens (words, punctuation, and one token standing for
 * each quote); the people and organisations the document names are
 * collected from runs of capitalised words, with titles and honorifics
 * stripped ("Secretary of State Antony Blinken" is Antony Blinken; "Ms
 * Okafor" tells she is female); and a subject region before or after a
 * speech verb is read as a name (linked to the longest form of that name in
 * the document), a pronoun (the most recent compatible person), or an
 * unnamed source (a spokesperson, one resident). The cues themselves and
 * the walk over the document are in core/quotes_speaker.c.
 */
#include <utf8proc.h>

#include "quotes_speaker.h"

/* ---- word tables ------------------------------------------------------- */

/* The tables are generated lower-case, one entry per word, sorted bytewise
 * (scripts/gen_quote_tables.py), so a key is lower-cased once and compared
 * bytewise: the same order and answers as ci_cmp on both sides, without
 * folding every table entry on every step of the search. */
static int qword_cmp(const vb_qword *x, const unsigned char *key, size_t len) {
  const unsigned char *w = (const unsigned char *)x->s;
  size_t wl = x->len, m = wl < len ? wl : len;
  if (m > 0 && w[0] != key[0]) return w[0] < key[0] ? -1 : 1; /* most steps part here */
  for (size_t i = 1; i < m; i++)
    if (w[i] != key[i]) return w[i] < key[i] ? -1 : 1;
  return wl < len ? -1 : wl > len ? 1 : 0;
}

/* The first entry not below the (lower-cased) key. */
static size_t qword_lower_bound(const vb_qword *table, size_t count, const unsigned char *key,
                                size_t len) {
  size_t lo = 0, hi = count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (qword_cmp(&table[mid], key, len) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static void fold_key(unsigned char *key, const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    unsigned char x = (unsigned char)s[i];
    key[i] = (x >= 'A' && x <= 'Z') ? (unsigned char)(x + 32) : x;
  }
}

const vb_qword *vb_qword_find(const vb_qword *table, size_t count, const char *s, size_t len) {
  unsigned char key[64];
  if (len > sizeof key) {
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
  fold_key(key, s, len);
  size_t lo = qword_lower_bound(table, count, key, len);
  return lo < count && qword_cmp(&table[lo], key, len) == 0 ? &table[lo] : NULL;
}

/* Does some entry of the table start with the len bytes at s (len at most
 * 64; a prefix ending in a space), so that a longer run of words could still
 * be one? */
static bool qword_has_prefix(const vb_qword *table, size_t count, const char *s, size_t len) {
  unsigned char key[64];
  fold_key(key, s, len);
  size_t lo = qword_lower_bound(table, count, key, len);
  return lo < count && table[lo].len >= len && memcmp(table[lo].s, key, len) == 0;
}

static bool is_possessive(const actx *a, size_t i);

/* A speech verb, not the noun of the same spelling ("the minister's
 * pledge", "a post on LinkedIn"). */
bool vb_qs_is_speech_verb(const actx *a, size_t i) {
  static const char *const det[] = {"the", "a", "an", "his", "her", "their", "its", "our",
                                    "my", "your", "this", "that", "whose", "every", "each",
                                    "any", "no", "in", "of"};
  if (a->tok[i].cap || !tok_in(a, i, vb_qt_speech_verbs, vb_qt_speech_verbs_count)) return false;
  /* "as she put it" speaks; "he never put his life back together" does not */
  if ((tok_is(a, i, "put") || tok_is(a, i, "puts")) && !tok_is(a, i + 1, "it")) return false;
  /* French perfect after a quote: "«…», a déclaré X" */
  bool french_aux = i > 1 && tok_is(a, i - 1, "a") &&
                    (tok_punct(a, i - 2, ',') || a->tok[i - 2].kind == TK_QUOTE);
  if (i > 0 && a->tok[i - 1].para == a->tok[i].para && !french_aux) {
    for (size_t k = 0; k < sizeof det / sizeof det[0]; k++)
      if (tok_is(a, i - 1, det[k])) return false;
    if (a->tok[i - 1].kind == TK_WORD && is_possessive(a, i - 1)) return false;
    /* "in a LinkedIn post", "a long reply", "the Facebook posts": a verb
     * that is also a noun, after an article and a modifier */
    static const char *const noun[] = {
        "post",    "posts",    "tweet",  "tweets",  "note",    "notes",    "comment", "comments",
        "reply",   "replies",  "answer", "answers", "claim",   "claims",   "report",  "reports",
        "remark",  "remarks",  "call",   "calls",   "promise", "promises", "pledge",  "pledges",
        "protest", "protests", "vow",    "vows",    "warning"};
    if (i > 1 && a->tok[i - 2].para == a->tok[i].para && a->tok[i - 1].kind == TK_WORD &&
        (tok_is(a, i - 2, "a") || tok_is(a, i - 2, "an") ||
         (a->tok[i - 1].cap &&
          (tok_is(a, i - 2, "the") || tok_is(a, i - 2, "his") || tok_is(a, i - 2, "her") ||
           tok_is(a, i - 2, "their") || tok_is(a, i - 2, "its")))))
      for (size_t k = 0; k < sizeof noun / sizeof noun[0]; k++)
        if (tok_is(a, i, noun[k])) return false;
  }
  return true;
}

bool vb_qs_is_not_name(const actx *a, size_t i) {
  return tok_in(a, i, vb_qt_not_names, vb_qt_not_names_count);
}

/* The longest title (possibly several words) starting at token i; returns
 * its length in tokens (0 if none) and the gender it tells. */
size_t vb_qs_title_at(const actx *a, size_t i, size_t end, uint8_t *gender) {
  char buf[64];
  size_t best = 0;
  for (size_t k = 1; k <= 4 && i + k <= end; k++) {
    size_t len = 0;
    bool ok = true, full = false;
    for (size_t j = i; j < i + k && ok; j++) {
      const qtok *q = &a->tok[j];
      if (q->kind != TK_WORD) ok = false;
      size_t w = q->e - q->s;
      if (ok && len + w + 1 >= sizeof buf) full = true;
      if (!ok || full) break;
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
    /* No title goes on past these words: stop, unless the next word would
     * not fit the buffer (then the loop above searches these words again
     * for each longer k, and keeps doing so). */
    if (!full && i + k < end && a->tok[i + k].kind == TK_WORD &&
        len + 1 + (a->tok[i + k].e - a->tok[i + k].s) + 1 < sizeof buf) {
      buf[len] = ' ';
      if (!qword_has_prefix(vb_qt_titles, vb_qt_titles_count, buf, len + 1)) break;
    }
  }
  if (best == 0 && i < end && a->tok[i].kind == TK_WORD && a->tok[i].cap) {
    /* "Außenministerin", "Umweltkommissar": a compound ending in a role */
    const qtok *q = &a->tok[i];
    size_t w = q->e - q->s;
    unsigned char last = a->t[q->e - 1]; /* the suffixes are generated lower-case */
    if (last >= 'A' && last <= 'Z') last = (unsigned char)(last + 32);
    for (size_t k = 0; k < vb_qt_title_suffixes_count; k++) {
      const vb_qword *sfx = &vb_qt_title_suffixes[k];
      if (w < (size_t)sfx->len + 3 || (unsigned char)sfx->s[sfx->len - 1] != last ||
          ci_cmp((const char *)a->t + q->e - sfx->len, sfx->len, sfx->s, sfx->len) != 0)
        continue;
      if (gender) *gender = sfx->gender;
      return 1;
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

bool vb_qs_is_sentence_punct(int32_t c) {
  return c == '.' || c == '!' || c == '?' || c == 0x3002 || c == 0xFF01 || c == 0xFF1F;
}

/* Does the quote end with a sentence end inside its marks? */
bool vb_qs_quote_ends_sentence(const actx *a, const vb_quote *q) {
  if (q->end <= q->start) return false;
  size_t st;
  int32_t c = vb_q_cp_before(a->t, q->end, &st);
  return vb_qs_is_sentence_punct(c) || c == 0x2026;
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
      /* "al-Hakim", "el-Sayed", "d’Arcy": a lower-case particle joined to a
       * capitalised name is part of the name */
      if (!k.cap) {
        size_t p = i;
        while (p < j && p - i < 3 && t[p] >= 'a' && t[p] <= 'z') p++;
        size_t pl = p < j && t[p] == '-'                                                ? 1
                    : p < j && t[p] == '\''                                             ? 1
                    : p + 2 < j && t[p] == 0xE2 && t[p + 1] == 0x80 && t[p + 2] == 0x99 ? 3
                                                                                        : 0;
        size_t l5;
        if (p > i && pl && p + pl < j && vb_q_is_upper(vb_q_cp_at(t, j, p + pl, &l5))) k.cap = true;
      }
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
      if (vb_qs_is_sentence_punct(c) || c == ';') *sent = true;
    }
    if (!push_tok(a, &k)) return;
    i = k.e;
  }
}

/* Words and punctuation outside quotes, one TK_QUOTE token per quote. */
void vb_qs_tokenize(actx *a) {
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
      sent = vb_qs_quote_ends_sentence(a, &ex->quotes[qi]);
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

/* "HALVERTON (Continental Press) —", "KELL, March 4 -": a wire dateline
 * opening a paragraph names a place. */
static bool is_dateline(const actx *a, size_t i) {
  const qtok *k = &a->tok[i];
  if ((i > 0 && a->tok[i - 1].para == k->para) || k->e - k->s < 3 || i + 1 >= a->ntok) return false;
  for (size_t b = k->s; b < k->e; b++)
    if (a->t[b] >= 'a' && a->t[b] <= 'z') return false;
  const qtok *n = &a->tok[i + 1];
  if (n->kind != TK_PUNCT || n->para != k->para) return false;
  size_t len;
  int32_t c = vb_q_cp_at(a->t, n->e, n->s, &len);
  return c == '(' || c == ',' || c == '-' || c == 0x2013 || c == 0x2014;
}

bool vb_qs_word_cap_name(const actx *a, size_t i) {
  const qtok *k = &a->tok[i];
  return k->kind == TK_WORD && k->cap && !vb_qs_is_not_name(a, i) && !is_possessive(a, i) &&
         !is_dateline(a, i);
}

/* A capitalised possessive ends a name run ("Della Marchetti’s voice"). */
bool vb_qs_word_cap_possessive(const actx *a, size_t i) {
  const qtok *k = &a->tok[i];
  return k->kind == TK_WORD && k->cap && !vb_qs_is_not_name(a, i) && is_possessive(a, i);
}

/* End of token i without a possessive suffix. */
size_t vb_qs_tok_end(const actx *a, size_t i) {
  const qtok *k = &a->tok[i];
  if (!is_possessive(a, i)) return k->e;
  return a->t[k->e - 2] == '\'' ? k->e - 2 : k->e - 4;
}

/* A name run starting at i: capitalised words joined by name particles.
 * Returns its end (exclusive); i itself when there is none. */
static bool has_org_word(const actx *a, size_t s, size_t e);

size_t vb_qs_name_run(const actx *a, size_t i, size_t end) {
  size_t j = i;
  while (j < end && a->tok[j].para == a->tok[i].para) {
    if (vb_qs_word_cap_name(a, j)) {
      j++;
      continue;
    }
    if (vb_qs_word_cap_possessive(a, j)) return j + 1;
    if (j > i && j + 1 < end && vb_qs_word_cap_name(a, j + 1)) {
      bool org_so_far = has_org_word(a, i, j);
      for (size_t k = j > i + 2 ? j - 2 : i; k < j && !org_so_far; k++)
        org_so_far = vb_qs_title_at(a, k, end, NULL) > j - k; /* "… Secretary of State …" */
      if (is_connector(a, j) && (!tok_is(a, j, "of") || org_so_far)) {
        j++;
        continue;
      }
    }
    /* "Pieter van der Berg", "Carmen de la Fuente": two particles */
    if (j > i && j + 2 < end && is_connector(a, j) && is_connector(a, j + 1) &&
        !tok_is(a, j, "of") && !tok_is(a, j + 1, "of") && vb_qs_word_cap_name(a, j + 2) &&
        !a->tok[j].cap && !a->tok[j + 1].cap) {
      j += 2;
      continue;
    }
    if (j > i && j + 1 < end && vb_qs_word_cap_name(a, j + 1)) {
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
bool vb_qs_name_core(const actx *a, size_t s, size_t e, size_t *ns, size_t *ne, uint8_t *gender) {
  for (;;) {
    uint8_t g = 0;
    size_t k = vb_qs_title_at(a, s, e, &g);
    if (k == 0 || s + k >= e) break;
    if (g && gender) *gender = g;
    s += k;
  }
  if (!has_org_word(a, s, e))
    for (size_t k = s + 1; k + 1 < e; k++) {
      size_t m = vb_qs_title_at(a, k, e, NULL);
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
  size_t ms = a->tok[s].s, me = vb_qs_tok_end(a, e - 1);
  size_t mlen = me - ms;
  for (size_t i = p->s; i + mlen <= p->e; i++) {
    if (i > p->s && a->t[i - 1] != ' ' && a->t[i - 1] != '-') continue;
    if (i + mlen < p->e && a->t[i + mlen] != ' ') continue;
    /* case-insensitive: "Van der Berg" opening a sentence is Pieter van der Berg;
     * but a lower-case common noun is no mention of a name ("le directeur
     * du festival" is not the Festival de Vaure) */
    if (!a->tok[s].cap && a->t[i] != a->t[ms]) continue;
    if (ci_cmp((const char *)a->t + i, mlen, (const char *)a->t + ms, mlen) == 0) return true;
  }
  return false;
}

/* The person whose name contains the words [s, e): the most recently
 * mentioned one if several do. SIZE_MAX if none. */
size_t vb_qs_find_person(const actx *a, size_t s, size_t e) {
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
  p.e = vb_qs_tok_end(a, e - 1);
  p.org = org;
  p.title_s = p.title_e = 0;
  p.name_off = SIZE_MAX;
  a->pp[a->npp] = p;
  return a->npp++;
}

/* Register or extend a person from a name run [s, e) (titles stripped);
 * returns its index. Surname-only mentions link to a fuller form. */
static size_t note_name(actx *a, size_t s, size_t e, bool create) {
  size_t found = vb_qs_find_person(a, s, e);
  if (found != SIZE_MAX) return found;
  /* A fuller form of an existing shorter name: "Okafor" seen, then
   * "Adaeze Okafor". */
  for (size_t i = 0; i < a->npp; i++) {
    person *p = &a->pp[i];
    size_t len = p->e - p->s, ms = a->tok[s].s, me = vb_qs_tok_end(a, e - 1);
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
void vb_qs_collect_people(actx *a) {
  for (size_t i = 0; i < a->ntok && !a->oom && a->npp < 1024;) {
    if (a->tok[i].kind != TK_WORD) {
      i++;
      continue;
    }
    uint8_t gender = 0;
    size_t tl = vb_qs_title_at(a, i, a->ntok, &gender);
    size_t s = i + tl;
    /* skip sentence-initial function words ("But", "The") */
    while (s < a->ntok && a->tok[s].kind == TK_WORD && vb_qs_is_not_name(a, s) && tl == 0) s++;
    size_t e = s < a->ntok ? vb_qs_name_run(a, s, a->ntok) : s;
    if (e == s) {
      i = s > i ? s : i + 1;
      continue;
    }
    size_t ns, ne;
    uint8_t g2 = 0;
    if (!vb_qs_name_core(a, s, e, &ns, &ne, &g2)) {
      i = e;
      continue;
    }
    if (g2) gender = g2;
    bool titled = tl > 0 || ns > s;
    bool org = has_org_word(a, ns, ne);
    /* the word before the name (or its title): "in Upper Bexley" is a place */
    size_t nb = tl ? i : s;
    bool after_the = nb > 0 && a->tok[nb - 1].para == a->tok[nb].para &&
                     (tok_is(a, nb - 1, "the") || tok_is(a, nb - 1, "in") || tok_is(a, nb - 1, "at") ||
                      tok_is(a, nb - 1, "on") || tok_is(a, nb - 1, "from") ||
                      tok_is(a, nb - 1, "near") || tok_is(a, nb - 1, "to") ||
                      tok_is(a, nb - 1, "into") || tok_is(a, nb - 1, "across"));
    bool after_loc =
        nb > 0 && a->tok[nb - 1].para == a->tok[nb].para &&
        (tok_is(a, nb - 1, "in") || tok_is(a, nb - 1, "at") || tok_is(a, nb - 1, "from") ||
         tok_is(a, nb - 1, "near") || tok_is(a, nb - 1, "into") || tok_is(a, nb - 1, "across"));
    size_t words = ne - ns;
    bool sentence_single = words == 1 && a->tok[ns].sent_start, owner = false;
    if (words == 1 && !titled && is_possessive(a, ne - 1) &&
        vb_qs_title_at(a, ne, a->ntok, NULL) > 0 && vb_qs_find_person(a, ns, ne) == SIZE_MAX &&
        !tok_in(a, ns, vb_qt_given_names, vb_qt_given_names_count)) {
      /* "Dashly’s co-founder": a name that has a co-founder or a chief
       * executive is an organisation */
      sentence_single = false;
      org = owner = true;
    }
    /* "Der Verein", "the Ministry": a kind of organisation, not a name */
    bool kind_only = words == 1 && !owner && tok_in(a, ns, vb_qt_org_words, vb_qt_org_words_count);
    if ((words >= 2 || titled || org) && !sentence_single && !kind_only) {
      size_t p = note_name(a, ns, ne, true);
      if (p != SIZE_MAX && owner) a->pp[p].org = true;
      if (p != SIZE_MAX) {
        if (!gender && !org && ne - ns >= 2 &&
            tok_in(a, ns, vb_qt_given_names, vb_qt_given_names_count))
          gender = vb_qword_find(vb_qt_given_names, vb_qt_given_names_count,
                                 (const char *)a->t + a->tok[ns].s, a->tok[ns].e - a->tok[ns].s)
                       ->gender;
        if (gender && !a->pp[p].gender) a->pp[p].gender = gender;
        if (!after_the) a->pp[p].bare++;
        if (after_loc) a->pp[p].loc++;
        if (titled) a->pp[p].titled = true;
        if (titled && a->pp[p].title_e == 0) {
          a->pp[p].title_s = a->tok[i].s;
          a->pp[p].title_e = a->tok[ns - 1].e;
        }
        /* "Pallas Data, the cloud-storage company, …": the appositive is a
         * role that "the company" later stands for */
        size_t ap = ne + 2, ae = ap;
        while (ae < a->ntok && ae < ap + 5 && a->tok[ae].kind == TK_WORD && !a->tok[ae].cap) ae++;
        if (a->pp[p].title_e == 0 && ne + 1 < a->ntok && tok_punct(a, ne, ',') &&
            tok_is(a, ne + 1, "the") && ae > ap && ae < a->ntok && tok_punct(a, ae, ',')) {
          a->pp[p].title_s = a->tok[ap].s;
          a->pp[p].title_e = a->tok[ae - 1].e;
        }
      }
    }
    i = e;
  }
}

/* Pass 1b: a name seen alone right after "in", "at", "from"… is a place
 * there ("in Russia"), which counts against it as a pronoun's antecedent. */
void vb_qs_count_places(actx *a) {
  for (size_t i = 1; i < a->ntok; i++) {
    if (!vb_qs_word_cap_name(a, i) || a->tok[i - 1].para != a->tok[i].para) continue;
    if (i + 1 < a->ntok && vb_qs_word_cap_name(a, i + 1)) continue;
    if (!(tok_is(a, i - 1, "in") || tok_is(a, i - 1, "at") || tok_is(a, i - 1, "from") ||
          tok_is(a, i - 1, "near") || tok_is(a, i - 1, "into") || tok_is(a, i - 1, "across")))
      continue;
    size_t p = vb_qs_find_person(a, i, i + 1);
    if (p != SIZE_MAX && !a->pp[p].titled && !a->pp[p].gender && !a->pp[p].org) a->pp[p].loc++;
  }
}

/* ---- subjects and cues -------------------------------------------------- */


bool vb_qs_is_pronoun(const actx *a, size_t i, uint8_t *gender) {
  const qtok *k = &a->tok[i];
  if (k->kind != TK_WORD) return false;
  const vb_qword *w =
      vb_qword_find(vb_qt_pronouns, vb_qt_pronouns_count, (const char *)a->t + k->s, k->e - k->s);
  if (!w) return false;
  *gender = w->gender;
  return true;
}

/* "I", "we", "you" and their contractions ("I'll", "we’re"): the speaker
 * is the writer or someone the text does not name here. */
static bool is_first_or_second_person(const actx *a, size_t i) {
  const qtok *k = &a->tok[i];
  if (k->kind != TK_WORD) return false;
  size_t n = k->e - k->s, stem = n;
  const uint8_t *w = a->t + k->s;
  for (size_t j = 0; j < n; j++)
    if (w[j] == '\'' || (j + 2 < n && memcmp(w + j, "\xE2\x80\x99", 3) == 0)) {
      stem = j;
      break;
    }
  return ci_cmp((const char *)w, stem, "i", 1) == 0 || ci_cmp((const char *)w, stem, "we", 2) == 0 ||
         ci_cmp((const char *)w, stem, "you", 3) == 0;
}

/* "24-year-old", "22-Jährige": digits, an optional hyphen, an age word. */
static bool is_age_description(const actx *a, size_t i) {
  const qtok *k = &a->tok[i];
  if (k->kind != TK_WORD) return false;
  size_t j = k->s;
  while (j < k->e && a->t[j] >= '0' && a->t[j] <= '9') j++;
  if (j == k->s || j == k->e) return false;
  if (a->t[j] == '-') j++;
  return vb_qword_find(vb_qt_age_words, vb_qt_age_words_count, (const char *)a->t + j, k->e - j) !=
         NULL;
}

/* The most recent person compatible with a pronoun's gender (1 he, 2 she,
 * 3 they, which may be an organisation; 0 any person, for descriptions such
 * as "the 24-year-old"); unnamed antecedents that are more recent shadow
 * them. */
size_t vb_qs_resolve_pronoun(actx *a, uint8_t gender, size_t at) {
  size_t best = SIZE_MAX, subj = SIZE_MAX;
  for (size_t i = 0; i < a->npp; i++) {
    person *p = &a->pp[i];
    if (!p->mentioned || p->last > at) continue;
    /* "in Lakemoor", "that Marvenia had ignored": a name that never acts
     * as a person (no title, gender or speech) and is bare or seen as a
     * place is no antecedent */
    bool place =
        !p->org && !p->titled && !p->gender && !p->spoke && (!p->bare || p->loc || !p->subj_last);
    if (place || (gender != 3 && p->org)) continue;
    if ((gender == 1 && p->gender == 2) || (gender == 2 && p->gender == 1)) continue;
    if (best == SIZE_MAX || p->last > a->pp[best].last) best = i;
    if (p->subj_last && p->subj_last <= at + 1 &&
        (subj == SIZE_MAX || p->subj_last > a->pp[subj].subj_last))
      subj = i;
  }
  /* Prefer the latest sentence subject over a later name in an object or
   * apposition ("Senator Ruiz clashed with the governor, Ben Haines. “…,”
   * she said"), unless only the later one is known to fit the pronoun. */
  /* a name earlier in the pronoun's own sentence binds it ("Joe Biden’s
   * comments, in which he predicted…") */
  size_t ss = at;
  while (ss > 0 && at - ss < 160 &&
         a->tok[ss - 1].para == a->tok[at < a->ntok ? at : a->ntok - 1].para &&
         !(a->tok[ss - 1].kind == TK_PUNCT &&
           vb_qs_is_sentence_punct((int32_t)a->t[a->tok[ss - 1].s])))
    ss--;
  if (subj != SIZE_MAX && subj != best && a->pp[best].last >= ss && a->pp[subj].subj_last <= ss &&
      (gender == 3 || gender == 0 || a->pp[best].gender == gender))
    subj = best;
  if (subj != SIZE_MAX && subj != best) {
    const person *b = &a->pp[best], *sp = &a->pp[subj];
    bool b_fits = gender != 3 && gender != 0 && b->gender == gender;
    bool s_fits = gender != 3 && gender != 0 && sp->gender == gender;
    bool recent =
        a->tok[sp->subj_last - 1].para + 2 >= a->tok[at < a->ntok ? at : a->ntok - 1].para;
    /* "Maren Lysaght plays it. […]\n\nOne voice belonged to Carys Lowe.
     * “…,” she said": a person named in the pronoun's own paragraph beats
     * a subject from an earlier one; a new paragraph brings its own focus */
    uint32_t here = a->tok[at < a->ntok ? at : a->ntok - 1].para;
    bool b_here = a->tok[b->last].para == here && (b_fits || !b->gender);
    bool s_here = a->tok[sp->subj_last - 1].para == here;
    if (recent && (s_fits || !b_fits) && !(b->org && !sp->org && gender == 3) &&
        !(b_here && !s_here && gender != 3))
      best = subj;
  }
  if (best != SIZE_MAX && a->last_unnamed > a->pp[best].last + 1 && a->last_unnamed <= at)
    return SIZE_MAX;
  if (best != SIZE_MAX && gender != 3 && !a->pp[best].gender) a->pp[best].gender = gender;
  if (best != SIZE_MAX && gender != 0) a->pp[best].subj_last = at + 1;
  return best;
}

/* Does the lower-cased form of the word occur as a word in the text?
 * ("Residents said" at a sentence start is no name if "residents" occurs.)
 * After a few scans of every token, the words not starting with a capital
 * go into a hash set (open addressing, token indices, in the
 * extractor's scratch), so that each call is one probe rather than a scan of
 * every token. Out of memory sets a->oom and answers false. */
static size_t lower_hash(const uint8_t *s, size_t len) {
  uint64_t h = 1469598103934665603u; /* FNV-1a over the ASCII-folded bytes */
  for (size_t i = 0; i < len; i++) {
    uint8_t x = s[i];
    if (x >= 'A' && x <= 'Z') x = (uint8_t)(x + 32);
    h = (h ^ x) * 1099511628211u;
  }
  return (size_t)(h ^ (h >> 29));
}

static bool build_lower_forms(actx *a) {
  vb_quote_extractor *ex = a->ex;
  size_t nwords = 0;
  for (size_t j = 0; j < a->ntok; j++)
    if (a->tok[j].kind == TK_WORD && !a->tok[j].cap) nwords++;
  size_t size = 16;
  while (size / 2 < nwords) {
    if (size > SIZE_MAX / 2 / sizeof(size_t)) return false;
    size *= 2;
  }
  if (!vb_array_reserve(&ex->alloc, &ex->lower_forms, &ex->cap_lower_forms, size, sizeof(size_t)))
    return false;
  size_t *set = ex->lower_forms;
  for (size_t j = 0; j < size; j++) set[j] = SIZE_MAX;
  for (size_t j = 0; j < a->ntok; j++) {
    const qtok *o = &a->tok[j];
    if (o->kind != TK_WORD || o->cap) continue;
    size_t len = o->e - o->s;
    size_t h = lower_hash(a->t + o->s, len) & (size - 1);
    for (;; h = (h + 1) & (size - 1)) {
      if (set[h] == SIZE_MAX) {
        set[h] = j;
        break;
      }
      const qtok *q = &a->tok[set[h]];
      if (q->e - q->s == len &&
          ci_cmp((const char *)a->t + q->s, len, (const char *)a->t + o->s, len) == 0)
        break; /* this form is in already */
    }
  }
  a->lower_forms = set;
  a->lower_forms_size = size;
  return true;
}

static bool lower_form_occurs(actx *a, size_t i) {
  const qtok *k = &a->tok[i];
  if (!a->lower_forms && a->lower_form_scans < 8) {
    /* a few questions per document are cheaper answered by a scan (which
     * stops at the first hit) than by building the set */
    a->lower_form_scans++;
    size_t len = k->e - k->s;
    for (size_t j = 0; j < a->ntok; j++) {
      const qtok *o = &a->tok[j];
      if (o->kind == TK_WORD && !o->cap && o->e - o->s == len &&
          ci_cmp((const char *)a->t + o->s, len, (const char *)a->t + k->s, len) == 0)
        return true;
    }
    return false;
  }
  if (!a->lower_forms && !build_lower_forms(a)) {
    a->oom = true;
    return false;
  }
  size_t len = k->e - k->s, size = a->lower_forms_size;
  for (size_t h = lower_hash(a->t + k->s, len) & (size - 1);; h = (h + 1) & (size - 1)) {
    size_t j = a->lower_forms[h];
    if (j == SIZE_MAX) return false;
    const qtok *o = &a->tok[j];
    if (o->e - o->s == len &&
        ci_cmp((const char *)a->t + o->s, len, (const char *)a->t + k->s, len) == 0)
      return true;
  }
}

static bool role_word_matches(const actx *a, const person *p, size_t s, size_t e) {
  if (p->title_e == 0) return false;
  size_t ms = a->tok[s].s, me = a->tok[e - 1].e;
  size_t tl = p->title_e - p->title_s;
  return me - ms <= tl &&
         ci_cmp((const char *)a->t + p->title_e - (me - ms), me - ms, (const char *)a->t + ms,
                me - ms) == 0;
}

subject vb_qs_person_subject(actx *a, size_t rs, size_t re, size_t at) {
  subject r = {SUBJ_NONE, SIZE_MAX, 0, 0};
  size_t ns, ne;
  uint8_t gender = 0;
  if (vb_qs_title_at(a, rs, re, NULL) == re - rs) {
    /* "Mayor says": a role, no name, unless exactly one person in the
     * document carries that title ("Mayor Jo Park" further down) */
    size_t only = SIZE_MAX;
    for (size_t i = 0; i < a->npp; i++)
      if (!a->pp[i].org && role_word_matches(a, &a->pp[i], rs, re) &&
          a->pp[i].title_e - a->pp[i].title_s == vb_qs_tok_end(a, re - 1) - a->tok[rs].s) {
        if (only != SIZE_MAX) return r;
        only = i;
      }
    if (only == SIZE_MAX) return r;
    r.kind = SUBJ_PERSON;
    r.person = only;
    r.ms = a->tok[rs].s;
    r.me = vb_qs_tok_end(a, re - 1);
    return r;
  }
  if (re - rs == 1 && rs > 0 && tok_is(a, rs - 1, "the") && vb_qs_find_person(a, rs, re) == SIZE_MAX) {
    const qtok *k = &a->tok[rs];
    size_t n = k->e - k->s;
    const char *w = (const char *)a->t + k->s;
    if ((n > 3 && (memcmp(w + n - 2, "an", 2) == 0 || memcmp(w + n - 3, "ese", 3) == 0 ||
                   memcmp(w + n - 3, "ish", 3) == 0))) {
      /* "the Italian said": a demonym stands for the person in focus, as
       * "the 24-year-old" does */
      r.person = vb_qs_resolve_pronoun(a, 0, at);
      r.kind = r.person == SIZE_MAX ? SUBJ_UNNAMED : SUBJ_PERSON;
      r.ms = a->tok[rs - 1].s;
      r.me = k->e;
      return r;
    }
  }
  if (!vb_qs_name_core(a, rs, re, &ns, &ne, &gender)) return r;
  /* "Another joked:", "One said": an indefinite word stands for someone
   * unnamed, never for a name */
  if (ne - ns == 1 && tok_in(a, ns, vb_qt_indefinites, vb_qt_indefinites_count)) {
    r.kind = SUBJ_UNNAMED;
    r.ms = a->tok[ns].s;
    r.me = a->tok[ns].e;
    return r;
  }
  /* "Officials said", "Police said": a group, not a name */
  if (ne - ns == 1 && tok_in(a, ns, vb_qt_group_nouns, vb_qt_group_nouns_count)) return r;
  /* "Der Verein teilte mit": a capitalised kind of organisation after an
   * article is no name unless the document names one that way */
  if (ne - ns == 1 && ns > 0 && tok_in(a, ns, vb_qt_org_words, vb_qt_org_words_count) &&
      (tok_is(a, ns - 1, "the") || tok_is(a, ns - 1, "der") || tok_is(a, ns - 1, "die") ||
       tok_is(a, ns - 1, "das") || tok_is(a, ns - 1, "la") || tok_is(a, ns - 1, "le") ||
       tok_is(a, ns - 1, "il")) &&
      vb_qs_find_person(a, ns, ne) == SIZE_MAX)
    return r;
  bool single_start = ne - ns == 1 && a->tok[ns].sent_start;
  size_t p = vb_qs_find_person(a, ns, ne);
  if (p == SIZE_MAX && single_start && lower_form_occurs(a, ns)) return r;
  if (p == SIZE_MAX && a->npp < 1024) p = note_name(a, ns, ne, true);
  if (p == SIZE_MAX) return r;
  if (gender && !a->pp[p].gender) a->pp[p].gender = gender;
  r.kind = SUBJ_PERSON;
  r.person = p;
  r.ms = a->tok[ns].s;
  r.me = vb_qs_tok_end(a, ne - 1);
  return r;
}

/* A noun phrase without a name: "the ministry" may stand for a named
 * organisation, "the mayor" for the one person the document gave that
 * title; "a spokesperson", "one resident" are unnamed. */
static subject parse_np(actx *a, size_t s, size_t e, size_t at) {
  subject r = {SUBJ_NONE, SIZE_MAX, 0, 0};
  while (s < e && a->tok[s].kind != TK_WORD) s++;
  /* "So the minister says": a leading conjunction is no part of it */
  while (s + 1 < e && (tok_is(a, s, "so") || tok_is(a, s, "but") || tok_is(a, s, "and") ||
                       tok_is(a, s, "yet") || tok_is(a, s, "now") || tok_is(a, s, "then")))
    s++;
  while (e > s && a->tok[e - 1].kind != TK_WORD) e--;
  if (s >= e) return r;
  uint8_t g;
  if (e - s == 1 && vb_qs_is_pronoun(a, s, &g)) {
    r.ms = a->tok[s].s;
    r.me = a->tok[s].e;
    r.person = vb_qs_resolve_pronoun(a, g, at);
    r.kind = r.person == SIZE_MAX ? SUBJ_UNNAMED : SUBJ_PERSON;
    return r;
  }
  bool det = tok_is(a, s, "the") || tok_is(a, s, "la") || tok_is(a, s, "le") ||
             tok_is(a, s, "der") || tok_is(a, s, "die") || tok_is(a, s, "das") ||
             tok_is(a, s, "il");
  size_t hs = det ? s + 1 : s;
  if (det && hs < e && is_age_description(a, hs)) {
    /* "the 24-year-old" stands for the person named last */
    r.ms = a->tok[s].s;
    r.me = a->tok[e - 1].e;
    r.person = vb_qs_resolve_pronoun(a, 0, at);
    r.kind = r.person == SIZE_MAX ? SUBJ_UNNAMED : SUBJ_PERSON;
    return r;
  }
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
    /* "the company", "the firm" for the one organisation named lately
     * whose name does not say what it is ("Dashly’s co-founder…") */
    if (hit == SIZE_MAX && e - hs == 1 && tok_in(a, last, vb_qt_org_words, vb_qt_org_words_count)) {
      for (size_t pi = 0; pi < a->npp; pi++) {
        const person *p = &a->pp[pi];
        /* only a name that does not say what it is: "the company" is not
         * the Ministry of Health or the Associated Press */
        bool says_kind = false;
        for (size_t b = p->s; b < p->e && !says_kind; b++) {
          if (b > p->s && a->t[b - 1] != ' ') continue;
          size_t we = b;
          while (we < p->e && a->t[we] != ' ') we++;
          says_kind = vb_qword_find(vb_qt_org_words, vb_qt_org_words_count, (const char *)a->t + b,
                                    we - b) != NULL;
        }
        if (p->org && !says_kind && p->mentioned && p->last <= at &&
            a->tok[p->last].para + 3 >= a->tok[s].para &&
            (hit == SIZE_MAX || p->last > a->pp[hit].last))
          hit = pi;
      }
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
  return tok_in(a, i, vb_qt_prepositions, vb_qt_prepositions_count);
}

/* One comma-free segment: the name nearest its end ("…, X said", "said
 * Channel 7 meteorologist Brianna Holt"), else a pronoun, else a short noun
 * phrase. A name after "of"/"at" modifies an earlier one ("Brendan Kirwan of
 * Tollgate Securities"). */
subject vb_qs_parse_seg(actx *a, size_t s, size_t e, size_t at) {
  subject r = {SUBJ_NONE, SIZE_MAX, 0, 0};
  while (s < e && a->tok[s].kind != TK_WORD) s++;
  while (e > s && a->tok[e - 1].kind != TK_WORD) e--;
  if (s >= e) return r;
  if (e - s == 1 && tok_is(a, s, "i") && a->turn_person != SIZE_MAX) {
    r.kind = SUBJ_PERSON; /* "ILUNGA: … I said to them, “…”" */
    r.person = a->turn_person;
    r.ms = a->tok[s].s;
    r.me = a->tok[s].e;
    return r;
  }
  if (is_first_or_second_person(a, e - 1)) {
    r.kind = SUBJ_UNNAMED;
    return r;
  }
  uint8_t g;
  /* "“…,” the statement said": a statement, release or letter speaks for
   * whoever last spoke (the one who "said in a statement"), as "it" speaks
   * for the organisation named last */
  bool statement = e - s == 2 && (tok_is(a, s, "the") || tok_is(a, s, "its")) &&
                   (tok_is(a, s + 1, "statement") || tok_is(a, s + 1, "release") ||
                    tok_is(a, s + 1, "letter") || tok_is(a, s + 1, "filing"));
  if (e - s == 1 && tok_is(a, s, "it")) {
    /* "Ellen's letter tells a different story. “…,” it begins": a document
     * named with its author's possessive just before speaks for the author */
    static const char *const doc[] = {"letter", "note", "diary", "message", "email",
                                      "post",   "statement", "will", "memo", "tweet"};
    size_t from = s; /* past the quote the cue belongs to */
    while (from > 0 && a->tok[from - 1].kind != TK_WORD) from--;
    for (size_t k = from; k-- > 1 && from - k < 40 && a->tok[k].para + 1 >= a->tok[s].para;) {
      if (a->tok[k].kind == TK_QUOTE) break;
      bool is_doc = false;
      for (size_t d = 0; d < sizeof doc / sizeof doc[0] && !is_doc; d++) is_doc = tok_is(a, k, doc[d]);
      if (!is_doc || !vb_qs_word_cap_possessive(a, k - 1)) continue;
      size_t rs = k - 1;
      while (rs > 0 && vb_qs_word_cap_name(a, rs - 1) && !vb_qs_word_cap_possessive(a, rs - 1)) rs--;
      subject o = vb_qs_person_subject(a, rs, k, at);
      if (o.kind == SUBJ_PERSON) {
        o.ms = a->tok[s].s;
        o.me = a->tok[s].e;
        return o;
      }
      break;
    }
  }
  if ((e - s == 1 && tok_is(a, s, "it")) || statement) {
    /* "It said the cap was under review": the organisation named last */
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < a->npp; i++)
      if ((statement ? a->pp[i].spoke : a->pp[i].org) && a->pp[i].mentioned && a->pp[i].last <= at &&
          (best == SIZE_MAX || a->pp[i].last > a->pp[best].last))
        best = i;
    r.ms = a->tok[s].s;
    r.me = a->tok[s].e;
    if (best != SIZE_MAX && a->tok[a->pp[best].last].para + 1 >= a->tok[s].para) {
      r.kind = SUBJ_PERSON;
      r.person = best;
    } else {
      r.kind = SUBJ_UNNAMED;
    }
    return r;
  }
  if (vb_qs_is_pronoun(a, e - 1, &g)) return parse_np(a, e - 1, e, at);
  /* "The Vell Alliance's regional office said": an organisation's office
   * speaks for the organisation, "the senator's office" for the senator
   * (a spokesperson stays unnamed) */
  if (tok_is(a, e - 1, "office") || tok_is(a, e - 1, "offices")) {
    size_t k = e - 1;
    while (k > s && a->tok[k - 1].kind == TK_WORD && !a->tok[k - 1].cap) k--;
    if (k > s && k - s <= 6 && vb_qs_word_cap_possessive(a, k - 1)) {
      size_t rs = k - 1;
      while (rs > s && vb_qs_word_cap_name(a, rs - 1) && !vb_qs_word_cap_possessive(a, rs - 1)) rs--;
      subject o = vb_qs_person_subject(a, rs, k, at);
      if (o.kind == SUBJ_PERSON) return o;
    }
  }
  /* "Ruth Nandakumar of the county's fraud unit", "Jo Park from the
   * union": a name followed by a prepositional phrase heads the segment */
  for (size_t k = s + 1; k + 1 < e; k++) {
    if (!(tok_is(a, k, "of") || tok_is(a, k, "from") || tok_is(a, k, "at") || tok_is(a, k, "for")))
      continue;
    if (vb_qs_word_cap_name(a, k - 1) && !a->tok[e - 1].cap) {
      subject h = vb_qs_parse_seg(a, s, k, at);
      if (h.kind == SUBJ_PERSON) return h;
    }
    break;
  }
  bool indef = tok_in(a, s, vb_qt_indefinites, vb_qt_indefinites_count);
  size_t w = e;
  while (w > s && vb_qs_word_cap_name(a, w - 1)) {
    size_t re = w;
    size_t rs = re - 1;
    while (rs > s && (vb_qs_word_cap_name(a, rs - 1) ||
                      (rs - 1 > s && (is_connector(a, rs - 1) || tok_is(a, rs - 1, "and") ||
                                      tok_punct(a, rs - 1, '&')) &&
                       vb_qs_word_cap_name(a, rs - 2))))
      rs--;
    /* the last run as name_run draws them ("Kirwan of Tollgate" is two) */
    size_t last = rs;
    for (size_t k = rs; k < re;) {
      size_t f = vb_qs_name_run(a, k, re);
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
      if (pre - 1 > s && vb_qs_word_cap_name(a, pre - 2)) {
        w = pre - 1; /* "Brendan Kirwan of Tollgate Securities" */
        continue;
      }
      r.kind = SUBJ_UNNAMED; /* "an officer in the town of Kalnik" */
      return r;
    }
    if (indef && rs == s + 1) break; /* "a Tory MP", "a Rovers fan" */
    if (indef) {
      /* "a spokesman for the charity Wheelsafe": the name is not the speaker */
      bool prep = false;
      for (size_t k = s + 1; k < rs && !prep; k++) prep = is_prep(a, k);
      if (prep) {
        r.kind = SUBJ_UNNAMED;
        r.ms = a->tok[s].s;
        r.me = a->tok[e - 1].e;
        return r;
      }
    }
    subject p = vb_qs_person_subject(a, rs, re, at);
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
subject vb_qs_parse_subject(actx *a, size_t s, size_t e, bool near_end, size_t at) {
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
  subject r = vb_qs_parse_seg(a, seg_s[first], seg_e[first], at);
  if (r.kind == SUBJ_PERSON && nseg >= 2 && !vb_qs_word_cap_name(a, seg_s[first])) {
    /* "Ada Brill, the mayor, said": the name is the mention, not the role */
    size_t other = near_end ? nseg - 2 : 1;
    subject o = vb_qs_parse_seg(a, seg_s[other], seg_e[other], at);
    if (o.kind == SUBJ_PERSON && o.person == r.person) return o;
    /* "le directeur du festival, Paul Aven", "the charity's chair, Jo
     * Lund": a role of an organisation in apposition to a person's name is
     * that person, not the organisation */
    if (a->pp[r.person].org && o.kind == SUBJ_PERSON && !a->pp[o.person].org &&
        vb_qs_word_cap_name(a, seg_s[other]) && o.ms == a->tok[seg_s[other]].s)
      return o;
  }
  if (r.kind == SUBJ_PERSON) return r;
  /* a role or description next to the verb: the name may stand one
   * segment further, as the whole of that segment ("Lund, a former bus
   * driver, said"; "said the mayor, Jane Doe") */
  if (nseg >= 2 && !(r.kind == SUBJ_UNNAMED && r.me > r.ms && r.me - r.ms <= 4 &&
                     vb_qs_is_pronoun(a, seg_s[first], &(uint8_t){0}))) {
    size_t other = near_end ? nseg - 2 : 1;
    size_t k = seg_s[other];
    while (k < seg_e[other] && a->tok[k].kind != TK_WORD) k++;
    subject o = vb_qs_parse_seg(a, seg_s[other], seg_e[other], at);
    if (o.kind == SUBJ_PERSON) {
      size_t name_first = k + vb_qs_title_at(a, k, seg_e[other], NULL);
      if (tok_is(a, k, "the")) name_first = k + 1 + vb_qs_title_at(a, k + 1, seg_e[other], NULL);
      bool whole = o.ms <= a->tok[name_first < seg_e[other] ? name_first : k].s ||
                   o.ms == a->tok[k].s;
      if (whole) return o;
    }
  }
  return r;
}
