/* Speaker attribution, part three: rules that come from the layout of a
 * page rather than from a sentence. Transcript and Q&A labels ("ILUNGA:",
 * "A:") say whose "I" a paragraph is; untagged lines of a two-person
 * dialogue alternate; headline, caption and pull quotes take the speaker the
 * body gives the same words, and a first-person headline quote belongs to
 * the one person the headline names. The sentence cues and the walk are in
 * core/quotes_speaker.c, names and subjects in core/quotes_people.c.
 */
#include <utf8proc.h>

#include "quotes_speaker.h"

/* ---- dialogue ----------------------------------------------------------- */

static bool quote_is_question(const actx *a, const vb_quote *q) {
  size_t st;
  return q->end > q->start && vb_q_cp_before(a->t, q->end, &st) == '?';
}

/* Is the paragraph starting at token p one short quote and nothing else? */
static bool lone_quote_para(const actx *a, size_t p) {
  if (p >= a->ntok || a->tok[p].kind != TK_QUOTE) return false;
  size_t e = p;
  while (e < a->ntok && a->tok[e].para == a->tok[p].para) e++;
  const vb_quote *q = &a->ex->quotes[a->tok[p].quote];
  return e - p <= 2 && q->end - q->start < 100;
}

/* The other party of a two-person exchange whose last tagged line is pq,
 * or SIZE_MAX when nothing marks the quote at token ti as a turn. */
size_t vb_qs_dialogue_other(actx *a, const vb_quote *pq, const vb_quote *q, size_t ti,
                            size_t pend) {
  static const char *const reply[] = {"asked",    "asks",    "replied",  "replies",
                                      "answered", "answers", "retorted", "countered"};
  if (!pq->speaker_len) return SIZE_MAX;
  bool turn = quote_is_question(a, pq) || quote_is_question(a, q);
  for (size_t k = 0; !turn && k < sizeof reply / sizeof reply[0] && pq->cue_start != VB_QUOTE_NONE;
       k++)
    turn = ci_cmp((const char *)a->t + pq->cue_start, pq->cue_end - pq->cue_start, reply[k],
                  strlen(reply[k])) == 0;
  bool short_line = q->end - q->start < 100;
  if (!turn && short_line && (a->dialogue || lone_quote_para(a, pend))) turn = true;
  if (!turn) return SIZE_MAX;
  size_t speaker = pq->speaker_offset, best = SIZE_MAX;
  uint32_t para = a->tok[ti].para;
  for (size_t i = 0; i < a->npp; i++) {
    const person *p = &a->pp[i];
    if (i == speaker || p->org || !p->mentioned || p->last > ti) continue;
    if (a->tok[p->last].para + 4 < para) continue;
    bool place = !p->titled && !p->gender && !p->spoke && (!p->bare || p->loc);
    if (place) continue;
    if (best == SIZE_MAX || p->last > a->pp[best].last) best = i;
  }
  return best;
}

/* ---- transcripts --------------------------------------------------------- */

/* Equal ignoring case, for any script ("HALLDÓRSDÓTTIR" is Halldórsdóttir). */
static bool uni_ci_equal(const uint8_t *x, size_t xn, const uint8_t *y, size_t yn) {
  size_t i = 0, j = 0;
  while (i < xn && j < yn) {
    size_t li, lj;
    int32_t c = vb_q_cp_at(x, xn, i, &li), d = vb_q_cp_at(y, yn, j, &lj);
    if (c != d && utf8proc_tolower(c) != utf8proc_tolower(d)) return false;
    i += li;
    j += lj;
  }
  return i == xn && j == yn;
}

/* A transcript turn: the paragraph opens with a speaker label in capitals
 * ("ILUNGA:", "MAYA OKORIE:") naming a person of the document, by full
 * name or surname. Returns the person or SIZE_MAX. */
size_t vb_qs_turn_label(actx *a, size_t i, size_t pend) {
  /* "A: I told them, “…”": the answer of a Q&A is the interviewee's, the
   * person the introduction named last */
  if (i + 1 < pend && tok_is(a, i, "a") && a->tok[i].cap && tok_punct(a, i + 1, ':')) {
    if (a->qa_person == SIZE_MAX) {
      for (size_t p = 0; p < a->npp; p++) {
        const person *pp = &a->pp[p];
        bool place = !pp->titled && !pp->gender && !pp->spoke && (!pp->bare || pp->loc);
        if (pp->org || place || !pp->mentioned || pp->last >= i) continue;
        if (a->qa_person == SIZE_MAX || pp->last > a->pp[a->qa_person].last) a->qa_person = p;
      }
    }
    return a->qa_person;
  }
  size_t k = i;
  while (k < pend && k < i + 3 && a->tok[k].kind == TK_WORD) {
    for (size_t b = a->tok[k].s; b < a->tok[k].e; b++)
      if (a->t[b] >= 'a' && a->t[b] <= 'z') return SIZE_MAX;
    k++;
  }
  if (k == i || k >= pend || !tok_punct(a, k, ':')) return SIZE_MAX;
  size_t ls = a->tok[i].s, le = a->tok[k - 1].e;
  for (size_t p = 0; p < a->npp; p++) {
    const person *pp = &a->pp[p];
    if (pp->org) continue;
    size_t ws = pp->e;
    while (ws > pp->s && a->t[ws - 1] != ' ') ws--;
    if (uni_ci_equal(a->t + pp->s, pp->e - pp->s, a->t + ls, le - ls) ||
        uni_ci_equal(a->t + ws, pp->e - ws, a->t + ls, le - ls))
      return p;
  }
  return SIZE_MAX;
}

/* ---- headlines, captions and pull quotes --------------------------------- */

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

static bool only_space(const uint8_t *t, size_t s, size_t e) {
  for (size_t i = s; i < e; i++)
    if (t[i] != ' ' && t[i] != '\t' && t[i] != '\n' && t[i] != '\r') return false;
  return true;
}

/* A headline or caption quote without a cue of its own gets the speaker to
 * whom the body attributes the same words. A headline (the first paragraph
 * of several) takes the body's speaker even over one it found itself,
 * unless a speech verb gave it: "MAYOR QUITS: “…”" or "Flood in Kell:
 * „…“" name no speaker, the body's "„…“, sagte X" does. */
void vb_qs_borrow_for_furniture(actx *a) {
  vb_quote_extractor *ex = a->ex;
  for (size_t i = 0; i < ex->nquotes; i++) {
    vb_quote *q = &ex->quotes[i];
    bool furniture = (q->flags & VB_QUOTE_BOILERPLATE) && !q->speaker_len;
    bool headline = q->paragraph == 0 && ex->nparas > 1 && q->cue_start == VB_QUOTE_NONE;
    /* a pull quote: a paragraph of nothing but an unattributed quote */
    const vb_quote_paragraph *qp = &ex->paras[q->paragraph];
    if (!q->speaker_len && q->cue_start == VB_QUOTE_NONE &&
        only_space(a->t, qp->start, ex->extra[i].open_mark) &&
        only_space(a->t, ex->extra[i].after_close, qp->end) && q->paragraph > 0)
      furniture = true;
    /* "…to fund a “secret second life”…" in an intro whose words the body
     * later attributes ("what she described as a “secret second life”"):
     * an echo of several words without a cue of its own */
    bool echo = !q->speaker_len && q->cue_start == VB_QUOTE_NONE &&
                q->mention_start == VB_QUOTE_NONE && q->kind == VB_QUOTE_FRAGMENT &&
                memchr(a->t + q->start, ' ', q->end - q->start) != NULL;
    if (echo) headline = true;
    if (!furniture && !headline) continue;
    for (size_t j = 0; j < ex->nquotes; j++) {
      vb_quote *r = &ex->quotes[j];
      if (j == i || (r->flags & VB_QUOTE_BOILERPLATE) || !r->speaker_len) continue;
      if (!furniture && (r->paragraph == 0 || r->cue_start == VB_QUOTE_NONE)) continue;
      if (!text_contains(a->t + r->start, r->end - r->start, a->t + q->start, q->end - q->start))
        continue;
      if (!furniture && q->speaker_len) q->mention_start = q->mention_end = VB_QUOTE_NONE;
      q->speaker_offset = r->speaker_offset;
      q->speaker_len = r->speaker_len;
      break;
    }
  }
}

/* The one person a headline names, or SIZE_MAX when it names none or
 * several: "“We were never going to be a big team”: a conversation with
 * Rosa Ilunga". Organisations and place-like names do not count. */
static size_t headline_person(const actx *a) {
  size_t found = SIZE_MAX;
  for (size_t i = 0; i < a->ntok && a->tok[i].para == 0;) {
    if (a->tok[i].kind != TK_WORD || !a->tok[i].cap) {
      i++;
      continue;
    }
    size_t s = i + vb_qs_title_at(a, i, a->ntok, NULL);
    size_t e = s < a->ntok ? vb_qs_name_run(a, s, a->ntok) : s;
    if (e == s) {
      i = s > i ? s : i + 1;
      continue;
    }
    size_t ns, ne;
    size_t p = vb_qs_name_core(a, s, e, &ns, &ne, NULL) ? vb_qs_find_person(a, ns, ne) : SIZE_MAX;
    if (p != SIZE_MAX) {
      const person *pp = &a->pp[p];
      bool several_words = memchr(a->t + pp->s, ' ', pp->e - pp->s) != NULL;
      if (!pp->org && (pp->spoke || several_words)) {
        if (found != SIZE_MAX && found != p) return SIZE_MAX;
        found = p;
      }
    }
    i = e;
  }
  return found;
}

/* Does the quote speak in the first or second person (I, we, my, you…)? */
static bool first_person_words(const actx *a, const vb_quote *q) {
  static const char *const w[] = {
      "i",  "i'm",   "i’m",   "i've",  "i’ve",  "i'll",  "i’ll",  "i'd", "i’d", "me",  "my",
      "we", "we're", "we’re", "we've", "we’ve", "we'll", "we’ll", "us",  "our", "you", "your"};
  const uint8_t *t = a->t;
  for (size_t i = q->start; i < q->end;) {
    while (i < q->end && !(vb_q_is_letter(t[i]) || t[i] >= 0x80)) i++;
    size_t j = i;
    while (j < q->end && (vb_q_is_letter(t[j]) || t[j] == '\'' || t[j] >= 0x80)) j++;
    for (size_t k = 0; k < sizeof w / sizeof w[0]; k++)
      if (ci_cmp((const char *)t + i, j - i, w[k], strlen(w[k])) == 0) return true;
    i = j > i ? j : i + 1;
  }
  return false;
}

/* A full quote in a headline that no cue and no body quote attribute is
 * the words of the one person the headline names. */
void vb_qs_headline_speaker(actx *a) {
  vb_quote_extractor *ex = a->ex;
  if (ex->nparas < 2) return;
  size_t p = SIZE_MAX;
  bool looked = false;
  for (size_t i = 0; i < ex->nquotes && ex->quotes[i].paragraph == 0; i++) {
    vb_quote *q = &ex->quotes[i];
    if (q->speaker_len || q->kind != VB_QUOTE_FULL) continue;
    if (!first_person_words(a, q)) continue; /* ‘The Salt Wife’: a title */
    if (!looked) p = headline_person(a), looked = true;
    if (p == SIZE_MAX) return;
    q->speaker_offset = p;
    q->speaker_len = 1;
  }
}
