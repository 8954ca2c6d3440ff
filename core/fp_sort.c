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
