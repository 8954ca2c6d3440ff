// TLSH (Debian libtlsh-dev, a C++ library) behind a few C functions for
// bench_fingerprint, which is C. Built only when the library is found.
#include <cstddef>
#include <new>

#include <tlsh.h>

#include "tlsh_peer.h"

struct vb_bench_tlsh {
  Tlsh *t;
  size_t n;
};

extern "C" vb_bench_tlsh *vb_bench_tlsh_new(size_t n) {
  vb_bench_tlsh *s = new (std::nothrow) vb_bench_tlsh;
  if (s == nullptr) return nullptr;
  s->t = new (std::nothrow) Tlsh[n];
  s->n = n;
  if (s->t == nullptr) {
    delete s;
    return nullptr;
  }
  return s;
}

extern "C" void vb_bench_tlsh_free(vb_bench_tlsh *s) {
  if (s == nullptr) return;
  delete[] s->t;
  delete s;
}

extern "C" int vb_bench_tlsh_hash(vb_bench_tlsh *s, size_t i, const unsigned char *data,
                                  size_t len) {
  Tlsh &t = s->t[i];
  t.reset();
  t.update(data, (unsigned int)len);
  t.final();
  return t.getHash()[0] != '\0' ? 0 : -1;
}

extern "C" int vb_bench_tlsh_diff(const vb_bench_tlsh *s, size_t i, size_t j) {
  return s->t[i].totalDiff(&s->t[j]);
}
