/* illegal_instruction: executes the all-zero word, which is no RV32IM instruction — a guest fault in
 * zkrv (SIGILL under qemu). */
#include "zkrv/guest.h"

int main(void) {
  __asm__ volatile(".word 0" : : : "memory");
  return 0;
}
