/* misaligned_load: a word load from an address that is 1 mod 4 — a guest fault in zkrv (qemu performs
 * it silently and the guest exits 0). Written in asm so the compiler cannot split the access. */
#include "zkrv/guest.h"

static uint32_t words[2] = {0x11223344, 0x55667788};

int main(void) {
  uint32_t v;
  __asm__ volatile("lw %0, 1(%1)" : "=r"(v) : "r"(words) : "memory");
  zkrv_commit_u32(v);
  return 0;
}
