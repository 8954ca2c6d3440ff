/* Tokens, sentences and paragraphs (see include/verbatim/segment.h).
 *
 * One run is a handful of flat passes over arrays the handle keeps between
 * documents: decode the text into packed code point properties, mark UAX #29
 * word and sentence boundaries (core/uax29.c), cut tokens and normalize each
 * one into a shared buffer, apply the abbreviation layer, find paragraphs,
 * then tie tokens to sentences and paragraphs and classify paragraphs
 * (core/boilerplate.c).
 */
#include <utf8proc.h>
/* Inlined: a token's hash is a short XXH3 (most words are under 16 bytes),
 * and a call through the PLT costs as much as the hash itself. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "abbrev_table.h"
#include "internal.h"
#include "segment_internal.h"
#include "uax29.h"
#include "utf8.h"
#include "verbatim/normalize.h"

struct vb_segmenter {
  vb_allocator alloc;
  uint64_t seed;
  bool line_mode;
  /* per code point, capacity cp_cap (+1 for the boundary arrays) */
  uint16_t *props;
  uint32_t *cp_off;
  uint8_t *wbrk;
  uint8_t *sbrk;
  size_t cp_cap;
  /* per token */
  vb_token *tok;
  uint8_t *tok_sstart; /* a sentence starts at this token */
  size_t ntok, tok_cap;
  vb_sentence *sent;
  size_t nsent, sent_cap;
  vb_paragraph *para;
  size_t npara, para_cap;
  char *norm;
  size_t norm_len, norm_cap;
  vb_normalizer *wnorm; /* for words with non-ASCII letters; made on first use */
  bool full_path;       /* tests only: never take the ASCII fast paths */
  bool byte_hash_ok;    /* byte_hash holds the hashes of one-byte tokens under byte_hash_seed */
  uint64_t byte_hash_seed;
  uint64_t byte_hash[128];
};

const char *vb_token_kind_name(vb_token_kind kind) {
  static const char *const names[] = {"word", "number", "punct", "symbol", "space", "newline"};
  return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind] : "?";
}

const char *vb_boiler_name(vb_boiler why) {
  static const char *const names[] = {"content",   "headline", "byline",
                                      "author_bio", "dateline", "caption",
                                      "furniture", "teaser",   "navigation"};
  return (unsigned)why < sizeof names / sizeof names[0] ? names[why] : "?";
}

const char *vb_segment_unicode_version(void) { return VB_SEGMENT_UNICODE_VERSION; }

vb_segmenter *vb_segmenter_new(const vb_allocator *alloc) {
  vb_allocator a = vb_alloc_resolve(alloc);
  vb_segmenter *s = vb_mem_calloc(&a, 1, sizeof *s);
  if (!s) return NULL;
  s->alloc = a;
  s->seed = VB_TOKEN_HASH_SEED;
  return s;
}

void vb_segmenter_free(vb_segmenter *self) {
  if (!self) return;
  const vb_allocator *a = &self->alloc;
  vb_mem_free(a, self->props);
  vb_mem_free(a, self->cp_off);
  vb_mem_free(a, self->wbrk);
  vb_mem_free(a, self->sbrk);
  vb_mem_free(a, self->tok);
  vb_mem_free(a, self->tok_sstart);
  vb_mem_free(a, self->sent);
  vb_mem_free(a, self->para);
  vb_mem_free(a, self->norm);
  vb_normalizer_free(self->wnorm);
  vb_allocator copy = self->alloc;
  vb_mem_free(&copy, self);
}

void vb_segmenter_reset(vb_segmenter *self) {
  if (!self) return;
  self->ntok = self->nsent = self->npara = self->norm_len = 0;
  self->line_mode = false;
}

void vb_segmenter_set_seed(vb_segmenter *self, uint64_t seed) {
  if (self) self->seed = seed;
}

const vb_token *vb_segmenter_tokens(const vb_segmenter *self, size_t *count) {
  *count = self->ntok;
  return self->tok;
}

const vb_sentence *vb_segmenter_sentences(const vb_segmenter *self, size_t *count) {
  *count = self->nsent;
  return self->sent;
}

const vb_paragraph *vb_segmenter_paragraphs(const vb_segmenter *self, size_t *count) {
  *count = self->npara;
  return self->para;
}

const char *vb_segmenter_norm(const vb_segmenter *self, size_t *len) {
  if (len) *len = self->norm_len;
  return self->norm;
}

bool vb_segmenter_line_mode(const vb_segmenter *self) { return self->line_mode; }

void vb_segmenter_set_full_path(vb_segmenter *self, bool on) {
  if (self) self->full_path = on;
}

/* ---- memory ---- */

/* Every per-code-point and per-token array is sized by the byte length, an
 * upper bound on both, so one reservation per run covers the whole run. */
static bool reserve_for(vb_segmenter *s, size_t n) {
  const vb_allocator *a = &s->alloc;
  if (n + 1 > s->cp_cap) {
    size_t cap = s->cp_cap;
    size_t c1 = cap, c2 = cap, c3 = cap, c4 = cap;
    if (!vb_array_reserve(a, (void **)&s->props, &c1, n + 1, sizeof *s->props) ||
        !vb_array_reserve(a, (void **)&s->cp_off, &c2, n + 1, sizeof *s->cp_off) ||
        !vb_array_reserve(a, (void **)&s->wbrk, &c3, n + 1, 1) ||
        !vb_array_reserve(a, (void **)&s->sbrk, &c4, n + 1, 1))
      return false;
    /* All four now hold at least n + 1; remember the smallest. */
    size_t m = c1 < c2 ? c1 : c2;
    m = m < c3 ? m : c3;
    s->cp_cap = m < c4 ? m : c4;
  }
  if (n > s->tok_cap) {
    size_t c1 = s->tok_cap, c2 = s->tok_cap;
    if (!vb_array_reserve(a, (void **)&s->tok, &c1, n, sizeof *s->tok) ||
        !vb_array_reserve(a, (void **)&s->tok_sstart, &c2, n, 1))
      return false;
    s->tok_cap = c1 < c2 ? c1 : c2;
  }
  return true;
}

static bool norm_reserve(vb_segmenter *s, size_t extra) {
  if (s->norm_len + extra <= s->norm_cap) return true;
  return vb_array_reserve(&s->alloc, (void **)&s->norm, &s->norm_cap, s->norm_len + extra, 1);
}

/* ---- tokens ---- */

/* Append the normalized form of p[0..len) to the norm buffer: the
 * normalizer's matching set (NFKC, case folding, quote, dash and space
 * unification, invisibles out) plus confusable folding, so "Вrеzak" with
 * Cyrillic look-alikes hashes as "brezak" while a Cyrillic word stays
 * Cyrillic. ASCII takes a fast path that only lowercases, which is what the
 * full path gives for ASCII letters and digits. */
static bool norm_append(vb_segmenter *s, const uint8_t *p, size_t len) {
  /* Nothing to append (a token of invisibles normalizes to nothing): return
   * before touching s->norm, which is still NULL when no token had text. */
  if (len == 0) return true;
  if (vb_utf8_ascii_prefix(p, len) == len) {
    if (!norm_reserve(s, len)) return false;
    char *out = s->norm + s->norm_len;
    for (size_t i = 0; i < len; i++) {
      uint8_t c = p[i];
      out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    s->norm_len += len;
    return true;
  }
  if (!s->wnorm) {
    s->wnorm = vb_normalizer_new(&s->alloc, VB_NORM_DEFAULT | VB_NORM_CONFUSABLES, NULL);
    if (!s->wnorm) return false;
  }
  if (vb_normalizer_run(s->wnorm, (const char *)p, len, NULL) != VB_OK) return false;
  size_t n;
  const char *out = vb_normalizer_output(s->wnorm, &n);
  if (n == 0) return true;
  if (!norm_reserve(s, n)) return false;
  memcpy(s->norm + s->norm_len, out, n);
  s->norm_len += n;
  return true;
}

static bool is_newline_cp(utf8proc_int32_t cp) {
  return cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

/* ---- the ASCII fast path ----
 *
 * News text is mostly ASCII, and for ASCII the UAX #29 word rules reduce to
 * a few byte classes (derived from the tables: scripts/gen_segment_tables.py
 * gives the same classes, and tests/segment_test.c checks every byte against
 * vb_seg_props). The fast path cuts a token from those classes alone and
 * gives up (returns 0) as soon as a byte >= 0x80 could change the token:
 * inside it, right after it when that byte could attach (an Extend, Format
 * or ZWJ mark, a Unicode space after spaces), or as the look-ahead of a
 * MidLetter/MidNum rule. The caller then runs the full path over the stretch
 * up to a boundary that no rule can see across (see full_region_end). */

enum {
  AC_OTHER,    /* punctuation, symbols, controls, '"': a token of its own */
  AC_LETTER,   /* ALetter */
  AC_DIGIT,    /* Numeric */
  AC_USCORE,   /* ExtendNumLet '_' */
  AC_MIDLET,   /* MidLetter ':' */
  AC_MIDNUMLET, /* MidNumLet '.' and Single_Quote '\'' (MidNumLetQ) */
  AC_MIDNUM,   /* MidNum ',' ';' */
  AC_SPACE,    /* WSegSpace ' ' */
  AC_CR,
  AC_LF,
  AC_NL,       /* Newline: VT, FF */
  AC_HIGH      /* not ASCII */
};

static unsigned ascii_class(uint8_t c) {
  static const uint8_t cls[128] = {
      ['\n'] = AC_LF, ['\r'] = AC_CR, ['\v'] = AC_NL, ['\f'] = AC_NL, [' '] = AC_SPACE,
      ['\''] = AC_MIDNUMLET, ['.'] = AC_MIDNUMLET, [','] = AC_MIDNUM, [';'] = AC_MIDNUM,
      [':'] = AC_MIDLET, ['_'] = AC_USCORE,
      ['0'] = AC_DIGIT, ['1'] = AC_DIGIT, ['2'] = AC_DIGIT, ['3'] = AC_DIGIT, ['4'] = AC_DIGIT,
      ['5'] = AC_DIGIT, ['6'] = AC_DIGIT, ['7'] = AC_DIGIT, ['8'] = AC_DIGIT, ['9'] = AC_DIGIT,
      ['A'] = AC_LETTER, ['B'] = AC_LETTER, ['C'] = AC_LETTER, ['D'] = AC_LETTER,
      ['E'] = AC_LETTER, ['F'] = AC_LETTER, ['G'] = AC_LETTER, ['H'] = AC_LETTER,
      ['I'] = AC_LETTER, ['J'] = AC_LETTER, ['K'] = AC_LETTER, ['L'] = AC_LETTER,
      ['M'] = AC_LETTER, ['N'] = AC_LETTER, ['O'] = AC_LETTER, ['P'] = AC_LETTER,
      ['Q'] = AC_LETTER, ['R'] = AC_LETTER, ['S'] = AC_LETTER, ['T'] = AC_LETTER,
      ['U'] = AC_LETTER, ['V'] = AC_LETTER, ['W'] = AC_LETTER, ['X'] = AC_LETTER,
      ['Y'] = AC_LETTER, ['Z'] = AC_LETTER,
      ['a'] = AC_LETTER, ['b'] = AC_LETTER, ['c'] = AC_LETTER, ['d'] = AC_LETTER,
      ['e'] = AC_LETTER, ['f'] = AC_LETTER, ['g'] = AC_LETTER, ['h'] = AC_LETTER,
      ['i'] = AC_LETTER, ['j'] = AC_LETTER, ['k'] = AC_LETTER, ['l'] = AC_LETTER,
      ['m'] = AC_LETTER, ['n'] = AC_LETTER, ['o'] = AC_LETTER, ['p'] = AC_LETTER,
      ['q'] = AC_LETTER, ['r'] = AC_LETTER, ['s'] = AC_LETTER, ['t'] = AC_LETTER,
      ['u'] = AC_LETTER, ['v'] = AC_LETTER, ['w'] = AC_LETTER, ['x'] = AC_LETTER,
      ['y'] = AC_LETTER, ['z'] = AC_LETTER,
  };
  return c < 0x80 ? cls[c] : AC_HIGH;
}

/* The kind of a one-byte token, as classify_token gives it: its general
 * category (Pc..Po punctuation, Zs or TAB/VT/FF space, the rest symbols). */
static vb_token_kind ascii_single_kind(uint8_t c) {
  if (c == '\n' || c == '\r') return VB_TOKEN_NEWLINE;
  if (c == ' ' || c == '\t' || c == '\v' || c == '\f') return VB_TOKEN_SPACE;
  if ((c >= '0' && c <= '9')) return VB_TOKEN_NUMBER;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return VB_TOKEN_WORD;
  switch (c) {
  case '!': case '"': case '#': case '%': case '&': case '\'': case '(': case ')':
  case '*': case ',': case '-': case '.': case '/': case ':': case ';': case '?':
  case '@': case '[': case '\\': case ']': case '_': case '{': case '}':
    return VB_TOKEN_PUNCT;
  default:
    return VB_TOKEN_SYMBOL; /* $ + < = > ^ ` | ~ and the controls */
  }
}

/* The kind of an ASCII token; false when it holds a byte >= 0x80. */
static bool ascii_kind(const uint8_t *p, size_t len, vb_token_kind *kind) {
  bool letter = false, digit = false;
  for (size_t i = 0; i < len; i++) {
    uint8_t c = p[i];
    if (c >= 0x80) return false;
    letter |= (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    digit |= c >= '0' && c <= '9';
  }
  if (letter) *kind = VB_TOKEN_WORD;
  else if (digit) *kind = VB_TOKEN_NUMBER;
  else *kind = ascii_single_kind(p[0]);
  return true;
}

/* Bytes that continue a letter/digit run (WB5, WB8-WB10, WB13a/b): flags
 * in the high byte (what the run holds decides its kind), the lowercased
 * byte in the low one; zero for every other byte, including >= 0x80. One
 * load per byte of a word. */
enum { RUN_LETTER = 1, RUN_DIGIT = 2, RUN_USCORE = 4 };
#define RL(c) [c] = RUN_LETTER << 8 | (c), [(c) - 32] = RUN_LETTER << 8 | (c)
#define RD(c) [c] = RUN_DIGIT << 8 | (c)
static const uint16_t run_tab[256] = {
    RD('0'), RD('1'), RD('2'), RD('3'), RD('4'), RD('5'), RD('6'), RD('7'), RD('8'), RD('9'),
    ['_'] = RUN_USCORE << 8 | '_',
    RL('a'), RL('b'), RL('c'), RL('d'), RL('e'), RL('f'), RL('g'), RL('h'), RL('i'),
    RL('j'), RL('k'), RL('l'), RL('m'), RL('n'), RL('o'), RL('p'), RL('q'), RL('r'),
    RL('s'), RL('t'), RL('u'), RL('v'), RL('w'), RL('x'), RL('y'), RL('z'),
};
#undef RL
#undef RD

static unsigned run_flags(uint8_t c) { return run_tab[c] >> 8; }

static inline char ascii_lower(uint8_t c) {
  return (char)(c + ((unsigned)(c - 'A') < 26u ? 32 : 0));
}

/* Cut the token that starts at t[i], a boundary whatever came before (the
 * fast path only ever ends a token before an ASCII byte or a line break,
 * where no UAX #29 rule looks back across), writing its normalized form
 * (the bytes, lowercased) to `out` as it goes; `out` has room for len - i
 * bytes. Returns its end, or 0 when a non-ASCII byte could change it (what
 * was written is then garbage). */
static size_t ascii_token(const uint8_t *restrict t, size_t len, size_t i, char *restrict out,
                          vb_token_kind *kind) {
  unsigned c = ascii_class(t[i]);
  size_t j = i + 1;
  out[0] = ascii_lower(t[i]);
  switch (c) {
  case AC_LETTER:
  case AC_DIGIT:
  case AC_USCORE: {
    unsigned acc = run_tab[t[i]], prev;
    for (;;) {
      const uint8_t *p = t + j, *end = t + len;
      char *o = out + (j - i);
      unsigned x = 0;
      while (p < end && (x = run_tab[*p]) != 0) {
        acc |= x;
        *o++ = (char)x;
        p++;
      }
      j = (size_t)(p - t);
      prev = run_flags(t[j - 1]);
      if (j == len) break;
      unsigned m = ascii_class(t[j]);
      if (m == AC_HIGH) return 0;
      if (m != AC_MIDLET && m != AC_MIDNUMLET && m != AC_MIDNUM) break;
      if (j + 1 == len) break;
      if (t[j + 1] >= 0x80) return 0; /* a mark would be skipped (WB4), a letter would join */
      unsigned y = run_flags(t[j + 1]);
      bool join = (prev == RUN_LETTER && y == RUN_LETTER && m != AC_MIDNUM) || /* WB6, WB7 */
                  (prev == RUN_DIGIT && y == RUN_DIGIT && m != AC_MIDLET);    /* WB11, WB12 */
      if (!join) break;
      out[j - i] = (char)t[j];
      out[j + 1 - i] = ascii_lower(t[j + 1]);
      acc |= y << 8;
      j += 2;
    }
    acc >>= 8;
    *kind = (acc & RUN_LETTER)  ? VB_TOKEN_WORD
            : (acc & RUN_DIGIT) ? VB_TOKEN_NUMBER
                                : VB_TOKEN_PUNCT;
    return j;
  }
  case AC_SPACE:
    while (j < len && t[j] == ' ') out[j++ - i] = ' '; /* WB3d */
    if (j < len && t[j] >= 0x80) return 0; /* a Unicode space or a mark would join */
    *kind = VB_TOKEN_SPACE;
    return j;
  case AC_CR:
    if (j < len && t[j] == '\n') out[j++ - i] = '\n'; /* WB3 */
    *kind = VB_TOKEN_NEWLINE;
    return j; /* WB3a: nothing joins after a line break */
  case AC_LF:
    *kind = VB_TOKEN_NEWLINE;
    return j;
  case AC_NL:
    *kind = VB_TOKEN_SPACE;
    return j;
  case AC_HIGH:
    return 0;
  default:
    if (j < len && t[j] >= 0x80) return 0; /* WB4: a mark would attach */
    *kind = ascii_single_kind(t[i]);
    return j;
  }
}

/* XXH3-64 of a token's normalized form, as XXH3_64bits_withSeed gives it:
 * inputs up to 16 bytes (most words) take XXH3's own short path, forced
 * inline; one-byte tokens (spaces, punctuation) come from a table made per
 * seed. */
static inline uint64_t token_hash(const vb_segmenter *s, const char *p, size_t n) {
  if (n == 1 && (uint8_t)p[0] < 0x80) return s->byte_hash[(uint8_t)p[0]];
  if (n <= 16) return XXH3_len_0to16_64b((const xxh_u8 *)p, n, XXH3_kSecret, s->seed);
  return XXH3_64bits_withSeed(p, n, s->seed);
}

static void byte_hashes(vb_segmenter *s) {
  if (s->byte_hash_ok && s->byte_hash_seed == s->seed) return;
  for (unsigned c = 0; c < 128; c++) {
    char b = (char)c;
    s->byte_hash[c] = XXH3_64bits_withSeed(&b, 1, s->seed);
  }
  s->byte_hash_seed = s->seed;
  s->byte_hash_ok = true;
}

/* Where the full path, started at a token boundary `from` with the first
 * byte >= 0x80 at or after it at `high`, can hand back: the first position
 * past `high` that follows an LF (WB3a), or a space that an ASCII non-space
 * follows (no rule joins them, and no rule looks ahead across a space), or
 * the end. The full path over [from, end) then cuts exactly the tokens a
 * run over the whole text would. */
static size_t full_region_end(const uint8_t *t, size_t len, size_t high) {
  for (size_t e = high + 1; e < len; e++) {
    uint8_t p = t[e - 1];
    if (p == '\n' || (p == ' ' && t[e] < 0x80 && t[e] != ' ')) return e;
  }
  return len;
}

static vb_token_kind classify_token(const uint8_t *p, size_t len) {
  bool letter = false, digit = false;
  utf8proc_int32_t first = -1;
  utf8proc_ssize_t i = 0;
  while ((size_t)i < len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)len - i, &cp);
    if (k <= 0) break;
    if (first < 0) first = cp;
    utf8proc_category_t c = utf8proc_category(cp);
    if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) letter = true;
    else if (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO) digit = true;
    i += k;
  }
  if (letter) return VB_TOKEN_WORD;
  if (digit) return VB_TOKEN_NUMBER;
  if (is_newline_cp(first)) return VB_TOKEN_NEWLINE;
  utf8proc_category_t c = utf8proc_category(first);
  if (c == UTF8PROC_CATEGORY_ZS || first == '\t' || first == '\v' || first == '\f')
    return VB_TOKEN_SPACE;
  if (c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO) return VB_TOKEN_PUNCT;
  return VB_TOKEN_SYMBOL;
}

static size_t decode(vb_segmenter *s, const uint8_t *t, size_t len) {
  size_t n = 0, i = 0;
  while (i < len) {
    uint8_t c = t[i];
    uint32_t cp;
    size_t k;
    if (c < 0x80) {
      cp = c;
      k = 1;
    } else {
      k = vb_utf8_seq_len(t + i, len - i);
      if (k == 2) cp = (uint32_t)(c & 0x1F) << 6 | (t[i + 1] & 0x3F);
      else if (k == 3)
        cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(t[i + 1] & 0x3F) << 6 | (t[i + 2] & 0x3F);
      else
        cp = (uint32_t)(c & 0x07) << 18 | (uint32_t)(t[i + 1] & 0x3F) << 12 |
             (uint32_t)(t[i + 2] & 0x3F) << 6 | (t[i + 3] & 0x3F);
    }
    s->props[n] = vb_seg_props(cp);
    s->cp_off[n] = (uint32_t)i;
    n++;
    i += k;
  }
  s->cp_off[n] = (uint32_t)len;
  return n;
}

/* Append token [start, end) of kind `kind` with its normalized form and
 * hash. VB_OK, VB_ERR_NOMEM, or VB_ERR_LIMIT when the normalized forms
 * outgrow the 32-bit offsets of vb_token. */
static vb_status put_token(vb_segmenter *s, const uint8_t *t, size_t start, size_t end,
                           vb_token_kind kind, uint8_t sstart) {
  vb_token *tk = &s->tok[s->ntok];
  tk->start = start;
  tk->end = end;
  tk->kind = kind;
  tk->norm_off = (uint32_t)s->norm_len;
  if (!norm_append(s, t + start, end - start)) return VB_ERR_NOMEM;
  if (s->norm_len > UINT32_MAX) return VB_ERR_LIMIT;
  tk->norm_len = (uint32_t)(s->norm_len - tk->norm_off);
  /* s->norm is NULL until some token normalizes to at least one byte. */
  tk->hash = XXH3_64bits_withSeed(tk->norm_len ? s->norm + tk->norm_off : "", tk->norm_len,
                                  s->seed);
  tk->sentence = tk->paragraph = VB_SEGMENT_NONE;
  s->tok_sstart[s->ntok] = sstart;
  s->ntok++;
  return VB_OK;
}

/* The tokens of code points [0, ncp) decoded from t + base, by the word
 * boundaries in s->wbrk; sentence starts from s->sbrk when `sentences`. */
static vb_status cut_tokens(vb_segmenter *s, const uint8_t *t, size_t base, size_t ncp,
                            bool sentences) {
  size_t i = 0;
  while (i < ncp) {
    size_t j = i + 1;
    while (j < ncp && !s->wbrk[j]) j++;
    size_t start = base + s->cp_off[i], end = base + s->cp_off[j];
    vb_token_kind kind;
    if (s->full_path || !ascii_kind(t + start, end - start, &kind))
      kind = classify_token(t + start, end - start);
    vb_status st = put_token(s, t, start, end, kind, sentences ? s->sbrk[i] : 0);
    if (st != VB_OK) return st;
    i = j;
  }
  return VB_OK;
}

/* Tokens only (VB_SEGMENT_TOKENS_ONLY): ASCII stretches are cut by the fast
 * path with no decoding and no tables; the rest goes through decode and
 * UAX #29 one stretch at a time. */
static vb_status cut_tokens_fast(vb_segmenter *s, const uint8_t *restrict t, size_t len) {
  /* Locals, not s->...: the normalized bytes are written through a char
   * pointer, which may alias anything, so fields would be reloaded after
   * every byte. */
  vb_token *restrict tok = s->tok;
  size_t ntok = s->ntok, norm_len = s->norm_len;
  size_t i = 0;
  while (i < len) {
    vb_token_kind kind;
    char *out = s->norm + norm_len; /* room reserved for the rest of the text's bytes */
    size_t j = s->full_path ? 0 : ascii_token(t, len, i, out, &kind);
    if (j) {
      size_t n = j - i;
      if (norm_len + n > UINT32_MAX) return VB_ERR_LIMIT;
      vb_token tk = {i, j, token_hash(s, out, n), (uint32_t)norm_len, (uint32_t)n,
                     VB_SEGMENT_NONE, VB_SEGMENT_NONE, kind};
      tok[ntok++] = tk;
      norm_len += n;
      i = j;
      continue;
    }
    s->ntok = ntok;
    s->norm_len = norm_len;
    size_t high = i;
    while (high < len && t[high] < 0x80) high++;
    size_t e = s->full_path ? len : full_region_end(t, len, high);
    size_t ncp = decode(s, t + i, e - i);
    vb_uax29_words(s->props, ncp, s->wbrk);
    /* The full path may grow the normalized text past the bytes reserved. */
    vb_status st = cut_tokens(s, t, i, ncp, false);
    if (st != VB_OK) return st;
    if (!norm_reserve(s, len - e)) return VB_ERR_NOMEM;
    ntok = s->ntok;
    norm_len = s->norm_len;
    i = e;
  }
  s->ntok = ntok;
  s->norm_len = norm_len;
  return VB_OK;
}

/* ---- abbreviations ---- */

static int abbr_lookup(const char *key, size_t len) {
  size_t lo = 0, hi = sizeof vb_abbr_table / sizeof vb_abbr_table[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    const char *k = vb_abbr_table[mid].key;
    size_t klen = strlen(k);
    int c = memcmp(key, k, len < klen ? len : klen);
    if (c == 0) c = len < klen ? -1 : len > klen ? 1 : 0;
    if (c == 0) return vb_abbr_table[mid].kind;
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return VB_ABBR_NONE;
}

static bool starts_uppercase(const uint8_t *p, size_t len) {
  utf8proc_int32_t cp;
  if (utf8proc_iterate(p, (utf8proc_ssize_t)len, &cp) <= 0) return false;
  utf8proc_category_t c = utf8proc_category(cp);
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

/* Undo UAX #29 sentence breaks that follow "<abbreviation>." and spaces. */
static void join_abbreviations(vb_segmenter *s, const uint8_t *t) {
  for (size_t i = 1; i < s->ntok; i++) {
    if (!s->tok_sstart[i]) continue;
    size_t j = i;
    while (j > 0 && s->tok[j - 1].kind == VB_TOKEN_SPACE) j--;
    if (j == i || j < 2) continue; /* a line break or nothing before it */
    const vb_token *dot = &s->tok[j - 1], *word = &s->tok[j - 2];
    if (dot->end - dot->start != 1 || t[dot->start] != '.') continue;
    if (word->kind != VB_TOKEN_WORD || word->end != dot->start) continue;
    size_t wlen = word->end - word->start;
    int kind = VB_ABBR_NONE;
    if (wlen == 1 && t[word->start] >= 'A' && t[word->start] <= 'Z') {
      kind = VB_ABBR_STRONG; /* an initial: "J. Smith" */
    } else if (wlen + 1 <= VB_ABBR_MAX_LEN) {
      char key[VB_ABBR_MAX_LEN + 1];
      for (size_t k = 0; k < wlen; k++) {
        uint8_t c = t[word->start + k];
        key[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
      }
      key[wlen] = '.';
      kind = abbr_lookup(key, wlen + 1);
    }
    const vb_token *next = &s->tok[i];
    bool join = false;
    if (kind == VB_ABBR_STRONG) join = true;
    else if (kind == VB_ABBR_NUMBER) join = next->kind == VB_TOKEN_NUMBER;
    else if (kind == VB_ABBR_WEAK)
      join = next->kind == VB_TOKEN_NUMBER ||
             (next->kind == VB_TOKEN_WORD &&
              !starts_uppercase(t + next->start, next->end - next->start));
    if (join) s->tok_sstart[i] = 0;
  }
}

/* ---- paragraphs ---- */

static bool ascii_space(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* A line of nothing but white space (ASCII or Unicode: NBSP, EN SPACE...) is
 * blank: it separates paragraphs and is never one. */
static bool only_space(const uint8_t *t, size_t a, size_t b) {
  while (a < b) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(t + a, (utf8proc_ssize_t)(b - a), &cp);
    if (k <= 0) return false;
    utf8proc_category_t c = utf8proc_category(cp);
    if (!(cp < 0x80 ? ascii_space((uint8_t)cp)
                    : c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL ||
                          c == UTF8PROC_CATEGORY_ZP))
      return false;
    a += (size_t)k;
  }
  return true;
}

/* Collect the non-blank lines (trimmed) as paragraphs, noting in
 * `sentence_count` (reused as scratch) whether a blank line came before;
 * then merge runs of lines in blank-line mode. */
static bool find_paragraphs(vb_segmenter *s, const uint8_t *t, size_t len, unsigned flags) {
  size_t pos = 0, lines = 0, blank_gaps = 0;
  bool blank_before = false;
  while (pos < len) {
    const uint8_t *nl = memchr(t + pos, '\n', len - pos);
    size_t eol = nl ? (size_t)(nl - t) : len;
    size_t a = pos, b = eol;
    while (a < b && ascii_space(t[a])) a++;
    while (b > a && ascii_space(t[b - 1])) b--;
    if (a < b && !only_space(t, a, b)) {
      if (s->npara == s->para_cap &&
          !vb_array_reserve(&s->alloc, (void **)&s->para, &s->para_cap, s->npara + 1,
                            sizeof *s->para))
        return false;
      vb_paragraph *p = &s->para[s->npara++];
      memset(p, 0, sizeof *p);
      p->start = a;
      p->end = b;
      p->sentence_count = blank_before && lines > 0;
      blank_gaps += p->sentence_count;
      lines++;
      blank_before = false;
    } else {
      blank_before = true;
    }
    pos = eol + 1;
  }
  bool line_mode;
  if (flags & VB_SEGMENT_PARA_LINE) line_mode = true;
  else if (flags & VB_SEGMENT_PARA_BLANK) line_mode = false;
  else line_mode = lines > 1 && blank_gaps * 2 < lines - 1;
  s->line_mode = line_mode;
  size_t out = 0;
  for (size_t i = 0; i < s->npara; i++) {
    vb_paragraph *p = &s->para[i];
    if (!line_mode && i > 0 && !p->sentence_count) {
      s->para[out - 1].end = p->end;
      continue;
    }
    s->para[out] = *p;
    s->para[out].sentence_count = 0;
    out++;
  }
  s->npara = out;
  return true;
}

/* ---- sentences, and tying it together ---- */

static bool is_space_kind(vb_token_kind k) { return k == VB_TOKEN_SPACE || k == VB_TOKEN_NEWLINE; }

static bool build_sentences(vb_segmenter *s) {
  size_t i = 0;
  while (i < s->ntok) {
    size_t j = i + 1;
    while (j < s->ntok && !s->tok_sstart[j]) j++;
    size_t a = i, b = j;
    while (a < b && is_space_kind(s->tok[a].kind)) a++;
    while (b > a && is_space_kind(s->tok[b - 1].kind)) b--;
    if (a < b) {
      if (s->nsent == s->sent_cap &&
          !vb_array_reserve(&s->alloc, (void **)&s->sent, &s->sent_cap, s->nsent + 1,
                            sizeof *s->sent))
        return false;
      vb_sentence *st = &s->sent[s->nsent];
      st->start = s->tok[a].start;
      st->end = s->tok[b - 1].end;
      st->paragraph = VB_SEGMENT_NONE;
      for (size_t k = a; k < b; k++) s->tok[k].sentence = (uint32_t)s->nsent;
      s->nsent++;
    }
    i = j;
  }
  return true;
}

static void tie_paragraphs(vb_segmenter *s) {
  size_t p = 0;
  for (size_t i = 0; i < s->ntok; i++) {
    vb_token *tk = &s->tok[i];
    while (p < s->npara && s->para[p].end <= tk->start) p++;
    /* Only tokens inside the (trimmed) span belong to the paragraph: a
     * space token can run past a paragraph trimmed of ASCII white space
     * only (U+2002 then ' '), and must not claim it. Found by fuzz_segment. */
    if (p < s->npara && tk->start >= s->para[p].start && tk->end <= s->para[p].end) {
      tk->paragraph = (uint32_t)p;
      if (tk->kind == VB_TOKEN_WORD) s->para[p].word_count++;
    }
  }
  p = 0;
  for (size_t i = 0; i < s->nsent; i++) {
    vb_sentence *st = &s->sent[i];
    while (p < s->npara && s->para[p].end <= st->start) p++;
    if (p < s->npara && st->start >= s->para[p].start) {
      st->paragraph = (uint32_t)p;
      if (s->para[p].sentence_count++ == 0) s->para[p].first_sentence = (uint32_t)i;
    }
  }
}

vb_status vb_segmenter_run(vb_segmenter *self, const char *text, size_t text_len, unsigned flags,
                           vb_error *err) {
  if (!self) return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET, "segmenter is NULL");
  vb_segmenter_reset(self);
  if (!text && text_len > 0)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "text", VB_NO_OFFSET, "text is NULL");
  if (flags & ~VB_SEGMENT_FLAGS_ALL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET,
                   "unknown segment flags 0x%x", flags & ~VB_SEGMENT_FLAGS_ALL);
  if ((flags & VB_SEGMENT_PARA_BLANK) && (flags & VB_SEGMENT_PARA_LINE))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET,
                   "VB_SEGMENT_PARA_BLANK and VB_SEGMENT_PARA_LINE conflict");
  if ((flags & VB_SEGMENT_TOKENS_ONLY) && (flags & ~VB_SEGMENT_TOKENS_ONLY))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET,
                   "VB_SEGMENT_TOKENS_ONLY takes no other flag");
  if (text_len >= UINT32_MAX)
    return vb_fail(err, VB_ERR_LIMIT, VB_NO_RECORD, "text", VB_NO_OFFSET,
                   "text of %zu bytes is over the 4 GiB segmenter limit", text_len);
  size_t bad;
  if (!vb_utf8_valid(text, text_len, &bad))
    return vb_fail(err, VB_ERR_UTF8, VB_NO_RECORD, "text", bad,
                   "text is not valid UTF-8 at byte %zu", bad);
  if (text_len == 0) return VB_OK;
  const uint8_t *t = (const uint8_t *)text;
  if (!reserve_for(self, text_len)) goto nomem;
  vb_status st;
  if (flags & VB_SEGMENT_TOKENS_ONLY) {
    if (!norm_reserve(self, text_len)) goto nomem;
    byte_hashes(self);
    st = cut_tokens_fast(self, t, text_len);
  } else {
    size_t ncp = decode(self, t, text_len);
    vb_uax29_words(self->props, ncp, self->wbrk);
    vb_uax29_sentences(self->props, ncp, self->sbrk);
    st = cut_tokens(self, t, 0, ncp, true);
  }
  if (st == VB_ERR_LIMIT) {
    vb_segmenter_reset(self);
    return vb_fail(err, VB_ERR_LIMIT, VB_NO_RECORD, "text", VB_NO_OFFSET,
                   "normalized tokens exceed 4 GiB");
  }
  if (st != VB_OK) goto nomem;
  if (flags & VB_SEGMENT_TOKENS_ONLY) return VB_OK;
  if (!(flags & VB_SEGMENT_UAX29_ONLY)) join_abbreviations(self, t);
  if (!find_paragraphs(self, t, text_len, flags)) goto nomem;
  if (!build_sentences(self)) goto nomem;
  tie_paragraphs(self);
  vb_seg_view v = {text, text_len, self->tok, self->ntok, self->norm,
                   self->sent, self->nsent, self->line_mode};
  vb_boiler_classify(&v, self->para, self->npara);
  return VB_OK;
nomem:
  vb_segmenter_reset(self);
  return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, "", VB_NO_OFFSET, "out of memory segmenting %zu bytes",
                 text_len);
}
