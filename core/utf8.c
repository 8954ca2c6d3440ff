/* UTF-8 validity and repair.
 *
 * News text is overwhelmingly ASCII, so validation skips 8 bytes at a time
 * while their high bits are clear and only decodes around non-ASCII bytes.
 * The byte ranges follow Unicode 15, Table 3-7 (well-formed byte sequences):
 * they exclude overlongs, surrogates and code points above U+10FFFF.
 */
#include "internal.h"
#include "utf8.h"
#include "verbatim/normalize.h"

size_t vb_utf8_seq_len(const uint8_t *s, size_t n) {
  uint8_t c = s[0];
  if (c < 0x80) return 1;
  if (c < 0xC2 || c > 0xF4) return 0;
  if (c < 0xE0) {
    if (n < 2 || (s[1] & 0xC0) != 0x80) return 0;
    return 2;
  }
  uint8_t lo = 0x80, hi = 0xBF;
  if (c == 0xE0) lo = 0xA0;
  else if (c == 0xED) hi = 0x9F;
  else if (c == 0xF0) lo = 0x90;
  else if (c == 0xF4) hi = 0x8F;
  if (n < 2 || s[1] < lo || s[1] > hi) return 0;
  if (c < 0xF0) {
    if (n < 3 || (s[2] & 0xC0) != 0x80) return 0;
    return 3;
  }
  if (n < 3 || (s[2] & 0xC0) != 0x80) return 0;
  if (n < 4 || (s[3] & 0xC0) != 0x80) return 0;
  return 4;
}

/* Length of the maximal subpart of an ill-formed sequence starting at s: the
 * longest prefix that could begin a well-formed sequence, at least 1. */
size_t vb_utf8_maximal_subpart(const uint8_t *s, size_t n) {
  uint8_t c = s[0];
  if (c < 0xC2 || c > 0xF4) return 1;
  size_t need = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  uint8_t lo = 0x80, hi = 0xBF;
  if (c == 0xE0) lo = 0xA0;
  else if (c == 0xED) hi = 0x9F;
  else if (c == 0xF0) lo = 0x90;
  else if (c == 0xF4) hi = 0x8F;
  size_t i = 1;
  if (i < n && i < need && s[i] >= lo && s[i] <= hi) {
    i++;
    while (i < n && i < need && (s[i] & 0xC0) == 0x80) i++;
  }
  return i;
}

size_t vb_utf8_ascii_prefix(const uint8_t *s, size_t n) {
  size_t i = 0;
  while (i + 8 <= n) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    if (w & UINT64_C(0x8080808080808080)) break;
    i += 8;
  }
  while (i < n && s[i] < 0x80) i++;
  return i;
}

bool vb_utf8_valid(const char *text, size_t text_len, size_t *bad_offset) {
  const uint8_t *s = (const uint8_t *)text;
  if (s == NULL) return text_len == 0;
  size_t i = 0;
  while (i < text_len) {
    i += vb_utf8_ascii_prefix(s + i, text_len - i);
    if (i >= text_len) break;
    size_t k = vb_utf8_seq_len(s + i, text_len - i);
    if (k == 0) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += k;
  }
  return true;
}

size_t vb_utf8_repair_bound(size_t text_len) {
  return text_len > SIZE_MAX / 3 ? SIZE_MAX : text_len * 3;
}

size_t vb_utf8_repair(const char *text, size_t text_len, char *out, size_t *replaced) {
  const uint8_t *s = (const uint8_t *)text;
  size_t i = 0, o = 0, count = 0;
  while (i < text_len) {
    size_t a = vb_utf8_ascii_prefix(s + i, text_len - i);
    memcpy(out + o, s + i, a);
    i += a;
    o += a;
    if (i >= text_len) break;
    size_t k = vb_utf8_seq_len(s + i, text_len - i);
    if (k) {
      memcpy(out + o, s + i, k);
      i += k;
      o += k;
    } else {
      i += vb_utf8_maximal_subpart(s + i, text_len - i);
      memcpy(out + o, "\xEF\xBF\xBD", 3);
      o += 3;
      count++;
    }
  }
  if (replaced) *replaced = count;
  return o;
}
