/* SHA-256 (FIPS 180-4), streaming. Plain C, no dependencies; byte loads only, so any buffer alignment
 * is fine (zkrv faults on misaligned word accesses). */
#ifndef ZKRV_EXAMPLE_SHA256_H
#define ZKRV_EXAMPLE_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint32_t state[8];
  uint64_t total;          /* bytes hashed so far */
  unsigned char block[64]; /* a partial block waiting for more input */
  size_t block_len;
} sha256_ctx;

void sha256_init(sha256_ctx *ctx);
void sha256_update(sha256_ctx *ctx, const void *data, size_t len);
void sha256_final(sha256_ctx *ctx, unsigned char digest[32]);

#endif /* ZKRV_EXAMPLE_SHA256_H */
