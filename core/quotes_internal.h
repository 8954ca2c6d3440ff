/* Internal pieces of the quote extractor shared by core/quotes.c (marks,
 * paragraphs, kinds, groups), core/quotes_people.c and core/quotes_speaker.c (attribution) and the
 * generated word tables (core/quote_tables.c); never installed. */
#ifndef VB_CORE_QUOTES_INTERNAL_H
#define VB_CORE_QUOTES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "verbatim/quotes.h"

/* One entry of a generated word list: lower-case UTF-8 and, for honorifics,
 * the gender it tells (0 unknown, 1 male, 2 female). */
typedef struct vb_qword {
  const char *s;
  uint8_t len;
  uint8_t gender;
} vb_qword;

extern const vb_qword vb_qt_speech_verbs[];
extern const size_t vb_qt_speech_verbs_count;
extern const vb_qword vb_qt_titles[];
extern const size_t vb_qt_titles_count;
extern const vb_qword vb_qt_not_names[];
extern const size_t vb_qt_not_names_count;
extern const vb_qword vb_qt_org_words[];
extern const size_t vb_qt_org_words_count;
extern const vb_qword vb_qt_pronouns[];
extern const size_t vb_qt_pronouns_count;
extern const vb_qword vb_qt_subject_fillers[];
extern const size_t vb_qt_subject_fillers_count;
extern const vb_qword vb_qt_age_words[];
extern const size_t vb_qt_age_words_count;
extern const vb_qword vb_qt_indefinites[];
extern const size_t vb_qt_indefinites_count;
extern const vb_qword vb_qt_prepositions[];
extern const size_t vb_qt_prepositions_count;
extern const vb_qword vb_qt_scare_words[];
extern const size_t vb_qt_scare_words_count;
extern const vb_qword vb_qt_back_references[];
extern const size_t vb_qt_back_references_count;
extern const vb_qword vb_qt_title_suffixes[];
extern const size_t vb_qt_title_suffixes_count;
extern const vb_qword vb_qt_given_names[];
extern const size_t vb_qt_given_names_count;
extern const vb_qword vb_qt_group_nouns[];
extern const size_t vb_qt_group_nouns_count;
extern const vb_qword vb_qt_ja_roles[];
extern const size_t vb_qt_ja_roles_count;

/* Bisect a sorted table for `s` compared case-insensitively (ASCII letters
 * are folded; other bytes compared as they are). Returns the entry or NULL. */
const vb_qword *vb_qword_find(const vb_qword *table, size_t count, const char *s, size_t len);

/* ---- text helpers (UTF-8 known valid) ---- */

/* Decode the code point at byte i (i < n); *len gets its byte length. */
int32_t vb_q_cp_at(const uint8_t *t, size_t n, size_t i, size_t *len);
/* The code point ending just before byte i (i > 0); *start gets its start. */
int32_t vb_q_cp_before(const uint8_t *t, size_t i, size_t *start);
bool vb_q_is_space(int32_t c);
bool vb_q_is_letter(int32_t c);
bool vb_q_is_upper(int32_t c);
bool vb_q_is_lower(int32_t c);
bool vb_q_is_digit(int32_t c);
bool vb_q_is_alnum(int32_t c);
/* Any character that can be a quotation mark or apostrophe. */
bool vb_q_is_mark(int32_t c);

/* Per-quote facts found while scanning, kept beside the public vb_quote. */
typedef struct vb_qextra {
  size_t open_mark;   /* byte offset of the opening mark */
  size_t after_close; /* byte offset just after the closing mark (or the
                         paragraph end when unbalanced / continued) */
  bool closed;        /* a closing mark was found */
  bool continues;     /* continues into the next paragraph */
  bool continued;     /* continues a quote of the previous paragraph */
  bool own_cue;       /* attribution came from this quote's own context */
} vb_qextra;

struct vb_quote_extractor {
  vb_allocator alloc;
  vb_quote *quotes;
  vb_qextra *extra;
  size_t nquotes, cap_quotes, cap_extra;
  vb_quote_paragraph *paras;
  size_t nparas, cap_paras;
  vb_buf names;
  /* Scratch for the attributor, kept between runs. */
  void *tokens;
  size_t cap_tokens;
  void *people;
  size_t cap_people;
  void *lower_forms;
  size_t cap_lower_forms;
  /* Limits (vb_quote_extractor_set_limits), and where the last run hit the
   * quote limit. */
  size_t max_text_bytes, max_quotes;
  size_t limit_at;
};

/* Attribute speakers to ex->quotes (already found, kinds and paragraphs
 * set, groups provisional). Fills the speaker fields and ex->names. */
vb_status vb_quotes_attribute(vb_quote_extractor *ex, const uint8_t *text, size_t len,
                              vb_error *err);

#endif /* VB_CORE_QUOTES_INTERNAL_H */
