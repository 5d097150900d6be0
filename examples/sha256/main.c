/* sha256: hashes the whole private input, streaming it in chunks (so its size is bounded by nothing
 * but the cycle budget).
 *
 * Input:   any bytes (may be empty).
 * Journal: the 32-byte SHA-256 digest, as `sha256sum` prints it in hex.
 * Console: the digest in hex and a newline on stdout. */
#include "sha256.h"
#include "zkrv/guest.h"

int main(void) {
  static unsigned char chunk[64 * 1024]; /* in .bss: large reads mean few read ecalls */
  sha256_ctx ctx;
  sha256_init(&ctx);
  size_t n;
  while ((n = zkrv_read(chunk, sizeof chunk)) > 0) sha256_update(&ctx, chunk, n);

  unsigned char digest[32];
  sha256_final(&ctx, digest);
  zkrv_commit(digest, sizeof digest);

  static const char hex[] = "0123456789abcdef";
  char line[65];
  for (int i = 0; i < 32; i++) {
    line[2 * i] = hex[digest[i] >> 4];
    line[2 * i + 1] = hex[digest[i] & 15];
  }
  line[64] = '\n';
  zkrv_sys_write(ZKRV_FD_STDOUT, line, sizeof line);
  return 0;
}
