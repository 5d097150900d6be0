/* textstats: word statistics over a text read from stdin, written as ordinary portable C (stdio,
 * qsort, strtol, time, files) to show what the SDK's C library and POSIX functions do in a guest.
 *
 *   main.c         reads the input, prints the report, commits the journal
 *   stats.c        tokenizing, counting, the word table
 *   environment.c  clocks and files: what they answer in a guest (guest/README.md)
 *   report.c       the report's lines on stdout and their digest */
#ifndef TEXTSTATS_H
#define TEXTSTATS_H

#include <stddef.h>
#include <stdint.h>

struct word_count {
  const char *word; /* lower case, NUL-terminated, points into text_stats' own storage */
  size_t count;
};

struct text_stats {
  size_t bytes, lines, words, numbers;
  long long number_sum;     /* sum of the numbers (tokens of digits only), each read with strtol */
  size_t distinct;          /* distinct words, case folded */
  struct word_count *table; /* the distinct words, most frequent first, ties alphabetically */
  size_t longest;           /* index into table of the longest word (first alphabetically), if any */
  char *storage;            /* the lower-cased tokens, NUL-separated */
};

/* Counts lines (a last line without '\n' counts), tokens (maximal runs of letters and digits) and
 * splits them into words and numbers. 0 on success, -1 if out of memory. */
int text_stats_compute(const char *text, size_t len, struct text_stats *out);
void text_stats_free(struct text_stats *s);

/* Prints the clock readings and a strftime of a fixed date, then tries files; each line says what the
 * call returned or how it failed (errno and strerror). */
void report_environment(void);

/* printf to stdout, one report line at a time (a '\n' is added); every byte printed also goes into
 * the report's digest. */
void report_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* FNV-1a (32-bit) of every byte report_line printed so far. */
uint32_t report_digest(void);

#endif
