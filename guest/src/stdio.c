/* stdin, stdout and stderr for picolibc's tiny stdio, which leaves them to the platform.
 *
 * Every ecall is a proved cycle, so output is buffered: a stream collects characters and issues one
 * write(2) per line, when its buffer is full, on fflush(), and at exit (a destructor flushes).
 * stdin reads the private input in chunks; do not mix getchar()/scanf() with zkrv_read(), as stdin may
 * already have buffered input that zkrv_read() then misses. */

#include <stdio.h>

#include "zkrv/guest.h"

struct out_stream {
  FILE file; /* first member: picolibc hands our callbacks a FILE* that points here */
  int fd;
  int len;
  char buf[256];
};

static int out_flush(FILE *f) {
  struct out_stream *s = (struct out_stream *)f;
  const char *p = s->buf;
  int n = s->len;
  s->len = 0;
  while (n > 0) {
    long r = zkrv_sys_write(s->fd, p, (size_t)n);
    if (r <= 0) return EOF;
    p += r;
    n -= (int)r;
  }
  return 0;
}

static int out_put(char c, FILE *f) {
  struct out_stream *s = (struct out_stream *)f;
  s->buf[s->len++] = c;
  if (c == '\n' || s->len == (int)sizeof s->buf) {
    if (out_flush(f) != 0) return EOF;
  }
  return (unsigned char)c;
}

struct in_stream {
  FILE file;
  int pos;
  int len;
  unsigned char buf[256];
};

static int in_get(FILE *f) {
  struct in_stream *s = (struct in_stream *)f;
  if (s->pos == s->len) {
    long r = zkrv_sys_read(s->buf, sizeof s->buf);
    if (r <= 0) return _FDEV_EOF;
    s->pos = 0;
    s->len = (int)r;
  }
  return s->buf[s->pos++];
}

static struct out_stream out = {FDEV_SETUP_STREAM(out_put, NULL, out_flush, _FDEV_SETUP_WRITE),
                                ZKRV_FD_STDOUT, 0, {0}};
static struct out_stream err = {FDEV_SETUP_STREAM(out_put, NULL, out_flush, _FDEV_SETUP_WRITE),
                                ZKRV_FD_STDERR, 0, {0}};
static struct in_stream in = {FDEV_SETUP_STREAM(NULL, in_get, NULL, _FDEV_SETUP_READ), 0, 0, {0}};

FILE *const stdout = &out.file;
FILE *const stderr = &err.file;
FILE *const stdin = &in.file;

/* exit() runs atexit handlers and C++ static destructors first, then .fini_array backwards; priority
 * 101 sorts first in .fini_array, so this flush runs after every other destructor that might print. */
__attribute__((destructor(101))) static void flush_at_exit(void) {
  out_flush(stdout);
  out_flush(stderr);
}
