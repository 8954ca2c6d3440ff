/* The ASCII fast path of the normalizer: copy (and under case folding,
 * lowercase) runs of ASCII bytes 8, 16 or 32 at a time, stopping at the first
 * byte that needs the full path. News text is mostly ASCII, so this loop is
 * most of the normalizer's time.
 *
 * Three versions: portable SWAR on 64-bit words, SSE2 (always present on
 * x86-64) and AVX2 (chosen when the CPU has it). They must agree byte for
 * byte; tests/normalize_test.c runs them side by side.
 */
#include <string.h>

#include "normalize_internal.h"

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define VB_HAVE_X86 1
#include <immintrin.h>
#endif

/* One byte at a time: the reference, and the tail of the vector loops. */
static size_t ascii_bytes(const uint8_t *s, size_t n, uint8_t *out, unsigned mode, bool prev_space,
                          size_t i) {
  bool fold = mode & VB_ASCII_FOLD;
  if (i > 0) prev_space = s[i - 1] == ' ';
  for (; i < n; i++) {
    uint8_t c = s[i];
    if (c >= 0x80) break;
    if (c == '\t' && (mode & VB_ASCII_TAB)) break;
    if (c == ' ' && prev_space && (mode & VB_ASCII_COLLAPSE)) break;
    out[i] = (fold && c >= 'A' && c <= 'Z') ? (uint8_t)(c | 0x20) : c;
    prev_space = c == ' ';
  }
  return i;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* High bit set in each byte of w equal to c (w must be 7-bit clean): exact,
 * since adding 0x7F to a 7-bit value never carries into the next byte. */
static uint64_t bytes_equal(uint64_t w, uint8_t c) {
  uint64_t x = w ^ (ONES * c);
  return ~(((x & ~HIGHS) + ~HIGHS) | x) & HIGHS;
}

static size_t ascii_swar(const uint8_t *s, size_t n, uint8_t *out, unsigned mode, bool prev_space) {
  size_t i = 0;
  while (i + 8 <= n) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    if (w & HIGHS) break;
    if ((mode & VB_ASCII_TAB) && bytes_equal(w, '\t')) break;
    if (mode & VB_ASCII_COLLAPSE) {
      uint64_t sp = bytes_equal(w, ' ');
      bool prev = i > 0 ? s[i - 1] == ' ' : prev_space;
      /* Adjacent spaces inside the word, in either byte order, or a space
       * first after a space. */
      if ((sp & (sp << 8)) || (prev && s[i] == ' ')) break;
    }
    if (mode & VB_ASCII_FOLD) {
      /* High bit of each byte in 'A'..'Z': (w + (0x80 - 'A')) sets it from 'A'
       * up, (w + (0x80 - 'Z' - 1)) from 'Z' + 1 up; their difference. */
      uint64_t ge_a = w + ONES * (0x80 - 'A');
      uint64_t gt_z = w + ONES * (0x80 - 'Z' - 1);
      uint64_t upper = (ge_a ^ gt_z) & HIGHS;
      w |= upper >> 2;
    }
    memcpy(out + i, &w, 8);
    i += 8;
  }
  return ascii_bytes(s, n, out, mode, prev_space, i);
}

#ifdef VB_HAVE_X86
static size_t ascii_sse2(const uint8_t *s, size_t n, uint8_t *out, unsigned mode, bool prev_space) {
  const __m128i lo = _mm_set1_epi8('A' - 1), hi = _mm_set1_epi8('Z' + 1);
  const __m128i bit = _mm_set1_epi8(0x20), tab = _mm_set1_epi8('\t'), sp = _mm_set1_epi8(' ');
  size_t i = 0;
  while (i + 16 <= n) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    unsigned special = (unsigned)_mm_movemask_epi8(x);
    if (mode & VB_ASCII_TAB) special |= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, tab));
    if (mode & VB_ASCII_COLLAPSE) {
      unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, sp));
      unsigned prev = (m << 1) | (unsigned)(i > 0 ? s[i - 1] == ' ' : prev_space);
      special |= m & prev;
    }
    __m128i y = x;
    if (mode & VB_ASCII_FOLD) {
      __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(x, lo), _mm_cmplt_epi8(x, hi));
      y = _mm_or_si128(x, _mm_and_si128(upper, bit));
    }
    _mm_storeu_si128((__m128i *)(void *)(out + i), y);
    if (special) return i + (size_t)__builtin_ctz(special);
    i += 16;
  }
  return ascii_bytes(s, n, out, mode, prev_space, i);
}

__attribute__((target("avx2"))) static size_t ascii_avx2(const uint8_t *s, size_t n, uint8_t *out,
                                                         unsigned mode, bool prev_space) {
  const __m256i lo = _mm256_set1_epi8('A' - 1), hi = _mm256_set1_epi8('Z' + 1);
  const __m256i bit = _mm256_set1_epi8(0x20), tab = _mm256_set1_epi8('\t');
  const __m256i sp = _mm256_set1_epi8(' ');
  size_t i = 0;
  while (i + 32 <= n) {
    __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
    uint32_t special = (uint32_t)_mm256_movemask_epi8(x);
    if (mode & VB_ASCII_TAB) special |= (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, tab));
    if (mode & VB_ASCII_COLLAPSE) {
      uint32_t m = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, sp));
      uint32_t prev = (m << 1) | (uint32_t)(i > 0 ? s[i - 1] == ' ' : prev_space);
      special |= m & prev;
    }
    __m256i y = x;
    if (mode & VB_ASCII_FOLD) {
      __m256i upper = _mm256_and_si256(_mm256_cmpgt_epi8(x, lo), _mm256_cmpgt_epi8(hi, x));
      y = _mm256_or_si256(x, _mm256_and_si256(upper, bit));
    }
    _mm256_storeu_si256((__m256i *)(void *)(out + i), y);
    if (special) return i + (size_t)__builtin_ctz(special);
    i += 32;
  }
  return ascii_bytes(s, n, out, mode, prev_space, i);
}
#endif

size_t vb_ascii_impls(vb_ascii_impl *out, size_t cap) {
  vb_ascii_impl all[3];
  size_t n = 0;
  all[n++] = (vb_ascii_impl){"swar", ascii_swar, true};
#ifdef VB_HAVE_X86
  __builtin_cpu_init();
  all[n++] = (vb_ascii_impl){"sse2", ascii_sse2, true};
  all[n++] = (vb_ascii_impl){"avx2", ascii_avx2, __builtin_cpu_supports("avx2") != 0};
#endif
  for (size_t k = 0; k < n && k < cap; k++) out[k] = all[k];
  return n;
}

vb_ascii_fn vb_ascii_best(void) {
#ifdef VB_HAVE_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2")) return ascii_avx2;
  return ascii_sse2;
#else
  return ascii_swar;
#endif
}
