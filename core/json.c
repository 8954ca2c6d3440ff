/* CBOR to JSON Lines, for `verbatim cat` and every `--json` output.
 *
 * The item is checked first, so the recursive walk below is bounded by the
 * default nesting limit and never reads past the item.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cbor_io.h"
#include "verbatim/record.h"

static void json_string(vb_buf *b, const uint8_t *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  vb_buf_putc(b, '"');
  if (n == 0) { /* s may be NULL: an indefinite string with no chunks */
    vb_buf_putc(b, '"');
    return;
  }
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    uint8_t c = s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    vb_buf_append(b, s + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': vb_buf_append(b, "\\\"", 2); break;
      case '\\': vb_buf_append(b, "\\\\", 2); break;
      case '\n': vb_buf_append(b, "\\n", 2); break;
      case '\r': vb_buf_append(b, "\\r", 2); break;
      case '\t': vb_buf_append(b, "\\t", 2); break;
      default: {
        char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        vb_buf_append(b, e, 6);
      }
    }
  }
  vb_buf_append(b, s + run, n - run);
  vb_buf_putc(b, '"');
}

static void json_base64(vb_buf *b, const uint8_t *s, size_t n) {
  static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  vb_buf_putc(b, '"');
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];
    char o[4] = {tab[v >> 18], tab[(v >> 12) & 63], tab[(v >> 6) & 63], tab[v & 63]};
    vb_buf_append(b, o, 4);
  }
  if (n - i == 1) {
    uint32_t v = (uint32_t)s[i] << 16;
    char o[4] = {tab[v >> 18], tab[(v >> 12) & 63], '=', '='};
    vb_buf_append(b, o, 4);
  } else if (n - i == 2) {
    uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8;
    char o[4] = {tab[v >> 18], tab[(v >> 12) & 63], tab[(v >> 6) & 63], '='};
    vb_buf_append(b, o, 4);
  }
  vb_buf_putc(b, '"');
}

static void json_number(vb_buf *b, double v) {
  if (!isfinite(v)) {
    vb_buf_append(b, "null", 4);
    return;
  }
  if (v == floor(v) && fabs(v) < 1e15) {
    vb_buf_printf(b, "%.0f", v);
    return;
  }
  /* Shortest precision that reads back as the same double. */
  char tmp[40];
  for (int prec = 6; prec <= 17; prec++) {
    snprintf(tmp, sizeof tmp, "%.*g", prec, v);
    if (strtod(tmp, NULL) == v) break;
  }
  vb_buf_append(b, tmp, strlen(tmp));
}

static void json_negint(vb_buf *b, uint64_t u) {
  if (u == UINT64_MAX)
    vb_buf_append(b, "-18446744073709551616", 21);
  else
    vb_buf_printf(b, "-%" PRIu64, u + 1);
}

/* Emits the item at p (already checked); returns its length. */
static size_t emit(vb_buf *b, const uint8_t *p, size_t n, bool as_key, vb_status *st) {
  vb_chead h;
  if (vb_cbor_head(p, n, &h, NULL) != VB_OK) {
    *st = VB_ERR_CBOR;
    return n;
  }
  /* Tags are dropped: step over a chain of them here. Recursing once per
   * tag let a record of a million tags (valid, and within the item limit)
   * overflow the stack. */
  size_t tags = 0;
  while (h.kind == VB_CK_TAG && !as_key) {
    tags += h.len;
    if (vb_cbor_head(p + tags, n - tags, &h, NULL) != VB_OK) {
      *st = VB_ERR_CBOR;
      return n;
    }
  }
  size_t pos = tags + h.len;
  if (as_key && h.kind != VB_CK_TEXT && h.kind != VB_CK_UINT && h.kind != VB_CK_NEGINT) {
    *st = VB_ERR_SCHEMA;
    return n;
  }
  switch (h.kind) {
    case VB_CK_UINT:
      if (as_key) vb_buf_putc(b, '"');
      vb_buf_printf(b, "%" PRIu64, h.u);
      if (as_key) vb_buf_putc(b, '"');
      break;
    case VB_CK_NEGINT:
      if (as_key) vb_buf_putc(b, '"');
      json_negint(b, h.u);
      if (as_key) vb_buf_putc(b, '"');
      break;
    case VB_CK_TEXT: json_string(b, h.str, (size_t)h.u); break;
    case VB_CK_BYTES: json_base64(b, h.str, (size_t)h.u); break;
    case VB_CK_FLOAT: json_number(b, h.f); break;
    case VB_CK_BOOL: vb_buf_append(b, h.b ? "true" : "false", h.b ? 4 : 5); break;
    case VB_CK_NULL:
    case VB_CK_UNDEF: vb_buf_append(b, "null", 4); break;
    case VB_CK_TAG: break; /* not reached: stepped over above */
    case VB_CK_BYTES_INDEF:
    case VB_CK_TEXT_INDEF: {
      /* Chunks are joined: the JSON form has no notion of them. */
      bool text = h.kind == VB_CK_TEXT_INDEF;
      vb_buf chunks;
      vb_buf_init(&chunks, b->alloc);
      for (;;) {
        vb_chead c;
        if (vb_cbor_head(p + pos, n - pos, &c, NULL) != VB_OK) {
          *st = VB_ERR_CBOR;
          break;
        }
        pos += c.len;
        if (c.kind == VB_CK_BREAK) break;
        vb_buf_append(&chunks, c.str, (size_t)c.u);
      }
      if (chunks.failed) b->failed = true;
      if (text)
        json_string(b, chunks.data, chunks.len);
      else
        json_base64(b, chunks.data, chunks.len);
      vb_buf_release(&chunks);
      break;
    }
    case VB_CK_ARRAY:
    case VB_CK_ARRAY_INDEF: {
      vb_buf_putc(b, '[');
      for (uint64_t i = 0; h.kind == VB_CK_ARRAY_INDEF || i < h.u; i++) {
        if (h.kind == VB_CK_ARRAY_INDEF && p[pos] == 0xFF) {
          pos++;
          break;
        }
        if (i) vb_buf_putc(b, ',');
        pos += emit(b, p + pos, n - pos, false, st);
        if (*st != VB_OK) return n;
      }
      vb_buf_putc(b, ']');
      break;
    }
    case VB_CK_MAP:
    case VB_CK_MAP_INDEF: {
      vb_buf_putc(b, '{');
      for (uint64_t i = 0; h.kind == VB_CK_MAP_INDEF || i < h.u; i++) {
        if (h.kind == VB_CK_MAP_INDEF && p[pos] == 0xFF) {
          pos++;
          break;
        }
        if (i) vb_buf_putc(b, ',');
        pos += emit(b, p + pos, n - pos, true, st);
        if (*st != VB_OK) return n;
        vb_buf_putc(b, ':');
        pos += emit(b, p + pos, n - pos, false, st);
        if (*st != VB_OK) return n;
      }
      vb_buf_putc(b, '}');
      break;
    }
    case VB_CK_BREAK: *st = VB_ERR_CBOR; break;
  }
  return pos;
}

vb_status vb_writer_json(vb_writer *self, const void *cbor, size_t cbor_len, vb_error *err) {
  if (self == NULL || (cbor == NULL && cbor_len))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  vb_limits lim = vb_limits_whole_item();
  size_t len = 0;
  vb_status st = vb_cbor_check(cbor, cbor_len, &lim, true, &len, err);
  if (st != VB_OK) return st;
  vb_buf *b = vb_writer_buf(self);
  size_t mark = b->len;
  st = VB_OK;
  emit(b, cbor, len, false, &st);
  vb_buf_putc(b, '\n');
  if (st != VB_OK) {
    b->len = mark;
    b->failed = false;
    return vb_fail(err, st, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                   "map key cannot be written as JSON (only text and integer keys can)");
  }
  return vb_writer_commit(self, mark, err);
}
