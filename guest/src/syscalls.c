/* The system interface picolibc expects from its platform (read, write, _exit, sbrk, abort), and the
 * SDK helpers of zkrv/guest.h. Each maps onto one Linux system call so qemu-riscv32 behaves the same. */

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

size_t zkrv_read(void *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    long r = zkrv_sys_read((char *)buf + got, n - got);
    if (r <= 0) break; /* end of input (zkrv never fails a read on fd 0) */
    got += (size_t)r;
  }
  return got;
}

int zkrv_read_exact(void *buf, size_t n) { return zkrv_read(buf, n) == n ? 0 : -1; }

void *zkrv_read_all(size_t *len) {
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  if (buf == NULL) return NULL;
  for (;;) {
    if (n + 1 >= cap) { /* keep room for the NUL */
      char *bigger = realloc(buf, cap * 2);
      if (bigger == NULL) {
        free(buf);
        return NULL;
      }
      buf = bigger;
      cap *= 2;
    }
    long r = zkrv_sys_read(buf + n, cap - 1 - n);
    if (r <= 0) break;
    n += (size_t)r;
  }
  buf[n] = '\0';
  if (len != NULL) *len = n;
  return buf;
}

void zkrv_commit(const void *buf, size_t n) {
  const char *p = buf;
  while (n > 0) {
    long r = zkrv_sys_write(ZKRV_FD_JOURNAL, p, n);
    if (r <= 0) {
      zkrv_log("zkrv_commit: journal write failed (under qemu, run with 3>journal)");
      abort();
    }
    p += r;
    n -= (size_t)r;
  }
}

void zkrv_commit_u32(uint32_t x) {
  unsigned char le[4] = {(unsigned char)x, (unsigned char)(x >> 8), (unsigned char)(x >> 16),
                         (unsigned char)(x >> 24)};
  zkrv_commit(le, sizeof le);
}

void zkrv_log(const char *msg) {
  size_t n = 0;
  while (msg[n] != '\0') n++;
  zkrv_sys_write(ZKRV_FD_STDERR, msg, n);
  zkrv_sys_write(ZKRV_FD_STDERR, "\n", 1);
}

void zkrv_exit(uint32_t code) { exit((int)code); }
