/* bad_fd: write(2) to an fd the VM does not have returns -EBADF (-9) as on Linux; the guest carries on
 * and commits the return value as a u32 (0xFFFFFFF7). */
#include "zkrv/guest.h"

int main(void) {
  long r = zkrv_sys_write(5, "x", 1);
  zkrv_commit_u32((uint32_t)r);
  return r == -ZKRV_EBADF ? 0 : 1;
}
