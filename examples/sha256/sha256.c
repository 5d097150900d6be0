/* SHA-256 after FIPS 180-4, section 6.2. Every executed instruction is a proved cycle, so the
 * compression function is fully unrolled: the eight working variables stay in registers and the
 * message schedule is a rolling window of 16 words instead of 64. */
#include "sha256.h"

#include <string.h>

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define CH(x, y, z) (((x) & ((y) ^ (z))) ^ (z))            /* = (x & y) ^ (~x & z) */
#define BSIG0(x) (ROTR(x, 2) ^ ROTR(x, 13) ^ ROTR(x, 22))
#define BSIG1(x) (ROTR(x, 6) ^ ROTR(x, 11) ^ ROTR(x, 25))
#define SSIG0(x) (ROTR(x, 7) ^ ROTR(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ROTR(x, 17) ^ ROTR(x, 19) ^ ((x) >> 10))

static inline uint32_t load_be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline void store_be32(unsigned char *p, uint32_t x) {
  p[0] = (unsigned char)(x >> 24);
  p[1] = (unsigned char)(x >> 16);
  p[2] = (unsigned char)(x >> 8);
  p[3] = (unsigned char)x;
}

/* Round t (0..63) with W[t] = w[t & 15]; instead of shifting a..h, the callers rotate the names.
 * Maj(a, b, c) = b ^ ((a ^ b) & (b ^ c)), and this round's b ^ c is the previous round's a ^ b (the
 * names shift by one), so carrying it in `bc` saves an instruction per round. */
#define ROUND(a, b, c, d, e, f, g, h, t)                              \
  do {                                                                \
    uint32_t t1 = h + BSIG1(e) + CH(e, f, g) + K[t] + w[(t) & 15];    \
    uint32_t ab = a ^ b;                                              \
    d += t1;                                                          \
    h = t1 + BSIG0(a) + (b ^ (ab & bc));                              \
    bc = ab;                                                          \
  } while (0)

/* W[t] for t >= 16, written over W[t - 16] in the window. */
#define SCHEDULE(t) \
  (w[(t) & 15] += SSIG1(w[((t) - 2) & 15]) + w[((t) - 7) & 15] + SSIG0(w[((t) - 15) & 15]))

#define ROUNDS8(t)                        \
  ROUND(a, b, c, d, e, f, g, h, (t) + 0); \
  ROUND(h, a, b, c, d, e, f, g, (t) + 1); \
  ROUND(g, h, a, b, c, d, e, f, (t) + 2); \
  ROUND(f, g, h, a, b, c, d, e, (t) + 3); \
  ROUND(e, f, g, h, a, b, c, d, (t) + 4); \
  ROUND(d, e, f, g, h, a, b, c, (t) + 5); \
  ROUND(c, d, e, f, g, h, a, b, (t) + 6); \
  ROUND(b, c, d, e, f, g, h, a, (t) + 7)

#define SCHEDULE8(t)                                                                      \
  SCHEDULE((t) + 0); SCHEDULE((t) + 1); SCHEDULE((t) + 2); SCHEDULE((t) + 3);             \
  SCHEDULE((t) + 4); SCHEDULE((t) + 5); SCHEDULE((t) + 6); SCHEDULE((t) + 7)

/* Compresses n consecutive 64-byte blocks into state. */
static void compress(uint32_t state[8], const unsigned char *p, size_t n) {
  for (; n > 0; n--, p += 64) {
    uint32_t w[16];
#ifdef __clang__ /* the guest compiler; a native build with gcc ignores the hint */
#pragma clang loop unroll(full) /* w[] then lives at fixed stack offsets: no index arithmetic */
#endif
    for (int i = 0; i < 16; i++) w[i] = load_be32(p + 4 * i);
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    uint32_t bc = b ^ c;
    ROUNDS8(0);
    ROUNDS8(8);
    for (int t = 16; t < 64; t += 16) { /* 3 iterations; the loop keeps the code size sane */
      SCHEDULE8(t);
      ROUNDS8(t);
      SCHEDULE8(t + 8);
      ROUNDS8(t + 8);
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
    state[4] += e; state[5] += f; state[6] += g; state[7] += h;
  }
}

void sha256_init(sha256_ctx *ctx) {
  static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(ctx->state, iv, sizeof iv);
  ctx->total = 0;
  ctx->block_len = 0;
}

void sha256_update(sha256_ctx *ctx, const void *data, size_t len) {
  const unsigned char *p = data;
  ctx->total += len;
  if (ctx->block_len > 0) { /* top up the pending partial block first */
    size_t take = 64 - ctx->block_len < len ? 64 - ctx->block_len : len;
    memcpy(ctx->block + ctx->block_len, p, take);
    ctx->block_len += take;
    p += take;
    len -= take;
    if (ctx->block_len < 64) return;
    compress(ctx->state, ctx->block, 1);
    ctx->block_len = 0;
  }
  compress(ctx->state, p, len / 64); /* whole blocks straight from the caller's buffer */
  p += len & ~(size_t)63;
  len &= 63;
  memcpy(ctx->block, p, len);
  ctx->block_len = len;
}

void sha256_final(sha256_ctx *ctx, unsigned char digest[32]) {
  uint64_t bits = ctx->total * 8;
  unsigned char pad[72] = {0x80}; /* 0x80, zeros, then the 64-bit big-endian bit length */
  size_t pad_len = (ctx->block_len < 56 ? 56 : 120) - ctx->block_len;
  store_be32(pad + pad_len, (uint32_t)(bits >> 32));
  store_be32(pad + pad_len + 4, (uint32_t)bits);
  sha256_update(ctx, pad, pad_len + 8);
  for (int i = 0; i < 8; i++) store_be32(digest + 4 * i, ctx->state[i]);
}
