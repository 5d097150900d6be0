/* read_patterns: performs the sequence of read(0) calls its input describes and records every one in
 * the journal, so a run under zkrv and under qemu-riscv32 (where fd 0 is a regular file) can be
 * compared byte for byte. One ELF serves every pattern, and the pattern's own header is read with
 * read(0) too, so an empty input is a pattern as well.
 *
 * Input: k (1 byte), then k counts (little-endian u16), then the payload the counted reads consume.
 * The guest reads with, in order:
 *   count 0 (before anything else, so also on an empty input),
 *   count 1 for k (an empty input ends the pattern here),
 *   count 2k for the counts (a short read ends the pattern after the whole counts it got),
 *   each count c_i, into the buffer at offset i % 4 (so reads start at every byte of a word).
 * Journal, per read: count (u32), result (u32: all 32 bits a0 returned), then for 0 <= result <= count
 * the result bytes read and the buffer byte after them, which the read must leave as it was (0xEE).
 * stdout: one line "reads R bytes B". Exit code: FNV-1a (32 bits) of the journal. */
#include <stdint.h>
#include <string.h>

#include "zkrv/guest.h"

enum { kSentinel = 0xEE, kMaxCounts = 255, kMaxCount = 0xFFFF };

static unsigned char buffer[kMaxCount + 4 + 1];
static uint32_t journal_hash = 2166136261u; /* FNV-1a offset basis */
static uint32_t total_reads, total_bytes;

static void record(const void *bytes, size_t n) {
  const unsigned char *p = bytes;
  for (size_t i = 0; i < n; ++i) journal_hash = (journal_hash ^ p[i]) * 16777619u;
  zkrv_commit(bytes, n);
}

static void record_u32(uint32_t v) {
  const unsigned char le[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                               (unsigned char)(v >> 24)};
  record(le, sizeof le);
}

/* One read(0, buffer + offset, count), recorded; returns what it returned. */
static long traced_read(size_t offset, size_t count) {
  memset(buffer + offset, kSentinel, count + 1);
  const long result = zkrv_sys_read(buffer + offset, count);
  record_u32((uint32_t)count);
  record_u32((uint32_t)result);
  if (result >= 0 && (size_t)result <= count) {
    record(buffer + offset, (size_t)result + 1); /* the bytes read and the untouched byte after them */
    total_bytes += (uint32_t)result;
  }
  ++total_reads;
  return result;
}

static char *append_decimal(char *out, uint32_t v) {
  char digits[10];
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) *out++ = digits[--n];
  return out;
}

static void print_summary(void) {
  char line[64];
  char *p = line;
  memcpy(p, "reads ", 6);
  p = append_decimal(p + 6, total_reads);
  memcpy(p, " bytes ", 7);
  p = append_decimal(p + 7, total_bytes);
  *p++ = '\n';
  zkrv_sys_write(ZKRV_FD_STDOUT, line, (size_t)(p - line));
}

int main(void) {
  uint16_t counts[kMaxCounts];
  size_t k = 0;
  traced_read(0, 0);
  if (traced_read(0, 1) == 1) {
    k = buffer[0];
    const long got = traced_read(0, 2 * k);
    k = got > 0 ? (size_t)got / 2 : 0;
    for (size_t i = 0; i < k; ++i) counts[i] = (uint16_t)(buffer[2 * i] | buffer[2 * i + 1] << 8);
  }
  for (size_t i = 0; i < k; ++i) traced_read(i % 4, counts[i]);
  print_summary();
  return (int)journal_hash;
}
