/* UAX #29 word and sentence boundaries (Unicode 15.0).
 *
 * The rules are applied in order at each position between code points.
 * Rules that look through ignorable characters (WB4, SB5) do so through state
 * carried forward: the index of the last "effective" code point (one not
 * absorbed into its predecessor) and the one before it, instead of scanning
 * backwards, so the cost stays linear whatever the input.
 */
#include <stdbool.h>

#include "uax29.h"

#define NONE_CLASS 0xFFu

/* ---- words ---- */

static bool wb_ah(unsigned c) { return c == VB_WB_ALETTER || c == VB_WB_HEBREW; }
static bool wb_midnumletq(unsigned c) { return c == VB_WB_MIDNUMLET || c == VB_WB_SQUOTE; }
static bool wb_efz(unsigned c) { return c == VB_WB_EXTEND || c == VB_WB_FORMAT || c == VB_WB_ZWJ; }
static bool wb_nl(unsigned c) { return c == VB_WB_CR || c == VB_WB_LF || c == VB_WB_NEWLINE; }

/* WB5-WB16 for effective classes: aa a | cur nn. True means "no break". */
static bool wb_joined(unsigned aa, unsigned a, unsigned cur, unsigned nn, size_t ri_run) {
  if (wb_ah(a) && wb_ah(cur)) return true;                                             /* WB5 */
  if (wb_ah(a) && (cur == VB_WB_MIDLETTER || wb_midnumletq(cur)) && wb_ah(nn)) return true; /* WB6 */
  if (wb_ah(aa) && (a == VB_WB_MIDLETTER || wb_midnumletq(a)) && wb_ah(cur)) return true;   /* WB7 */
  if (a == VB_WB_HEBREW && cur == VB_WB_SQUOTE) return true;                          /* WB7a */
  if (a == VB_WB_HEBREW && cur == VB_WB_DQUOTE && nn == VB_WB_HEBREW) return true;     /* WB7b */
  if (aa == VB_WB_HEBREW && a == VB_WB_DQUOTE && cur == VB_WB_HEBREW) return true;     /* WB7c */
  if (a == VB_WB_NUMERIC && cur == VB_WB_NUMERIC) return true;                        /* WB8 */
  if (wb_ah(a) && cur == VB_WB_NUMERIC) return true;                                  /* WB9 */
  if (a == VB_WB_NUMERIC && wb_ah(cur)) return true;                                  /* WB10 */
  if (aa == VB_WB_NUMERIC && (a == VB_WB_MIDNUM || wb_midnumletq(a)) && cur == VB_WB_NUMERIC)
    return true; /* WB11 */
  if (a == VB_WB_NUMERIC && (cur == VB_WB_MIDNUM || wb_midnumletq(cur)) && nn == VB_WB_NUMERIC)
    return true;                                                                      /* WB12 */
  if (a == VB_WB_KATAKANA && cur == VB_WB_KATAKANA) return true;                      /* WB13 */
  if ((wb_ah(a) || a == VB_WB_NUMERIC || a == VB_WB_KATAKANA || a == VB_WB_EXTNUMLET) &&
      cur == VB_WB_EXTNUMLET)
    return true; /* WB13a */
  if (a == VB_WB_EXTNUMLET && (wb_ah(cur) || cur == VB_WB_NUMERIC || cur == VB_WB_KATAKANA))
    return true;                                                        /* WB13b */
  if (a == VB_WB_RI && cur == VB_WB_RI && (ri_run & 1)) return true;   /* WB15, WB16 */
  return false;                                                         /* WB999 */
}

void vb_uax29_words(const uint16_t *p, size_t n, uint8_t *brk) {
  brk[0] = 1;
  if (n == 0) return;
  brk[n] = 1;
  size_t prev = 0;            /* last effective code point */
  unsigned aa = NONE_CLASS;   /* class of the effective one before it */
  size_t ri_run = VB_SEG_WB(p[0]) == VB_WB_RI;
  for (size_t i = 1; i < n; i++) {
    unsigned raw = VB_SEG_WB(p[i - 1]), cur = VB_SEG_WB(p[i]);
    unsigned a = VB_SEG_WB(p[prev]);
    bool joined;
    if (raw == VB_WB_CR && cur == VB_WB_LF)
      joined = true; /* WB3 */
    else if (wb_nl(raw) || wb_nl(cur))
      joined = false; /* WB3a, WB3b */
    else if (raw == VB_WB_ZWJ && VB_SEG_EXTPICT(p[i]))
      joined = true; /* WB3c */
    else if (raw == VB_WB_WSEGSPACE && cur == VB_WB_WSEGSPACE)
      joined = true; /* WB3d */
    else if (wb_efz(cur))
      joined = true; /* WB4 */
    else {
      size_t k = i + 1;
      while (k < n && wb_efz(VB_SEG_WB(p[k]))) k++;
      unsigned nn = k < n ? VB_SEG_WB(p[k]) : NONE_CLASS;
      joined = wb_joined(aa, a, cur, nn, ri_run);
    }
    brk[i] = !joined;
    /* WB4: Extend, Format and ZWJ vanish into what precedes them, unless
     * that is a line break (then they stand alone). */
    if (wb_efz(cur) && !wb_nl(raw)) continue;
    aa = a;
    prev = i;
    ri_run = cur == VB_WB_RI ? ri_run + 1 : 0;
  }
}

/* ---- sentences ---- */

static bool sb_parasep(unsigned c) { return c == VB_SB_SEP || c == VB_SB_CR || c == VB_SB_LF; }
static bool sb_saterm(unsigned c) { return c == VB_SB_ATERM || c == VB_SB_STERM; }
static bool sb_ignorable(unsigned c) { return c == VB_SB_EXTEND || c == VB_SB_FORMAT; }
/* Classes that stop SB8's look-ahead for a lowercase letter. */
static bool sb_stops_sb8(unsigned c) {
  return c == VB_SB_OLETTER || c == VB_SB_UPPER || c == VB_SB_LOWER || sb_parasep(c) ||
         sb_saterm(c);
}

void vb_uax29_sentences(const uint16_t *p, size_t n, uint8_t *brk) {
  brk[0] = 1;
  if (n == 0) return;
  brk[n] = 1;
  size_t prev = 0;
  unsigned aa = NONE_CLASS;
  /* The run "SATerm Close* Sp*" that ends at `prev`, if any. */
  unsigned term = NONE_CLASS;
  bool term_sp = false;
  unsigned c0 = VB_SEG_SB(p[0]);
  if (sb_saterm(c0)) term = c0;
  size_t look = 0; /* SB8 look-ahead result, valid while >= i */
  bool have_look = false;
  for (size_t i = 1; i < n; i++) {
    unsigned raw = VB_SEG_SB(p[i - 1]), cur = VB_SEG_SB(p[i]);
    unsigned a = VB_SEG_SB(p[prev]);
    bool joined;
    if (raw == VB_SB_CR && cur == VB_SB_LF)
      joined = true; /* SB3 */
    else if (sb_parasep(raw))
      joined = false; /* SB4 */
    else if (sb_ignorable(cur))
      joined = true; /* SB5 */
    else if (a == VB_SB_ATERM && cur == VB_SB_NUMERIC)
      joined = true; /* SB6 */
    else if (a == VB_SB_ATERM && (aa == VB_SB_UPPER || aa == VB_SB_LOWER) && cur == VB_SB_UPPER)
      joined = true; /* SB7 */
    else if (term != NONE_CLASS) {
      joined = false;
      if (term == VB_SB_ATERM) { /* SB8 */
        if (!have_look || look < i) {
          look = i;
          while (look < n && !sb_stops_sb8(VB_SEG_SB(p[look]))) look++;
          have_look = true;
        }
        if (look < n && VB_SEG_SB(p[look]) == VB_SB_LOWER) joined = true;
      }
      if (!joined && (cur == VB_SB_SCONTINUE || sb_saterm(cur))) joined = true; /* SB8a */
      if (!joined && !term_sp && (cur == VB_SB_CLOSE || cur == VB_SB_SP || sb_parasep(cur)))
        joined = true; /* SB9 */
      if (!joined && (cur == VB_SB_SP || sb_parasep(cur))) joined = true; /* SB10 */
      /* otherwise SB11: break */
    } else
      joined = true; /* SB998 */
    brk[i] = !joined;
    if (sb_ignorable(cur) && !sb_parasep(raw)) continue; /* SB5 */
    aa = a;
    prev = i;
    if (sb_saterm(cur)) {
      term = cur;
      term_sp = false;
    } else if (cur == VB_SB_CLOSE && term != NONE_CLASS && !term_sp) {
    } else if (cur == VB_SB_SP && term != NONE_CLASS) {
      term_sp = true;
    } else
      term = NONE_CLASS;
  }
}
