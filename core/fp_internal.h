/* Internal helpers of the fingerprint modules: hashing word-hash arrays in a
 * fixed byte order, a 64-bit mixer and a radix sort. Never installed. */
#ifndef VB_CORE_FP_INTERNAL_H
#define VB_CORE_FP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

/* XXH3-64 of `n` 64-bit values laid out little-endian, whatever the host
 * order, so stored fingerprints agree across machines. */
static inline uint64_t vb_hash_u64s(const uint64_t *v, size_t n, uint64_t seed) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  XXH3_state_t st;
  XXH3_64bits_reset_withSeed(&st, seed);
  for (size_t i = 0; i < n; i++) {
    uint64_t x = __builtin_bswap64(v[i]);
    XXH3_64bits_update(&st, &x, 8);
  }
  return XXH3_64bits_digest(&st);
#else
  return XXH3_64bits_withSeed(v, n * 8, seed);
#endif
}

/* A bijective 64-bit mixer (the SplitMix64 finaliser): cheap, and every
 * output bit depends on every input bit. */
static inline uint64_t vb_mix64(uint64_t x) {
  x ^= x >> 30;
  x *= UINT64_C(0xbf58476d1ce4e5b9);
  x ^= x >> 27;
  x *= UINT64_C(0x94d049bb133111eb);
  x ^= x >> 31;
  return x;
}

/* Sort `n` values ascending; `tmp` holds n values of scratch. LSD radix by
 * bytes, skipping bytes on which all values agree. */
void vb_sort_u64(uint64_t *a, size_t n, uint64_t *tmp);

/* Sort then drop repeats; returns the new count. */
size_t vb_sort_unique_u64(uint64_t *a, size_t n, uint64_t *tmp);

/* The same for values that are uniformly distributed (hash outputs), with
 * `tmp` holding 3n values: a counting pass on the top bits, then insertion
 * inside buckets. Correct for any values; only its speed assumes
 * uniformity. */
size_t vb_sort_unique_hashes(uint64_t *a, size_t n, uint64_t *tmp);

#endif /* VB_CORE_FP_INTERNAL_H */
