/* Normalization with an offset map.
 *
 * The text is walked once. ASCII runs go through the vector fast path
 * (normalize_ascii.c). Non-ASCII text is cut into normalization segments: a
 * character that is a boundary (combining class 0 and quick-check Yes for the
 * form in use) followed by every non-boundary character after it. Nothing in
 * Unicode normalization crosses a boundary, so segments are normalized one at
 * a time and each maps back to its own input bytes. A one-character segment
 * whose quick-check bits say nothing would change (the common case: CJK,
 * lowercase Cyrillic and Greek) is copied without asking utf8proc; the rest
 * go through utf8proc's per-character decomposition, canonical reordering and
 * composition, which is what utf8proc_map does over a whole string.
 *
 * The quick-check bits and the replacement map are generated from data
 * (scripts/gen_normalize_tables.py); see normalize_tables.h.
 */
#include <utf8proc.h>

#include "internal.h"
#include "normalize_internal.h"
#include "normalize_tables.h"
#include "utf8.h"

#define NORM_FORMS (VB_NORM_NFC | VB_NORM_NFKC | VB_NORM_CASEFOLD | VB_NORM_STRIP_MARKS)

/* Marks a code point in the scratch array as produced by the replacement map,
 * so normalization passes it through (it is ASCII punctuation or a space,
 * which composes with nothing) and a quote keeps its role. */
#define FROM_MAP 0x40000000
#define ROLE_SHIFT 28

struct vb_normalizer {
  vb_allocator alloc;
  unsigned flags;
  bool quick;          /* use the quick-check table */
  vb_ascii_fn ascii;   /* the ASCII fast path */
  unsigned ascii_mode; /* VB_ASCII_* */
  uint8_t nb_bit;      /* VB_NP_NFC_NB / VB_NP_NFKC_NB, 0 when every character is a boundary */
  uint8_t change_bits; /* quick-check bits that mean a boundary character changes */
  unsigned classes;    /* bit (1 << VB_NCLASS_x) for each enabled map class */
  utf8proc_option_t decomp; /* per-character utf8proc options */
  bool compose;

  const uint8_t *in; /* the text of the current run (not kept after it) */
  size_t in_len;

  uint8_t *out;
  size_t out_len, out_cap;
  vb_norm_segment *seg;
  size_t nseg, seg_cap;
  vb_norm_quote *quotes;
  size_t nquotes, quotes_cap;
  int32_t *cp; /* scratch: the pre-mapped characters of one segment */
  size_t cp_cap;
  int32_t *tmp; /* scratch: their normalization */
  size_t tmp_cap;
  size_t replaced;
};

/* ---- tables ------------------------------------------------------------ */

static inline uint8_t prop_of(uint32_t c) {
  if (c >= 0x110000) return 0;
  return vb_nprop_stage2[((size_t)vb_nprop_stage1[c >> VB_NPROP_SHIFT] << VB_NPROP_SHIFT) +
                         (c & ((1u << VB_NPROP_SHIFT) - 1))];
}

static const vb_nmap_entry *map_find(uint32_t c) {
  if (c - 0x2000 < 0x80) {
    uint8_t k = vb_nmap_2000[c - 0x2000];
    return k ? &vb_nmap[k - 1] : NULL;
  }
  size_t lo = 0, hi = VB_NMAP_COUNT;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (c < vb_nmap[mid].lo) hi = mid;
    else if (c > vb_nmap[mid].hi) lo = mid + 1;
    else return &vb_nmap[mid];
  }
  return NULL;
}

static bool in_ranges(const uint32_t (*r)[2], size_t count, uint32_t c) {
  size_t lo = 0, hi = count;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (c < r[mid][0]) hi = mid;
    else if (c > r[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}

static bool in_keepjoin(uint32_t c) { return in_ranges(vb_keepjoin, VB_KEEPJOIN_COUNT, c); }

/* ---- flags ------------------------------------------------------------- */

vb_status vb_norm_flags_check(unsigned flags, vb_error *err) {
  if (flags & ~(unsigned)VB_NORM_ALL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET,
                   "unknown normalization flags 0x%x", flags & ~(unsigned)VB_NORM_ALL);
  if ((flags & VB_NORM_NFC) && (flags & VB_NORM_NFKC))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET,
                   "VB_NORM_NFC and VB_NORM_NFKC conflict: choose one form");
  if ((flags & VB_NORM_CONFUSABLES) && (flags & VB_NORM_CONFUSABLES_ALL))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET,
                   "VB_NORM_CONFUSABLES and VB_NORM_CONFUSABLES_ALL conflict: choose one");
  if ((flags & VB_NORM_COLLAPSE_SPACES) && !(flags & VB_NORM_SPACES))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET,
                   "VB_NORM_COLLAPSE_SPACES needs VB_NORM_SPACES");
  return VB_OK;
}

/* ---- handle ------------------------------------------------------------ */

vb_normalizer *vb_normalizer_new(const vb_allocator *alloc, unsigned flags, vb_error *err) {
  if (vb_norm_flags_check(flags, err) != VB_OK) return NULL;
  vb_allocator a = vb_alloc_resolve(alloc);
  vb_normalizer *n = vb_mem_calloc(&a, 1, sizeof *n);
  if (n == NULL) {
    vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, "", VB_NO_OFFSET, "out of memory");
    return NULL;
  }
  n->alloc = a;
  n->flags = flags;
  n->quick = true;
  n->ascii = vb_ascii_best();
  if (flags & VB_NORM_CASEFOLD) n->ascii_mode |= VB_ASCII_FOLD;
  if (flags & VB_NORM_SPACES) n->ascii_mode |= VB_ASCII_TAB;
  if (flags & VB_NORM_COLLAPSE_SPACES) n->ascii_mode |= VB_ASCII_COLLAPSE;

  if (flags & NORM_FORMS) n->nb_bit = (flags & VB_NORM_NFKC) ? VB_NP_NFKC_NB : VB_NP_NFC_NB;
  if (flags & (VB_NORM_NFC | VB_NORM_NFKC)) n->change_bits |= VB_NP_NFKC_CH;
  if (flags & VB_NORM_CASEFOLD)
    n->change_bits |= (flags & VB_NORM_NFKC) ? VB_NP_CWKCF : VB_NP_CWCF;
  if (flags & VB_NORM_STRIP_MARKS) n->change_bits |= VB_NP_STRIP_CH;

  if (flags & VB_NORM_QUOTES) n->classes |= 1u << VB_NCLASS_QUOTE;
  if (flags & VB_NORM_DASHES) n->classes |= 1u << VB_NCLASS_DASH;
  if (flags & VB_NORM_ELLIPSIS) n->classes |= 1u << VB_NCLASS_ELLIPSIS;
  if (flags & VB_NORM_SPACES) n->classes |= 1u << VB_NCLASS_SPACE;
  if (flags & VB_NORM_INVISIBLES) n->classes |= 1u << VB_NCLASS_INVISIBLE | 1u << VB_NCLASS_JOINER;
  if (flags & (VB_NORM_CONFUSABLES | VB_NORM_CONFUSABLES_ALL)) {
    n->classes |= 1u << VB_NCLASS_CONFUSABLE;
    n->change_bits |= VB_NP_CONFUSABLE;
  }
  if (n->classes & ~(1u << VB_NCLASS_CONFUSABLE)) n->change_bits |= VB_NP_MAPPED;

  utf8proc_option_t o = 0;
  if (flags & (VB_NORM_NFC | VB_NORM_NFKC)) {
    o |= UTF8PROC_COMPOSE;
    n->compose = true;
  } else if (flags & VB_NORM_STRIP_MARKS) {
    o |= UTF8PROC_DECOMPOSE;
  }
  if (flags & VB_NORM_NFKC) o |= UTF8PROC_COMPAT;
  if (flags & VB_NORM_CASEFOLD) o |= UTF8PROC_CASEFOLD;
  n->decomp = o;
  return n;
}

void vb_normalizer_free(vb_normalizer *self) {
  if (self == NULL) return;
  vb_allocator a = self->alloc;
  vb_mem_free(&a, self->out);
  vb_mem_free(&a, self->seg);
  vb_mem_free(&a, self->quotes);
  vb_mem_free(&a, self->cp);
  vb_mem_free(&a, self->tmp);
  vb_mem_free(&a, self);
}

void vb_normalizer_reset(vb_normalizer *self) {
  if (!self) return;
  self->out_len = 0;
  self->nseg = 0;
  self->nquotes = 0;
  self->replaced = 0;
  self->in = NULL;
  self->in_len = 0;
}

unsigned vb_normalizer_flags(const vb_normalizer *self) { return self ? self->flags : 0; }

void vb_normalizer_set_quick_check(vb_normalizer *self, bool on) { self->quick = on; }

void vb_normalizer_set_ascii(vb_normalizer *self, vb_ascii_fn fn) { self->ascii = fn; }

const char *vb_normalizer_output(const vb_normalizer *self, size_t *len) {
  if (len) *len = self ? self->out_len : 0;
  return self && self->out ? (const char *)self->out : "";
}

const vb_norm_segment *vb_normalizer_segments(const vb_normalizer *self, size_t *count) {
  if (count) *count = self ? self->nseg : 0;
  return self ? self->seg : NULL;
}

const vb_norm_quote *vb_normalizer_quotes(const vb_normalizer *self, size_t *count) {
  if (count) *count = self ? self->nquotes : 0;
  return self ? self->quotes : NULL;
}

size_t vb_normalizer_replaced(const vb_normalizer *self) { return self ? self->replaced : 0; }

/* ---- output ------------------------------------------------------------ */

static bool out_reserve(vb_normalizer *n, size_t extra) {
  if (n->out_cap - n->out_len >= extra) return true;
  if (extra > SIZE_MAX - n->out_len) return false;
  void *p = n->out;
  bool ok = vb_array_reserve(&n->alloc, &p, &n->out_cap, n->out_len + extra, 1);
  n->out = p;
  return ok;
}

/* Append a segment, merging it into the last one when both are exact, or
 * both are removals. */
static bool seg_push(vb_normalizer *n, size_t in_start, size_t in_len, size_t out_start,
                     size_t out_len, bool exact) {
  if (n->nseg > 0) {
    vb_norm_segment *l = &n->seg[n->nseg - 1];
    if ((exact && l->exact) || (out_len == 0 && l->out_len == 0 && !exact && !l->exact)) {
      l->in_len += (uint32_t)in_len;
      l->out_len += (uint32_t)out_len;
      return true;
    }
  }
  if (n->nseg == n->seg_cap) {
    void *p = n->seg;
    bool ok = vb_array_reserve(&n->alloc, &p, &n->seg_cap, n->nseg + 1, sizeof *n->seg);
    n->seg = p;
    if (!ok) return false;
  }
  vb_norm_segment *s = &n->seg[n->nseg++];
  s->out_start = (uint32_t)out_start;
  s->in_start = (uint32_t)in_start;
  s->out_len = (uint32_t)out_len;
  s->in_len = (uint32_t)in_len;
  s->exact = exact;
  return true;
}

static bool quote_push(vb_normalizer *n, size_t offset, int role) {
  if (n->nquotes == n->quotes_cap) {
    void *p = n->quotes;
    bool ok = vb_array_reserve(&n->alloc, &p, &n->quotes_cap, n->nquotes + 1, sizeof *n->quotes);
    n->quotes = p;
    if (!ok) return false;
  }
  n->quotes[n->nquotes].offset = (uint32_t)offset;
  n->quotes[n->nquotes].role = (uint8_t)role;
  n->nquotes++;
  return true;
}

static bool last_is_space(const vb_normalizer *n) {
  return n->out_len > 0 && n->out[n->out_len - 1] == ' ';
}

/* ---- decoding ---------------------------------------------------------- */

static uint32_t decode(const uint8_t *s, size_t k) {
  switch (k) {
  case 1: return s[0];
  case 2: return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
  case 3: return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
  default:
    return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
           ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
  }
}

/* The character before offset `at`, or -1 at the start or after bytes that
 * do not end a well-formed character. */
static int32_t char_before(const uint8_t *s, size_t at, size_t *start) {
  if (at == 0) return -1;
  size_t k = at - 1;
  while (k > 0 && at - k < 4 && (s[k] & 0xC0) == 0x80) k--;
  size_t len = vb_utf8_seq_len(s + k, at - k);
  if (len != at - k) return -1;
  *start = k;
  return (int32_t)decode(s + k, len);
}

static int32_t char_at(const uint8_t *s, size_t n, size_t at, size_t *len) {
  if (at >= n) return -1;
  size_t k = vb_utf8_seq_len(s + at, n - at);
  if (k == 0) return -1;
  *len = k;
  return (int32_t)decode(s + at, k);
}

/* ---- the replacement map ----------------------------------------------- */

static bool is_letter(int32_t c) {
  utf8proc_category_t k = utf8proc_category(c);
  return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

static bool is_mark(int32_t c) {
  utf8proc_category_t k = utf8proc_category(c);
  return k >= UTF8PROC_CATEGORY_MN && k <= UTF8PROC_CATEGORY_ME;
}

/* Letters, marks, and the invisibles the map removes (a zero-width space
 * inside a word must not hide the word from the test). */
static bool in_word(int32_t c) {
  if (is_letter(c) || is_mark(c)) return true;
  const vb_nmap_entry *e = (prop_of((uint32_t)c) & VB_NP_MAPPED) ? map_find((uint32_t)c) : NULL;
  return e && (e->cls == VB_NCLASS_INVISIBLE || e->cls == VB_NCLASS_JOINER);
}

/* The characters the word test sees for c: c as this normalizer's
 * decomposition leaves it (canonical always; compatibility and case folding
 * when asked for). Normalized text decomposes to the same characters, which
 * is what makes the test give the same answer on its own output: ⓐ, ™ and
 * Ⅸ are letters to it under NFKC (a, tm, ix), and ΐ counts as the ι it
 * starts with. */
#define WORD_DECOMP_MAX 32
static int word_chars(const vb_normalizer *n, int32_t c, int32_t *d) {
  utf8proc_option_t o = UTF8PROC_DECOMPOSE | (n->decomp & (UTF8PROC_COMPAT | UTF8PROC_CASEFOLD));
  int bc = 0;
  utf8proc_ssize_t r = utf8proc_decompose_char(c, d, WORD_DECOMP_MAX, o, &bc);
  if (r < 1 || r > WORD_DECOMP_MAX) {
    d[0] = c;
    return 1;
  }
  return (int)r;
}

/* Count letter d (one of word_chars(c)): Latin, a look-alike (neither), or
 * a letter of another script. */
static void tally(int32_t c, int32_t d, int *latin, int *other) {
  if (!is_letter(d)) return;
  if (in_ranges(vb_latin, VB_LATIN_COUNT, (uint32_t)d))
    (*latin)++;
  else if (!((prop_of((uint32_t)c) | prop_of((uint32_t)d)) & VB_NP_CONFUSABLE))
    (*other)++;
}

/* Scan away from the look-alike, one character at a time (backwards when
 * dir < 0), counting letters until a character whose word characters are
 * not all letters, marks or invisibles; that character's letters before
 * (after) the break still count, since normalized text holds them joined
 * to the word (℃ + с is "°c" + с). The window is WORD_SCAN letters, counted
 * in word characters so that it covers the same letters on normalized text;
 * marks and invisibles do not count (stripping removes them), but at most
 * WORD_SCAN_RAW characters are looked at, which keeps the test linear. */
#define WORD_SCAN 64
#define WORD_SCAN_RAW 1024
static void scan_word(const vb_normalizer *n, size_t at, int dir, int *latin, int *other) {
  int letters = 0;
  for (int raw = 0; raw < WORD_SCAN_RAW && letters < WORD_SCAN; raw++) {
    size_t start = 0, len = 0;
    int32_t c = dir < 0 ? char_before(n->in, at, &start) : char_at(n->in, n->in_len, at, &len);
    if (c < 0) return;
    int32_t d[WORD_DECOMP_MAX];
    int k = word_chars(n, c, d);
    for (int j = 0; j < k && letters < WORD_SCAN; j++) {
      int32_t x = d[dir < 0 ? k - 1 - j : j];
      if (!in_word(x)) return;
      if (is_letter(x)) letters++;
      tally(c, x, latin, other);
      if (*other > 0) return; /* the answer is no whatever follows */
    }
    at = dir < 0 ? start : at + len;
  }
}

/* The word around and including input bytes [a, b) (letters and marks,
 * WORD_SCAN letters each way) has Latin letters and, apart from
 * look-alikes, no letters of other scripts. Counting only "any" and "none"
 * keeps the answer the same after normalization (ß becoming ss must not tip
 * a balance), so normalizing twice changes nothing more (but see
 * VB_NORM_CONFUSABLES for words longer than the window). */
static bool word_is_latin(const vb_normalizer *n, size_t a, size_t b) {
  int latin = 0, other = 0;
  size_t at, len;
  bool first_in = false, last_in = false;
  /* The segment itself (a quotation mark with a combining mark after it is
   * one segment: only the word characters in it count). */
  for (at = a; at < b; at += len) {
    int32_t c = char_at(n->in, n->in_len, at, &len);
    if (c < 0) return false;
    int32_t d[WORD_DECOMP_MAX];
    int k = word_chars(n, c, d);
    if (at == a) first_in = in_word(d[0]);
    last_in = in_word(d[k - 1]);
    for (int j = 0; j < k; j++)
      if (in_word(d[j])) tally(c, d[j], &latin, &other);
  }
  /* One letter of another script settles it: stop there (the scans also
   * stop at the first one). In a Cyrillic or Greek word that is usually the
   * look-alike's neighbour, so the test costs a few characters, not the
   * window. */
  if (other == 0 && first_in) scan_word(n, a, -1, &latin, &other);
  if (other == 0 && last_in) scan_word(n, b, 1, &latin, &other);
  return latin > 0 && other == 0;
}

bool vb_normalizer_word_is_latin(vb_normalizer *self, const char *text, size_t text_len,
                                 size_t a, size_t b) {
  self->in = (const uint8_t *)text;
  self->in_len = text_len;
  bool r = word_is_latin(self, a, b);
  self->in = NULL;
  self->in_len = 0;
  return r;
}

/* The map entry that applies to character c at input bytes [a, b), or NULL. */
static const vb_nmap_entry *map_apply(const vb_normalizer *n, uint32_t c, size_t a, size_t b) {
  const vb_nmap_entry *e = map_find(c);
  if (e == NULL || !(n->classes & (1u << e->cls))) return NULL;
  if (e->cls == VB_NCLASS_JOINER) {
    size_t start, len;
    int32_t prev = char_before(n->in, a, &start);
    int32_t next = char_at(n->in, n->in_len, b, &len);
    /* With mark stripping, a neighbour that is itself stripped (a virama)
     * does not count: the joiner would be left between other letters. */
    bool strip = n->flags & VB_NORM_STRIP_MARKS;
    if (prev >= 0 && next >= 0 && in_keepjoin((uint32_t)prev) && in_keepjoin((uint32_t)next) &&
        !(strip && (utf8proc_category(prev) == UTF8PROC_CATEGORY_MN ||
                    utf8proc_category(next) == UTF8PROC_CATEGORY_MN)))
      return NULL;
  }
  if (e->cls == VB_NCLASS_CONFUSABLE && !(n->flags & VB_NORM_CONFUSABLES_ALL) &&
      !word_is_latin(n, a, b))
    return NULL;
  return e;
}

/* ---- the full path ------------------------------------------------------ */

static bool cp_reserve(vb_normalizer *n, int32_t **buf, size_t *cap, size_t need) {
  void *p = *buf;
  bool ok = vb_array_reserve(&n->alloc, &p, cap, need, sizeof(int32_t));
  *buf = p;
  return ok;
}

/* utf8proc's canonical ordering: a stable bubble sort of each run of
 * non-starters by combining class. */
static void reorder(int32_t *b, size_t len) {
  size_t pos = 0;
  while (pos + 1 < len) {
    int c1 = utf8proc_get_property(b[pos])->combining_class;
    int c2 = utf8proc_get_property(b[pos + 1])->combining_class;
    if (c1 > c2 && c2 > 0) {
      int32_t t = b[pos];
      b[pos] = b[pos + 1];
      b[pos + 1] = t;
      if (pos > 0) pos--;
      else pos++;
    } else {
      pos++;
    }
  }
}

/* Normalize n->cp[from, to) (no map-produced characters among them) and
 * append the result to n->tmp at *len. */
static vb_status normalize_piece(vb_normalizer *n, size_t from, size_t to, size_t *len) {
  size_t start = *len;
  if (!cp_reserve(n, &n->tmp, &n->tmp_cap, *len + 64)) return VB_ERR_NOMEM;
  for (size_t k = from; k < to; k++) {
    for (;;) {
      int bc = 0;
      utf8proc_ssize_t r = utf8proc_decompose_char(n->cp[k], n->tmp + *len,
                                                   (utf8proc_ssize_t)(n->tmp_cap - *len), n->decomp, &bc);
      if (r < 0) return VB_ERR_UTF8; /* not reached: input was validated */
      if ((size_t)r <= n->tmp_cap - *len) {
        *len += (size_t)r;
        break;
      }
      if (!cp_reserve(n, &n->tmp, &n->tmp_cap, *len + (size_t)r)) return VB_ERR_NOMEM;
    }
  }
  if (n->decomp & (UTF8PROC_COMPOSE | UTF8PROC_DECOMPOSE)) reorder(n->tmp + start, *len - start);
  if (n->flags & VB_NORM_STRIP_MARKS) {
    size_t w = start;
    for (size_t k = start; k < *len; k++)
      if (utf8proc_category(n->tmp[k]) != UTF8PROC_CATEGORY_MN) n->tmp[w++] = n->tmp[k];
    *len = w;
  }
  if (n->compose) {
    /* STABLE makes utf8proc honour the composition exclusions. */
    utf8proc_ssize_t r = utf8proc_normalize_utf32(n->tmp + start, (utf8proc_ssize_t)(*len - start),
                                                  UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (r < 0) return VB_ERR_UTF8;
    *len = start + (size_t)r;
  }
  return VB_OK;
}

/* Normalize n->cp[0, ncp) into n->tmp[0, *len): each run between
 * map-produced characters (starters that compose with nothing, so they cut
 * normalization) separately. */
static vb_status normalize_cps(vb_normalizer *n, size_t ncp, size_t *out_len) {
  size_t len = 0;
  if (n->flags & NORM_FORMS) {
    size_t from = 0;
    for (size_t k = 0; k <= ncp; k++) {
      if (k < ncp && !(n->cp[k] & FROM_MAP)) continue;
      if (k > from) {
        vb_status st = normalize_piece(n, from, k, &len);
        if (st != VB_OK) return st;
      }
      if (k < ncp) {
        if (!cp_reserve(n, &n->tmp, &n->tmp_cap, len + 1)) return VB_ERR_NOMEM;
        n->tmp[len++] = n->cp[k];
      }
      from = k + 1;
    }
  } else {
    if (!cp_reserve(n, &n->tmp, &n->tmp_cap, ncp)) return VB_ERR_NOMEM;
    if (ncp) memcpy(n->tmp, n->cp, ncp * sizeof *n->cp);
    len = ncp;
  }
  *out_len = len;
  return VB_OK;
}

/* Append one output character; map-produced ones carry their quote role. */
static bool emit_char(vb_normalizer *n, int32_t c) {
  int role = -1;
  if (c & FROM_MAP) {
    role = (c >> ROLE_SHIFT) & 3;
    c &= 0x7F;
  } else if (c >= 0x80 && (prop_of((uint32_t)c) & VB_NP_MAPPED)) {
    /* What normalization produced goes through the unconditional classes of
     * the map again. */
    const vb_nmap_entry *e = map_find((uint32_t)c);
    if (e && e->cls != VB_NCLASS_JOINER && e->cls != VB_NCLASS_CONFUSABLE &&
        (n->classes & (1u << e->cls))) {
      for (int k = 0; k < e->len; k++) {
        int32_t r = FROM_MAP | (uint8_t)e->repl[k];
        if (e->cls == VB_NCLASS_QUOTE) r |= (int32_t)(e->role + 1) << ROLE_SHIFT;
        if (!emit_char(n, r)) return false;
      }
      return true;
    }
  }
  if (c == ' ' && (n->flags & VB_NORM_COLLAPSE_SPACES) && last_is_space(n)) return true;
  if (role > 0 && !quote_push(n, n->out_len, role - 1)) return false;
  n->out_len += utf8proc_encode_char(c, n->out + n->out_len);
  return true;
}

/* Normalize the segment at input bytes [a, b) and append it. */
static vb_status slow_segment(vb_normalizer *n, size_t a, size_t b) {
  const uint8_t *s = n->in;
  size_t ncp = 0, nchars = 0;
  if (!cp_reserve(n, &n->cp, &n->cp_cap, (b - a) * 3)) return VB_ERR_NOMEM;
  for (size_t i = a; i < b;) {
    size_t k = vb_utf8_seq_len(s + i, b - i);
    uint32_t c = decode(s + i, k);
    const vb_nmap_entry *e =
        (prop_of(c) & (VB_NP_MAPPED | VB_NP_CONFUSABLE)) ? map_apply(n, c, i, i + k) : NULL;
    if (e && e->cls == VB_NCLASS_CONFUSABLE) {
      /* A letter: it is case folded and composes like any other. */
      n->cp[ncp++] = (uint8_t)e->repl[0];
    } else if (e) {
      for (int r = 0; r < e->len; r++) {
        int32_t v = FROM_MAP | (uint8_t)e->repl[r];
        if (e->cls == VB_NCLASS_QUOTE) v |= (int32_t)(e->role + 1) << ROLE_SHIFT;
        n->cp[ncp++] = v;
      }
    } else {
      n->cp[ncp++] = (int32_t)c;
    }
    nchars++;
    i += k;
  }

  size_t len = 0;
  vb_status st = normalize_cps(n, ncp, &len);
  if (st != VB_OK) return st;
  /* Normalization can produce a look-alike (ΐ folds to ι + marks): fold it
   * too, under the segment's own word test, and normalize again so that the
   * Latin letter composes with its marks. */
  if (n->classes & (1u << VB_NCLASS_CONFUSABLE)) {
    for (int pass = 0; pass < 4; pass++) {
      bool found = false;
      for (size_t k = 0; k < len && !found; k++)
        found = !(n->tmp[k] & FROM_MAP) && (prop_of((uint32_t)n->tmp[k]) & VB_NP_CONFUSABLE);
      if (!found || !((n->flags & VB_NORM_CONFUSABLES_ALL) || word_is_latin(n, a, b))) break;
      if (!cp_reserve(n, &n->cp, &n->cp_cap, len)) return VB_ERR_NOMEM;
      for (size_t k = 0; k < len; k++) {
        int32_t v = n->tmp[k];
        const vb_nmap_entry *e = (v & FROM_MAP) ? NULL : map_find((uint32_t)v);
        n->cp[k] = e && e->cls == VB_NCLASS_CONFUSABLE ? (uint8_t)e->repl[0] : v;
      }
      ncp = len;
      st = normalize_cps(n, ncp, &len);
      if (st != VB_OK) return st;
    }
  }

  /* Post-mapping turns one character into at most 3 ASCII bytes. */
  if (len > (SIZE_MAX - VB_ASCII_SLACK) / 12 || !out_reserve(n, len * 12 + VB_ASCII_SLACK))
    return VB_ERR_NOMEM;
  size_t out_start = n->out_len;
  for (size_t k = 0; k < len; k++)
    if (!emit_char(n, n->tmp[k])) return VB_ERR_NOMEM;
  size_t out_len = n->out_len - out_start;
  bool exact = false;
  if (out_len == b - a) {
    if (memcmp(n->out + out_start, s + a, out_len) == 0) {
      exact = true;
    } else if (nchars == 1) {
      /* One character for one of the same length (А → а): byte for byte. */
      size_t k = vb_utf8_seq_len(n->out + out_start, out_len);
      exact = k == out_len;
    }
  }
  return seg_push(n, a, b - a, out_start, out_len, exact) ? VB_OK : VB_ERR_NOMEM;
}

/* A lone character whose only change is the replacement map (a curly quote,
 * a dash, a no-break space): replace it without the scratch buffers. */
static vb_status map_segment(vb_normalizer *n, size_t a, size_t b, uint32_t c) {
  const vb_nmap_entry *e = map_apply(n, c, a, b);
  if (!out_reserve(n, 3 + VB_ASCII_SLACK)) return VB_ERR_NOMEM;
  size_t o = n->out_len;
  if (e == NULL) { /* kept (a joiner in Arabic text, a class not asked for) */
    memcpy(n->out + o, n->in + a, b - a);
    n->out_len += b - a;
    return seg_push(n, a, b - a, o, b - a, true) ? VB_OK : VB_ERR_NOMEM;
  }
  for (int r = 0; r < e->len; r++) {
    char ch = e->repl[r];
    if (ch == ' ' && (n->flags & VB_NORM_COLLAPSE_SPACES) && last_is_space(n)) continue;
    if (e->cls == VB_NCLASS_QUOTE && !quote_push(n, n->out_len, e->role)) return VB_ERR_NOMEM;
    n->out[n->out_len++] = (uint8_t)ch;
  }
  return seg_push(n, a, b - a, o, n->out_len - o, false) ? VB_OK : VB_ERR_NOMEM;
}

/* ---- the walk ---------------------------------------------------------- */

static vb_status fail_utf8(vb_error *err, size_t at) {
  return vb_fail(err, VB_ERR_UTF8, VB_NO_RECORD, "text", at,
                 "text is not valid UTF-8 at byte %zu", at);
}

/* Copy the pending run of unchanged input [*run, end) as one exact segment. */
static bool flush_copy(vb_normalizer *n, size_t *run, size_t end) {
  if (end == *run) return true;
  size_t len = end - *run;
  if (!out_reserve(n, len + VB_ASCII_SLACK)) return false;
  memcpy(n->out + n->out_len, n->in + *run, len);
  bool ok = seg_push(n, *run, len, n->out_len, len, true);
  n->out_len += len;
  *run = end;
  return ok;
}

/* Decode the character at `at` for the walk. Returns its length, or 0 for an
 * ill-formed sequence (then *c is U+FFFD). */
static inline size_t next_char(const vb_normalizer *n, size_t at, uint32_t *c, uint8_t *p) {
  const uint8_t *s = n->in + at;
  size_t avail = n->in_len - at, k;
  uint8_t b0 = s[0];
  /* Two- and three-byte sequences are most non-ASCII text: check and decode
   * them inline (Table 3-7 ranges); leave the rest to vb_utf8_seq_len. */
  if (b0 >= 0xC2 && b0 < 0xE0 && avail >= 2 && (s[1] & 0xC0) == 0x80) {
    *c = ((uint32_t)(b0 & 0x1F) << 6) | (s[1] & 0x3F);
    k = 2;
  } else if (b0 >= 0xE0 && b0 < 0xF0 && avail >= 3 && (s[1] & 0xC0) == 0x80 &&
             (s[2] & 0xC0) == 0x80) {
    uint32_t v = ((uint32_t)(b0 & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF)) goto bad;
    *c = v;
    k = 3;
  } else {
    k = vb_utf8_seq_len(s, avail);
    if (k == 0) goto bad;
    *c = decode(s, k);
  }
  *p = prop_of(*c);
  return k;
bad:
  *c = 0xFFFD;
  *p = 0;
  return 0;
}

/* Non-ASCII text from `*pos` (or the segment starting at the ASCII character
 * there, when a non-boundary follows it) up to the next ASCII byte, or the
 * end. Unchanged characters accumulate into one pending copy. */
static vb_status walk_nonascii(vb_normalizer *n, size_t *pos, vb_error *err) {
  const uint8_t *s = n->in;
  size_t len = n->in_len, i = *pos, run = i;
  bool lenient = n->flags & VB_NORM_LENIENT;
  /* The lookahead decodes the next character; keep it for the next turn. */
  size_t cached_at = SIZE_MAX, cached_k = 0;
  uint32_t cached_c = 0;
  uint8_t cached_p = 0;
  bool collapse = n->flags & VB_NORM_COLLAPSE_SPACES;
  while (i < len) {
    if (s[i] < 0x80 && i != *pos) {
      /* A lone ASCII byte between non-ASCII words (a space, a comma) that
       * nothing changes stays in this loop; a run of ASCII, or a byte that
       * may change, goes back to the fast path. */
      if ((i + 1 < len && s[i + 1] < 0x80) || (prop_of(s[i]) & (n->change_bits | n->nb_bit)) ||
          (collapse && s[i] == ' '))
        break;
    }
    uint32_t c;
    uint8_t p;
    size_t k;
    if (cached_at == i) {
      k = cached_k;
      c = cached_c;
      p = cached_p;
    } else {
      k = next_char(n, i, &c, &p);
    }
    if (k == 0) {
      if (!flush_copy(n, &run, i)) return VB_ERR_NOMEM;
      if (!lenient) return fail_utf8(err, i);
      size_t bad = vb_utf8_maximal_subpart(s + i, len - i);
      if (!out_reserve(n, 3 + VB_ASCII_SLACK)) return VB_ERR_NOMEM;
      size_t o = n->out_len;
      memcpy(n->out + o, "\xEF\xBF\xBD", 3);
      n->out_len += 3;
      if (!seg_push(n, i, bad, o, 3, false)) return VB_ERR_NOMEM;
      n->replaced++;
      i += bad;
      run = i;
      continue;
    }
    /* Hot loop: an unchanged character followed by a boundary extends the
     * pending copy, one decode per character. */
    uint8_t stop = n->nb_bit | n->change_bits;
    if (n->quick && !(p & stop)) {
      bool top = false;
      for (;;) {
        size_t j = i + k;
        uint32_t c2;
        uint8_t p2;
        size_t k2;
        if (j >= len || s[j] < 0x80 || (k2 = next_char(n, j, &c2, &p2)) == 0) {
          i = j; /* the top of the loop takes ASCII, the end, ill-formed bytes */
          top = true;
          break;
        }
        if (p2 & n->nb_bit) break; /* this character starts a longer segment */
        i = j;
        k = k2;
        c = c2;
        p = p2;
        if (p & stop) break; /* this one may change */
      }
      if (top) continue;
    }
    /* The segment is this character and every non-boundary after it. */
    size_t j = i + k;
    bool grouped = false;
    while (j < len && s[j] >= 0x80) {
      cached_at = j;
      cached_k = next_char(n, j, &cached_c, &cached_p);
      if (cached_k == 0 || !(cached_p & n->nb_bit)) break;
      grouped = true;
      j += cached_k;
    }
    if (!grouped && n->quick && !(p & (n->nb_bit | n->change_bits))) {
      i = j; /* unchanged: it joins the pending copy */
      continue;
    }
    if (!flush_copy(n, &run, i)) return VB_ERR_NOMEM;
    vb_status st = !grouped && n->quick && (p & (n->nb_bit | n->change_bits)) == VB_NP_MAPPED
                       ? map_segment(n, i, j, c)
                       : slow_segment(n, i, j);
    if (st != VB_OK) return st;
    i = run = j;
  }
  if (!flush_copy(n, &run, i)) return VB_ERR_NOMEM;
  *pos = i;
  return VB_OK;
}

/* True when the character at `at` (non-ASCII) is not a normalization
 * boundary, so the character before it belongs to its segment. */
static bool joins_previous(const vb_normalizer *n, size_t at) {
  uint32_t c;
  uint8_t p;
  return next_char(n, at, &c, &p) != 0 && (p & n->nb_bit);
}

/* An ASCII byte the fast path stopped at: a tab, or a space after a space. */
static bool special_ascii(vb_normalizer *n, size_t i) {
  uint8_t c = n->in[i];
  if (c == '\t' || c == ' ') {
    if ((n->flags & VB_NORM_COLLAPSE_SPACES) && last_is_space(n))
      return seg_push(n, i, 1, n->out_len, 0, false);
    n->out[n->out_len] = ' ';
    bool ok = seg_push(n, i, 1, n->out_len, 1, true);
    n->out_len++;
    return ok;
  }
  n->out[n->out_len] = c; /* not reached: the fast path stops only at the above */
  bool ok = seg_push(n, i, 1, n->out_len, 1, true);
  n->out_len++;
  return ok;
}

static vb_status walk(vb_normalizer *n, vb_error *err) {
  const uint8_t *s = n->in;
  size_t len = n->in_len, i = 0;
  while (i < len) {
    if (s[i] >= 0x80) {
      vb_status st = walk_nonascii(n, &i, err);
      if (st != VB_OK) return st;
      continue;
    }
    if (!out_reserve(n, (len - i) + VB_ASCII_SLACK)) return VB_ERR_NOMEM;
    size_t k = n->ascii(s + i, len - i, n->out + n->out_len, n->ascii_mode, last_is_space(n));
    size_t j = i + k;
    bool hand_over = j < len && s[j] >= 0x80 && k > 0 && n->nb_bit && joins_previous(n, j);
    if (hand_over) k--; /* the last ASCII character starts the next segment */
    if (k > 0) {
      if (!seg_push(n, i, k, n->out_len, k, true)) return VB_ERR_NOMEM;
      n->out_len += k;
      i += k;
    }
    if (hand_over) {
      vb_status st = walk_nonascii(n, &i, err);
      if (st != VB_OK) return st;
    } else if (i < len && s[i] < 0x80) {
      if (!special_ascii(n, i)) return VB_ERR_NOMEM;
      i++;
    }
  }
  return VB_OK;
}

vb_status vb_normalizer_run(vb_normalizer *self, const char *text, size_t text_len, vb_error *err) {
  if (!self) return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET, "normalizer is NULL");
  vb_normalizer_reset(self);
  if (text == NULL && text_len != 0)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET, "text is NULL");
  if (text_len > UINT32_MAX)
    return vb_fail(err, VB_ERR_LIMIT, VB_NO_RECORD, "text", VB_NO_OFFSET,
                   "text of %zu bytes is over the 4 GiB normalization limit", text_len);
  self->in = (const uint8_t *)text;
  self->in_len = text_len;
  vb_status st = VB_OK;
  if (!out_reserve(self, text_len + text_len / 8 + VB_ASCII_SLACK)) st = VB_ERR_NOMEM;
  if (st == VB_OK) st = walk(self, err);
  if (st == VB_OK && self->out_len > UINT32_MAX)
    st = vb_fail(err, VB_ERR_LIMIT, VB_NO_RECORD, "text", VB_NO_OFFSET,
                 "normalized text is over the 4 GiB limit");
  if (st == VB_ERR_NOMEM) vb_fail(err, st, VB_NO_RECORD, "", VB_NO_OFFSET, "out of memory");
  size_t in_len = self->in_len;
  self->in = NULL;
  if (st != VB_OK) {
    vb_normalizer_reset(self);
    return st;
  }
  self->in_len = in_len;
  return VB_OK;
}

/* ---- offset queries ---------------------------------------------------- */

/* Index of the segment holding output byte `o` (o < out_len): the last one
 * starting at or before it with output bytes. */
static size_t seg_find(const vb_normalizer *n, size_t o) {
  /* The last segment starting at or before o. A removal shares its
   * out_start with the segment after it, so it is never the last such one
   * unless it ends the output, which o is before. */
  size_t lo = 0, hi = n->nseg;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (n->seg[mid].out_start <= o) lo = mid;
    else hi = mid;
  }
  return lo;
}

vb_span vb_normalizer_map(const vb_normalizer *self, size_t out_offset) {
  if (!self) return (vb_span){0, 0};
  vb_span sp = {self->in_len, self->in_len};
  if (out_offset >= self->out_len || self->nseg == 0) return sp;
  const vb_norm_segment *g = &self->seg[seg_find(self, out_offset)];
  if (g->exact) {
    sp.start = g->in_start + (out_offset - g->out_start);
    sp.end = sp.start + 1;
  } else {
    sp.start = g->in_start;
    sp.end = (size_t)g->in_start + g->in_len;
  }
  return sp;
}

vb_span vb_normalizer_map_span(const vb_normalizer *self, size_t out_start, size_t out_end) {
  if (!self) return (vb_span){0, 0};
  if (out_end > self->out_len) out_end = self->out_len;
  if (out_start > out_end) out_start = out_end;
  vb_span sp = {0, self->in_len};
  if (out_start == 0 && out_end == self->out_len) return sp; /* even when the output is empty */
  if (out_start == out_end) {
    sp.start = sp.end = out_start >= self->out_len ? self->in_len : vb_normalizer_map(self, out_start).start;
    if (out_start == 0) sp.start = sp.end = 0;
    return sp;
  }
  sp.start = out_start == 0 ? 0 : vb_normalizer_map(self, out_start).start;
  sp.end = out_end == self->out_len ? self->in_len : vb_normalizer_map(self, out_end - 1).end;
  return sp;
}

/* ---- simple call ------------------------------------------------------- */

vb_status vb_normalize(const char *text, size_t text_len, unsigned flags, char *out, size_t out_cap,
                       size_t *out_len, vb_error *err) {
  vb_normalizer *n = vb_normalizer_new(NULL, flags, err);
  if (n == NULL) {
    vb_status st = vb_norm_flags_check(flags, NULL);
    return st != VB_OK ? st : VB_ERR_NOMEM;
  }
  vb_status st = vb_normalizer_run(n, text, text_len, err);
  if (st == VB_OK) {
    if (out_len) *out_len = n->out_len;
    if (n->out_len > out_cap || (out == NULL && n->out_len > 0))
      st = vb_fail(err, VB_ERR_LIMIT, VB_NO_RECORD, "", VB_NO_OFFSET,
                   "output of %zu bytes does not fit in %zu", n->out_len, out_cap);
    else if (n->out_len > 0)
      memcpy(out, n->out, n->out_len);
  }
  vb_normalizer_free(n);
  return st;
}
