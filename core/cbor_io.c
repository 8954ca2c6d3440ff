/* CBOR heads, bounded item checks and deterministic encoders. */
#include <math.h>

#include <cbor.h>

#include "cbor_io.h"
#include "verbatim/normalize.h"

/* ---- one head through libcbor's streaming decoder ---- */

typedef struct head_ctx {
  vb_chead *h;
  int fired;
} head_ctx;

#define H(ctx) (((head_ctx *)(ctx))->h)
#define FIRE(ctx, k) (((head_ctx *)(ctx))->fired++, H(ctx)->kind = (k))

static void cb_u8(void *c, uint8_t v) { FIRE(c, VB_CK_UINT); H(c)->u = v; }
static void cb_u16(void *c, uint16_t v) { FIRE(c, VB_CK_UINT); H(c)->u = v; }
static void cb_u32(void *c, uint32_t v) { FIRE(c, VB_CK_UINT); H(c)->u = v; }
static void cb_u64(void *c, uint64_t v) { FIRE(c, VB_CK_UINT); H(c)->u = v; }
static void cb_n8(void *c, uint8_t v) { FIRE(c, VB_CK_NEGINT); H(c)->u = v; }
static void cb_n16(void *c, uint16_t v) { FIRE(c, VB_CK_NEGINT); H(c)->u = v; }
static void cb_n32(void *c, uint32_t v) { FIRE(c, VB_CK_NEGINT); H(c)->u = v; }
static void cb_n64(void *c, uint64_t v) { FIRE(c, VB_CK_NEGINT); H(c)->u = v; }
static void cb_bytes(void *c, cbor_data d, size_t n) { FIRE(c, VB_CK_BYTES); H(c)->str = d; H(c)->u = n; }
static void cb_bytes_indef(void *c) { FIRE(c, VB_CK_BYTES_INDEF); }
static void cb_text(void *c, cbor_data d, size_t n) { FIRE(c, VB_CK_TEXT); H(c)->str = d; H(c)->u = n; }
static void cb_text_indef(void *c) { FIRE(c, VB_CK_TEXT_INDEF); }
static void cb_array(void *c, size_t n) { FIRE(c, VB_CK_ARRAY); H(c)->u = n; }
static void cb_array_indef(void *c) { FIRE(c, VB_CK_ARRAY_INDEF); }
static void cb_map(void *c, size_t n) { FIRE(c, VB_CK_MAP); H(c)->u = n; }
static void cb_map_indef(void *c) { FIRE(c, VB_CK_MAP_INDEF); }
static void cb_tag(void *c, uint64_t v) { FIRE(c, VB_CK_TAG); H(c)->u = v; }
static void cb_f2(void *c, float v) { FIRE(c, VB_CK_FLOAT); H(c)->f = v; }
static void cb_f4(void *c, float v) { FIRE(c, VB_CK_FLOAT); H(c)->f = v; }
static void cb_f8(void *c, double v) { FIRE(c, VB_CK_FLOAT); H(c)->f = v; }
static void cb_undef(void *c) { FIRE(c, VB_CK_UNDEF); }
static void cb_null(void *c) { FIRE(c, VB_CK_NULL); }
static void cb_bool(void *c, bool v) { FIRE(c, VB_CK_BOOL); H(c)->b = v; }
static void cb_break(void *c) { FIRE(c, VB_CK_BREAK); }

static const struct cbor_callbacks head_callbacks = {
    .uint8 = cb_u8, .uint16 = cb_u16, .uint32 = cb_u32, .uint64 = cb_u64,
    .negint8 = cb_n8, .negint16 = cb_n16, .negint32 = cb_n32, .negint64 = cb_n64,
    .byte_string_start = cb_bytes_indef, .byte_string = cb_bytes,
    .string = cb_text, .string_start = cb_text_indef,
    .indef_array_start = cb_array_indef, .array_start = cb_array,
    .indef_map_start = cb_map_indef, .map_start = cb_map,
    .tag = cb_tag, .float2 = cb_f2, .float4 = cb_f4, .float8 = cb_f8,
    .undefined = cb_undef, .null = cb_null, .boolean = cb_bool, .indef_break = cb_break,
};

vb_status vb_cbor_head(const uint8_t *p, size_t n, vb_chead *h, size_t *required) {
  if (n == 0) {
    if (required) *required = 1;
    return VB_ERR_TRUNCATED;
  }
  memset(h, 0, sizeof *h);
  if (p[0] >= 0xC6 && p[0] <= 0xD4) {
    /* Tags 6..20 in one byte: well-formed CBOR (RFC 8949 §3.4, numbers
     * merely unassigned), but libcbor 0.8's decoder reports an error. */
    h->kind = VB_CK_TAG;
    h->u = p[0] & 31u;
    h->len = 1;
    return VB_OK;
  }
  head_ctx ctx = {h, 0};
  struct cbor_decoder_result r = cbor_stream_decode(p, n, &head_callbacks, &ctx);
  if (r.status == CBOR_DECODER_NEDATA) {
    if (required) *required = r.required;
    return VB_ERR_TRUNCATED;
  }
  /* Simple values other than false/true/null/undefined (and the reserved
   * one-byte forms) fire no callback: we treat them as malformed for our
   * purposes, since no verbatim record uses them. */
  if (r.status != CBOR_DECODER_FINISHED || ctx.fired != 1 || r.read == 0 || r.read > n)
    return VB_ERR_CBOR;
  h->len = r.read;
  return VB_OK;
}

/* ---- bounded item check ---- */

typedef vb_cbor_frame frame;

void vb_cbor_checker_init(vb_cbor_checker *c) {
  c->depth = 0;
  c->pos = 0;
  c->items = 0;
  c->tagged = false;
  c->has_key = false;
  c->key_at = c->key_len = 0;
}

/* Fail naming the key of the outermost map whose value holds the fault
 * ("text" for a document's text), when there is one. */
static vb_status check_fail(const vb_cbor_checker *c, const uint8_t *p, vb_error *err,
                            vb_status st, size_t pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

static vb_status check_fail(const vb_cbor_checker *c, const uint8_t *p, vb_error *err,
                            vb_status st, size_t pos, const char *fmt, ...) {
  char field[64] = "";
  if (c->has_key) {
    size_t m = c->key_len < sizeof field - 1 ? c->key_len : sizeof field - 1;
    memcpy(field, p + c->key_at, m);
    field[m] = '\0';
  }
  va_list ap;
  va_start(ap, fmt);
  vb_status s = vb_failv(err, st, VB_NO_RECORD, field, pos, fmt, ap);
  va_end(ap);
  return s;
}

vb_status vb_cbor_check(const uint8_t *p, size_t n, const vb_limits *lim, bool check_utf8,
                        size_t *item_len, vb_error *err) {
  vb_cbor_checker c;
  vb_cbor_checker_init(&c);
  return vb_cbor_checker_run(&c, p, n, lim, check_utf8, item_len, err);
}

/* The length a definite string head at p claims, when the head itself has
 * arrived (its payload need not have). */
static bool string_claim(const uint8_t *p, size_t n, uint64_t *len) {
  if (n == 0) return false;
  unsigned major = p[0] >> 5, info = p[0] & 31;
  if (major != 2 && major != 3) return false;
  if (info < 24) {
    *len = info;
    return true;
  }
  if (info > 27) return false;
  size_t k = (size_t)1 << (info - 24);
  if (n < 1 + k) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < k; i++) v = v << 8 | p[1 + i];
  *len = v;
  return true;
}

/* The state lives in locals while running and goes back to `c` only where a
 * resume can start: before a head that has not fully arrived. */
vb_status vb_cbor_checker_run(vb_cbor_checker *c, const uint8_t *p, size_t n,
                              const vb_limits *lim, bool check_utf8, size_t *item_len,
                              vb_error *err) {
  frame *stack = c->stack;
  uint32_t max_depth = lim->max_depth < VB_CBOR_MAX_DEPTH ? lim->max_depth : VB_CBOR_MAX_DEPTH;
  size_t depth = c->depth; /* frames in use */
  size_t pos = c->pos, items = c->items;
  bool tagged = c->tagged; /* a tag head was read and its item has not come yet */
  for (;;) {
    frame *top = depth ? &stack[depth - 1] : NULL;
    /* A key of the outermost map: errors from here on are not in the
     * previous key's value. */
    bool is_key = depth == 1 && top->map &&
                  (top->indefinite ? top->seen % 2 == 0 : top->remaining % 2 == 0);
    if (is_key) c->has_key = false;
    vb_chead h;
    size_t req = 0;
    vb_status st = vb_cbor_head(p + pos, n - pos, &h, &req);
    if (st == VB_ERR_TRUNCATED) {
      /* Refuse a string over the limit on its head alone, before its bytes
       * are waited for and buffered. */
      uint64_t claim;
      if (string_claim(p + pos, n - pos, &claim) && claim > lim->max_text_bytes)
        return check_fail(c, p, err, VB_ERR_LIMIT, pos,
                          "%s string of %llu bytes exceeds the limit of %zu",
                          (p[pos] >> 5) == 3 ? "text" : "byte", (unsigned long long)claim,
                          lim->max_text_bytes);
      c->depth = depth;
      c->pos = pos;
      c->items = items;
      c->tagged = tagged;
      return check_fail(c, p, err, st, pos, "input ends inside a CBOR item");
    }
    if (st != VB_OK)
      return check_fail(c, p, err, st, pos, "malformed CBOR item head");
    if (++items > lim->max_items)
      return check_fail(c, p, err, VB_ERR_LIMIT, pos,
                     "record has more than %zu data items", lim->max_items);
    if (h.kind == VB_CK_BREAK) {
      if (top == NULL || !top->indefinite || tagged)
        return check_fail(c, p, err, VB_ERR_CBOR, pos, "unexpected break byte");
      if (top->map && (top->seen & 1))
        return check_fail(c, p, err, VB_ERR_CBOR, pos,
                       "indefinite map ends after a key without its value");
      pos += h.len;
      depth--;
      goto item_done;
    }
    tagged = false;
    if (top && top->string_chunks && (int)h.kind != top->string_chunks)
      return check_fail(c, p, err, VB_ERR_CBOR, pos,
                     "indefinite-length string holds a chunk of another type");
    switch (h.kind) {
      case VB_CK_TEXT:
        if (h.u > lim->max_text_bytes)
          return check_fail(c, p, err, VB_ERR_LIMIT, pos,
                         "text string of %llu bytes exceeds the limit of %zu",
                         (unsigned long long)h.u, lim->max_text_bytes);
        if (check_utf8) {
          size_t bad = 0;
          if (!vb_utf8_valid((const char *)h.str, (size_t)h.u, &bad))
            return check_fail(c, p, err, VB_ERR_UTF8, (size_t)(h.str - p) + bad,
                              "text string is not valid UTF-8");
        }
        if (is_key) {
          c->has_key = true;
          c->key_at = (size_t)(h.str - p);
          c->key_len = (size_t)h.u;
        }
        pos += h.len;
        goto item_done;
      case VB_CK_BYTES:
        if (h.u > lim->max_text_bytes)
          return check_fail(c, p, err, VB_ERR_LIMIT, pos,
                         "byte string of %llu bytes exceeds the limit of %zu",
                         (unsigned long long)h.u, lim->max_text_bytes);
        pos += h.len;
        goto item_done;
      case VB_CK_TAG:
        /* A tag qualifies the next item and takes no slot of its own. */
        if (top && top->string_chunks)
          return check_fail(c, p, err, VB_ERR_CBOR, pos,
                         "tag inside an indefinite-length string");
        pos += h.len;
        tagged = true;
        continue;
      case VB_CK_ARRAY:
      case VB_CK_MAP:
      case VB_CK_ARRAY_INDEF:
      case VB_CK_MAP_INDEF:
      case VB_CK_BYTES_INDEF:
      case VB_CK_TEXT_INDEF: {
        bool is_map = h.kind == VB_CK_MAP || h.kind == VB_CK_MAP_INDEF;
        bool indef = h.kind >= VB_CK_BYTES_INDEF;
        if (depth >= max_depth)
          return check_fail(c, p, err, VB_ERR_LIMIT, pos,
                         "nesting deeper than the limit of %u", (unsigned)max_depth);
        uint64_t count = h.u;
        if (!indef) {
          /* Refuse a count no record could hold before waiting for its
           * bytes: each item needs at least one byte. */
          if (is_map && count > UINT64_MAX / 2)
            return check_fail(c, p, err, VB_ERR_LIMIT, pos, "map is too large");
          if (is_map) count *= 2;
          if (count > lim->max_items)
            return check_fail(c, p, err, VB_ERR_LIMIT, pos,
                           "container claims %llu items, more than the limit of %zu",
                           (unsigned long long)count, lim->max_items);
        }
        pos += h.len;
        if (!indef && count == 0) goto item_done;
        frame *f = &stack[depth++];
        f->remaining = count;
        f->indefinite = indef;
        f->map = is_map;
        f->seen = 0;
        f->string_chunks = h.kind == VB_CK_BYTES_INDEF ? VB_CK_BYTES
                           : h.kind == VB_CK_TEXT_INDEF ? VB_CK_TEXT
                                                        : 0;
        continue;
      }
      default:
        pos += h.len;
        goto item_done;
    }
  item_done:
    /* One item finished: count it against its parent, closing every
     * definite container it completes. */
    while (depth > 0) {
      frame *f = &stack[depth - 1];
      if (f->indefinite) {
        f->seen++;
        break;
      }
      if (--f->remaining > 0) break;
      depth--;
    }
    if (depth == 0) {
      *item_len = pos;
      return VB_OK;
    }
  }
}

vb_limits vb_limits_whole_item(void) {
  vb_limits lim = {SIZE_MAX, SIZE_MAX, VB_CBOR_MAX_DEPTH, SIZE_MAX};
  return lim;
}

size_t vb_cbor_item_len(const uint8_t *p, size_t n) {
  vb_limits lim = vb_limits_whole_item();
  size_t len = 0;
  if (vb_cbor_check(p, n, &lim, false, &len, NULL) != VB_OK) return n;
  return len;
}

/* ---- encoders ---- */

static void put_head(vb_buf *b, uint8_t major, uint64_t v) {
  uint8_t h[9];
  size_t k;
  if (v < 24) {
    h[0] = (uint8_t)(major << 5 | v);
    k = 1;
  } else if (v <= 0xFF) {
    h[0] = (uint8_t)(major << 5 | 24);
    h[1] = (uint8_t)v;
    k = 2;
  } else if (v <= 0xFFFF) {
    h[0] = (uint8_t)(major << 5 | 25);
    h[1] = (uint8_t)(v >> 8);
    h[2] = (uint8_t)v;
    k = 3;
  } else if (v <= 0xFFFFFFFFu) {
    h[0] = (uint8_t)(major << 5 | 26);
    for (int i = 0; i < 4; i++) h[1 + i] = (uint8_t)(v >> (24 - 8 * i));
    k = 5;
  } else {
    h[0] = (uint8_t)(major << 5 | 27);
    for (int i = 0; i < 8; i++) h[1 + i] = (uint8_t)(v >> (56 - 8 * i));
    k = 9;
  }
  vb_buf_append(b, h, k);
}

void vb_cbor_put_uint(vb_buf *b, uint64_t v) { put_head(b, 0, v); }
void vb_cbor_put_int(vb_buf *b, int64_t v) {
  if (v >= 0)
    put_head(b, 0, (uint64_t)v);
  else
    put_head(b, 1, (uint64_t)(-(v + 1)));
}
void vb_cbor_put_bytes(vb_buf *b, const void *s, size_t len) {
  put_head(b, 2, len);
  vb_buf_append(b, s, len);
}
void vb_cbor_put_bytes_head(vb_buf *b, size_t len) { put_head(b, 2, len); }
void vb_cbor_put_text(vb_buf *b, const char *s, size_t len) {
  put_head(b, 3, len);
  vb_buf_append(b, s, len);
}
void vb_cbor_put_cstr(vb_buf *b, const char *s) { vb_cbor_put_text(b, s, strlen(s)); }
void vb_cbor_put_array(vb_buf *b, uint64_t count) { put_head(b, 4, count); }
void vb_cbor_put_map(vb_buf *b, uint64_t pairs) { put_head(b, 5, pairs); }
void vb_cbor_put_bool(vb_buf *b, bool v) { vb_buf_putc(b, (char)(v ? 0xF5 : 0xF4)); }
void vb_cbor_put_null(vb_buf *b) { vb_buf_putc(b, (char)0xF6); }

/* Half-precision bits for f when the conversion is exact. */
static bool half_exact(float f, uint16_t *out) {
  uint32_t x;
  memcpy(&x, &f, 4);
  uint32_t sign = (x >> 16) & 0x8000u;
  int32_t exp = (int32_t)((x >> 23) & 0xFF);
  uint32_t man = x & 0x7FFFFFu;
  if (exp == 0xFF) { /* inf (NaN is handled by the caller) */
    if (man) return false;
    *out = (uint16_t)(sign | 0x7C00u);
    return true;
  }
  if (exp == 0 && man == 0) {
    *out = (uint16_t)sign;
    return true;
  }
  int32_t e = exp - 127; /* unbiased */
  if (e >= -14 && e <= 15) {
    if (man & 0x1FFFu) return false;
    *out = (uint16_t)(sign | (uint32_t)(e + 15) << 10 | man >> 13);
    return true;
  }
  if (e >= -24 && e < -14) { /* subnormal half */
    uint32_t full = man | 0x800000u;
    int shift = -e - 14 + 13;
    if (full & ((1u << shift) - 1)) return false;
    *out = (uint16_t)(sign | full >> shift);
    return true;
  }
  return false;
}

void vb_cbor_put_float(vb_buf *b, double v) {
  uint8_t h[9];
  if (isnan(v)) {
    const uint8_t nan[3] = {0xF9, 0x7E, 0x00};
    vb_buf_append(b, nan, 3);
    return;
  }
  float f = (float)v;
  if ((double)f == v) {
    uint16_t half;
    if (half_exact(f, &half)) {
      h[0] = 0xF9;
      h[1] = (uint8_t)(half >> 8);
      h[2] = (uint8_t)half;
      vb_buf_append(b, h, 3);
      return;
    }
    uint32_t x;
    memcpy(&x, &f, 4);
    h[0] = 0xFA;
    for (int i = 0; i < 4; i++) h[1 + i] = (uint8_t)(x >> (24 - 8 * i));
    vb_buf_append(b, h, 5);
    return;
  }
  uint64_t x;
  memcpy(&x, &v, 8);
  h[0] = 0xFB;
  for (int i = 0; i < 8; i++) h[1 + i] = (uint8_t)(x >> (56 - 8 * i));
  vb_buf_append(b, h, 9);
}

int vb_cbor_key_cmp(const char *a, size_t alen, const char *b, size_t blen) {
  /* For text keys the head grows with the length, so shorter keys sort
   * first; equal lengths compare bytewise. */
  if (alen != blen) return alen < blen ? -1 : 1;
  return memcmp(a, b, alen);
}
