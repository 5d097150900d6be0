/* matmul: integer matrix product, the multiply-heavy benchmark guest.
 *
 * Input: n as a u32 (little-endian; default 48, at most 128) and a u32 seed (default 1). The guest fills
 * two n x n matrices of u32 from a xorshift generator, multiplies them mod 2^32 (n^3 mul and add), then
 * folds the product into a digest with 64-bit products (mul, mulhu), divisions and remainders (divu, remu,
 * div, rem) and rotations, so every M-extension instruction and the shifter get real work.
 * Journal: n, the seed, the trace of the product and the digest (four u32, little-endian). */
#include <stdint.h>
#include <stdio.h>

#include "zkrv/guest.h"

enum { kMaxN = 128 };

static uint32_t a[kMaxN * kMaxN], b[kMaxN * kMaxN], c[kMaxN * kMaxN];

static uint32_t xorshift(uint32_t* s) {
  uint32_t x = *s;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *s = x;
}

static uint32_t rotl(uint32_t x, unsigned k) { return (x << (k & 31)) | (x >> ((32 - k) & 31)); }

static uint32_t read_u32(uint32_t fallback) {
  unsigned char in[4];
  if (zkrv_read(in, sizeof in) != sizeof in) return fallback;
  return (uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 | (uint32_t)in[3] << 24;
}

static void put_u32(unsigned char* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = (unsigned char)(v >> (8 * i));
}

int main(void) {
  const uint32_t n = read_u32(48), seed = read_u32(1);
  if (n == 0 || n > kMaxN || seed == 0) {
    fprintf(stderr, "matmul: n must be in 1..%d and the seed non-zero\n", kMaxN);
    return 2;
  }
  uint32_t s = seed;
  for (uint32_t i = 0; i < n * n; ++i) a[i] = xorshift(&s);
  for (uint32_t i = 0; i < n * n; ++i) b[i] = xorshift(&s);
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t j = 0; j < n; ++j) {
      uint32_t acc = 0;
      for (uint32_t k = 0; k < n; ++k) acc += a[i * n + k] * b[k * n + j];
      c[i * n + j] = acc;
    }
  uint32_t trace = 0, digest = 0x9e3779b9u;
  for (uint32_t i = 0; i < n; ++i) trace += c[i * n + i];
  for (uint32_t i = 0; i < n * n; ++i) {
    const uint64_t wide = (uint64_t)c[i] * (digest | 1u);              /* mul, mulhu */
    const uint32_t q = (uint32_t)(wide >> 32) / (i + 3u);               /* divu */
    const uint32_t r = (uint32_t)wide % (i + 7u);                       /* remu */
    const int32_t sq = (int32_t)c[i] / (int32_t)((i % 13u) + 2u);       /* div */
    const int32_t sr = (int32_t)digest % (int32_t)((i % 11u) + 3u);     /* rem */
    digest = rotl(digest ^ q ^ (r << 7) ^ (uint32_t)sq ^ (uint32_t)sr, (c[i] >> 27) | 1u);
  }
  unsigned char out[16];
  put_u32(out, n);
  put_u32(out + 4, seed);
  put_u32(out + 8, trace);
  put_u32(out + 12, digest);
  zkrv_commit(out, sizeof out);
  printf("matmul n=%u seed=%u: trace %08x digest %08x\n", (unsigned)n, (unsigned)seed, (unsigned)trace,
         (unsigned)digest);
  return 0;
}
