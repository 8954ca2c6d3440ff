/* verbatim — the one SWIG interface for every language binding.
 *
 * Python and Node are generated from this file at build time (CMake runs
 * swig; the output is never committed). The shape follows blst's
 * bindings/blst.swg: the vb_ prefix is stripped inside the module, shared
 * typemaps match pointer + length pairs by parameter name, and a small block
 * per language turns that language's strings and buffers into bytes, builds
 * its objects from results and raises its exceptions. Everything else is the
 * C API as it is: a new header gets bindings by being %included below and,
 * if its parameters follow the naming rules, needs no new typemap.
 *
 * Rules the typemaps rely on (see include/verbatim/*.h):
 *   (const char *text, size_t text_len)   text: a native string (as UTF-8)
 *                                         or a byte buffer (as is)
 *   (const void *data, size_t data_len)   bytes: a byte buffer only
 *   vb_error *err                         hidden; a failing status raises
 *   const vb_allocator *alloc             hidden; always the default (NULL)
 *   vb_status return                      VB_OK / VB_END returned as numbers,
 *                                         an error status raised
 *
 * The low-level module is private: python/verbatim and node/index.js build
 * the idiomatic API (iterators, exceptions, plain objects) on top of it.
 */
%module verbatim

%{
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "verbatim/verbatim.h"
%}

%include <stdint.i>

/* SWIG sees the declarations without the export attributes. */
#define VB_EXPORT
#define VB_NODISCARD

/* vb_reader_new -> reader_new, VB_ERR_CBOR -> ERR_CBOR. */
%rename("%(strip:[vb_])s") "";
%rename("%(strip:[VB_])s", %$isconstant) "";
%rename("%(strip:[VB_])s", %$isenumitem) "";

/* ---- Shared rules: which C parameters never appear in scripts ------------ */

%typemap(in, numinputs=0) const vb_allocator *alloc "$1 = NULL;"

/* The error object lives on the wrapper's stack under one fixed name so that
 * the vb_status out typemap (which runs after the call) can read it. */
%typemap(in, numinputs=0, noblock=1) vb_error *err {
  vb_error vb_err_;
  vb_error_clear(&vb_err_);
  $1 = &vb_err_;
}

/* The error object, allocator and callback plumbing stay in C. */
%ignore vb_error;
%ignore vb_error_clear;
%ignore vb_error_format;
%ignore vb_allocator;
%ignore vb_default_allocator;
%ignore vb_read_fn;
%ignore vb_reader_open_callback;
%ignore vb_str;
%ignore vb_document;
%ignore vb_utf8_repair_bound;
%ignore VB_NO_RECORD;
%ignore VB_NO_OFFSET;
%ignore VB_IS_ERROR;

/* Handles are owned by the script object that holds them and freed by its
 * garbage collector; an explicit *_free disowns the object. The structs are
 * declared empty here (they stay opaque) only so that SWIG knows their
 * destructor. */
%define VB_HANDLE(TYPE)
%nodefaultctor TYPE;
struct TYPE {};
%extend TYPE {
  ~TYPE() { TYPE##_free($self); }
}
%newobject TYPE##_new;
%delobject TYPE##_free;
%enddef

VB_HANDLE(vb_reader)
VB_HANDLE(vb_writer)
VB_HANDLE(vb_segmenter)
VB_HANDLE(vb_quote_extractor)
VB_HANDLE(vb_matcher)
VB_HANDLE(vb_similar)
VB_HANDLE(vb_normalizer)

/* Array results (tokens, paragraphs, quotes, matches, clusters) reach the
 * scripts as CBOR sequences, written by the library's own record writers into
 * a vb_writer (the records of docs/records.md, the same ones the CLI prints
 * with --json); the packages decode them (Python: cbor2; Node: cbor-x). The
 * borrowed array views and their out-lengths are C only. */
%ignore vb_token;
%ignore vb_sentence;
%ignore vb_paragraph;
%ignore vb_quote;
%ignore vb_quote_paragraph;
%ignore vb_match;
%ignore vb_match_side;
%ignore vb_match_edit;
%ignore vb_match_quote;
%ignore vb_segmenter_tokens;
%ignore vb_segmenter_sentences;
%ignore vb_segmenter_paragraphs;
%ignore vb_segmenter_norm;
%ignore vb_quote_extractor_quotes;
%ignore vb_quote_extractor_names;
%ignore vb_quote_extractor_paragraphs;
%ignore vb_matcher_matches;
%ignore vb_matcher_edits;
%ignore vb_matcher_quotes;
%ignore vb_matcher_strings;
%ignore vb_matcher_doc_id;
%ignore vb_matcher_cluster_members;
%ignore vb_matcher_check; /* bind_matcher_check below returns its matches */
/* Similarity: pairs come out as "similar-pair" records (vb_similar_write);
 * the word arrays behind them stay in C. A document's number is
 * similar_count() - 1 after its similar_add(). */
%ignore vb_similar_pairs;
%ignore vb_similar_doc_id;
%ignore vb_similar_doc_tokens;
%ignore vb_similar_add_tokens;
%typemap(in, numinputs=0) uint32_t *doc "$1 = NULL;"
/* Normalization: bind_normalize below runs a normalizer and writes its
 * "normalized" record (text, offset map, replaced quotation marks). */
%ignore vb_normalize;
%ignore vb_normalizer_new;
%ignore vb_normalizer_output;
%ignore vb_normalizer_segments;
%ignore vb_normalizer_quotes;
%ignore vb_normalizer_map;
%ignore vb_normalizer_map_span;
%ignore vb_span;
%ignore vb_norm_segment;
%ignore vb_norm_quote;
/* Paragraph flags come from a classifier in C; scripts run with NULL. */
%typemap(in, numinputs=0) (const uint8_t *paragraph_flags, size_t paragraph_count) {
  $1 = NULL;
  $2 = 0;
}

/* ---- Per-language blocks: buffers, results, exceptions -------------------- */

#if defined(SWIGPYTHON)
%include "verbatim_python.swg"
#elif defined(SWIGJAVASCRIPT)
%include "verbatim_node.swg"
#else
#error "verbatim.i: no buffer rules for this target language"
#endif

/* Pairs named differently from the rules, mapped onto them. */
%apply (const void *data, size_t data_len) { (const void *cbor, size_t cbor_len) };
%apply (const char *text, size_t text_len) { (const char *doc_id, size_t doc_id_len),
                                             (const char *id, size_t id_len) };

/* ---- Whole result sets as records, one call each --------------------- */

%inline %{
/* Every token record of the last run (records.md "token"). */
static vb_status vb_bind_tokens(const vb_segmenter *self, vb_writer *w, const char *doc_id,
                                size_t doc_id_len, vb_error *err) {
  size_t n;
  (void)vb_segmenter_tokens(self, &n);
  for (size_t i = 0; i < n; i++) {
    vb_status st = vb_segmenter_write_token(self, w, doc_id, doc_id_len, i, err);
    if (st != VB_OK) return st;
  }
  return VB_OK;
}

/* Every paragraph record of the last run (records.md "paragraph"). */
static vb_status vb_bind_paragraphs(const vb_segmenter *self, vb_writer *w, const char *doc_id,
                                    size_t doc_id_len, vb_error *err) {
  size_t n;
  (void)vb_segmenter_paragraphs(self, &n);
  for (size_t i = 0; i < n; i++) {
    vb_status st = vb_segmenter_write_paragraph(self, w, doc_id, doc_id_len, i, err);
    if (st != VB_OK) return st;
  }
  return VB_OK;
}

/* Streaming: check a new document against every quote seen so far, add it,
 * and append the match records it produced to `w`. */
static vb_status vb_bind_matcher_check(vb_matcher *self, const char *id, size_t id_len,
                                       const char *text, size_t text_len, vb_writer *w,
                                       vb_error *err) {
  size_t first = 0;
  vb_status st = vb_matcher_check(self, id, id_len, text, text_len, &first, err);
  if (st != VB_OK) return st;
  return vb_matcher_write_matches_from(self, w, first, err);
}

/* Normalize `text` with `flags` (VB_NORM_*) and append its "normalized"
 * record (records.md) to `w`. */
static vb_status vb_bind_normalize(const char *text, size_t text_len, unsigned flags, vb_writer *w,
                                   const char *doc_id, size_t doc_id_len, vb_error *err) {
  vb_normalizer *n = vb_normalizer_new(NULL, flags, err);
  if (n == NULL) {
    if (err->status == VB_OK) { /* out of memory leaves no message */
      err->status = VB_ERR_NOMEM;
      snprintf(err->message, sizeof err->message, "%s", vb_strerror(VB_ERR_NOMEM));
    }
    return err->status;
  }
  vb_status st = vb_normalizer_run(n, text, text_len, err);
  if (st == VB_OK) st = vb_normalizer_write(n, w, doc_id, doc_id_len, err);
  vb_normalizer_free(n);
  return st;
}

/* The matcher's quote table, one number at a time (quote ids are the order
 * quotes were added: document order, then text order). */
static size_t vb_bind_quote_count(const vb_matcher *self) {
  size_t n;
  (void)vb_matcher_quotes(self, &n);
  return n;
}
static size_t vb_bind_quote_field(const vb_matcher *self, size_t quote, int field) {
  size_t n;
  const vb_match_quote *q = vb_matcher_quotes(self, &n);
  if (quote >= n) return SIZE_MAX;
  switch (field) {
    case 0: return q[quote].doc;
    case 1: return q[quote].start;
    case 2: return q[quote].end;
    case 3: return q[quote].words;
    default: return q[quote].cluster;
  }
}

/* The quote ids on match `index`'s two sides (field 0: a, 1: b); SIZE_MAX
 * for no quote (an unquoted occurrence) or an index out of range. */
static size_t vb_bind_match_quote(const vb_matcher *self, size_t index, int field) {
  size_t n;
  const vb_match *x = vb_matcher_matches(self, &n);
  if (index >= n) return SIZE_MAX;
  uint32_t q = field == 0 ? x[index].a.quote : x[index].b.quote;
  return q == VB_MATCH_NO_QUOTE ? SIZE_MAX : q;
}
%}

%newobject vb_bind_normalizer_new;

/* ---- One call per result set, returning its records ------------------- *
 *
 * Each runs one step and appends its records to `records`, emptied first.
 * The Python block gives `vb_writer *records` an argout typemap, so there
 * they return the records as a list of dicts (decoded in C) instead of the
 * status: one wrapper call per article, with the GIL released for the C
 * work only. Elsewhere they are plain calls that fill the writer. */
%inline %{
/* Quotes of `text` ("quote" records). */
static vb_status vb_bind_quote_records(vb_quote_extractor *self, vb_writer *records, const char *doc_id,
                                       size_t doc_id_len, const char *text, size_t text_len,
                                       uint32_t options, vb_error *err) {
  vb_writer_reset(records);
  vb_status st = vb_quote_extractor_run(self, text, text_len, NULL, 0, options, err);
  if (st != VB_OK) return st;
  return vb_quote_extractor_write(self, records, doc_id, doc_id_len, text, text_len, err);
}

/* Tokens (what = 0, "token" records) or paragraphs (what = 1, "paragraph"
 * records) of `text`. */
static vb_status vb_bind_segment_records(vb_segmenter *self, vb_writer *records, const char *doc_id,
                                         size_t doc_id_len, const char *text, size_t text_len, int what,
                                         vb_error *err) {
  vb_writer_reset(records);
  vb_status st = vb_segmenter_run(self, text, text_len, 0, err);
  if (st != VB_OK) return st;
  return what == 0 ? vb_bind_tokens(self, records, doc_id, doc_id_len, err)
                   : vb_bind_paragraphs(self, records, doc_id, doc_id_len, err);
}

/* A normalizer for `flags`, to reuse (bind_normalizer_records); NULL when
 * out of memory. Check the flags first (norm_flags_check raises). */
static vb_normalizer *vb_bind_normalizer_new(unsigned flags) {
  return vb_normalizer_new(NULL, flags, NULL);
}

/* The "normalized" record of `text`, with a normalizer made once. */
static vb_status vb_bind_normalizer_records(vb_normalizer *self, vb_writer *records, const char *doc_id,
                                            size_t doc_id_len, const char *text, size_t text_len,
                                            vb_error *err) {
  vb_writer_reset(records);
  vb_status st = vb_normalizer_run(self, text, text_len, err);
  if (st != VB_OK) return st;
  return vb_normalizer_write(self, records, doc_id, doc_id_len, err);
}

/* The "normalized" record of `text` under `flags`. */
static vb_status vb_bind_normalize_records(vb_writer *records, const char *doc_id, size_t doc_id_len,
                                           const char *text, size_t text_len, unsigned flags, vb_error *err) {
  vb_writer_reset(records);
  return vb_bind_normalize(text, text_len, flags, records, doc_id, doc_id_len, err);
}

/* Streaming: the match records of a new document (vb_bind_matcher_check). */
static vb_status vb_bind_matcher_check_records(vb_matcher *self, const char *id, size_t id_len,
                                               const char *text, size_t text_len, vb_writer *records,
                                               vb_error *err) {
  vb_writer_reset(records);
  return vb_bind_matcher_check(self, id, id_len, text, text_len, records, err);
}

/* The records already in `records` (written by other calls). */
static vb_status vb_bind_take(vb_writer *records, vb_error *err) {
  (void)records;
  (void)err;
  return VB_OK;
}
%}

/* ---- The API ---------------------------------------------------------- */

%include "verbatim/error.h"
%include "verbatim/memory.h"
%include "verbatim/version.h"
%include "verbatim/normalize.h"
%include "verbatim/record.h"
%include "verbatim/segment.h"
%include "verbatim/quotes.h"
%include "verbatim/match.h"
%include "verbatim/similar.h"
