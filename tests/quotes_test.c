/* Quote extraction and attribution: marks in every house style, apostrophes,
 * nesting, paragraphs, kinds, groups, speakers, flags, errors, allocation
 * failures and linear behaviour on hostile input. All inputs are ours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_alloc.h"
#include "verbatim/quotes.h"
#include "verbatim/record.h"

/* One run; the extractor lives in a static so assertions stay short. */
static vb_quote_extractor *ex;
static const char *cur_text;

static size_t run_flags(const char *text, const uint8_t *flags, size_t nflags) {
  if (!ex) ex = vb_quote_extractor_new(NULL);
  cur_text = text;
  vb_error err;
  assert_int_equal(vb_quote_extractor_run(ex, text, strlen(text), flags, nflags, 0, &err), VB_OK);
  size_t n;
  vb_quote_extractor_quotes(ex, &n);
  return n;
}

static size_t run(const char *text) { return run_flags(text, NULL, 0); }

static const vb_quote *Q(size_t i) {
  size_t n;
  const vb_quote *q = vb_quote_extractor_quotes(ex, &n);
  assert_true(i < n);
  return &q[i];
}

static void assert_text(size_t i, const char *want) {
  const vb_quote *q = Q(i);
  size_t len = q->end - q->start;
  if (len != strlen(want) || memcmp(cur_text + q->start, want, len) != 0)
    fail_msg("quote %zu is \"%.*s\", want \"%s\"", i, (int)len, cur_text + q->start, want);
}

static void assert_speaker(size_t i, const char *want) {
  const vb_quote *q = Q(i);
  size_t nlen;
  const char *names = vb_quote_extractor_names(ex, &nlen);
  if (!want) {
    if (q->speaker_len)
      fail_msg("quote %zu has speaker \"%.*s\", want none", i, (int)q->speaker_len,
               names + q->speaker_offset);
    return;
  }
  if (q->speaker_len != strlen(want) || memcmp(names + q->speaker_offset, want, q->speaker_len))
    fail_msg("quote %zu has speaker \"%.*s\", want \"%s\"", i, (int)q->speaker_len,
             q->speaker_len ? names + q->speaker_offset : "", want);
}

static int teardown(void **state) {
  (void)state;
  vb_quote_extractor_free(ex);
  ex = NULL;
  return 0;
}

/* ---- marks ---- */

static void every_mark_style_is_recognised(void **state) {
  (void)state;
  const char *texts[] = {
      "She said \xE2\x80\x9CWe sail at dawn.\xE2\x80\x9D",       /* “ ” */
      "She said \"We sail at dawn.\"",                           /* " " */
      "Sie sagte: \xE2\x80\x9EWe sail at dawn.\xE2\x80\x9C",     /* „ “ */
      "Elle a dit : \xC2\xAB\xC2\xA0We sail at dawn.\xC2\xA0\xC2\xBB", /* « » with NBSP */
      "Han sagde: \xC2\xBBWe sail at dawn.\xC2\xAB",             /* » « */
      "She said \xE2\x80\xB9We sail at dawn.\xE2\x80\xBA",       /* ‹ › */
      "She said \xE2\x80\x98We sail at dawn.\xE2\x80\x99",       /* ‘ ’ */
      "She said 'We sail at dawn.'",                             /* ' ' */
      "\xE5\xBD\xBC\xE5\xA5\xB3\xE3\x81\xAF\xE3\x80\x8CWe sail at dawn.\xE3\x80\x8D", /* 「 」 */
      "\xE5\xBD\xBC\xE5\xA5\xB3\xE3\x81\xAF\xE3\x80\x8EWe sail at dawn.\xE3\x80\x8F", /* 『 』 */
  };
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    assert_int_equal(run(texts[i]), 1);
    assert_text(0, "We sail at dawn.");
  }
}

static void spans_exclude_marks_and_trim_whitespace(void **state) {
  (void)state;
  assert_int_equal(run("Il a cri\xC3\xA9 \xC2\xAB  Stop, now!  \xC2\xBB et il est parti."), 1);
  assert_text(0, "Stop, now!");
}

static void british_nesting_keeps_inner_quote_inside(void **state) {
  (void)state;
  assert_int_equal(
      run("\xE2\x80\x98He told me \xE2\x80\x9Cnever again\xE2\x80\x9D, and meant it,\xE2\x80\x99 "
          "said Ada Brill."),
      1);
  assert_text(0, "He told me \xE2\x80\x9Cnever again\xE2\x80\x9D, and meant it,");
}

static void us_nesting_keeps_inner_quote_inside(void **state) {
  (void)state;
  assert_int_equal(run("\xE2\x80\x9CThe sign said \xE2\x80\x98" "closed\xE2\x80\x99 all week,\xE2\x80\x9D "
                       "said Ada Brill."),
                   1);
  assert_text(0, "The sign said \xE2\x80\x98" "closed\xE2\x80\x99 all week,");
}

static void straight_quotes_open_and_close_by_context(void **state) {
  (void)state;
  assert_int_equal(run("\"Go left,\" he said, \"then right.\" The map was \"useless\"."), 3);
  assert_text(0, "Go left,");
  assert_text(1, "then right.");
  assert_text(2, "useless");
}

static void apostrophes_are_not_quote_marks(void **state) {
  (void)state;
  assert_int_equal(run("Don't blame Russia's fleet or the Joneses' dog; it's rock 'n' roll from the "
                       "'90s, at five o'clock, so leave 'em be."),
                   0);
  assert_int_equal(run("Don\xE2\x80\x99t blame the Joneses\xE2\x80\x99 dog at five o\xE2\x80\x99" "clock; "
                       "leave \xE2\x80\x99" "em be, it\xE2\x80\x99s the \xE2\x80\x99" "90s."),
                   0);
}

static void apostrophes_inside_single_quotes_do_not_close_them(void **state) {
  (void)state;
  assert_int_equal(run("\xE2\x80\x98We don\xE2\x80\x99t know the Joneses\xE2\x80\x99 plans, it\xE2\x80\x99s "
                       "late,\xE2\x80\x99 she said."),
                   1);
  assert_text(0, "We don\xE2\x80\x99t know the Joneses\xE2\x80\x99 plans, it\xE2\x80\x99s late,");
}

static void inch_marks_are_not_quotes(void **state) {
  (void)state;
  assert_int_equal(run("The keeper stands 6'2\" tall and weighs more than most."), 0);
}

/* ---- paragraphs ---- */

static void multi_paragraph_quote_is_one_group(void **state) {
  (void)state;
  assert_int_equal(run("Mira Holt said: \xE2\x80\x9CThe first part runs on.\n\n"
                       "\xE2\x80\x9CThe second part ends here.\xE2\x80\x9D\n\nThen she left."),
                   2);
  assert_text(0, "The first part runs on.");
  assert_text(1, "The second part ends here.");
  assert_int_equal(Q(0)->group, Q(1)->group);
  assert_true(Q(0)->flags & VB_QUOTE_MULTI_PARAGRAPH);
  assert_true(Q(1)->flags & VB_QUOTE_MULTI_PARAGRAPH);
  assert_false(Q(0)->flags & VB_QUOTE_UNBALANCED);
  assert_int_equal(Q(0)->paragraph, 0);
  assert_int_equal(Q(1)->paragraph, 1);
  assert_speaker(1, "Mira Holt");
}

static void missing_closer_stops_at_paragraph_end(void **state) {
  (void)state;
  assert_int_equal(run("Mira Holt said: \xE2\x80\x9CThis never closes.\n\n"
                       "The council met later. \xE2\x80\x9C" "Fine,\xE2\x80\x9D said Tom Ruddle."),
                   2);
  assert_text(0, "This never closes.");
  assert_true(Q(0)->flags & VB_QUOTE_UNBALANCED);
  assert_text(1, "Fine,");
  assert_false(Q(1)->flags & VB_QUOTE_UNBALANCED);
  assert_speaker(0, "Mira Holt");
  assert_speaker(1, "Tom Ruddle");
}

static void one_line_per_paragraph_documents_split_on_newlines(void **state) {
  (void)state;
  assert_int_equal(run("Line one has \xE2\x80\x9Cno end\nLine two is plain.\n"), 1);
  assert_text(0, "no end");
  assert_true(Q(0)->flags & VB_QUOTE_UNBALANCED);
  size_t np;
  const vb_quote_paragraph *p = vb_quote_extractor_paragraphs(ex, &np);
  assert_int_equal(np, 2);
  assert_int_equal(p[1].start, 23);
}

/* ---- kinds and groups ---- */

static void split_quote_is_two_spans_in_one_group(void **state) {
  (void)state;
  assert_int_equal(run("\xE2\x80\x9CWe tried,\xE2\x80\x9D said Ada Brill. \xE2\x80\x9CWe failed.\xE2\x80\x9D"),
                   2);
  assert_int_equal(Q(0)->group, Q(1)->group);
  assert_int_equal(Q(0)->kind, VB_QUOTE_FULL);
  assert_int_equal(Q(1)->kind, VB_QUOTE_FULL);
  assert_speaker(0, "Ada Brill");
  assert_speaker(1, "Ada Brill");
}

static void different_speakers_are_different_groups(void **state) {
  (void)state;
  assert_int_equal(run("\xE2\x80\x9CYes,\xE2\x80\x9D said Ada Brill. \xE2\x80\x9CNo,\xE2\x80\x9D said Tom Ruddle."),
                   2);
  assert_int_not_equal(Q(0)->group, Q(1)->group);
}

static void scare_quotes_and_titles_are_fragments_without_speaker(void **state) {
  (void)state;
  assert_int_equal(run("The so-called \xE2\x80\x9Creform\xE2\x80\x9D passed. Critics prefer "
                       "\xE2\x80\x9CThe Long Road\xE2\x80\x9D instead."),
                   2);
  assert_int_equal(Q(0)->kind, VB_QUOTE_FRAGMENT);
  assert_int_equal(Q(1)->kind, VB_QUOTE_FRAGMENT);
  assert_speaker(0, NULL);
  assert_speaker(1, NULL);
}

static void a_title_opening_the_writers_sentence_is_a_fragment(void **state) {
  (void)state;
  assert_int_equal(run("Critics liked the album. \xE2\x80\x9CNorth Wind\xE2\x80\x9D is out on Friday."),
                   1);
  assert_int_equal(Q(0)->kind, VB_QUOTE_FRAGMENT);
  assert_int_equal(run("Critics liked the album. \xE2\x80\x9CNorth wind is coming.\xE2\x80\x9D "
                       "That was the verdict."),
                   1);
  assert_int_equal(Q(0)->kind, VB_QUOTE_FULL);
}

static void embedded_words_are_a_fragment_of_the_speaker(void **state) {
  (void)state;
  assert_int_equal(run("Ada Brill called the plan \xE2\x80\x9Creckless and late\xE2\x80\x9D on Monday."), 1);
  assert_int_equal(Q(0)->kind, VB_QUOTE_FRAGMENT);
  assert_speaker(0, "Ada Brill");
}

/* ---- speakers ---- */

static void speaker_after_the_quote(void **state) {
  (void)state;
  const char *texts[] = {
      "\xE2\x80\x9CWe will rebuild,\xE2\x80\x9D Ada Brill said.",
      "\xE2\x80\x9CWe will rebuild,\xE2\x80\x9D said Ada Brill.",
      "\xE2\x80\x9CWe will rebuild,\xE2\x80\x9D Ada Brill says.",
      "\xE2\x80\x9CWe will rebuild,\xE2\x80\x9D Ada Brill told reporters.",
      "\xE2\x80\x9CWe will rebuild,\xE2\x80\x9D Ada Brill added.",
      "\xE2\x80\x9CWe will rebuild,\xE2\x80\x9D Ada Brill wrote on her blog.",
      "\xE2\x80\x9CWe will rebuild,\xE2\x80\x9D Ada Brill tweeted.",
      "\xE2\x80\x9CWe will rebuild,\xE2\x80\x9D Ada Brill said in a statement.",
      "\xE2\x80\x9CWe will rebuild,\xE2\x80\x9D according to Ada Brill.",
      "\xE2\x80\x9CWe will rebuild,\xE2\x80\x9D Ada Brill, the mayor, said.",
      "\xE2\x80\x9CWe will rebuild,\xE2\x80\x9D the mayor, Ada Brill, said.",
      "\xE2\x80\x9CWe will rebuild,\xE2\x80\x9D said the mayor, Ada Brill.",
  };
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    assert_int_equal(run(texts[i]), 1);
    assert_speaker(0, "Ada Brill");
    const vb_quote *q = Q(0);
    assert_true(q->cue_end > q->cue_start && q->cue_end <= strlen(texts[i]));
    assert_memory_equal(texts[i] + q->mention_start, "Ada Brill", 9);
  }
}

static void speaker_before_the_quote(void **state) {
  (void)state;
  const char *texts[] = {
      "Ada Brill said: \xE2\x80\x9CWe will rebuild.\xE2\x80\x9D",
      "Ada Brill told the Harbour Gazette: \xE2\x80\x9CWe will rebuild.\xE2\x80\x9D",
      "According to Ada Brill, \xE2\x80\x9Cwe will rebuild.\xE2\x80\x9D",
      "Ada Brill posted online: \xE2\x80\x9CWe will rebuild.\xE2\x80\x9D",
  };
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    assert_int_equal(run(texts[i]), 1);
    assert_speaker(0, "Ada Brill");
  }
}

static void titles_are_stripped_from_names(void **state) {
  (void)state;
  assert_int_equal(run("\xE2\x80\x9CTalks were useful,\xE2\x80\x9D said Secretary of State Lorna "
                       "Quibell. \xE2\x80\x9CNo,\xE2\x80\x9D said Dr. Ivo Marsh."),
                   2);
  assert_speaker(0, "Lorna Quibell");
  assert_speaker(1, "Ivo Marsh");
}

static void surname_mentions_link_to_the_full_name(void **state) {
  (void)state;
  assert_int_equal(run("Foreign Minister Lorna Quibell arrived on Tuesday.\n\n"
                       "\xE2\x80\x9CWe are ready,\xE2\x80\x9D Quibell said."),
                   1);
  assert_speaker(0, "Lorna Quibell");
}

static void pronouns_follow_gender_and_recency(void **state) {
  (void)state;
  assert_int_equal(run("Mr Tom Ruddle met Ms Ada Brill at the quay.\n\n"
                       "\xE2\x80\x9CIt went well,\xE2\x80\x9D she said.\n\n"
                       "\xE2\x80\x9CIt went badly,\xE2\x80\x9D he said."),
                   2);
  assert_speaker(0, "Ada Brill");
  assert_speaker(1, "Tom Ruddle");
}

static void pronoun_without_gender_takes_the_most_recent_person(void **state) {
  (void)state;
  assert_int_equal(run("Ada Brill chairs the board. Tom Ruddle runs the ferry.\n\n"
                       "\xE2\x80\x9CWe sail on,\xE2\x80\x9D he said."),
                   1);
  assert_speaker(0, "Tom Ruddle");
}

static void organisations_speak_by_name(void **state) {
  (void)state;
  assert_int_equal(run("\xE2\x80\x9CThe border is closed,\xE2\x80\x9D the Interior Ministry said."), 1);
  assert_speaker(0, "Interior Ministry");
  assert_int_equal(run("The Interior Ministry met on Monday. \xE2\x80\x9CThe border is closed,\xE2\x80\x9D "
                       "the ministry said."),
                   1);
  assert_speaker(0, "Interior Ministry");
}

static void unnamed_sources_have_no_speaker(void **state) {
  (void)state;
  const char *texts[] = {
      "\xE2\x80\x9CWe are shocked,\xE2\x80\x9D a spokesperson said.",
      "\xE2\x80\x9CWe are shocked,\xE2\x80\x9D one resident said.",
      "\xE2\x80\x9CWe are shocked,\xE2\x80\x9D said a neighbour.",
      "\xE2\x80\x9CWe are shocked.\xE2\x80\x9D",
  };
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    assert_int_equal(run(texts[i]), 1);
    assert_speaker(0, NULL);
  }
}

static void pronoun_after_an_unnamed_source_is_not_guessed(void **state) {
  (void)state;
  assert_int_equal(run("Ada Brill runs the shelter. A volunteer said the beds were full.\n\n"
                       "\xE2\x80\x9CWe need blankets,\xE2\x80\x9D she said."),
                   1);
  assert_speaker(0, NULL);
}

static void colon_paragraph_introduces_the_next_quote(void **state) {
  (void)state;
  assert_int_equal(run("Ada Brill put it plainly in a letter to the board:\n\n"
                       "\xE2\x80\x9CThe pier must close before winter.\xE2\x80\x9D"),
                   1);
  assert_speaker(0, "Ada Brill");
}

static void speaker_in_the_preceding_sentence(void **state) {
  (void)state;
  assert_int_equal(run("Ada Brill looked at the flooded road. \xE2\x80\x9CIt was never this bad.\xE2\x80\x9D"),
                   1);
  assert_speaker(0, "Ada Brill");
}

static void speaker_in_the_following_sentence(void **state) {
  (void)state;
  assert_int_equal(run("Ada Brill met Tom Ruddle at the gate.\n\n\xE2\x80\x9CNot again.\xE2\x80\x9D "
                       "Ruddle shut the door."),
                   1);
  assert_speaker(0, "Tom Ruddle");
  /* a lone capitalised word that names nobody in the document is no speaker */
  assert_int_equal(run("\xE2\x80\x9CNot again.\xE2\x80\x9D Residents shut the door."), 1);
  assert_speaker(0, NULL);
}

/* ---- boilerplate ---- */

static void headline_and_captions_are_boilerplate(void **state) {
  (void)state;
  assert_int_equal(run("Mayor says \xE2\x80\x9Cno retreat\xE2\x80\x9D on pier\n\n"
                       "Ada Brill said there would be \xE2\x80\x9Cno retreat\xE2\x80\x9D at all.\n\n"
                       "Caption: Residents hold a \xE2\x80\x9CSave the Pier\xE2\x80\x9D banner."),
                   3);
  assert_true(Q(0)->flags & VB_QUOTE_BOILERPLATE);
  assert_false(Q(1)->flags & VB_QUOTE_BOILERPLATE);
  assert_true(Q(2)->flags & VB_QUOTE_BOILERPLATE);
  assert_speaker(0, "Ada Brill"); /* the body attributes the same words */
}

static void caller_flags_decide_boilerplate(void **state) {
  (void)state;
  const char *text = "Intro line without a period\n\n\xE2\x80\x9C" "A,\xE2\x80\x9D said Ada Brill.\n\n"
                     "Read more: \xE2\x80\x9C" "B\xE2\x80\x9D";
  uint8_t flags[3] = {0, 1, 0};
  assert_int_equal(run_flags(text, flags, 3), 2);
  assert_true(Q(0)->flags & VB_QUOTE_BOILERPLATE);
  assert_false(Q(1)->flags & VB_QUOTE_BOILERPLATE);
  vb_error err;
  assert_int_equal(vb_quote_extractor_run(ex, text, strlen(text), flags, 2, 0, &err), VB_ERR_ARG);
  size_t np;
  vb_quote_extractor_paragraphs(ex, &np);
  assert_int_equal(np, 3); /* so the caller can learn the count */
}

/* ---- errors, memory, scale ---- */

static void invalid_utf8_is_reported_with_its_offset(void **state) {
  (void)state;
  vb_quote_extractor *e = vb_quote_extractor_new(NULL);
  const char text[] = "\xE2\x80\x9CGood\xE2\x80\x9D then \xC3\x28 bad";
  vb_error err;
  assert_int_equal(vb_quote_extractor_run(e, text, sizeof text - 1, NULL, 0, 0, &err), VB_ERR_UTF8);
  assert_int_equal(err.offset, 16);
  size_t n = 99;
  vb_quote_extractor_quotes(e, &n);
  assert_int_equal(n, 0);
  vb_quote_extractor_free(e);
}

static void bad_arguments_are_rejected(void **state) {
  (void)state;
  vb_quote_extractor *e = vb_quote_extractor_new(NULL);
  vb_error err;
  assert_int_equal(vb_quote_extractor_run(e, "x", 1, NULL, 0, 1u << 7, &err), VB_ERR_ARG);
  assert_int_equal(vb_quote_extractor_run(e, NULL, 3, NULL, 0, 0, &err), VB_ERR_ARG);
  assert_int_equal(vb_quote_extractor_run(NULL, "x", 1, NULL, 0, 0, &err), VB_ERR_ARG);
  assert_int_equal(vb_quote_extractor_run(e, NULL, 0, NULL, 0, 0, &err), VB_OK);
  vb_quote_extractor_free(NULL);
  vb_quote_extractor_free(e);
}

static void no_speakers_option_skips_attribution(void **state) {
  (void)state;
  vb_quote_extractor *e = vb_quote_extractor_new(NULL);
  const char *text = "\xE2\x80\x9CYes,\xE2\x80\x9D said Ada Brill.";
  vb_error err;
  assert_int_equal(vb_quote_extractor_run(e, text, strlen(text), NULL, 0, VB_QUOTE_NO_SPEAKERS, &err),
                   VB_OK);
  size_t n;
  const vb_quote *q = vb_quote_extractor_quotes(e, &n);
  assert_int_equal(n, 1);
  assert_int_equal(q[0].speaker_len, 0);
  assert_true(q[0].cue_start == VB_QUOTE_NONE);
  vb_quote_extractor_free(e);
}

static void reuse_after_reset_gives_the_same_results(void **state) {
  (void)state;
  const char *text = "\xE2\x80\x9CYes,\xE2\x80\x9D said Ada Brill. \xE2\x80\x9CNo,\xE2\x80\x9D said Tom Ruddle.";
  assert_int_equal(run(text), 2);
  vb_quote first[2];
  memcpy(first, Q(0), sizeof first);
  vb_quote_extractor_reset(ex);
  size_t n;
  vb_quote_extractor_quotes(ex, &n);
  assert_int_equal(n, 0);
  assert_int_equal(run(text), 2);
  assert_memory_equal(first, Q(0), sizeof first);
}

static void allocation_failures_are_reported_without_leaks(void **state) {
  (void)state;
  const char *text = "Foreign Minister Lorna Quibell arrived.\n\n\xE2\x80\x9CWe are ready,\xE2\x80\x9D "
                     "Quibell said. \xE2\x80\x9CReally.\xE2\x80\x9D\n\n\xE2\x80\x9COne more.";
  for (long n = 1;; n++) {
    test_alloc t;
    vb_allocator a = test_alloc_make(&t, n);
    vb_quote_extractor *e = vb_quote_extractor_new(&a);
    if (!e) {
      assert_int_equal(t.live, 0);
      continue;
    }
    vb_error err;
    vb_status st = vb_quote_extractor_run(e, text, strlen(text), NULL, 0, 0, &err);
    size_t count;
    vb_quote_extractor_quotes(e, &count);
    vb_quote_extractor_free(e);
    assert_int_equal(t.live, 0);
    if (!t.failed) {
      assert_int_equal(st, VB_OK);
      assert_int_equal(count, 3);
      break;
    }
    assert_int_equal(st, VB_ERR_NOMEM);
    assert_int_equal(count, 0);
  }
}

/* Twelve quotes opened by "Marlows said:" after "the marlows": each asks
 * whether the word's lower-case form occurs (the first few by a scan, the
 * rest through the set of lower-case forms); every answer must be yes. */
static const char marlows[] =
    "The marlows met at noon.\n\n"
    "Marlows said: \xE2\x80\x9CWe stay.\xE2\x80\x9D\n\nMarlows said: \xE2\x80\x9CWe stay.\xE2\x80\x9D\n\n"
    "Marlows said: \xE2\x80\x9CWe stay.\xE2\x80\x9D\n\nMarlows said: \xE2\x80\x9CWe stay.\xE2\x80\x9D\n\n"
    "Marlows said: \xE2\x80\x9CWe stay.\xE2\x80\x9D\n\nMarlows said: \xE2\x80\x9CWe stay.\xE2\x80\x9D\n\n"
    "Marlows said: \xE2\x80\x9CWe stay.\xE2\x80\x9D\n\nMarlows said: \xE2\x80\x9CWe stay.\xE2\x80\x9D\n\n"
    "Marlows said: \xE2\x80\x9CWe stay.\xE2\x80\x9D\n\nMarlows said: \xE2\x80\x9CWe stay.\xE2\x80\x9D\n\n"
    "Marlows said: \xE2\x80\x9CWe stay.\xE2\x80\x9D\n\nMarlows said: \xE2\x80\x9CWe stay.\xE2\x80\x9D\n";

static void a_word_whose_lower_case_form_occurs_is_no_name_on_every_asking(void **state) {
  (void)state;
  assert_int_equal(run(marlows), 12);
  for (size_t i = 0; i < 12; i++) assert_speaker(i, NULL);
  /* without the lower-case form, the same word names the speaker */
  assert_int_equal(run(marlows + strlen("The marlows met at noon.\n\n")), 12);
  for (size_t i = 0; i < 12; i++) assert_speaker(i, "Marlows");
}

static void allocation_failures_in_the_set_of_lower_case_forms_are_reported(void **state) {
  (void)state;
  for (long n = 1;; n++) {
    test_alloc t;
    vb_allocator a = test_alloc_make(&t, n);
    vb_quote_extractor *e = vb_quote_extractor_new(&a);
    if (!e) {
      assert_int_equal(t.live, 0);
      continue;
    }
    vb_error err;
    vb_status st = vb_quote_extractor_run(e, marlows, strlen(marlows), NULL, 0, 0, &err);
    size_t count;
    vb_quote_extractor_quotes(e, &count);
    vb_quote_extractor_free(e);
    assert_int_equal(t.live, 0);
    if (!t.failed) {
      assert_int_equal(st, VB_OK);
      assert_int_equal(count, 12);
      break;
    }
    assert_int_equal(st, VB_ERR_NOMEM);
    assert_int_equal(count, 0);
  }
}

static void records_carry_the_quote_and_its_speaker(void **state) {
  (void)state;
  const char *text = "\xE2\x80\x9CYes,\xE2\x80\x9D said Ada Brill.";
  assert_int_equal(run(text), 1);
  vb_writer *w = vb_writer_new(NULL);
  vb_error err;
  assert_int_equal(vb_quote_extractor_write(ex, w, "doc-1", 5, text, strlen(text), &err), VB_OK);
  size_t len;
  const uint8_t *data = vb_writer_data(w, &len);
  vb_writer *j = vb_writer_new(NULL);
  assert_int_equal(vb_writer_json(j, data, len, &err), VB_OK);
  size_t jlen;
  const char *json = (const char *)vb_writer_data(j, &jlen);
  char *s = malloc(jlen + 1);
  memcpy(s, json, jlen);
  s[jlen] = 0;
  assert_non_null(strstr(s, "\"speaker\":\"Ada Brill\""));
  assert_non_null(strstr(s, "\"text\":\"Yes,\""));
  assert_non_null(strstr(s, "\"cue\":\"said\""));
  assert_non_null(strstr(s, "\"doc\":\"doc-1\""));
  assert_non_null(strstr(s, "\"start\":3,"));
  free(s);
  /* a text that is not the run's text is refused */
  assert_int_equal(vb_quote_extractor_write(ex, w, "d", 1, "short", 5, &err), VB_ERR_ARG);
  vb_writer_free(j);
  vb_writer_free(w);
}

/* ---- attribution patterns ---- */

static void interview_answers_after_unquoted_questions_are_the_interviewees(void **state) {
  (void)state;
  assert_int_equal(run("Ten minutes with the new head of the Riverside Allotment Society\n\n"
                       "Priya Sandhu, 52, took over in May. We asked her two questions.\n\n"
                       "Why take the job?\n\n"
                       "\xE2\x80\x9CSomebody had to, and nobody else put a hand up.\xE2\x80\x9D\n\n"
                       "What is the hardest part?\n\n"
                       "\xE2\x80\x9CSlugs. Then the waiting list.\xE2\x80\x9D\n"),
                   2);
  assert_speaker(0, "Priya Sandhu");
  assert_speaker(1, "Priya Sandhu");
}

static void a_quote_paragraph_after_a_statement_is_no_interview_answer(void **state) {
  (void)state;
  assert_int_equal(run("Priya Sandhu took over in May.\n\n"
                       "The plots are full this year.\n\n"
                       "\xE2\x80\x9CSlugs. Then the waiting list.\xE2\x80\x9D\n"),
                   1);
  assert_speaker(0, NULL);
}

static void an_age_description_stands_for_the_person_named_before(void **state) {
  (void)state;
  assert_int_equal(run("Leon Marsh scored twice on Saturday. The 19-year-old, who joined "
                       "in June, told reporters: \xE2\x80\x9CIt was a dream.\xE2\x80\x9D"),
                   1);
  assert_speaker(0, "Leon Marsh");
  assert_int_equal(run("Leon Marsh traf zweimal. \xE2\x80\x9E" "Das war ein Traum\xE2\x80\x9D, sagte der 19-J\xC3\xA4hrige."),
                   1);
  assert_speaker(0, "Leon Marsh");
}

static void german_subject_pronouns_resolve_like_english_ones(void **state) {
  (void)state;
  assert_int_equal(run("Anna Keller verteidigte den Plan. \xE2\x80\x9EWir bleiben dabei\xE2\x80\x9D, sagte sie."), 1);
  assert_speaker(0, "Anna Keller");
}

static void catenative_verbs_before_say_are_not_the_subject(void **state) {
  (void)state;
  assert_int_equal(run("Tom Reyes has run the ferry for years. He likes to say: \xE2\x80\x9CThe sea decides.\xE2\x80\x9D"),
                   1);
  assert_speaker(0, "Tom Reyes");
}

static void first_person_contractions_are_no_names(void **state) {
  (void)state;
  assert_int_equal(run("My father always said, \xE2\x80\x9CMeasure twice.\xE2\x80\x9D So I'll just say we try."), 1);
  assert_speaker(0, NULL);
}

static void a_split_quote_with_the_comma_outside_the_marks_keeps_its_speaker(void **state) {
  (void)state;
  assert_int_equal(run("\xE2\x80\x9E" "Das reicht nicht\xE2\x80\x9D, sagte Eva Roth nach dem Spiel, \xE2\x80\x9Eund zwar nirgends.\xE2\x80\x9D"),
                   2);
  assert_speaker(0, "Eva Roth");
  assert_speaker(1, "Eva Roth");
  assert_int_equal(Q(0)->group, Q(1)->group);
}

static void a_headline_quote_takes_the_speaker_the_body_gives_the_same_words(void **state) {
  (void)state;
  assert_int_equal(run("FERRY BOSS RESIGNS: \xE2\x80\x9CI got it wrong\xE2\x80\x9D\n\n"
                       "The head of the island ferry company has stepped down.\n\n"
                       "\xE2\x80\x9CI got it wrong, and I am sorry,\xE2\x80\x9D said Dora Lindqvist on Monday.\n"),
                   2);
  assert_speaker(0, "Dora Lindqvist");
  assert_speaker(1, "Dora Lindqvist");
}

static void an_indefinite_german_subject_is_unnamed(void **state) {
  (void)state;
  assert_int_equal(run("Lena Vogt leitet das Amt. \xE2\x80\x9EWir warten seit Jahren\xE2\x80\x9D, meinte ein Rentner am Ufer."),
                   1);
  assert_speaker(0, NULL);
}

static void according_to_a_role_of_a_place_the_name_in_apposition_speaks(void **state) {
  (void)state;
  assert_int_equal(run("Secondo il sindaco di Valle Rossa, Carla Neri, il ponte \xE2\x80\x9Cnon si tocca.\xE2\x80\x9D"), 1);
  assert_speaker(0, "Carla Neri");
  assert_int_equal(run("According to the mayor of Kell, Jane Doe, the bridge is \xE2\x80\x9Cnot for sale.\xE2\x80\x9D"), 1);
  assert_speaker(0, "Jane Doe");
}

static void what_someone_called_has_the_relative_clause_subject(void **state) {
  (void)state;
  assert_int_equal(run("Omar Bello, 58, was fined after inspectors found rubbish in what the "
                       "magistrate called \xE2\x80\x9C" "a disgrace to the street\xE2\x80\x9D."),
                   1);
  assert_speaker(0, NULL);
}

static void a_so_called_fragment_is_nobodys_speech(void **state) {
  (void)state;
  assert_int_equal(run("Mia Lund writes: the so-called \xE2\x80\x9Csmart\xE2\x80\x9D kettle is not."), 1);
  assert_speaker(0, NULL);
}

static void reverend_abbreviated_revd_is_a_title(void **state) {
  (void)state;
  assert_int_equal(run("\xE2\x80\x9C" "Bring a plate,\xE2\x80\x9D said Revd Tobias Crane."), 1);
  assert_speaker(0, "Tobias Crane");
}

static void a_plural_unnamed_source_does_not_shadow_a_named_woman(void **state) {
  (void)state;
  assert_int_equal(run("Ruth Amankwah runs the cafe. Her flapjack, which regulars call \xE2\x80\x9Cthe brick\xE2\x80\x9D, "
                       "sells out. \xE2\x80\x9CI never planned it,\xE2\x80\x9D she says."),
                   2);
  assert_speaker(1, "Ruth Amankwah");
}

static void a_place_is_no_antecedent_for_they(void **state) {
  (void)state;
  assert_int_equal(run("Sam Okoro crossed the line in Upper Bexley on Sunday. \xE2\x80\x9CNever again,\xE2\x80\x9D they said."),
                   1);
  assert_speaker(0, "Sam Okoro");
}

static void i_in_a_transcript_turn_is_the_labelled_speaker(void **state) {
  (void)state;
  assert_int_equal(run("A talk with coach Dana Whitlow\n\n"
                       "Q: What changed first?\n\n"
                       "WHITLOW: The kit room. I said to them on day one, \xE2\x80\x9CPut your boots away.\xE2\x80\x9D\n"),
                   1);
  assert_speaker(0, "Dana Whitlow");
}

static void an_introducing_clause_beats_the_next_sentences_verb(void **state) {
  (void)state;
  assert_int_equal(run("Kofi Mensah chairs the club. At the first meeting he told them, \xE2\x80\x9CNo phones "
                       "at the table.\xE2\x80\x9D Priya Das laughed."),
                   1);
  assert_speaker(0, "Kofi Mensah");
}

static void a_lede_quote_takes_the_speaker_the_next_paragraph_points_back_to(void **state) {
  (void)state;
  assert_int_equal(run("\xE2\x80\x9CThe river gave us everything, then took it back.\xE2\x80\x9D\n\n"
                       "That is how Prof. Ingrid Solheim describes the flood that emptied the "
                       "village in 1953.\n"),
                   1);
  assert_speaker(0, "Ingrid Solheim");
}

static void his_in_the_cue_sentence_tells_the_speakers_gender(void **state) {
  (void)state;
  assert_int_equal(run("Nell Harper took the stand. \xE2\x80\x9CWas it yours?\xE2\x80\x9D Ashby Crane asked, with his "
                       "hands in his pockets.\n\n\xE2\x80\x9CNo,\xE2\x80\x9D she said."),
                   2);
  assert_speaker(1, "Nell Harper");
}

static void a_definite_appositive_is_a_role_the_name_is_later_called_by(void **state) {
  (void)state;
  assert_int_equal(run("Brightwell Mills, the flour company, will close its oldest site.\n\n"
                       "The company said the move was \xE2\x80\x9C" "a hard choice for everyone.\xE2\x80\x9D\n"),
                   1);
  assert_speaker(0, "Brightwell Mills");
}

/* ---- speakers: patterns added with the 051-077 dev fixtures ---- */

static void a_pronoun_prefers_the_sentence_subject_over_a_later_apposition(void **state) {
  (void)state;
  assert_int_equal(run("Senator Rina Castell clashed on Monday with the governor, Bo Haines.\n\n"
                       "\xE2\x80\x9CWater is not a luxury,\xE2\x80\x9D she said."),
                   1);
  assert_speaker(0, "Rina Castell");
}

static void a_place_named_like_a_person_is_no_antecedent(void **state) {
  (void)state;
  assert_int_equal(run("Foreign Minister Halka Brenn arrived in Korvenia on Monday, where Korvenia "
                       "Power runs the dam.\n\n"
                       "Brenn dismissed accusations that Korvenia had ignored the warnings.\n\n"
                       "\xE2\x80\x9CWe shared every schedule,\xE2\x80\x9D she said."),
                   1);
  assert_speaker(0, "Halka Brenn");
}

static void false_titles_are_dropped_from_names(void **state) {
  (void)state;
  assert_int_equal(run("Passenger Rhys Tallon said: \xE2\x80\x9CI will walk.\xE2\x80\x9D\n\n"
                       "Neighbour Kev Dobbs said: \xE2\x80\x9CIt was loud.\xE2\x80\x9D"),
                   2);
  assert_speaker(0, "Rhys Tallon");
  assert_speaker(1, "Kev Dobbs");
}

static void particles_join_names_whatever_their_case(void **state) {
  (void)state;
  assert_int_equal(
      run("\xE2\x80\x9CNo blank cheque,\xE2\x80\x9D said Piet van der Wal.\n\n"
          "Van der Wal later insisted that \xE2\x80\x9Cnobody is leaving.\xE2\x80\x9D\n\n"
          "\xE2\x80\x9C"
          "A deal is near,\xE2\x80\x9D al-Hadi told reporters."),
      3);
  assert_speaker(0, "Piet van der Wal");
  assert_speaker(1, "Piet van der Wal");
  assert_speaker(2, "al-Hadi");
}

static void it_said_is_the_organisation_named_last(void **state) {
  (void)state;
  assert_int_equal(run("The Harbour Utilities Commission will publish figures in May. It said the "
                       "cap was \xE2\x80\x9Cunder review.\xE2\x80\x9D"),
                   1);
  assert_speaker(0, "Harbour Utilities Commission");
}

static void a_spokesman_for_a_named_body_is_unnamed(void **state) {
  (void)state;
  assert_int_equal(run("A spokesman for the charity Roadsafe said the crash was \xE2\x80\x9Csadly "
                       "typical\xE2\x80\x9D "
                       "of the road."),
                   1);
  assert_speaker(0, NULL);
}

static void a_headline_quote_in_the_first_person_is_the_one_person_it_names(void **state) {
  (void)state;
  assert_int_equal(run("\xE2\x80\x9CI still get nervous\xE2\x80\x9D: an interview with "
                       "Sigr\xC3\xBAn Hallsd\xC3\xB3ttir\n\n"
                       "Sigr\xC3\xBAn Hallsd\xC3\xB3ttir flew to orbit last year."),
                   1);
  assert_speaker(0, "Sigr\xC3\xBAn Hallsd\xC3\xB3ttir");
}

static void a_dash_and_a_name_after_a_quote_sign_it(void **state) {
  (void)state;
  assert_int_equal(run("The summit ended late.\n\n"
                       "\xE2\x80\x9CRivers outlast governments.\xE2\x80\x9D \xE2\x80\x93 Foreign "
                       "Minister Halka Brenn"),
                   1);
  assert_speaker(0, "Halka Brenn");
}

static void an_untagged_answer_to_a_question_is_the_other_party(void **state) {
  (void)state;
  assert_int_equal(run("Councillor Derek Hwang questioned the agent, Lena Pike, for an hour.\n\n"
                       "\xE2\x80\x9CHow many flats are affordable?\xE2\x80\x9D Hwang asked.\n\n"
                       "\xE2\x80\x9CThirty-six.\xE2\x80\x9D"),
                   2);
  assert_speaker(0, "Derek Hwang");
  assert_speaker(1, "Lena Pike");
}

static void a_verb_second_clause_has_its_subject_after_the_verb(void **state) {
  (void)state;
  assert_int_equal(
      run("\xE2\x80\x9EWir sind bereit\xE2\x80\x9C, sagte Au\xC3\x9F"
          "enministerin Halka Brenn. "
          "Auf Englisch f\xC3\xBCgte sie hinzu: \xE2\x80\x9EWe are ready.\xE2\x80\x9C"),
      2);
  assert_speaker(0, "Halka Brenn");
  assert_speaker(1, "Halka Brenn");
}

static void a_q_and_a_answer_is_the_interviewees(void **state) {
  (void)state;
  assert_int_equal(run("Captain Rania Haddad runs the harbour at Port Kessel.\n\n"
                       "Q: And the ferry company?\n\n"
                       "A: I told them, \"Not on my watch.\" They have been polite since."),
                   1);
  assert_speaker(0, "Rania Haddad");
}

static void a_group_opening_a_sentence_names_nobody(void **state) {
  (void)state;
  assert_int_equal(run("Officials said: \xE2\x80\x9CNo decision has been taken.\xE2\x80\x9D"), 1);
  assert_speaker(0, NULL);
}

static void a_post_after_an_article_is_a_noun_not_a_cue(void **state) {
  (void)state;
  assert_int_equal(run("Dr Ana Ruiz chairs the panel. Ben Okafor runs the utility.\n\n"
                       "\xE2\x80\x9CWe are hiring,\xE2\x80\x9D Okafor wrote in a LinkedIn post.\n\n"
                       "\xE2\x80\x9CSummer is here,\xE2\x80\x9D she posted on Instagram."),
                   2);
  assert_speaker(0, "Ben Okafor");
  assert_speaker(1, "Ana Ruiz");
}

static void an_unnamed_phrase_after_said_takes_the_name_in_apposition(void **state) {
  (void)state;
  assert_int_equal(run("\xE2\x80\x9CThis is long overdue,\xE2\x80\x9D said one of the organisers, "
                       "Jane Doe."),
                   1);
  assert_speaker(0, "Jane Doe");
}

static void a_demonym_stands_for_the_person_in_focus(void **state) {
  (void)state;
  assert_int_equal(
      run("Striker Luca Bellini, 24, scored twice. \xE2\x80\x9CI dreamed of this,\xE2\x80\x9D "
          "the Italian said."),
      1);
  assert_speaker(0, "Luca Bellini");
}

static void japanese_topics_drop_ages_and_roles(void **state) {
  (void)state;
  assert_int_equal(
      run("\xE9\x83\xA8\xE9\x95\xB7\xE3\x81\xAE\xE4\xBD\x90\xE8\x97\xA4\xE7\xBE\x8E\xE5\x92\xB2\xE3"
          "\x81\x95\xE3\x82\x93\xEF\xBC\x88"
          "18\xEF\xBC\x89\xE3\x81\xAF\xE3\x80\x8C\xE4\xBF\xA1\xE3\x81\x98\xE3\x82\x89\xE3\x82\x8C"
          "\xE3\x81\xAA\xE3\x81\x84\xE3\x80\x8D\xE3\x81\xA8\xE5\x96\x9C\xE3\x82\x93\xE3\x81\xA0\xE3"
          "\x80\x82\xE9\xA1\xA7\xE5\x95\x8F\xE3\x81\xAE\xE7\x94\xB0\xE4\xB8\xAD\xE8\xAA\xA0\xE6\x95"
          "\x99\xE8\xAB\xAD\xE3\x81\xAF\xE3\x80\x8C\xE7\xA7\x81\xE3\x81\xAF\xE8\xA6\x8B\xE3\x81\xA6"
          "\xE3\x81\x84\xE3\x81\x9F\xE3\x81\xA0\xE3\x81\x91\xE3\x81\xA7\xE3\x81\x99\xE3\x80\x8D\xE3"
          "\x81\xA8\xE8\xA9\xB1\xE3\x81\x97\xE3\x81\x9F\xE3\x80\x82\xE4\xB8\x83\xE5\x8D\x81\xE4\xBB"
          "\xA3\xE3\x81\xAE\xE7\x94\xB7\xE6\x80\xA7\xE3\x81\xAF\xE3\x80\x8C\xE5\xA4\xAA\xE9\xBC\x93"
          "\xE3\x81\x8C\xE3\x81\xA4\xE3\x82\x89\xE3\x81\x84\xE3\x80\x8D\xE3\x81\xA8\xE8\xA9\xB1\xE3"
          "\x81\x97\xE3\x81\x9F\xE3\x80\x82"),
      3);
  assert_speaker(0, "\xE4\xBD\x90\xE8\x97\xA4\xE7\xBE\x8E\xE5\x92\xB2");
  assert_speaker(1, "\xE7\x94\xB0\xE4\xB8\xAD\xE8\xAA\xA0");
  assert_speaker(2, NULL);
}

static void an_indefinite_subject_is_nobody_named(void **state) {
  (void)state;
  assert_int_equal(run("Pia Lund said: \xE2\x80\x9C" "We will stay.\xE2\x80\x9D" "\n\nAnother laughed: \xE2\x80\x9C" "So will I.\xE2\x80\x9D" ""), 2);
  assert_speaker(0, "Pia Lund");
  assert_speaker(1, NULL);
}

static void a_dash_apposition_tells_no_gender(void **state) {
  (void)state;
  assert_int_equal(run("Omar Veck builds boats.\n\nNell Darrow \xE2\x80\x94" " his cousin, and a builder too \xE2\x80\x94" " "
                       "is less sure. \xE2\x80\x9C" "It is mostly luck,\xE2\x80\x9D" " she says."),
                   1);
  assert_speaker(0, "Nell Darrow");
}

static void a_name_in_the_pronouns_paragraph_beats_an_older_subject(void **state) {
  (void)state;
  assert_int_equal(run("Councillor Ruth Imber opened the debate.\n\n"
                       "The loudest voice outside belonged to Maria Salt, who runs a lunch club. "
                       "\xE2\x80\x9C" "Nobody asked us,\xE2\x80\x9D" " she said."),
                   1);
  assert_speaker(0, "Maria Salt");
}

static void a_coordinated_verb_shares_the_subject(void **state) {
  (void)state;
  assert_int_equal(run("The Harlow Ferry Company said on Monday that talks had failed and called the "
                       "stoppage \xE2\x80\x9C" "entirely avoidable.\xE2\x80\x9D" ""),
                   1);
  assert_speaker(0, "Harlow Ferry Company");
  assert_int_equal(run("Tessa Bryn said she was tired but admitted the plan was \xE2\x80\x9C" "a bit daft\xE2\x80\x9D" " "
                       "in places."),
                   1);
  assert_speaker(0, "Tessa Bryn");
}

static void a_relative_clause_speaks_for_the_name_before_it(void **state) {
  (void)state;
  assert_int_equal(run("The work was paid for by the Orla Sea Fund, which said in a statement that it "
                       "was \xE2\x80\x9C" "delighted to help.\xE2\x80\x9D" ""),
                   1);
  assert_speaker(0, "Orla Sea Fund");
}

static void a_name_heads_its_prepositional_phrase(void **state) {
  (void)state;
  assert_int_equal(run("Later, Sergeant Abel Kourt of the county's traffic unit said: \xE2\x80\x9C" "Slow down.\xE2\x80\x9D" ""), 1);
  assert_speaker(0, "Abel Kourt");
}

static void a_common_noun_is_no_mention_of_a_name(void **state) {
  (void)state;
  assert_int_equal(run("Le Festival de Brume a fermé. \xC2\xAB" " Nous partons \xC2\xBB" ", a expliqué le "
                       "directeur du festival, Paul Aven."),
                   1);
  assert_speaker(0, "Paul Aven");
}

static void remembered_and_emails_are_cues(void **state) {
  (void)state;
  assert_int_equal(run("\xE2\x80\x9C" "He had one rule,\xE2\x80\x9D" " remembered longtime customer Ivo Brandt, 64."), 1);
  assert_speaker(0, "Ivo Brandt");
  assert_int_equal(run("21:10 \xE2\x80\x94" " A reader, Lise Morrow, emails: \xE2\x80\x9C" "Keep going.\xE2\x80\x9D" ""), 1);
  assert_speaker(0, "Lise Morrow");
}

static void a_statement_speaks_for_the_organisation(void **state) {
  (void)state;
  assert_int_equal(run("The Keld Water Board said it would appeal.\n\n\xE2\x80\x9C" "We acted lawfully,\xE2\x80\x9D" " the "
                       "statement said."),
                   1);
  assert_speaker(0, "Keld Water Board");
}

static void a_german_office_is_a_title(void **state) {
  (void)state;
  assert_int_equal(run("K\xC3\xA4mmerer Udo Brandl warnte davor. \xE2\x80\x9E" "Es wird teuer\xE2\x80\x9C" ", sagte Brandl."), 1);
  assert_speaker(0, "Udo Brandl");
}

static void a_statement_speaks_for_whoever_made_it(void **state) {
  (void)state;
  assert_int_equal(run("In a letter read to the court, the club's chair, Nora Quill, said members were "
                       "upset.\n\n\xE2\x80\x9C" "We trusted him,\xE2\x80\x9D" " the statement said."),
                   1);
  assert_speaker(0, "Nora Quill");
}

static void a_coordinated_verb_looks_past_a_fronted_phrase(void **state) {
  (void)state;
  assert_int_equal(run("Speaking on Friday, Ivo Lamm praised the crew and warned of \xE2\x80\x9C" "hard days\xE2\x80\x9D" " ahead."),
                   1);
  assert_speaker(0, "Ivo Lamm");
}

static void a_continued_quote_that_asked_a_question_is_no_dialogue(void **state) {
  (void)state;
  assert_int_equal(run("By Rhea Lusk\n\nTomas Birne won the raffle.\n\nHe told us: \xE2\x80\x9C" "I checked it twice. "
                       "Who would not?\n\n\xE2\x80\x9C" "Then I rang my brother.\xE2\x80\x9D" ""),
                   2);
  assert_speaker(0, "Tomas Birne");
  assert_speaker(1, "Tomas Birne");
}

static void a_coordinated_speech_verb_after_a_quote_shares_the_subject(void **state) {
  (void)state;
  assert_int_equal(run("Last spring, Juno Ashe called the team \xE2\x80\x9C" "a family\xE2\x80\x9D" " and said: \xE2\x80\x9C" "We stay together.\xE2\x80\x9D" ""),
                   2);
  assert_speaker(0, "Juno Ashe");
  assert_speaker(1, "Juno Ashe");
}

static void in_someones_words_attributes_the_quote(void **state) {
  (void)state;
  assert_int_equal(run("Wren Hollis owns the pier. It stays open until, in Hollis's words, \xE2\x80\x9C" "the tide says no.\xE2\x80\x9D" ""), 1);
  assert_speaker(0, "Wren Hollis");
  assert_int_equal(run("The pier stays open until, in the words of Wren Hollis, \xE2\x80\x9C" "the tide says no.\xE2\x80\x9D" ""), 1);
  assert_speaker(0, "Wren Hollis");
}

static void a_document_speaks_for_its_author(void **state) {
  (void)state;
  assert_int_equal(run("The Harbour Board kept the records. Nell Varga's note is shorter.\n\n"
                       "\xE2\x80\x9C" "Do not wait up,\xE2\x80\x9D" " it begins."),
                   1);
  assert_speaker(0, "Nell Varga");
}

static void the_passive_of_hearsay_names_no_one(void **state) {
  (void)state;
  assert_int_equal(run("The 31-year-old, who plays nurse Kit Mays in the soap, is said to be \xE2\x80\x9C" "furious\xE2\x80\x9D" " about it."), 1);
  assert_speaker(0, NULL);
}

static void the_quote_after_a_cue_sentence_keeps_an_unnamed_speaker(void **state) {
  (void)state;
  assert_int_equal(run("Gus Penn, 70, has lived here for years. \xE2\x80\x9C" "I stayed,\xE2\x80\x9D" " Penn said.\n\n"
                       "A neighbour, who asked not to be named, said the drains were blocked. "
                       "\xE2\x80\x9C" "They knew,\xE2\x80\x9D" " she said. \xE2\x80\x9C" "Everybody knew.\xE2\x80\x9D" ""),
                   3);
  assert_speaker(0, "Gus Penn");
  assert_speaker(1, NULL);
  assert_speaker(2, NULL);
}

static void put_speaks_only_as_put_it(void **state) {
  (void)state;
  assert_int_equal(run("Rosa Venn builds boats. She took one apart and, by her own account, never put "
                       "her life back together.\n\n\xE2\x80\x9C" "I had no training,\xE2\x80\x9D" " she says."),
                   1);
  assert_speaker(0, "Rosa Venn");
  assert_int_equal(run("\xE2\x80\x9C" "It was a mess,\xE2\x80\x9D" " as Rosa Venn put it."), 1);
  assert_speaker(0, "Rosa Venn");
}

static void an_unnamed_asker_of_him_keeps_the_focus(void **state) {
  (void)state;
  assert_int_equal(run("Mr Gus Penn fixes boats. A neighbour asked him to mend a fiddle.\n\n"
                       "\xE2\x80\x9C" "I had no training,\xE2\x80\x9D" " he says."),
                   1);
  assert_speaker(0, "Gus Penn");
}

static void an_intro_echo_takes_the_speaker_the_body_gives(void **state) {
  (void)state;
  assert_int_equal(run("Clerk jailed\n\nA clerk who took cash to fund a \xE2\x80\x9C" "double life\xE2\x80\x9D" " was jailed.\n\n"
                       "Prosecutor Vera Stroud said the clerk had led a \xE2\x80\x9C" "double life\xE2\x80\x9D" "."),
                   2);
  assert_speaker(0, "Vera Stroud");
  assert_speaker(1, "Vera Stroud");
}

static void a_post_reading_quotes_its_author(void **state) {
  (void)state;
  assert_int_equal(run("Ms Tilly Oake left the show.\n\nShe later shared a photo with a caption reading: "
                       "\xE2\x80\x9C" "Onwards.\xE2\x80\x9D" ""),
                   1);
  assert_speaker(0, "Tilly Oake");
}

static void an_office_speaks_for_its_owner(void **state) {
  (void)state;
  assert_int_equal(run("The Tarn Valley League's press office said the fixture was \xE2\x80\x9C" "off for now.\xE2\x80\x9D" ""), 1);
  assert_speaker(0, "Tarn Valley League");
}

static void a_bare_title_is_the_one_person_holding_it(void **state) {
  (void)state;
  assert_int_equal(run("Pool vote: Mayor warns of \xE2\x80\x9C" "dark days\xE2\x80\x9D" "\n\n"
                       "Mayor Tova Renn told the meeting the budget was short."),
                   1);
  assert_speaker(0, "Tova Renn");
  assert_int_equal(run("Mayor warns of \xE2\x80\x9C" "dark days\xE2\x80\x9D" "\n\nMayor Tova Renn spoke first. Later, Mayor Ole Brisk spoke."), 1);
  assert_speaker(0, NULL); /* two mayors: no telling which */
}

static void a_kind_of_organisation_after_an_article_is_no_name(void **state) {
  (void)state;
  assert_int_equal(run("Der Verein teilte am Donnerstag mit, man stehe \xE2\x80\x9E" "voll und ganz"
                       "\xE2\x80\x9C hinter dem Trainer."),
                   1);
  assert_speaker(0, NULL);
}

static void those_were_the_words_of_names_the_speaker_of_the_quote_before(void **state) {
  (void)state;
  assert_int_equal(run("\xE2\x80\x9CWe were promised a bus every ten minutes.\xE2\x80\x9D Those were the words of the "
                       "parish clerk, Edwin Marr, who wrote to the council.\n"),
                   1);
  assert_speaker(0, "Edwin Marr");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_teardown(every_mark_style_is_recognised, teardown),
      cmocka_unit_test_teardown(spans_exclude_marks_and_trim_whitespace, teardown),
      cmocka_unit_test_teardown(british_nesting_keeps_inner_quote_inside, teardown),
      cmocka_unit_test_teardown(us_nesting_keeps_inner_quote_inside, teardown),
      cmocka_unit_test_teardown(straight_quotes_open_and_close_by_context, teardown),
      cmocka_unit_test_teardown(apostrophes_are_not_quote_marks, teardown),
      cmocka_unit_test_teardown(apostrophes_inside_single_quotes_do_not_close_them, teardown),
      cmocka_unit_test_teardown(inch_marks_are_not_quotes, teardown),
      cmocka_unit_test_teardown(multi_paragraph_quote_is_one_group, teardown),
      cmocka_unit_test_teardown(missing_closer_stops_at_paragraph_end, teardown),
      cmocka_unit_test_teardown(one_line_per_paragraph_documents_split_on_newlines, teardown),
      cmocka_unit_test_teardown(split_quote_is_two_spans_in_one_group, teardown),
      cmocka_unit_test_teardown(different_speakers_are_different_groups, teardown),
      cmocka_unit_test_teardown(scare_quotes_and_titles_are_fragments_without_speaker, teardown),
      cmocka_unit_test_teardown(a_title_opening_the_writers_sentence_is_a_fragment, teardown),
      cmocka_unit_test_teardown(embedded_words_are_a_fragment_of_the_speaker, teardown),
      cmocka_unit_test_teardown(speaker_after_the_quote, teardown),
      cmocka_unit_test_teardown(speaker_before_the_quote, teardown),
      cmocka_unit_test_teardown(titles_are_stripped_from_names, teardown),
      cmocka_unit_test_teardown(surname_mentions_link_to_the_full_name, teardown),
      cmocka_unit_test_teardown(pronouns_follow_gender_and_recency, teardown),
      cmocka_unit_test_teardown(pronoun_without_gender_takes_the_most_recent_person, teardown),
      cmocka_unit_test_teardown(organisations_speak_by_name, teardown),
      cmocka_unit_test_teardown(unnamed_sources_have_no_speaker, teardown),
      cmocka_unit_test_teardown(pronoun_after_an_unnamed_source_is_not_guessed, teardown),
      cmocka_unit_test_teardown(colon_paragraph_introduces_the_next_quote, teardown),
      cmocka_unit_test_teardown(speaker_in_the_preceding_sentence, teardown),
      cmocka_unit_test_teardown(speaker_in_the_following_sentence, teardown),
      cmocka_unit_test_teardown(headline_and_captions_are_boilerplate, teardown),
      cmocka_unit_test_teardown(caller_flags_decide_boilerplate, teardown),
      cmocka_unit_test(invalid_utf8_is_reported_with_its_offset),
      cmocka_unit_test(bad_arguments_are_rejected),
      cmocka_unit_test(no_speakers_option_skips_attribution),
      cmocka_unit_test_teardown(reuse_after_reset_gives_the_same_results, teardown),
      cmocka_unit_test(interview_answers_after_unquoted_questions_are_the_interviewees),
      cmocka_unit_test(a_quote_paragraph_after_a_statement_is_no_interview_answer),
      cmocka_unit_test(an_age_description_stands_for_the_person_named_before),
      cmocka_unit_test(german_subject_pronouns_resolve_like_english_ones),
      cmocka_unit_test(catenative_verbs_before_say_are_not_the_subject),
      cmocka_unit_test(first_person_contractions_are_no_names),
      cmocka_unit_test(a_split_quote_with_the_comma_outside_the_marks_keeps_its_speaker),
      cmocka_unit_test(a_headline_quote_takes_the_speaker_the_body_gives_the_same_words),
      cmocka_unit_test(an_indefinite_german_subject_is_unnamed),
      cmocka_unit_test(according_to_a_role_of_a_place_the_name_in_apposition_speaks),
      cmocka_unit_test(what_someone_called_has_the_relative_clause_subject),
      cmocka_unit_test(a_so_called_fragment_is_nobodys_speech),
      cmocka_unit_test(reverend_abbreviated_revd_is_a_title),
      cmocka_unit_test(a_plural_unnamed_source_does_not_shadow_a_named_woman),
      cmocka_unit_test(a_place_is_no_antecedent_for_they),
      cmocka_unit_test(i_in_a_transcript_turn_is_the_labelled_speaker),
      cmocka_unit_test(an_introducing_clause_beats_the_next_sentences_verb),
      cmocka_unit_test(a_lede_quote_takes_the_speaker_the_next_paragraph_points_back_to),
      cmocka_unit_test(his_in_the_cue_sentence_tells_the_speakers_gender),
      cmocka_unit_test(a_definite_appositive_is_a_role_the_name_is_later_called_by),
      cmocka_unit_test(those_were_the_words_of_names_the_speaker_of_the_quote_before),
      cmocka_unit_test(a_pronoun_prefers_the_sentence_subject_over_a_later_apposition),
      cmocka_unit_test(a_place_named_like_a_person_is_no_antecedent),
      cmocka_unit_test(false_titles_are_dropped_from_names),
      cmocka_unit_test(particles_join_names_whatever_their_case),
      cmocka_unit_test(it_said_is_the_organisation_named_last),
      cmocka_unit_test(a_spokesman_for_a_named_body_is_unnamed),
      cmocka_unit_test(a_headline_quote_in_the_first_person_is_the_one_person_it_names),
      cmocka_unit_test(a_dash_and_a_name_after_a_quote_sign_it),
      cmocka_unit_test(an_untagged_answer_to_a_question_is_the_other_party),
      cmocka_unit_test(a_verb_second_clause_has_its_subject_after_the_verb),
      cmocka_unit_test(a_q_and_a_answer_is_the_interviewees),
      cmocka_unit_test(a_group_opening_a_sentence_names_nobody),
      cmocka_unit_test(a_post_after_an_article_is_a_noun_not_a_cue),
      cmocka_unit_test(an_unnamed_phrase_after_said_takes_the_name_in_apposition),
      cmocka_unit_test(a_demonym_stands_for_the_person_in_focus),
      cmocka_unit_test(japanese_topics_drop_ages_and_roles),
      cmocka_unit_test(an_indefinite_subject_is_nobody_named),
      cmocka_unit_test(a_dash_apposition_tells_no_gender),
      cmocka_unit_test(a_name_in_the_pronouns_paragraph_beats_an_older_subject),
      cmocka_unit_test(a_coordinated_verb_shares_the_subject),
      cmocka_unit_test(a_relative_clause_speaks_for_the_name_before_it),
      cmocka_unit_test(a_name_heads_its_prepositional_phrase),
      cmocka_unit_test(a_common_noun_is_no_mention_of_a_name),
      cmocka_unit_test(remembered_and_emails_are_cues),
      cmocka_unit_test(a_statement_speaks_for_the_organisation),
      cmocka_unit_test(a_german_office_is_a_title),
      cmocka_unit_test(a_statement_speaks_for_whoever_made_it),
      cmocka_unit_test(a_coordinated_verb_looks_past_a_fronted_phrase),
      cmocka_unit_test(a_continued_quote_that_asked_a_question_is_no_dialogue),
      cmocka_unit_test(a_coordinated_speech_verb_after_a_quote_shares_the_subject),
      cmocka_unit_test(in_someones_words_attributes_the_quote),
      cmocka_unit_test(a_document_speaks_for_its_author),
      cmocka_unit_test(the_passive_of_hearsay_names_no_one),
      cmocka_unit_test(the_quote_after_a_cue_sentence_keeps_an_unnamed_speaker),
      cmocka_unit_test(put_speaks_only_as_put_it),
      cmocka_unit_test(an_unnamed_asker_of_him_keeps_the_focus),
      cmocka_unit_test(an_intro_echo_takes_the_speaker_the_body_gives),
      cmocka_unit_test(a_post_reading_quotes_its_author),
      cmocka_unit_test(an_office_speaks_for_its_owner),
      cmocka_unit_test(a_bare_title_is_the_one_person_holding_it),
      cmocka_unit_test(a_kind_of_organisation_after_an_article_is_no_name),
      cmocka_unit_test(allocation_failures_are_reported_without_leaks),
      cmocka_unit_test(a_word_whose_lower_case_form_occurs_is_no_name_on_every_asking),
      cmocka_unit_test(allocation_failures_in_the_set_of_lower_case_forms_are_reported),
      cmocka_unit_test_teardown(records_carry_the_quote_and_its_speaker, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
