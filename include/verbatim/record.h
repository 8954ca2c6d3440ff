/* verbatim — records: documents in, results out, as CBOR.
 *
 * Every input and every result crosses process and language boundaries as a
 * CBOR record (RFC 8949), and files are CBOR sequences (RFC 8742): records
 * one after another with no framing. The schemas are written in CDDL in
 * docs/records.md.
 *
 * Simple use: read a file of document records one at a time.
 *
 *     vb_reader *r = vb_reader_new(NULL);
 *     vb_error err;
 *     vb_document doc;
 *     vb_status st = vb_reader_open_file(r, "corpus.cbor", &err);
 *     while (st == VB_OK && (st = vb_reader_next(r, &doc, &err)) == VB_OK)
 *       use(doc.id, doc.text);
 *     if (VB_IS_ERROR(st)) report(&err);   // names record, field and offset
 *     vb_reader_free(r);
 *
 * Reading is strict and bounded. The reader holds one record at a time, so a
 * 2 GB file is read in the memory of its largest record. It never allocates
 * what a length header claims before those bytes have arrived, so a hostile
 * header cannot make it reserve memory. Truncated input, malformed CBOR, text
 * that is not UTF-8, wrong types, missing or duplicate keys and nesting beyond
 * the limit are errors that name the record index, the field and the byte
 * offset. A record that is well-formed CBOR but not a valid document is
 * skipped past, so the caller may report it and go on (`--skip-bad`);
 * malformed bytes end the stream, since nothing after them can be trusted.
 *
 * Writing is deterministic (RFC 8949 §4.2.1 core deterministic encoding):
 * shortest heads, definite lengths, map keys in bytewise order of their
 * encoding, floats in their shortest exact form. Equal input gives equal
 * bytes.
 *
 * Threads: a reader or writer is used by one thread at a time; different
 * handles need no locking.
 */
#ifndef VERBATIM_RECORD_H
#define VERBATIM_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "verbatim/error.h"
#include "verbatim/export.h"
#include "verbatim/memory.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A borrowed run of bytes; `data` is NULL and `len` 0 when absent. */
typedef struct vb_str {
  const char *data;
  size_t len;
} vb_str;

/* A document: an id, its text (valid UTF-8, kept byte for byte) and optional
 * metadata. As returned by the reader every field is borrowed: valid until
 * the next call on the reader or until it is freed. */
typedef struct vb_document {
  vb_str id;
  vb_str text;
  vb_str source;
  vb_str url;
  vb_str title;
  vb_str date;
  vb_str language;
} vb_document;

/* Bounds on what a reader accepts; exceeding one is VB_ERR_LIMIT, with a
 * message naming the limit, the record index, the offset and (for a string
 * inside a map) the key it is the value of. A record exactly at a limit
 * passes. The CLI sets them with --max-record-bytes, --max-doc-bytes,
 * --max-depth and --max-items. */
typedef struct vb_limits {
  /* One encoded record; default 256 MiB. A streamed record is refused once
   * this many bytes have arrived without completing it. */
  size_t max_record_bytes;
  /* One text or byte string (a document's text); default 128 MiB. Refused
   * on its length header, before its bytes are waited for. */
  size_t max_text_bytes;
  /* Nesting of arrays, maps and indefinite strings; default 32. Values
   * above 256 act as 256 (the checker's stack is fixed). */
  uint32_t max_depth;
  /* Data items in one record, counting every head (a container, each key
   * and value, each string chunk; tags excepted); default 4 Mi. */
  size_t max_items;
} vb_limits;

/* The default limits, as documented above. */
VB_EXPORT vb_limits vb_limits_default(void);

/* ---- Reading --------------------------------------------------------- */

typedef struct vb_reader vb_reader;

/* Pull-style input: copy up to `cap` bytes into `buf`; return the count,
 * 0 at end of input, or a negative value on an I/O error. */
typedef long (*vb_read_fn)(void *user, void *buf, size_t cap);

/* Create a reader with default limits. Returns NULL when out of memory.
 * The caller owns the result; release it with vb_reader_free. */
VB_EXPORT vb_reader *vb_reader_new(const vb_allocator *alloc);

/* Release a reader and close any file it opened. Accepts NULL. */
VB_EXPORT void vb_reader_free(vb_reader *self);

/* Replace the limits (takes effect on the next open). */
VB_EXPORT void vb_reader_set_limits(vb_reader *self, const vb_limits *limits);

/* Read records from memory. Borrowed: `data` must stay valid and unchanged
 * until the reader is reset, reopened or freed; it is not copied. */
VB_EXPORT VB_NODISCARD vb_status vb_reader_open_memory(vb_reader *self, const void *data, size_t data_len);

/* Read records from a file, in bounded memory. `path` is NUL-terminated. */
VB_EXPORT VB_NODISCARD vb_status vb_reader_open_file(vb_reader *self, const char *path, vb_error *err);

/* Read records from a callback, in bounded memory. The callback may return
 * any number of bytes per call (even one): a record is checked where the
 * previous read stopped, so the work stays linear in its size. */
VB_EXPORT VB_NODISCARD vb_status vb_reader_open_callback(vb_reader *self, vb_read_fn fn, void *user);

/* Next document record. Returns VB_OK and fills `doc` (borrowed: valid until
 * the next call on `self`), VB_END after the last record, or an error with
 * its position in `err`. When the bad record was well-formed CBOR (a schema
 * error, invalid UTF-8, a field over a limit) the reader has moved past it
 * and the next call goes on; otherwise (malformed or truncated bytes, I/O)
 * vb_reader_failed becomes true and every further call returns that error
 * again. */
VB_EXPORT VB_NODISCARD vb_status vb_reader_next(vb_reader *self, vb_document *doc, vb_error *err);

/* Next record of any schema, as its encoded bytes, checked to be one
 * well-formed item within the limits with valid UTF-8 text strings.
 * Borrowed: `*data` is valid until the next call on `self`. Same returns and
 * recovery as vb_reader_next. */
VB_EXPORT VB_NODISCARD vb_status vb_reader_next_item(vb_reader *self, const uint8_t **data, size_t *data_len,
                                        vb_error *err);

/* True once the stream cannot be read further (see vb_reader_next). */
VB_EXPORT bool vb_reader_failed(const vb_reader *self);

/* Index of the record the last call returned or failed on (0-based), and the
 * stream offset where it starts. */
VB_EXPORT int64_t vb_reader_record_index(const vb_reader *self);
VB_EXPORT uint64_t vb_reader_record_offset(const vb_reader *self);

/* Close the input and forget all state, keeping the buffer for reuse. */
VB_EXPORT void vb_reader_reset(vb_reader *self);

/* ---- Writing ---------------------------------------------------------- */

typedef struct vb_writer vb_writer;

/* Create an empty writer: a byte buffer that records (or JSON lines) are
 * appended to. Returns NULL when out of memory.
 * The caller owns the result; release it with vb_writer_free. */
VB_EXPORT vb_writer *vb_writer_new(const vb_allocator *alloc);

/* Release a writer. Accepts NULL. */
VB_EXPORT void vb_writer_free(vb_writer *self);

/* Empty the buffer, keeping its memory for reuse. */
VB_EXPORT void vb_writer_reset(vb_writer *self);

/* The bytes written so far. Borrowed: valid until the next call on `self`
 * that writes, or until it is freed. */
VB_EXPORT const uint8_t *vb_writer_data(const vb_writer *self, size_t *data_len);

/* Append one document record. The id and text must be valid UTF-8
 * (VB_ERR_UTF8, with the field and offset, otherwise); absent metadata is
 * left out of the record. On any error nothing is appended. */
VB_EXPORT VB_NODISCARD vb_status vb_writer_document(vb_writer *self, const vb_document *doc, vb_error *err);

/* Append one already-encoded CBOR item (e.g. from vb_reader_next_item),
 * after checking it is a single well-formed item with valid UTF-8 text.
 * The bytes are in memory already, so only nesting is limited (256 levels,
 * the most any reader accepts; VB_ERR_LIMIT beyond); sizes and counts are
 * not. */
VB_EXPORT VB_NODISCARD vb_status vb_writer_raw(vb_writer *self, const void *data, size_t data_len,
                                  vb_error *err);

/* Append the JSON form of one CBOR item, followed by "\n" (JSON Lines).
 * Text strings are escaped per RFC 8259; byte strings become base64 text;
 * tags are dropped (their content kept); undefined, NaN and infinities
 * become null. The item is checked as by vb_writer_raw (nesting up to 256).
 * On any error nothing is appended. */
VB_EXPORT VB_NODISCARD vb_status vb_writer_json(vb_writer *self, const void *cbor, size_t cbor_len,
                                   vb_error *err);

#ifdef __cplusplus
}
#endif

#endif /* VERBATIM_RECORD_H */
