/* The two system calls of zkrv/guest.h for a native build (any host but RISC-V): the guest's private
 * input is stdin, its journal fd 3 and its console fds 1 and 2, exactly the descriptors the VM and
 * qemu-riscv32 give a guest, so `./my_guest <input 3>journal` behaves like the guest under zkrv. */
#if defined(__riscv)
#error "native.c is for host builds of a guest; the guest build uses the ecalls of zkrv/guest.h"
#endif

#include <errno.h>
#include <unistd.h>

#include "zkrv/guest.h"

long zkrv_sys_write(int fd, const void *buf, size_t n) {
  for (;;) {
    const ssize_t r = write(fd, buf, n);
    if (r >= 0) return (long)r;
    if (errno != EINTR) return -(long)errno;
  }
}

long zkrv_sys_read(void *buf, size_t n) {
  for (;;) {
    const ssize_t r = read(ZKRV_FD_INPUT, buf, n);
    if (r >= 0) return (long)r;
    if (errno != EINTR) return -(long)errno;
  }
}
