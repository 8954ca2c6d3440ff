/* Radix sort of 64-bit hashes: the shingle sets are sorted once per
 * document, and hashes are uniform, so eight byte-wide counting passes beat
 * a comparison sort by a wide margin (see benchmarks/bench_fingerprint.c). */
#include "fp_internal.h"

#include <string.h>

static void insertion_sort(uint64_t *a, size_t n) {
  for (size_t i = 1; i < n; i++) {
    uint64_t v = a[i];
    size_t j = i;
    while (j > 0 && a[j - 1] > v) {
      a[j] = a[j - 1];
      j--;
    }
    a[j] = v;
  }
}

void vb_sort_u64(uint64_t *a, size_t n, uint64_t *tmp) {
  if (n < 64) {
    insertion_sort(a, n);
    return;
  }
  size_t count[8][256];
  memset(count, 0, sizeof count);
  for (size_t i = 0; i < n; i++) {
    uint64_t v = a[i];
    for (int d = 0; d < 8; d++) count[d][(v >> (8 * d)) & 0xFF]++;
  }
  uint64_t *src = a, *dst = tmp;
  for (int d = 0; d < 8; d++) {
    size_t *c = count[d];
    if (c[(src[0] >> (8 * d)) & 0xFF] == n) continue; /* every value has this byte */
    size_t sum = 0;
    for (int k = 0; k < 256; k++) {
      size_t t = c[k];
      c[k] = sum;
      sum += t;
    }
    for (size_t i = 0; i < n; i++) dst[c[(src[i] >> (8 * d)) & 0xFF]++] = src[i];
    uint64_t *t = src;
    src = dst;
    dst = t;
  }
  if (src != a) memcpy(a, src, n * sizeof *a);
}

size_t vb_sort_unique_u64(uint64_t *a, size_t n, uint64_t *tmp) {
  if (n == 0) return 0;
  vb_sort_u64(a, n, tmp);
  size_t out = 1;
  for (size_t i = 1; i < n; i++)
    if (a[i] != a[out - 1]) a[out++] = a[i];
  return out;
}

/* Uniform hashes sort faster by one counting pass on their top bits: with
 * two to four buckets a value, the scattered array is sorted but for swaps
 * inside buckets, which an insertion pass fixes while it drops repeats.
 * Values that are not uniform (crafted collisions in the top bits) would
 * make that pass quadratic, so it gives up after a budget of moves and
 * radix-sorts. */
#define HASH_SORT_MAX 65536

size_t vb_sort_unique_hashes(uint64_t *a, size_t n, uint64_t *tmp) {
  if (n < 64 || n > HASH_SORT_MAX) return vb_sort_unique_u64(a, n, tmp);
  unsigned bits = 1; /* 2^bits buckets: the smallest power of two >= 2n */
  while (((size_t)1 << bits) < 2 * n) bits++;
  size_t buckets = (size_t)1 << bits;
  unsigned shift = 64 - bits;
  uint32_t *count = (uint32_t *)(tmp + n); /* buckets < 4n counts fit in 2n values */
  memset(count, 0, buckets * sizeof *count);
  for (size_t i = 0; i < n; i++) count[a[i] >> shift]++;
  uint32_t sum = 0;
  for (size_t b = 0; b < buckets; b++) {
    uint32_t c = count[b];
    count[b] = sum;
    sum += c;
  }
  for (size_t i = 0; i < n; i++) tmp[count[a[i] >> shift]++] = a[i];
  /* a[0, out) is sorted and distinct; most values just append. */
  size_t out = 1, budget = 4 * n;
  a[0] = tmp[0];
  for (size_t i = 1; i < n; i++) {
    uint64_t v = tmp[i];
    if (v > a[out - 1]) {
      a[out++] = v;
      continue;
    }
    size_t j = out - 1;
    while (j > 0 && a[j - 1] > v) j--;
    if (a[j] == v || (j > 0 && a[j - 1] == v)) continue; /* a repeat */
    if (out - j >= budget) { /* not uniform after all */
      memcpy(a, tmp, n * sizeof *a);
      return vb_sort_unique_u64(a, n, tmp);
    }
    budget -= out - j;
    memmove(a + j + 1, a + j, (out - j) * sizeof *a);
    a[j] = v;
    out++;
  }
  return out;
}
