/* fibonacci: the smallest useful guest.
 *
 * Input:   n as a u32, little-endian (4 bytes); empty input means n = 10.
 * Journal: fib(n) mod 2^32 as a u32, little-endian (fib(0) = 0, fib(1) = 1).
 * Exit:    0, or 1 if the input is neither empty nor 4+ bytes long. */

#include <stdint.h>

#include "zkrv/guest.h"

int main(void) {
  unsigned char in[4];
  size_t got = zkrv_read(in, sizeof in);
  uint32_t n = 10;
  if (got == sizeof in) {
    n = (uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 | (uint32_t)in[3] << 24;
  } else if (got != 0) {
    zkrv_log("fibonacci: input must be empty or a u32 (little-endian)");
    return 1;
  }
  uint32_t a = 0, b = 1; /* fib(i), fib(i + 1); wrapping is the mod 2^32 */
  for (uint32_t i = 0; i < n; i++) {
    uint32_t next = a + b;
    a = b;
    b = next;
  }
  zkrv_commit_u32(a);
  return 0;
}
