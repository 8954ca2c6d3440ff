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

/* ---- The API ---------------------------------------------------------- */

%include "verbatim/error.h"
%include "verbatim/memory.h"
%include "verbatim/version.h"
%include "verbatim/normalize.h"
%include "verbatim/record.h"
