/* Internal CBOR layer: one-head decoding on top of libcbor's streaming
 * decoder (which allocates nothing), a bounded validator for whole items, and
 * deterministic encoders that append to a vb_buf.
 *
 * libcbor's item API builds trees through a process-global allocator; the
 * streaming decoder does not, which keeps the per-handle allocator promise.
 */
#ifndef VB_CORE_CBOR_IO_H
#define VB_CORE_CBOR_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "verbatim/record.h"

typedef enum vb_ck {
  VB_CK_UINT,
  VB_CK_NEGINT, /* value is -1 - u */
  VB_CK_BYTES,
  VB_CK_TEXT,
  VB_CK_ARRAY,
  VB_CK_MAP,
  VB_CK_TAG,
  VB_CK_FLOAT,
  VB_CK_BOOL,
  VB_CK_NULL,
  VB_CK_UNDEF,
  VB_CK_BYTES_INDEF,
  VB_CK_TEXT_INDEF,
  VB_CK_ARRAY_INDEF,
  VB_CK_MAP_INDEF,
  VB_CK_BREAK
} vb_ck;

typedef struct vb_chead {
  vb_ck kind;
  uint64_t u;         /* integer value, string length, element count, or tag */
  double f;           /* VB_CK_FLOAT */
  bool b;             /* VB_CK_BOOL */
  const uint8_t *str; /* string payload (definite strings) */
  size_t len;         /* bytes taken by the head and any string payload */
} vb_chead;

/* Decode one head at p. VB_OK; VB_ERR_TRUNCATED when more bytes are needed
 * (`*required`, if set, is libcbor's estimate of the total needed); or
 * VB_ERR_CBOR for malformed bytes. */
vb_status vb_cbor_head(const uint8_t *p, size_t n, vb_chead *h, size_t *required);

/* Check that p starts with one complete, well-formed item within `lim` (and,
 * if check_utf8, with valid UTF-8 in every text string). On VB_OK,
 * `*item_len` is its length.
 * Failures fill err with the offset relative to p (record unset) and, inside
 * the value of a key of an outermost map, that key as the field:
 * VB_ERR_TRUNCATED (need more bytes), VB_ERR_CBOR, VB_ERR_UTF8, VB_ERR_LIMIT. */
vb_status vb_cbor_check(const uint8_t *p, size_t n, const vb_limits *lim, bool check_utf8,
                        size_t *item_len, vb_error *err);

/* The same check, resumable: a reader whose input arrives in pieces keeps a
 * checker per record and runs it again on the grown buffer (the same bytes
 * at p, more of them), so each byte is examined once however small the
 * pieces are. On VB_ERR_TRUNCATED the checker has stopped before the head
 * that is incomplete and may be run again; after any other return, call
 * vb_cbor_checker_init before using it for another item. Depth is capped at
 * VB_CBOR_MAX_DEPTH whatever the limits say (the stack is fixed). */
#define VB_CBOR_MAX_DEPTH 256

typedef struct vb_cbor_frame {
  uint64_t remaining; /* items still expected (ignored when indefinite) */
  bool indefinite;
  bool map;           /* indefinite maps must end after a value, not a key */
  uint64_t seen;      /* items seen in an indefinite container */
  int string_chunks;  /* 0, or VB_CK_BYTES / VB_CK_TEXT for indefinite strings */
} vb_cbor_frame;

typedef struct vb_cbor_checker {
  vb_cbor_frame stack[VB_CBOR_MAX_DEPTH + 1];
  size_t depth; /* frames in use */
  size_t pos;   /* bytes of the item checked so far */
  size_t items; /* data items counted so far */
  bool tagged;  /* a tag head was read and its item has not come yet */
  /* The key of the outermost map whose value is being checked, named as
   * the field of an error inside it: p[key_at, key_at + key_len). */
  bool has_key;
  size_t key_at, key_len;
} vb_cbor_checker;

void vb_cbor_checker_init(vb_cbor_checker *c);
vb_status vb_cbor_checker_run(vb_cbor_checker *c, const uint8_t *p, size_t n,
                              const vb_limits *lim, bool check_utf8, size_t *item_len,
                              vb_error *err);

/* Limits for checking an item that is already whole in memory (a result
 * record handed to vb_writer_json or vb_writer_raw, a saved index being
 * loaded): sizes and item counts are bounded by the bytes at hand, so only
 * nesting is limited, at VB_CBOR_MAX_DEPTH (the most any reader accepts).
 * The reader's defaults would refuse to load what a large save wrote: an
 * LSH index of 600k documents (its band keys are one byte string over
 * 128 MiB), a matcher of 250k quotes (over 4 Mi items). */
vb_limits vb_limits_whole_item(void);

/* Length of the (already checked) item at p. */
size_t vb_cbor_item_len(const uint8_t *p, size_t n);

/* ---- deterministic encoding (RFC 8949 §4.2.1) ---- */
void vb_cbor_put_uint(vb_buf *b, uint64_t v);
void vb_cbor_put_int(vb_buf *b, int64_t v);
void vb_cbor_put_text(vb_buf *b, const char *s, size_t len);
void vb_cbor_put_cstr(vb_buf *b, const char *s);
void vb_cbor_put_bytes(vb_buf *b, const void *s, size_t len);
/* Only the head of a byte string of `len` bytes; the caller appends them. */
void vb_cbor_put_bytes_head(vb_buf *b, size_t len);
void vb_cbor_put_array(vb_buf *b, uint64_t count);
void vb_cbor_put_map(vb_buf *b, uint64_t pairs);
void vb_cbor_put_bool(vb_buf *b, bool v);
void vb_cbor_put_null(vb_buf *b);
void vb_cbor_put_float(vb_buf *b, double v); /* shortest exact width */

/* Callers write map keys in deterministic order by hand; this is the order:
 * shorter encodings first, then bytewise. Used by tests and assertions. */
int vb_cbor_key_cmp(const char *a, size_t alen, const char *b, size_t blen);

/* The writer's buffer, for modules that append their own result records.
 * Append, then call vb_writer_commit with the length before the record: on
 * an allocation failure it rolls the record back and reports VB_ERR_NOMEM. */
vb_buf *vb_writer_buf(vb_writer *w);
vb_status vb_writer_commit(vb_writer *w, size_t mark, vb_error *err);

#endif /* VB_CORE_CBOR_IO_H */
