/* libc_demo: ordinary C library code in a guest: malloc/free, qsort, snprintf/printf, memcpy/strlen and
 * 64-bit arithmetic (libgcc's __divdi3 and friends, since RV32IM has no 64-bit divide).
 *
 * Input:   any bytes (may be empty); they seed 64 pseudo-random numbers.
 * Console: one formatted summary line on stdout.
 * Journal: count, min, median, max (u32 little-endian each), then the summary line's bytes. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zkrv/guest.h"

enum { COUNT = 64 };

static int compare_i32(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

/* FNV-1a: a seed that depends on every input byte. */
static uint32_t fnv1a(const unsigned char *p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

int main(void) {
  size_t len;
  unsigned char *input = zkrv_read_all(&len);
  int32_t *numbers = malloc(COUNT * sizeof *numbers);
  if (input == NULL || numbers == NULL) return 1;

  uint32_t x = fnv1a(input, len) | 1; /* xorshift32 must not start at 0 */
  for (int i = 0; i < COUNT; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    numbers[i] = (int32_t)(x % 2000001u) - 1000000; /* in [-10^6, 10^6] */
  }
  qsort(numbers, COUNT, sizeof *numbers, compare_i32);

  int64_t sum = 0;
  for (int i = 0; i < COUNT; i++) sum += numbers[i];
  int64_t product = (int64_t)numbers[0] * numbers[COUNT - 1]; /* min * max: beyond 32 bits */
  int64_t mean_milli = sum * 1000 / COUNT;                     /* signed 64-bit division */
  uint64_t spread = (uint64_t)((int64_t)numbers[COUNT - 1] - numbers[0]);

  /* A copy through memcpy, labelled with a string whose length strlen measures. */
  int32_t *copy = malloc(COUNT * sizeof *copy);
  if (copy == NULL) return 1;
  memcpy(copy, numbers, COUNT * sizeof *copy);
  const char *label = "sorted";

  char line[256];
  int n = snprintf(line, sizeof line,
                   "%s(%u) n=%d min=%d max=%d median=%d hex=%x sum=%lld mean*1000=%lld min*max=%" PRId64
                   " spread/7=%llu rem=%llu",
                   label, (unsigned)strlen(label), COUNT, copy[0], copy[COUNT - 1], copy[COUNT / 2],
                   (unsigned)copy[COUNT / 2], (long long)sum, (long long)mean_milli, product,
                   (unsigned long long)(spread / 7), (unsigned long long)(spread % 7));
  if (n < 0 || (size_t)n >= sizeof line) return 1;
  printf("%s\n", line);

  zkrv_commit_u32(COUNT);
  zkrv_commit_u32((uint32_t)copy[0]);
  zkrv_commit_u32((uint32_t)copy[COUNT / 2]);
  zkrv_commit_u32((uint32_t)copy[COUNT - 1]);
  zkrv_commit(line, strlen(line));

  free(copy);
  free(numbers);
  free(input);
  return 0;
}
