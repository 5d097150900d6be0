/* The report: each line formatted with vsnprintf, hashed and printed, so the journal can commit to
 * exactly what stdout shows (the test recomputes the digest from the captured stdout). */
#include <stdarg.h>
#include <stdio.h>

#include "textstats.h"

static uint32_t digest = 2166136261u; /* FNV-1a offset basis */

static void hash_bytes(const char *p, size_t n) {
  for (size_t i = 0; i < n; i++) digest = (digest ^ (unsigned char)p[i]) * 16777619u;
}

void report_line(const char *fmt, ...) {
  char line[256]; /* longer lines are cut: the digest covers what was printed */
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  size_t len = (size_t)n < sizeof line - 2 ? (size_t)n : sizeof line - 2;
  line[len++] = '\n';
  line[len] = '\0';
  hash_bytes(line, len);
  fputs(line, stdout);
}

uint32_t report_digest(void) { return digest; }
