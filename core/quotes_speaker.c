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
 * document), a pronoun (the latest sentence subject of a compatible gender,
 * unless a name in the pronoun's own sentence binds it), or an unnamed
 * source (a spokesperson, one resident), which gives no speaker. Layouts
 * have their own rules: transcript labels (NAME:, A:), untagged turns of a
 * two-person dialogue, a dash signing a pull quote, and a headline quote in
 * the first person that belongs to the one person the headline names.
 */
#include "quotes_speaker.h"

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

/* Words between a subject and its verb that are not part of the subject
 * (data/subject_fillers.txt): auxiliaries, adverbs, times and catenatives
 * ("she would later say", "Smith on Tuesday said", "she likes to say").
 * Returns the new end of the subject. */
static size_t strip_aux(const actx *a, size_t lo, size_t se) {
  while (se > lo) {
    uint8_t g;
    bool hit = tok_in(a, se - 1, vb_qt_subject_fillers, vb_qt_subject_fillers_count);
    if (!hit && a->tok[se - 1].kind == TK_WORD && vb_qs_is_not_name(a, se - 1) &&
        a->tok[se - 1].cap && !vb_qs_is_pronoun(a, se - 1, &g) && !tok_is(a, se - 1, "i") &&
        !tok_is(a, se - 1, "we") && !tok_is(a, se - 1, "it") && !tok_is(a, se - 1, "they"))
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

/* "in Jo Park's words", "in the words of Jo Park": the attribution of the
 * quote that follows. Returns the source's token span in [*ns, *ne). */
static bool in_words_of(const actx *a, size_t v, size_t e, size_t *ns, size_t *ne) {
  if (!tok_is(a, v, "words") || v < 2) return false;
  if (vb_qs_word_cap_possessive(a, v - 1)) {
    size_t rs = v - 1;
    while (rs > 0 && vb_qs_word_cap_name(a, rs - 1) && !vb_qs_word_cap_possessive(a, rs - 1)) rs--;
    if (rs == 0 || !tok_is(a, rs - 1, "in")) return false;
    *ns = rs;
    *ne = v;
    return true;
  }
  if (tok_is(a, v - 1, "the") && tok_is(a, v - 2, "in") && tok_is(a, v + 1, "of") && v + 2 < e &&
      a->tok[v + 2].cap) {
    size_t k = v + 2;
    while (k < e && a->tok[k].kind == TK_WORD) k++;
    *ns = v + 2;
    *ne = k;
    return true;
  }
  return false;
}

/* The subject after an inverted verb or a passive "by": "said the mayor,
 * Jane Doe", "was described by Fairweather as". */
static subject after_verb(actx *a, size_t from, size_t e, size_t at) {
  size_t ne = from + vb_qs_title_at(a, from, e, NULL); /* "Secretary of State" is one unit */
  while (ne < e && !np_stop(a, ne)) ne++;
  subject r = vb_qs_parse_subject(a, from, ne, false, at);
  if (r.kind != SUBJ_PERSON && ne > from && ne < e) {
    /* "said one of the organisers, Jane Doe": the name closing the
     * sentence after a comma is the unnamed phrase's apposition */
    size_t c = ne;
    while (c < e && !tok_punct(a, c, ',') && a->tok[c].kind != TK_QUOTE &&
           !vb_qs_is_speech_verb(a, c))
      c++;
    if (c + 1 < e && tok_punct(a, c, ',') && vb_qs_word_cap_name(a, c + 1)) {
      size_t nr = vb_qs_name_run(a, c + 1, e);
      if (nr - (c + 1) >= 2 && (nr == e || tok_punct(a, nr, ','))) {
        subject o = vb_qs_parse_seg(a, c + 1, nr, at);
        if (o.kind == SUBJ_PERSON) return o;
      }
    }
  }
  return r;
}

/* The cue in tokens [s, e) after a quote: "…," X said / said X. */
static cue tail_cue(actx *a, size_t s, size_t e) {
  cue c = {{SUBJ_NONE, SIZE_MAX, 0, 0}, 0, 0, false};
  bool question = s > 0 && a->tok[s - 1].kind == TK_QUOTE && s <= a->ntok &&
                  vb_q_cp_before(a->t, a->ex->quotes[a->tok[s - 1].quote].end, &(size_t){0}) == '?';
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
      return make_cue(a, v, vb_qs_parse_subject(a, src, ne, false, v));
    }
    if (!vb_qs_is_speech_verb(a, v)) continue;
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
      return make_cue(a, v, vb_qs_parse_subject(a, lead, se, true, v));
    }
    /* "‘For the vicar?’ asked Hettie Ball": right after a question, asked
     * inverts like said */
    if (!verb_inverts(a, v) && !(question && (tok_is(a, v, "asked") || tok_is(a, v, "asks"))))
      break;
    return make_cue(a, v, after_verb(a, v + 1, e, v));
  }
  return c;
}

/* The subject that opens the sentence [s, e), when it is a named person:
 * "Yusuf Samir walked along the row. “My grandfather planted these.”" */
static cue opening_subject_org(actx *a, size_t s, size_t e, bool allow_org);

static cue opening_subject(actx *a, size_t s, size_t e) {
  return opening_subject_org(a, s, e, false);
}

static cue opening_subject_org(actx *a, size_t s, size_t e, bool allow_org) {
  cue c = {{SUBJ_NONE, SIZE_MAX, 0, 0}, 0, 0, false};
  /* "02:16 Adeyinka, speaking from the stage: …": a live blog's time stamp */
  while (s < e && (a->tok[s].kind != TK_WORD || vb_q_is_digit(a->t[a->tok[s].s]))) s++;
  if (allow_org && s + 1 < e && tok_is(a, s, "the")) s++; /* "The ministry issued…" */
  if (s >= e) return c;
  size_t rs = s + vb_qs_title_at(a, s, e, NULL);
  size_t re = rs < e ? vb_qs_name_run(a, rs, e) : rs;
  /* "Year 10 pupil Amira Haddad was…": a description ending in a role */
  for (size_t j = s + 1; re - rs < 2 && j < s + 5 && j < e && a->tok[j - 1].kind == TK_WORD &&
                         !vb_qs_is_speech_verb(a, j - 1);
       j++) {
    size_t m = vb_qs_title_at(a, j, e, NULL);
    if (m == 0 || j + m >= e) continue;
    size_t r2 = vb_qs_name_run(a, j + m, e);
    if (r2 - (j + m) >= 2) {
      rs = j + m;
      re = r2;
    }
  }
  if (re == rs || (re < e && a->tok[re].kind == TK_WORD && vb_qs_word_cap_possessive(a, re - 1)))
    return c;
  if (re < e && !(a->tok[re].kind == TK_WORD && !a->tok[re].cap) && !tok_punct(a, re, ','))
    return c;
  /* a lone capitalised word opening a sentence is a name only if the
   * document names that person elsewhere ("Fans were quick to react: …") */
  size_t ns, ne;
  if (!vb_qs_name_core(a, rs, re, &ns, &ne, NULL)) return c;
  if (ne - ns == 1 && vb_qs_find_person(a, ns, ne) == SIZE_MAX) return c;
  subject p = vb_qs_person_subject(a, s, re, re);
  if (p.kind != SUBJ_PERSON || (a->pp[p.person].org && !allow_org)) return c;
  c.subj = p;
  c.cs = c.ce = VB_QUOTE_NONE;
  c.found = true;
  return c;
}

/* The pronoun subject at token i of a clause whose verb is at v. */
static subject parse_np_pronoun(actx *a, size_t i, size_t v) {
  return vb_qs_parse_seg(a, i, i + 1, v);
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
      /* "according to the mayor of Kell, Jane Doe, the plan…": the name in
       * apposition belongs to the source */
      if (ne + 1 < e && tok_punct(a, ne, ',') && a->tok[ne + 1].kind == TK_WORD &&
          vb_qs_word_cap_name(a, ne + 1) && !vb_qs_is_not_name(a, ne + 1)) {
        size_t ae = ne + 1;
        while (ae < e && a->tok[ae].kind == TK_WORD) ae++;
        if (ae < e && tok_punct(a, ae, ',')) ne = ae;
      }
      return make_cue(a, v, vb_qs_parse_subject(a, src, ne, false, v));
    }
    size_t ws, we;
    if (in_words_of(a, v, e, &ws, &we)) {
      subject sj = tok_is(a, v - 1, "the") ? vb_qs_parse_seg(a, ws, we, v)
                                            : vb_qs_person_subject(a, ws, we, v);
      if (sj.kind == SUBJ_PERSON) return make_cue(a, v, sj);
    }
    if (!vb_qs_is_speech_verb(a, v)) continue;
    if (tok_is(a, v + 1, "by") && v + 2 < e && a->tok[v + 2].cap)
      return make_cue(a, v, after_verb(a, v + 2, e, v));
    /* "The actress is said to be “heartbroken”": the passive of hearsay
     * names no one who said it */
    if (v > s && tok_is(a, v, "said") && tok_is(a, v + 1, "to") &&
        (tok_is(a, v - 1, "is") || tok_is(a, v - 1, "are") || tok_is(a, v - 1, "was") ||
         tok_is(a, v - 1, "were") || tok_is(a, v - 1, "been") || tok_is(a, v - 1, "being"))) {
      subject un = {SUBJ_UNNAMED, SIZE_MAX, a->tok[v].s, a->tok[v].e};
      return make_cue(a, v, un);
    }
    {
      const qtok *vk = &a->tok[v];
      if (vk->e - vk->s > 4 && memcmp(a->t + vk->e - 3, "ing", 3) == 0) {
        /* "…, insisting he's “…”": the main clause's subject speaks */
        size_t st = v;
        while (st > s && !(a->tok[st - 1].kind == TK_PUNCT &&
                           vb_qs_is_sentence_punct((int32_t)a->t[a->tok[st - 1].s])))
          st--;
        /* "The ministry issued a statement accusing Russia of “…”" */
        cue oc = opening_subject_org(a, st, v, true);
        uint8_t g;
        while (st < v && a->tok[st].kind != TK_WORD) st++;
        if (!oc.found && st + 1 < v && vb_qs_is_pronoun(a, st, &g)) {
          /* "He was heard saying “…”", "she was quoted as saying" */
          subject sj = parse_np_pronoun(a, st, v);
          if (sj.kind == SUBJ_PERSON) oc = make_cue(a, v, sj);
        }
        if (oc.found) {
          oc.cs = vk->s;
          oc.ce = vk->e;
          return oc;
        }
        continue;
      }
    }
    /* "Auf Englisch fügte sie hinzu: „…“", "Dann sagte er:": a verb-second
     * clause puts its subject pronoun right after the verb */
    if (v + 1 < a->ntok && a->tok[v + 1].para == a->tok[v].para &&
        (tok_is(a, v + 1, "sie") || tok_is(a, v + 1, "er") || tok_is(a, v + 1, "il") ||
         tok_is(a, v + 1, "elle") || tok_is(a, v + 1, "he") || tok_is(a, v + 1, "she")) &&
        v > s && a->tok[v - 1].kind == TK_WORD && !tok_is(a, v - 1, "and") &&
        !tok_is(a, v - 1, "und") && !tok_is(a, v - 1, "et")) {
      subject sj = vb_qs_parse_seg(a, v + 1, v + 2, v);
      if (sj.kind != SUBJ_NONE) return make_cue(a, v, sj);
    }
    /* "Wie dramatisch die Lage ist, schilderte Bürgermeisterin Oona Castell
     * den Delegationen:": after a fronted clause the named subject follows */
    if (v > s && tok_punct(a, v - 1, ',') && verb_inverts(a, v) && v + 1 < e &&
        a->tok[v + 1].kind == TK_WORD && a->tok[v + 1].cap) {
      size_t ns = v + 1 + vb_qs_title_at(a, v + 1, e, NULL);
      size_t ne = ns < e ? vb_qs_name_run(a, ns, e) : ns;
      if (ne - ns >= 2) {
        subject sj = vb_qs_parse_seg(a, v + 1, ne, v);
        if (sj.kind == SUBJ_PERSON) return make_cue(a, v, sj);
      }
    }
    /* subject: the clause before the verb */
    size_t ss = v;
    while (ss > s && a->tok[ss - 1].kind != TK_QUOTE &&
           !(a->tok[ss - 1].kind == TK_PUNCT &&
             (vb_qs_is_sentence_punct((int32_t)a->t[a->tok[ss - 1].s]) || tok_punct(a, ss - 1, ':') ||
              tok_punct(a, ss - 1, ';'))))
      ss--;
    /* "in what the judge called “…”": the relative clause has its own subject */
    for (size_t k = v; k-- > ss;)
      if (tok_is(a, k, "what")) {
        ss = k + 1;
        break;
      }
    /* "„…“, sagte X, „…“": the comma after the closer is no subject */
    while (ss < v && a->tok[ss].kind == TK_PUNCT && ss > s && a->tok[ss - 1].kind == TK_QUOTE) ss++;
    size_t se = strip_aux(a, ss, v);
    /* "The Port Authority said in a statement that … and called the
     * walkout “…”", "Corvel said it … but confirmed “…”": a verb
     * coordinated with the sentence's first predicate shares its subject */
    bool coord = false;
    for (size_t k = se > ss ? se - 1 : ss; k < v && !coord; k++)
      coord = tok_is(a, k, "and") || tok_is(a, k, "but");
    if (coord) {
      size_t st = s;
      while (st < v && a->tok[st].kind != TK_WORD) st++;
      uint8_t g;
      cue oc = opening_subject_org(a, st, v, true);
      /* "In an interview last year, Jo Park said …": past a fronted
       * adverbial and its comma */
      for (size_t k = st; !oc.found && k + 1 < v && a->tok[k].kind != TK_QUOTE; k++)
        if (tok_punct(a, k, ',')) {
          st = k + 1;
          oc = opening_subject_org(a, st, v, true);
          break;
        }
      if (!oc.found && st < v && vb_qs_is_pronoun(a, st, &g) && g != 3) {
        subject sj = parse_np_pronoun(a, st, v);
        if (sj.kind == SUBJ_PERSON) oc = make_cue(a, v, sj);
      }
      if (oc.found) {
        oc.cs = a->tok[v].s;
        oc.ce = a->tok[v].e;
        return oc;
      }
    }
    /* "the Halcyon Trust, which said in a statement that it was “…”": a
     * relative clause's subject is the name before it */
    if (se > ss && (tok_is(a, se - 1, "which") || tok_is(a, se - 1, "who")) && se - 1 > s &&
        tok_punct(a, se - 2, ',')) {
      size_t ne = se - 2, rs = ne;
      while (rs > s && a->tok[rs - 1].kind == TK_WORD && a->tok[rs - 1].cap) rs--;
      if (rs < ne) {
        subject sj = vb_qs_parse_seg(a, rs, ne, v);
        if (sj.kind == SUBJ_PERSON) return make_cue(a, v, sj);
      }
    }
    if (se == ss && v + 1 < e && verb_inverts(a, v))
      return make_cue(a, v, after_verb(a, v + 1, e, v)); /* "Said the mayor: “…”" */
    return make_cue(a, v, vb_qs_parse_subject(a, ss, se, true, v));
  }
  return c;
}

/* ---- Japanese: 名前さんは「…」と話した ---------------------------------- */

static bool bytes_end_with(const uint8_t *t, size_t s, size_t e, const char *w) {
  size_t n = strlen(w);
  return e - s >= n && memcmp(t + e - n, w, n) == 0;
}

/* The topic before a 「…」 quote in its sentence: the text before the last
 * は, without an age in brackets, an honorific (さん, 氏) or a role (教諭),
 * after the last の/、/space. Returns a person index, or SIZE_MAX; when the
 * topic is only a role, ms and me still get its span. */
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
  /* "佐藤美咲さん（18）は": an age in brackets after the name */
  {
    size_t st;
    int32_t c = vb_q_cp_before(t, e, &st);
    if (c == 0xFF09 || c == ')') {
      for (size_t i = st; i > lo && st - i < 40;) {
        size_t st2;
        int32_t d = vb_q_cp_before(t, i, &st2);
        if (d == 0xFF08 || d == '(') {
          e = st2;
          break;
        }
        i = st2;
      }
    }
  }
  static const char *const hon[] = {"\xE3\x81\x95\xE3\x82\x93", "\xE6\xB0\x8F",
                                    "\xE3\x81\x8F\xE3\x82\x93", "\xE6\xA7\x98",
                                    "\xE3\x81\xA1\xE3\x82\x83\xE3\x82\x93"};
  bool honorific = false;
  for (size_t k = 0; k < sizeof hon / sizeof hon[0] && !honorific; k++)
    if (bytes_end_with(t, lo, e, hon[k])) {
      e -= strlen(hon[k]);
      honorific = true;
    }
  /* "田中誠教諭", "男性": a role after the name, or instead of one */
  size_t role = 0;
  for (size_t k = 0; k < vb_qt_ja_roles_count && !honorific; k++) {
    const vb_qword *r = &vb_qt_ja_roles[k];
    if (r->len > role && e - lo >= r->len && memcmp(t + e - r->len, r->s, r->len) == 0)
      role = r->len;
  }
  e -= role;
  size_t s = e;
  while (s > lo) {
    size_t st;
    int32_t c = vb_q_cp_before(t, s, &st);
    if (c == 0x306E || c == 0x3001 || c == 0x3002 || vb_q_is_space(c) || c == 0xFF09 ||
        c == ')' || c == 0x300D || c == 0x3067 || c == 0x306B || c == 0x304C || c == 0x3092)
      break; /* の 、 。 ）」 で に が を */
    s = st;
  }
  bool known = false;
  if (role && e - s <= 6) /* "審査委員長": a modifier and a role */
    for (size_t i = 0; i < a->npp && !known; i++)
      known = a->pp[i].e - a->pp[i].s == e - s && memcmp(t + a->pp[i].s, t + s, e - s) == 0;
  if (role && (s >= e || (e - s <= 6 && !known))) {
    *ms = s; /* a role names nobody: the caller gives no speaker */
    *me = e + role;
    return SIZE_MAX;
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
static bool is_dash(const actx *a, size_t i);

/* An unnamed source in the plural ("regulars call it", "residents said")
 * is no antecedent for he or she, so it does not shadow a named one. */
static bool plural_mention(const actx *a, size_t ms, size_t me) {
  if (me > ms && !memchr(a->t + ms, ' ', me - ms) &&
      vb_qword_find(vb_qt_group_nouns, vb_qt_group_nouns_count, (const char *)a->t + ms, me - ms))
    return true; /* "police" */
  if (me - ms < 3 || a->t[me - 1] != 's' || a->t[me - 2] == 's' || a->t[me - 2] == '\'') return false;
  static const char *const sing[] = {"a ", "an ", "one ", "A ", "An ", "One "};
  for (size_t k = 0; k < sizeof sing / sizeof sing[0]; k++) {
    size_t n = strlen(sing[k]);
    if (me - ms > n && memcmp(a->t + ms, sing[k], n) == 0) return false;
  }
  return true;
}

/* Reported speech without quotes still moves the focus: "A volunteer said
 * about 300 people had checked in. “…,” she said" has no named antecedent. */
static void note_cue_subject(actx *a, size_t v, size_t para_first) {
  size_t ss = sentence_start(a, v, para_first);
  cue c = head_cue(a, ss, v + 1);
  if (!c.found || c.ce != a->tok[v].e) return;
  if (c.subj.kind != SUBJ_NONE && c.subj.ms < a->tok[v].s) a->sent_named = true;
  /* "A neighbour asked him to fix it": the object pronoun names the person
   * in focus again, who stays the antecedent of the next he or she */
  bool object_focus = tok_is(a, v + 1, "him") || tok_is(a, v + 1, "her");
  if (c.subj.kind == SUBJ_UNNAMED && c.subj.me > c.subj.ms && !object_focus &&
      !plural_mention(a, c.subj.ms, c.subj.me))
    a->last_unnamed = v + 1;
  if (c.subj.kind == SUBJ_PERSON && c.subj.person != SIZE_MAX) {
    a->pp[c.subj.person].mentioned = true;
    a->pp[c.subj.person].spoke = true;
    a->pp[c.subj.person].last = v;
    a->pp[c.subj.person].subj_last = v + 1;
  }
}

/* "Senator Maria Ruiz threw her weight behind…": the first his/her/he/she
 * in the sentence a person opens, before any other name, tells the
 * person's gender (0 when there is none). */
static uint8_t sentence_gender(const actx *a, size_t i, size_t to) {
  for (; i < to; i++) {
    const qtok *k = &a->tok[i];
    if (k->kind == TK_QUOTE) return 0;
    if (k->kind == TK_PUNCT && vb_qs_is_sentence_punct((int32_t)a->t[k->s])) return 0;
    if (tok_punct(a, i, ',') || tok_is(a, i, "that") || vb_qs_is_speech_verb(a, i)) return 0;
    /* "Carys Lowe — his niece —": an apposition between dashes or in
     * brackets relates the person to someone else */
    if (is_dash(a, i) || tok_punct(a, i, '(')) return 0;
    if (k->kind != TK_WORD) continue;
    if (tok_is(a, i, "his") || tok_is(a, i, "him") || tok_is(a, i, "he") || tok_is(a, i, "himself"))
      return 1;
    if (tok_is(a, i, "her") || tok_is(a, i, "she") || tok_is(a, i, "herself")) return 2;
    if (k->cap && !vb_qs_is_not_name(a, i)) return 0;
  }
  return 0;
}

static void mark_mentions(actx *a, size_t from, size_t to, size_t para_first) {
  for (size_t i = from; i < to && !a->oom;) {
    if (a->tok[i].sent_start || a->tok[i].kind == TK_QUOTE) a->sent_named = false;
    if (vb_qs_is_speech_verb(a, i)) note_cue_subject(a, i, para_first);
    uint8_t g;
    if (a->tok[i].sent_start && !a->sent_named && vb_qs_is_pronoun(a, i, &g) && g != 3) {
      /* "She is 19 and …": a pronoun opening a sentence keeps its person
       * the subject */
      a->sent_named = true;
      (void)vb_qs_resolve_pronoun(a, g, i);
      i++;
      continue;
    }
    if (a->tok[i].kind != TK_WORD || !a->tok[i].cap) {
      i++;
      continue;
    }
    size_t s = i + vb_qs_title_at(a, i, to, NULL);
    while (s < to && a->tok[s].kind == TK_WORD && vb_qs_is_not_name(a, s)) s++;
    size_t e = s < to ? vb_qs_name_run(a, s, to) : s;
    if (e > s) {
      size_t ns = s, ne = e;
      if (!vb_qs_name_core(a, s, e, &ns, &ne, NULL)) ns = s, ne = e;
      size_t p = vb_qs_find_person(a, ns, ne);
      if (p != SIZE_MAX && (!a->pp[p].org || vb_qs_tok_end(a, ne - 1) - a->tok[ns].s ==
                                                 a->pp[p].e - a->pp[p].s)) {
        a->pp[p].mentioned = true;
        a->pp[p].last = i;
        /* the first name of a sentence, not after a preposition, is its
         * subject, unless a role follows ("Bramley boss Gary Whitlow") */
        /* ", and Lavrov dismissed them": a coordinated clause has its own subject */
        bool clause = i > para_first + 1 && (tok_is(a, i - 1, "and") || tok_is(a, i - 1, "but")) &&
                      (tok_punct(a, i - 2, ',') || a->tok[i - 2].kind == TK_QUOTE);
        bool first = (!a->sent_named || clause) &&
                     !(i > para_first && a->tok[i - 1].kind == TK_WORD &&
                       tok_in(a, i - 1, vb_qt_prepositions, vb_qt_prepositions_count));
        if (first && vb_qs_title_at(a, e, to, NULL) == 0 && !vb_qs_word_cap_possessive(a, e - 1)) {
          a->sent_named = true;
          a->pp[p].subj_last = i + 1;
          if (!a->pp[p].gender && !a->pp[p].org) a->pp[p].gender = sentence_gender(a, e, to);
        }
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
    if (k->kind == TK_PUNCT && vb_qs_is_sentence_punct((int32_t)a->t[k->s])) break;
    if (k->kind == TK_QUOTE && vb_qs_quote_ends_sentence(a, &a->ex->quotes[k->quote]) &&
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
    if (k->kind == TK_PUNCT && (vb_qs_is_sentence_punct((int32_t)a->t[k->s]) || a->t[k->s] == ';'))
      break;
    if (k->kind == TK_QUOTE) break;
    i++;
  }
  return i;
}

/* A sentence [s, e) pointing back at the quote before it and naming who
 * said it: "That is how Dr Jane Doe describes it." (its own speech verb)
 * or "That was the verdict of the mayor, Jane Doe." / "Those were the
 * words of X" (the name after "of"). Found only for a named person. */
static cue back_reference_cue(actx *a, size_t s, size_t e) {
  cue none = {{SUBJ_NONE, SIZE_MAX, 0, 0}, 0, 0, false};
  if (s >= e || !a->tok[s].cap || !tok_in(a, s, vb_qt_back_references, vb_qt_back_references_count))
    return none;
  cue bc = head_cue(a, s, e);
  if (bc.found && bc.subj.kind == SUBJ_PERSON) return bc;
  for (size_t k = s + 1; k < e && k <= s + 5; k++)
    if (tok_is(a, k, "of")) {
      subject sj = after_verb(a, k + 1, e, k);
      if (sj.kind != SUBJ_PERSON) break;
      cue c = {sj, VB_QUOTE_NONE, VB_QUOTE_NONE, true};
      return c;
    }
  return none;
}

static bool is_dash(const actx *a, size_t i) {
  const qtok *k = &a->tok[i];
  if (k->kind != TK_PUNCT) return false;
  size_t len;
  int32_t c = vb_q_cp_at(a->t, k->e, k->s, &len);
  return c == '-' || c == 0x2013 || c == 0x2014 || c == 0x2015;
}

static void attribute_quote(actx *a, size_t ti, size_t pfirst, size_t pend, cue *para_colon,
                            size_t *prev_para_speaker_q) {
  size_t qi = a->tok[ti].quote;
  vb_quote *q = &a->ex->quotes[qi];
  /* tail: up to the sentence end */
  size_t te = sentence_end(a, ti + 1, pend);
  bool ends = vb_qs_quote_ends_sentence(a, q);
  cue c = {{SUBJ_NONE, SIZE_MAX, 0, 0}, 0, 0, false};
  bool tail_starts_lower = ti + 1 < te && a->tok[ti + 1].kind == TK_WORD && !a->tok[ti + 1].cap;
  bool tail_ok = !ends || tail_starts_lower || (ti + 1 < te && a->tok[ti + 1].kind == TK_WORD);
  size_t hs0 = sentence_start(a, ti, pfirst);
  /* "“Rivers outlast governments.” – Foreign Minister Halina Brezak": a
   * dash and a name closing the paragraph sign the quote */
  if (ti + 2 < a->ntok && a->tok[ti + 1].para == a->tok[ti].para && is_dash(a, ti + 1)) {
    size_t ne = ti + 2;
    while (ne < pend && a->tok[ne].kind == TK_WORD) ne++;
    if (ne > ti + 2 && (ne == pend || tok_punct(a, ne, ',')) && a->tok[ti + 2].cap) {
      subject sj = vb_qs_parse_seg(a, ti + 2, ne, ti + 1);
      if (sj.kind == SUBJ_PERSON) {
        cue dc = {sj, VB_QUOTE_NONE, VB_QUOTE_NONE, true};
        set_speaker(a, qi, &dc);
        return;
      }
    }
  }
  /* A fragment is attributed by its own sentence's verb ("X called it
   * “…”"); a full quote by the cue after it first ("“…,” X said"). */
  /* "the so-called “waterproof” jacket": a scare quote, nobody's speech */
  if (q->kind == VB_QUOTE_FRAGMENT && ti > pfirst &&
      tok_in(a, ti - 1, vb_qt_scare_words, vb_qt_scare_words_count))
    return;
  if (q->kind == VB_QUOTE_FRAGMENT && hs0 < ti) c = head_cue(a, hs0, ti);
  /* "I said to them, “…” Nobody argued.": a quote ending its sentence
   * after an introducing clause belongs to that clause, not to the next
   * sentence's verb */
  bool next_sentence = ends && ti + 1 < te && a->tok[ti + 1].kind == TK_WORD && a->tok[ti + 1].cap;
  if (!c.found && next_sentence && hs0 < ti) {
    cue hc = head_cue(a, hs0, ti);
    if (hc.found && hc.subj.kind != SUBJ_NONE) c = hc;
  }
  if (!c.found && tail_ok) c = tail_cue(a, ti + 1, te);
  if (c.found && ends && c.subj.kind == SUBJ_NONE) c.found = false;
  if (!c.found && hs0 < ti) c = head_cue(a, hs0, ti);
  /* The quote continues the cue of the quote before it in the sentence. */
  if (!c.found && ti > pfirst) {
    size_t k = ti;
    while (k > hs0 && a->tok[k - 1].kind != TK_QUOTE &&
           !(a->tok[k - 1].kind == TK_PUNCT && vb_qs_is_sentence_punct((int32_t)a->t[a->tok[k - 1].s])))
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
    size_t ms = SIZE_MAX, me = SIZE_MAX;
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
    if (ms != SIZE_MAX) { /* "七十代の男性は「…」": a role, nobody named */
      q->mention_start = ms;
      q->mention_end = me;
      a->ex->extra[qi].own_cue = true;
      return;
    }
  }
  /* "Ambrose was blunt: “…”": a colon introduces the sentence's subject */
  if (!c.found && ti > pfirst && tok_punct(a, ti - 1, ':') && hs0 < ti - 1) {
    size_t rs = ti - 2;
    while (rs > hs0 && vb_qs_word_cap_name(a, rs - 1)) rs--;
    size_t ns = rs, ne = ti - 1;
    bool named = vb_qs_word_cap_name(a, ti - 2) && vb_qs_name_core(a, rs, ti - 1, &ns, &ne, NULL) &&
                 (ne - ns >= 2 || vb_qs_find_person(a, ns, ne) != SIZE_MAX);
    if (named) { /* "10:42 Mayor Jane Doe: “…”", not "Flood: „…“" */
      subject sj = vb_qs_parse_seg(a, hs0, ti - 1, ti - 1);
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
    if (vb_qs_is_pronoun(a, ti + 1, &g) && g != 3) {
      size_t p = vb_qs_resolve_pronoun(a, g, ti + 1);
      if (p != SIZE_MAX) {
        subject sj = {SUBJ_PERSON, p, a->tok[ti + 1].s, a->tok[ti + 1].e};
        cue nc = {sj, VB_QUOTE_NONE, VB_QUOTE_NONE, true};
        set_speaker(a, qi, &nc);
        a->ex->extra[qi].own_cue = false;
        return;
      }
    } else {
      cue bc = back_reference_cue(a, ti + 1, sentence_end(a, ti + 1, pend));
      if (bc.found) {
        set_speaker(a, qi, &bc);
        a->ex->extra[qi].own_cue = false;
        return;
      }
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
    /* "“They knew,” she said. “Everybody knew.”": the quote after a
     * quote's own cue sentence has that quote's speaker, named or not */
    if (a->tok[ps].kind == TK_QUOTE && a->ex->extra[a->tok[ps].quote].own_cue &&
        a->ex->quotes[a->tok[ps].quote].mention_start != VB_QUOTE_NONE) {
      const vb_quote *pq = &a->ex->quotes[a->tok[ps].quote];
      q->speaker_offset = pq->speaker_offset;
      q->speaker_len = pq->speaker_len;
      q->mention_start = pq->mention_start;
      q->mention_end = pq->mention_end;
      q->cue_start = pq->cue_start;
      q->cue_end = pq->cue_end;
      return;
    }
    cue pc = head_cue(a, ps, ti);
    if (!pc.found) pc = opening_subject(a, ps, ti);
    if (pc.found && pc.subj.kind == SUBJ_PERSON) {
      set_speaker(a, qi, &pc);
      a->ex->extra[qi].own_cue = false;
      return;
    }
  }
  if (ti == pfirst) {
    /* An interview: a paragraph of one quote answers the unquoted question
     * before it, in the voice of the person the piece is about (the one
     * named last before the first answer, then the same one). */
    if (a->after_question && te == pend) {
      size_t p = a->qa_person != SIZE_MAX ? a->qa_person : vb_qs_resolve_pronoun(a, 0, ti);
      if (p != SIZE_MAX) {
        a->qa_person = p;
        q->speaker_offset = p;
        q->speaker_len = 1;
        return;
      }
    }
    /* "“…”\n\nThat is how Dr Jane Doe describes it.": the next paragraph
     * opens by pointing back at the quote and names who said it */
    if (te == pend && pend < a->ntok && a->tok[pend].cap &&
        tok_in(a, pend, vb_qt_back_references, vb_qt_back_references_count)) {
      size_t ne = pend;
      while (ne < a->ntok && a->tok[ne].para == a->tok[pend].para) ne++;
      cue bc = back_reference_cue(a, pend, sentence_end(a, pend, ne));
      if (bc.found) {
        set_speaker(a, qi, &bc);
        a->ex->extra[qi].own_cue = false;
        return;
      }
    }
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
      /* Dialogue: an untagged line answers the tagged one before it when
       * that was a question or a reply, when it is a question itself, or
       * when it is one of several short untagged lines in a row. */
      /* a paragraph continuing the previous one's open quote is more of
       * the same speech, never a reply to it */
      size_t other = a->ex->extra[qi].continued ? SIZE_MAX : vb_qs_dialogue_other(a, pq, q, ti, pend);
      if (other != SIZE_MAX) {
        q->speaker_offset = other;
        q->speaker_len = 1;
        a->dialogue = true;
        return;
      }
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
    a->turn_person = vb_qs_turn_label(a, i, pend);
    size_t pos = i;
    for (size_t k = i; k < pend; k++) {
      if (a->tok[k].kind != TK_QUOTE) continue;
      mark_mentions(a, pos, k, i);
      size_t qi = a->tok[k].quote;
      if (!a->ex->paras[para].boilerplate || true) attribute_quote(a, k, i, pend, &colon, &prev_q);
      const vb_quote *sq = &a->ex->quotes[qi];
      if (!sq->speaker_len && sq->mention_start != VB_QUOTE_NONE &&
          !plural_mention(a, sq->mention_start, sq->mention_end))
        a->last_unnamed = k + 1;
      if (a->ex->quotes[qi].speaker_len) {
        last_spoken = qi;
        person *p = &a->pp[a->ex->quotes[qi].speaker_offset];
        /* "“…,” Prescott said, turning with his hands in his pockets": a
         * his/himself/herself in the cue's sentence tells the gender */
        if (!p->gender && !p->org && a->ex->extra[qi].own_cue) {
          size_t se = sentence_end(a, k + 1, pend);
          for (size_t w = k + 1; w < se && !p->gender; w++) {
            if (tok_is(a, w, "his") || tok_is(a, w, "himself")) p->gender = 1;
            if (tok_is(a, w, "herself")) p->gender = 2;
          }
        }
        p->mentioned = true;
        p->spoke = true;
        p->last = k;
        p->subj_last = k + 1;
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
        if (!vb_qs_is_speech_verb(a, v)) continue;
        cue c = head_cue(a, ls, v + 1);
        if (c.found && c.ce == a->tok[v].e && c.subj.kind == SUBJ_PERSON) {
          a->reported = c.subj;
          a->reported_verb = v;
        }
        break;
      }
    }
    a->after_question = !para_has_quote && pend > i && tok_punct(a, pend - 1, '?');
    /* A paragraph that is all quote continues the previous speaker. */
    bool only_quote = pend - i <= 2 && a->tok[i].kind == TK_QUOTE;
    if (!only_quote) a->dialogue = false;
    if (para_has_quote && last_spoken != SIZE_MAX) prev_q = last_spoken;
    else if (!only_quote) prev_q = SIZE_MAX;
    i = pend;
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
  a.qa_person = SIZE_MAX;
  a.turn_person = SIZE_MAX;
  vb_qs_tokenize(&a);
  if (!a.oom) vb_qs_collect_people(&a);
  if (!a.oom) vb_qs_count_places(&a);
  if (!a.oom) walk(&a);
  if (!a.oom) vb_qs_borrow_for_furniture(&a);
  if (!a.oom) vb_qs_headline_speaker(&a);
  if (!a.oom) write_names(&a);
  if (a.oom || ex->names.failed)
    return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "out of memory attributing quotes");
  return VB_OK;
}
