/* misaligned_store: a word store to an address that is 2 mod 4 — a guest fault in zkrv (qemu performs
 * it silently and the guest exits 0). */
#include "zkrv/guest.h"

static uint32_t words[2];

int main(void) {
  __asm__ volatile("sw %0, 2(%1)" : : "r"(0xabcdef01u), "r"(words) : "memory");
  zkrv_commit_u32(words[0]);
  return 0;
}
