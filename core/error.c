/* Status names and the error object. */
#include <inttypes.h>
#include <stdio.h>

#include "internal.h"

const char *vb_strerror(vb_status status) {
  switch (status) {
    case VB_OK: return "ok";
    case VB_END: return "end of stream";
    case VB_ERR_NOMEM: return "out of memory";
    case VB_ERR_ARG: return "invalid argument";
    case VB_ERR_UTF8: return "invalid UTF-8";
    case VB_ERR_CBOR: return "malformed CBOR";
    case VB_ERR_TRUNCATED: return "truncated input";
    case VB_ERR_SCHEMA: return "record does not match its schema";
    case VB_ERR_LIMIT: return "limit exceeded";
    case VB_ERR_IO: return "I/O error";
    case VB_ERR_VERSION: return "incompatible format version";
    case VB_ERR_STATE: return "call not valid in this state";
  }
  return "unknown status";
}

void vb_error_clear(vb_error *err) {
  if (err == NULL) return;
  err->status = VB_OK;
  err->record = VB_NO_RECORD;
  err->offset = VB_NO_OFFSET;
  err->field[0] = '\0';
  err->message[0] = '\0';
}

vb_status vb_failv(vb_error *err, vb_status status, int64_t record, const char *field,
                   uint64_t offset, const char *fmt, va_list ap) {
  if (err == NULL) return status;
  err->status = status;
  err->record = record;
  err->offset = offset;
  snprintf(err->field, sizeof err->field, "%s", field ? field : "");
  if (fmt)
    vsnprintf(err->message, sizeof err->message, fmt, ap);
  else
    snprintf(err->message, sizeof err->message, "%s", vb_strerror(status));
  return status;
}

vb_status vb_fail(vb_error *err, vb_status status, int64_t record, const char *field,
                  uint64_t offset, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vb_status s = vb_failv(err, status, record, field, offset, fmt, ap);
  va_end(ap);
  return s;
}

size_t vb_error_format(const vb_error *err, char *buf, size_t buf_len) {
  char where[160] = "";
  size_t w = 0;
  if (err == NULL) return (size_t)snprintf(buf, buf_len, "no error");
  const char *sep = " (";
  if (err->record != VB_NO_RECORD) {
    w += (size_t)snprintf(where + w, sizeof where - w, "%srecord %" PRId64, sep, err->record);
    sep = ", ";
  }
  if (err->field[0] && w < sizeof where) {
    w += (size_t)snprintf(where + w, sizeof where - w, "%sfield \"%s\"", sep, err->field);
    sep = ", ";
  }
  if (err->offset != VB_NO_OFFSET && w < sizeof where) {
    w += (size_t)snprintf(where + w, sizeof where - w, "%sbyte %" PRIu64, sep, err->offset);
  }
  if (w > 0 && w < sizeof where - 1) {
    where[w++] = ')';
    where[w] = '\0';
  }
  const char *msg = err->message[0] ? err->message : vb_strerror(err->status);
  int n = snprintf(buf, buf_len, "%s%s", msg, where);
  return n < 0 ? 0 : (size_t)n;
}
