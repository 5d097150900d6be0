/* The system interface picolibc expects from its platform (read, write, _exit, sbrk, abort). Each maps
 * onto one Linux system call so qemu-riscv32 behaves the same. Guest builds only; the helpers of
 * zkrv/guest.h are in guest_api.c. */

#include <errno.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "zkrv/guest.h"

ssize_t read(int fd, void *buf, size_t n) {
  long r = zkrv_ecall3(ZKRV_SYS_READ, fd, (long)(uintptr_t)buf, (long)n);
  if (r < 0) {
    errno = (int)-r;
    return -1;
  }
  return r;
}

ssize_t write(int fd, const void *buf, size_t n) {
  long r = zkrv_sys_write(fd, buf, n);
  if (r < 0) {
    errno = (int)-r;
    return -1;
  }
  return r;
}

__attribute__((noreturn)) void _exit(int code) {
  zkrv_ecall1(ZKRV_SYS_EXIT, code);
  for (;;) {
  } /* not reached: exit halts the machine */
}

/* picolibc's own sbrk hands out a fixed linker-script region; ours asks the VM with brk(2), so the heap
 * behaves identically under zkrv and qemu and is bounded by what the VM allows. */
void *sbrk(ptrdiff_t incr) {
  static uintptr_t cur; /* our view of the break; 0 until first use */
  if (cur == 0) cur = zkrv_sys_brk(0);
  uintptr_t old = cur;
  uintptr_t want = old + (uintptr_t)incr;
  if ((incr > 0 && want < old) || (incr < 0 && want > old) || zkrv_sys_brk(want) != want) {
    errno = ENOMEM;
    return (void *)-1;
  }
  cur = want;
  return (void *)old;
}

/* picolibc's abort() raises SIGABRT through kill()/getpid(), which a guest does not have. Exit with the
 * status a shell reports for SIGABRT (128 + 6) instead. Also reached by assert() (picolibc prints the
 * failed expression, file and line first) and by std::terminate (libc++abi prints the reason first: the
 * type and what() of an uncaught exception). */
void abort(void) {
  static const char msg[] = "guest: abort\n";
  zkrv_sys_write(ZKRV_FD_STDERR, msg, sizeof msg - 1);
  _exit(134);
}
