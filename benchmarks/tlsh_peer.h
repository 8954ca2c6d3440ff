/* C face of benchmarks/tlsh_peer.cpp (TLSH, a C++ library). */
#ifndef VB_BENCH_TLSH_PEER_H
#define VB_BENCH_TLSH_PEER_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif
/* `n` TLSH digests; NULL when out of memory. Release with vb_bench_tlsh_free. */
typedef struct vb_bench_tlsh vb_bench_tlsh;
vb_bench_tlsh *vb_bench_tlsh_new(size_t n);
void vb_bench_tlsh_free(vb_bench_tlsh *s);
/* Digest `data` into slot `i`; -1 when TLSH gives no digest (under 256
 * bytes, or too little variety). */
int vb_bench_tlsh_hash(vb_bench_tlsh *s, size_t i, const unsigned char *data, size_t len);
/* TLSH distance of slots i and j (0 = same; larger = more different). */
int vb_bench_tlsh_diff(const vb_bench_tlsh *s, size_t i, size_t j);
#ifdef __cplusplus
}
#endif
#endif
