/* infinite_loop: never exits, so zkrv stops it at the cycle limit (qemu needs a timeout). */
#include "zkrv/guest.h"

int main(void) {
  for (;;) {
    __asm__ volatile("" : : : "memory"); /* an empty infinite loop is undefined behaviour in C++ only,
                                            but keep the compiler from reasoning about it at all */
  }
}
