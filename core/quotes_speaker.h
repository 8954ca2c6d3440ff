/* Shared pieces of speaker attribution (core/quotes_people.c: tokens, names,
 * people, pronouns and subject noun phrases; core/quotes_speaker.c: cues and
 * the walk over the document; core/quotes_layout.c: transcripts, dialogue,
 * headlines and pull quotes); never installed. */
#ifndef VB_CORE_QUOTES_SPEAKER_H
#define VB_CORE_QUOTES_SPEAKER_H

#include <string.h>

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
  size_t subj_last;     /* token index + 1 of the latest mention as a
                           sentence subject or cue subject; 0 if none */
  uint32_t loc;         /* mentions right after in/at/from/near/across/into */
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
  /* the previous paragraph was a question without quotes (an interview's
   * Q&A); qa_person answered the first one (SIZE_MAX until then) */
  bool after_question;
  size_t qa_person;
  /* the person a transcript paragraph's "NAME:" label names, whose "I"
   * it is (SIZE_MAX outside such paragraphs) */
  size_t turn_person;
  /* mark_mentions has seen the first name of the current sentence */
  bool sent_named;
  /* the quote paragraphs just before were turns of a two-person dialogue */
  bool dialogue;
  /* the set of lower-case word forms (core/quotes_people.c), built after a
   * few scans: token indices, SIZE_MAX for an empty slot; size is a power of two */
  const size_t *lower_forms;
  size_t lower_forms_size;
  unsigned lower_form_scans; /* questions answered by a scan before the set */
} actx;

static inline int ci_cmp(const char *a, size_t alen, const char *b, size_t blen) {
  size_t m = alen < blen ? alen : blen;
  for (size_t i = 0; i < m; i++) {
    unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
    if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
    if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
    if (x != y) return x < y ? -1 : 1;
  }
  return alen < blen ? -1 : alen > blen ? 1 : 0;
}

static inline bool tok_in(const actx *a, size_t i, const vb_qword *table, size_t count) {
  const qtok *k = &a->tok[i];
  return k->kind == TK_WORD &&
         vb_qword_find(table, count, (const char *)a->t + k->s, k->e - k->s) != NULL;
}

static inline bool tok_is(const actx *a, size_t i, const char *w) {
  const qtok *k = &a->tok[i];
  return i < a->ntok && k->kind == TK_WORD &&
         ci_cmp((const char *)a->t + k->s, k->e - k->s, w, strlen(w)) == 0;
}

static inline bool tok_punct(const actx *a, size_t i, char c) {
  return i < a->ntok && a->tok[i].kind == TK_PUNCT && a->t[a->tok[i].s] == (uint8_t)c &&
         a->tok[i].e - a->tok[i].s == 1;
}

/* ---- core/quotes_people.c ---- */

bool vb_qs_is_speech_verb(const actx *a, size_t i);
bool vb_qs_is_not_name(const actx *a, size_t i);
size_t vb_qs_title_at(const actx *a, size_t i, size_t end, uint8_t *gender);
bool vb_qs_is_sentence_punct(int32_t c);
bool vb_qs_quote_ends_sentence(const actx *a, const vb_quote *q);
void vb_qs_tokenize(actx *a);
bool vb_qs_word_cap_name(const actx *a, size_t i);
bool vb_qs_word_cap_possessive(const actx *a, size_t i);
size_t vb_qs_tok_end(const actx *a, size_t i);
size_t vb_qs_name_run(const actx *a, size_t i, size_t end);
bool vb_qs_name_core(const actx *a, size_t s, size_t e, size_t *ns, size_t *ne, uint8_t *gender);
size_t vb_qs_find_person(const actx *a, size_t s, size_t e);
void vb_qs_collect_people(actx *a);
void vb_qs_count_places(actx *a);
bool vb_qs_is_pronoun(const actx *a, size_t i, uint8_t *gender);
size_t vb_qs_resolve_pronoun(actx *a, uint8_t gender, size_t at);
subject vb_qs_person_subject(actx *a, size_t rs, size_t re, size_t at);
subject vb_qs_parse_seg(actx *a, size_t s, size_t e, size_t at);
subject vb_qs_parse_subject(actx *a, size_t s, size_t e, bool near_end, size_t at);

/* ---- core/quotes_layout.c ---- */

/* The other party of a two-person exchange whose last tagged line is pq,
 * when the quote q (token ti, paragraph ending at pend) is a turn of it;
 * SIZE_MAX otherwise. */
size_t vb_qs_dialogue_other(actx *a, const vb_quote *pq, const vb_quote *q, size_t ti, size_t pend);
/* The person a transcript label opening the paragraph at token i names. */
size_t vb_qs_turn_label(actx *a, size_t i, size_t pend);
/* Headline, caption and pull quotes without a cue of their own. */
void vb_qs_borrow_for_furniture(actx *a);
void vb_qs_headline_speaker(actx *a);

#endif /* VB_CORE_QUOTES_SPEAKER_H */
