/* null_deref: a load from address 0, below RAM — a guest fault in zkrv (SIGSEGV under qemu). */
#include "zkrv/guest.h"

int main(void) {
  uint32_t v;
  __asm__ volatile("lw %0, 0(zero)" : "=r"(v) : : "memory");
  zkrv_commit_u32(v);
  return 0;
}
