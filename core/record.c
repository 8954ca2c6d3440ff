/* Document records: a bounded streaming reader and a deterministic writer. */
#include <errno.h>
#include <stdio.h>

#include "cbor_io.h"
#include "internal.h"
#include "verbatim/normalize.h"
#include "verbatim/record.h"

#define READ_CHUNK ((size_t)1 << 16)
#define MAX_DOC_KEYS 64

vb_limits vb_limits_default(void) {
  vb_limits l;
  l.max_record_bytes = (size_t)256 << 20;
  l.max_text_bytes = (size_t)128 << 20;
  l.max_depth = 32;
  l.max_items = (size_t)4 << 20;
  return l;
}

typedef enum source_kind { SRC_NONE, SRC_MEMORY, SRC_FILE, SRC_CALLBACK } source_kind;

struct vb_reader {
  vb_allocator alloc;
  vb_limits limits;
  source_kind src;
  FILE *file;
  vb_read_fn fn;
  void *user;
  const uint8_t *data; /* the window: `mem` in memory mode, else `buf` */
  uint8_t *buf;
  size_t cap;
  size_t start, end; /* unread bytes are data[start, end) */
  uint64_t base;     /* stream offset of data[0] */
  bool eof;
  vb_status sticky; /* a fatal error repeats on every later call */
  vb_error sticky_err;
  int64_t next_index; /* index the next record will have */
  int64_t index;      /* index of the last record returned or failed on */
  uint64_t rec_offset;
  /* How far the record at the window start has been checked, so a record
   * arriving in small reads is examined once, not again from its start
   * after every read (which was quadratic in its size). */
  vb_cbor_checker check;
};

vb_reader *vb_reader_new(const vb_allocator *alloc) {
  vb_allocator a = vb_alloc_resolve(alloc);
  vb_reader *r = vb_mem_calloc(&a, 1, sizeof *r);
  if (r == NULL) return NULL;
  r->alloc = a;
  r->limits = vb_limits_default();
  r->index = VB_NO_RECORD;
  return r;
}

static void close_source(vb_reader *r) {
  if (r->file) fclose(r->file);
  r->file = NULL;
  r->fn = NULL;
  r->user = NULL;
  r->src = SRC_NONE;
  r->data = NULL;
  r->start = r->end = 0;
  r->base = 0;
  r->eof = false;
  r->sticky = VB_OK;
  vb_error_clear(&r->sticky_err);
  r->next_index = 0;
  r->index = VB_NO_RECORD;
  r->rec_offset = 0;
}

void vb_reader_reset(vb_reader *self) {
  if (self) close_source(self);
}

void vb_reader_free(vb_reader *self) {
  if (self == NULL) return;
  close_source(self);
  vb_allocator a = self->alloc;
  vb_mem_free(&a, self->buf);
  vb_mem_free(&a, self);
}

void vb_reader_set_limits(vb_reader *self, const vb_limits *limits) {
  if (self && limits) self->limits = *limits;
}

vb_status vb_reader_open_memory(vb_reader *self, const void *data, size_t data_len) {
  if (self == NULL || (data == NULL && data_len > 0)) return VB_ERR_ARG;
  close_source(self);
  self->src = SRC_MEMORY;
  self->data = data_len ? data : (const uint8_t *)"";
  self->end = data_len;
  self->eof = true;
  return VB_OK;
}

vb_status vb_reader_open_file(vb_reader *self, const char *path, vb_error *err) {
  if (self == NULL || path == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "no reader or no path");
  close_source(self);
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return vb_fail(err, VB_ERR_IO, VB_NO_RECORD, NULL, VB_NO_OFFSET, "cannot open %s: %s",
                   path, strerror(errno));
  self->file = f;
  self->src = SRC_FILE;
  self->data = self->buf;
  return VB_OK;
}

vb_status vb_reader_open_callback(vb_reader *self, vb_read_fn fn, void *user) {
  if (self == NULL || fn == NULL) return VB_ERR_ARG;
  close_source(self);
  self->fn = fn;
  self->user = user;
  self->src = SRC_CALLBACK;
  self->data = self->buf;
  return VB_OK;
}

bool vb_reader_failed(const vb_reader *self) { return self == NULL || self->sticky != VB_OK; }

int64_t vb_reader_record_index(const vb_reader *self) { return self ? self->index : VB_NO_RECORD; }
uint64_t vb_reader_record_offset(const vb_reader *self) { return self ? self->rec_offset : 0; }

/* Pull more bytes into the window. Grows the buffer geometrically as bytes
 * arrive, never to a size a length header merely claims. */
static vb_status fill(vb_reader *r, vb_error *err) {
  if (r->start > 0) {
    size_t keep = r->end - r->start;
    memmove(r->buf, r->buf + r->start, keep);
    r->base += r->start;
    r->end = keep;
    r->start = 0;
  }
  size_t want = r->end < READ_CHUNK ? READ_CHUNK : r->end; /* double the window */
  if (r->cap - r->end < want) {
    void *p = r->buf;
    if (!vb_array_reserve(&r->alloc, &p, &r->cap, r->end + want, 1))
      return vb_fail(err, VB_ERR_NOMEM, r->next_index, NULL, r->base + r->end,
                     "out of memory growing the read buffer to %zu bytes", r->end + want);
    r->buf = p;
  }
  r->data = r->buf;
  long got;
  if (r->src == SRC_FILE) {
    size_t n = fread(r->buf + r->end, 1, r->cap - r->end, r->file);
    got = (long)n;
    if (n == 0 && ferror(r->file)) got = -1;
  } else {
    got = r->fn(r->user, r->buf + r->end, r->cap - r->end);
  }
  if (got < 0 || (size_t)got > r->cap - r->end)
    return vb_fail(err, VB_ERR_IO, r->next_index, NULL, r->base + r->end, "read failed");
  if (got == 0) r->eof = true;
  r->end += (size_t)got;
  return VB_OK;
}

static vb_status fatal(vb_reader *r, vb_status st, vb_error *err) {
  r->sticky = st;
  if (err) r->sticky_err = *err;
  return st;
}

/* Make sure the item at the window start is buffered whole, checking only its
 * structure; used to step over a record whose content was refused. */
static vb_status skip_bad_item(vb_reader *r) {
  vb_limits lim = r->limits;
  lim.max_text_bytes = lim.max_record_bytes;
  vb_cbor_checker_init(&r->check);
  for (;;) {
    size_t len = 0;
    vb_status st =
        vb_cbor_checker_run(&r->check, r->data + r->start, r->end - r->start, &lim, false, &len, NULL);
    if (st == VB_OK) {
      r->start += len;
      return VB_OK;
    }
    if (st != VB_ERR_TRUNCATED || r->eof || r->end - r->start >= r->limits.max_record_bytes)
      return st;
    if (fill(r, NULL) != VB_OK) return VB_ERR_IO;
  }
}

vb_status vb_reader_next_item(vb_reader *self, const uint8_t **data, size_t *data_len,
                              vb_error *err) {
  if (self == NULL || data == NULL || data_len == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  if (self->sticky) {
    if (err) *err = self->sticky_err;
    return self->sticky;
  }
  if (self->src == SRC_NONE)
    return vb_fail(err, VB_ERR_STATE, VB_NO_RECORD, NULL, VB_NO_OFFSET, "reader has no input");
  vb_cbor_checker_init(&self->check);
  for (;;) {
    size_t avail = self->end - self->start;
    self->index = self->next_index;
    self->rec_offset = self->base + self->start;
    if (avail == 0 && self->eof) return VB_END;
    vb_error e;
    vb_error_clear(&e);
    size_t len = 0;
    vb_status st = VB_ERR_TRUNCATED;
    if (avail > 0)
      st = vb_cbor_checker_run(&self->check, self->data + self->start, avail, &self->limits, true,
                               &len, &e);
    if (st == VB_OK && len > self->limits.max_record_bytes) {
      /* Whole in the window (memory, or a read that brought more than the
       * limit): refused all the same, and stepped over. */
      self->start += len;
      self->next_index++;
      return vb_fail(err, VB_ERR_LIMIT, self->index, NULL, self->rec_offset,
                     "record of %zu bytes is larger than the limit of %zu bytes", len,
                     self->limits.max_record_bytes);
    }
    if (st == VB_OK) {
      *data = self->data + self->start;
      *data_len = len;
      self->start += len;
      self->next_index++;
      return VB_OK;
    }
    if (st == VB_ERR_TRUNCATED && !self->eof) {
      if (avail >= self->limits.max_record_bytes) {
        vb_fail(err, VB_ERR_LIMIT, self->index, NULL, self->rec_offset,
                "record is larger than the limit of %zu bytes", self->limits.max_record_bytes);
        return fatal(self, VB_ERR_LIMIT, err);
      }
      vb_status fs = fill(self, err);
      if (fs != VB_OK) return fatal(self, fs, err);
      continue;
    }
    uint64_t where = self->rec_offset + (e.offset == VB_NO_OFFSET ? 0 : e.offset);
    if (st == VB_ERR_TRUNCATED) {
      vb_fail(err, st, self->index, NULL, where,
              "input ends inside record %lld (which starts at byte %llu)",
              (long long)self->index, (unsigned long long)self->rec_offset);
      return fatal(self, st, err);
    }
    vb_fail(err, st, self->index, e.field[0] ? e.field : NULL, where, "%s", e.message);
    if (st == VB_ERR_UTF8 || st == VB_ERR_LIMIT) {
      /* The bytes are well-formed; only the content was refused. Step over
       * the record so the caller may report it and go on. */
      if (skip_bad_item(self) == VB_OK) {
        self->next_index++;
        return st;
      }
    }
    return fatal(self, st, err);
  }
}

/* ---- document decoding ---- */

static vb_str *doc_field(vb_document *doc, const char *k, size_t n) {
#define FIELD(name)                                                   \
  if (n == sizeof #name - 1 && memcmp(k, #name, sizeof #name - 1) == 0) \
    return &doc->name;
  FIELD(id)
  FIELD(text)
  FIELD(source)
  FIELD(url)
  FIELD(title)
  FIELD(date)
  FIELD(language)
#undef FIELD
  return NULL;
}

static void field_name(char *out, size_t cap, const uint8_t *k, size_t n) {
  size_t m = n < cap - 1 ? n : cap - 1;
  memcpy(out, k, m);
  out[m] = '\0';
}

static vb_status decode_document(const uint8_t *p, size_t n, vb_document *doc, int64_t rec,
                                 uint64_t base, vb_error *err) {
  memset(doc, 0, sizeof *doc);
  vb_chead h;
  size_t pos = 0;
  if (vb_cbor_head(p, n, &h, NULL) != VB_OK) /* cannot happen after a check */
    return vb_fail(err, VB_ERR_CBOR, rec, NULL, base, "malformed record");
  if (h.kind != VB_CK_MAP && h.kind != VB_CK_MAP_INDEF)
    return vb_fail(err, VB_ERR_SCHEMA, rec, NULL, base,
                   "a document record must be a map with \"id\" and \"text\"");
  bool indef = h.kind == VB_CK_MAP_INDEF;
  uint64_t pairs = h.u;
  pos += h.len;
  const uint8_t *keys[MAX_DOC_KEYS];
  size_t key_lens[MAX_DOC_KEYS];
  size_t nkeys = 0;
  for (uint64_t i = 0; indef || i < pairs; i++) {
    size_t key_at = pos;
    if (vb_cbor_head(p + pos, n - pos, &h, NULL) != VB_OK)
      return vb_fail(err, VB_ERR_CBOR, rec, NULL, base + pos, "malformed record");
    if (h.kind == VB_CK_BREAK) break;
    if (h.kind != VB_CK_TEXT)
      return vb_fail(err, VB_ERR_SCHEMA, rec, NULL, base + key_at,
                     "document keys must be text strings");
    const uint8_t *k = h.str;
    size_t klen = (size_t)h.u;
    char fname[64];
    field_name(fname, sizeof fname, k, klen);
    for (size_t j = 0; j < nkeys; j++)
      if (key_lens[j] == klen && memcmp(keys[j], k, klen) == 0)
        return vb_fail(err, VB_ERR_SCHEMA, rec, fname, base + key_at, "duplicate key \"%s\"", fname);
    if (nkeys == MAX_DOC_KEYS)
      return vb_fail(err, VB_ERR_LIMIT, rec, NULL, base + key_at,
                     "a document record has more than %d keys", MAX_DOC_KEYS);
    keys[nkeys] = k;
    key_lens[nkeys++] = klen;
    pos += h.len;
    size_t val_at = pos;
    vb_str *slot = doc_field(doc, (const char *)k, klen);
    bool is_type = klen == 4 && memcmp(k, "type", 4) == 0;
    if (slot == NULL && !is_type) {
      /* Unknown keys are ignored for forward compatibility, except those
       * marked critical with a leading '!': a reader that does not know
       * one must not pretend it understood the record. */
      if (klen > 0 && k[0] == '!')
        return vb_fail(err, VB_ERR_SCHEMA, rec, fname, base + key_at,
                       "critical key \"%s\" is not understood by this version", fname);
      pos += vb_cbor_item_len(p + pos, n - pos);
      continue;
    }
    if (vb_cbor_head(p + pos, n - pos, &h, NULL) != VB_OK)
      return vb_fail(err, VB_ERR_CBOR, rec, fname, base + val_at, "malformed value");
    if (h.kind != VB_CK_TEXT)
      return vb_fail(err, VB_ERR_SCHEMA, rec, fname, base + val_at,
                     "field \"%s\" must be a definite-length text string", fname);
    if (is_type) {
      if (!(h.u == 8 && memcmp(h.str, "document", 8) == 0))
        return vb_fail(err, VB_ERR_SCHEMA, rec, fname, base + val_at,
                       "record type is not \"document\"");
    } else {
      slot->data = (const char *)h.str;
      slot->len = (size_t)h.u;
    }
    pos += h.len;
  }
  if (doc->id.data == NULL)
    return vb_fail(err, VB_ERR_SCHEMA, rec, "id", base, "document record has no \"id\"");
  if (doc->id.len == 0)
    return vb_fail(err, VB_ERR_SCHEMA, rec, "id", base, "document \"id\" is empty");
  if (doc->text.data == NULL)
    return vb_fail(err, VB_ERR_SCHEMA, rec, "text", base, "document record has no \"text\"");
  return VB_OK;
}

vb_status vb_reader_next(vb_reader *self, vb_document *doc, vb_error *err) {
  if (doc == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL document");
  const uint8_t *item;
  size_t len;
  vb_status st = vb_reader_next_item(self, &item, &len, err);
  if (st != VB_OK) return st;
  st = decode_document(item, len, doc, self->index, self->rec_offset, err);
  if (st != VB_OK) memset(doc, 0, sizeof *doc);
  return st;
}

/* ---- writing ---- */

struct vb_writer {
  vb_allocator alloc;
  vb_buf buf;
};

vb_writer *vb_writer_new(const vb_allocator *alloc) {
  vb_allocator a = vb_alloc_resolve(alloc);
  vb_writer *w = vb_mem_calloc(&a, 1, sizeof *w);
  if (w == NULL) return NULL;
  w->alloc = a;
  vb_buf_init(&w->buf, &w->alloc);
  return w;
}

void vb_writer_free(vb_writer *self) {
  if (self == NULL) return;
  vb_buf_release(&self->buf);
  vb_allocator a = self->alloc;
  vb_mem_free(&a, self);
}

void vb_writer_reset(vb_writer *self) {
  if (self == NULL) return;
  self->buf.len = 0;
  self->buf.failed = false;
}

const uint8_t *vb_writer_data(const vb_writer *self, size_t *data_len) {
  if (self == NULL) {
    if (data_len) *data_len = 0;
    return NULL;
  }
  if (data_len) *data_len = self->buf.len;
  return self->buf.data;
}

vb_buf *vb_writer_buf(vb_writer *self) { return &self->buf; }

vb_status vb_writer_commit(vb_writer *self, size_t mark, vb_error *err) {
  if (!self->buf.failed) return VB_OK;
  self->buf.len = mark;
  self->buf.failed = false;
  return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, NULL, VB_NO_OFFSET,
                 "out of memory writing a record");
}

vb_status vb_writer_document(vb_writer *self, const vb_document *doc, vb_error *err) {
  if (self == NULL || doc == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  if (doc->id.data == NULL || doc->id.len == 0)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "id", VB_NO_OFFSET, "document has no id");
  if (doc->text.data == NULL && doc->text.len > 0)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "text", VB_NO_OFFSET, "text is NULL");
  /* Keys in deterministic order: by encoded length, then bytewise. */
  struct {
    const char *key;
    const vb_str *val;
  } fields[] = {
      {"id", &doc->id},       {"url", &doc->url},       {"date", &doc->date},
      {"text", &doc->text},   {"type", NULL},           {"title", &doc->title},
      {"source", &doc->source}, {"language", &doc->language},
  };
  size_t nfields = sizeof fields / sizeof fields[0];
  uint64_t present = 0;
  for (size_t i = 0; i < nfields; i++) {
    const vb_str *v = fields[i].val;
    if (v == NULL) {
      present++;
      continue;
    }
    if (v->data == NULL && v != &doc->text) continue;
    size_t bad;
    if (!vb_utf8_valid(v->data, v->len, &bad))
      return vb_fail(err, VB_ERR_UTF8, VB_NO_RECORD, fields[i].key, bad,
                     "field \"%s\" is not valid UTF-8", fields[i].key);
    present++;
  }
  size_t mark = self->buf.len;
  vb_buf *b = &self->buf;
  vb_cbor_put_map(b, present);
  for (size_t i = 0; i < nfields; i++) {
    const vb_str *v = fields[i].val;
    if (v == NULL) {
      vb_cbor_put_cstr(b, fields[i].key);
      vb_cbor_put_cstr(b, "document");
      continue;
    }
    if (v->data == NULL && v != &doc->text) continue;
    vb_cbor_put_cstr(b, fields[i].key);
    vb_cbor_put_text(b, v->data ? v->data : "", v->len);
  }
  return vb_writer_commit(self, mark, err);
}

vb_status vb_writer_raw(vb_writer *self, const void *data, size_t data_len, vb_error *err) {
  if (self == NULL || (data == NULL && data_len))
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, NULL, VB_NO_OFFSET, "NULL argument");
  vb_limits lim = vb_limits_whole_item();
  size_t len = 0;
  vb_status st = vb_cbor_check(data, data_len, &lim, true, &len, err);
  if (st != VB_OK) return st;
  if (len != data_len)
    return vb_fail(err, VB_ERR_CBOR, VB_NO_RECORD, NULL, len,
                   "bytes follow the end of the item");
  size_t mark = self->buf.len;
  vb_buf_append(&self->buf, data, data_len);
  return vb_writer_commit(self, mark, err);
}
