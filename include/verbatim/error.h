/* verbatim — status codes and the error object.
 *
 * Every fallible call returns a vb_status. Values are pinned: they are part of
 * the ABI and of the bindings (Python's exception classes and Node's error
 * codes are keyed on them), so a value is never reused or renumbered.
 *
 * Where a call can say more than its status, it takes a `vb_error *` that the
 * caller owns (usually on the stack). On failure the library fills it with the
 * status, a message for people, and the position of the fault: the record
 * index in a stream, the field path inside the record and the byte offset.
 * Passing NULL for the error object is allowed and loses only the detail.
 *
 * The library never prints, never aborts and never sets errno.
 */
#ifndef VERBATIM_ERROR_H
#define VERBATIM_ERROR_H

#include <stddef.h>
#include <stdint.h>

#include "verbatim/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vb_status {
  VB_OK = 0,
  /* Not an error: a stream has no more records. */
  VB_END = 1,

  VB_ERR_NOMEM = 10,     /* an allocation failed */
  VB_ERR_ARG = 11,       /* a bad argument: NULL where data is needed, unknown flags */
  VB_ERR_UTF8 = 12,      /* text is not valid UTF-8 */
  VB_ERR_CBOR = 13,      /* bytes are not well-formed CBOR */
  VB_ERR_TRUNCATED = 14, /* input ends inside an item */
  VB_ERR_SCHEMA = 15,    /* well-formed CBOR, but not the record we expect */
  VB_ERR_LIMIT = 16,     /* a configured limit (size, depth, count) was exceeded */
  VB_ERR_IO = 17,        /* reading or writing a file failed */
  VB_ERR_VERSION = 18,   /* data written by an incompatible format version */
  VB_ERR_STATE = 19      /* call not valid in the handle's current state */
} vb_status;

/* True for every status that is a failure (VB_OK and VB_END are not). */
#define VB_IS_ERROR(status) ((int)(status) >= 10)

/* "no record" / "no offset" markers for vb_error's position fields. */
#define VB_NO_RECORD INT64_C(-1)
#define VB_NO_OFFSET UINT64_MAX

typedef struct vb_error {
  vb_status status;
  /* Index of the record in its stream (0-based), or VB_NO_RECORD. */
  int64_t record;
  /* Byte offset of the fault: in the stream for CBOR input, in the text for
   * UTF-8 faults; VB_NO_OFFSET when it does not apply. */
  uint64_t offset;
  /* Field path inside the record ("text", "meta.url"), empty if none. */
  char field[64];
  /* A sentence for people; always NUL-terminated. */
  char message[256];
} vb_error;

/* Static text naming a status ("out of memory"); never NULL, never freed. */
VB_EXPORT const char *vb_strerror(vb_status status);

/* Reset `err` to "no error" (VB_OK, no record, no offset, empty strings).
 * Accepts NULL. */
VB_EXPORT void vb_error_clear(vb_error *err);

/* Write "message (record 3, field \"text\", byte 120)" into buf, truncating
 * to buf_len - 1 bytes and always NUL-terminating when buf_len > 0.
 * Returns the length the full text would have, like snprintf. */
VB_EXPORT size_t vb_error_format(const vb_error *err, char *buf, size_t buf_len);

#ifdef __cplusplus
}
#endif

#endif /* VERBATIM_ERROR_H */
