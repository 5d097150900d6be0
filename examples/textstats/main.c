/* textstats: word statistics over a text, from ordinary portable C.
 *
 * Input:   any text (may be empty), read from stdin with fread.
 * Console: the report on stdout (counts, the most frequent words, clocks and files as the guest sees
 *          them); one perror line on stderr.
 * Journal: lines, words, distinct words, numbers, the numbers' sum (low 32 bits), and the FNV-1a
 *          digest of everything printed on stdout: six u32, little-endian.
 * Exit:    0; 1 if out of memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textstats.h"
#include "zkrv/guest.h"

enum { TOP_WORDS = 5 };

/* The whole of stdin in a malloc'ed buffer; NULL if out of memory. */
static char *read_stdin(size_t *len) {
  size_t cap = 1024, n = 0;
  char *buf = malloc(cap);
  while (buf != NULL) {
    n += fread(buf + n, 1, cap - n, stdin);
    if (n < cap) break; /* end of input: fread returns short only then */
    char *bigger = realloc(buf, cap * 2);
    if (bigger == NULL) free(buf);
    buf = bigger;
    cap *= 2;
  }
  *len = n;
  return buf;
}

int main(void) {
  size_t len = 0;
  char *text = read_stdin(&len);
  struct text_stats s;
  if (text == NULL || text_stats_compute(text, len, &s) != 0) {
    fputs("textstats: out of memory\n", stderr);
    return 1;
  }

  report_line("text: %zu bytes, %zu lines, %zu words, %zu distinct, %zu numbers (sum %lld)", s.bytes, s.lines,
              s.words, s.distinct, s.numbers, s.number_sum);
  for (size_t i = 0; i < s.distinct && i < TOP_WORDS; i++)
    report_line("top %zu: %s x%zu", i + 1, s.table[i].word, s.table[i].count);
  if (s.distinct > 0)
    report_line("longest: %s (%zu letters)", s.table[s.longest].word, strlen(s.table[s.longest].word));
  report_environment();

  uint32_t sum = (uint32_t)(unsigned long long)s.number_sum;
  uint32_t fields[] = {(uint32_t)s.lines, (uint32_t)s.words, (uint32_t)s.distinct, (uint32_t)s.numbers, sum};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) zkrv_commit_u32(fields[i]);
  zkrv_commit_u32(report_digest());

  text_stats_free(&s);
  free(text);
  return 0;
}
