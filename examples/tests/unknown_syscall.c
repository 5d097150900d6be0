/* unknown_syscall: ecall with a7 = 12345 — a guest fault in zkrv. qemu returns -ENOSYS (-38) instead;
 * the guest then commits that value and exits 0. */
#include "zkrv/guest.h"

int main(void) {
  long r = zkrv_ecall1(12345, 0);
  zkrv_commit_u32((uint32_t)r);
  return 0;
}
