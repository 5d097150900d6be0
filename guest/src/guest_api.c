/* The helpers of zkrv/guest.h, written once on top of zkrv_sys_read/zkrv_sys_write: in a guest those
 * are ecalls (guest.h), natively the POSIX calls (native.c), so a guest's source behaves the same on
 * the host, reading the private input from stdin and appending the journal to fd 3. */

#include <stdlib.h>

#include "zkrv/guest.h"

size_t zkrv_read(void *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    long r = zkrv_sys_read((char *)buf + got, n - got);
    if (r <= 0) break; /* end of input (zkrv never fails a read on fd 0; natively an error ends it too) */
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
      zkrv_log("zkrv_commit: journal write failed (under qemu or natively, run with 3>journal)");
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
