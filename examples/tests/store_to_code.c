/* store_to_code: a store into the executable segment — a guest fault in zkrv (SIGSEGV under qemu, whose
 * code pages are read-only too). */
#include "zkrv/guest.h"

int main(void) {
  __asm__ volatile("la t0, main\n sw zero, 0(t0)" : : : "t0", "memory");
  return 0;
}
