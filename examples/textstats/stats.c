/* Tokenizing and counting. Tokens are maximal runs of ASCII letters and digits; a token of digits only
 * is a number, anything else a word, compared case-insensitively. Distinct words come from sorting the
 * tokens with qsort and counting runs. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "textstats.h"

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Most frequent first; ties in alphabetical order, so the table is the same on every machine. */
static int compare_counts(const void *a, const void *b) {
  const struct word_count *x = a, *y = b;
  if (x->count != y->count) return x->count > y->count ? -1 : 1;
  return strcmp(x->word, y->word);
}

static int is_token_char(char c) { return isalnum((unsigned char)c) != 0; }

static int all_digits(const char *s) {
  for (; *s != '\0'; s++)
    if (!isdigit((unsigned char)*s)) return 0;
  return 1;
}

int text_stats_compute(const char *text, size_t len, struct text_stats *out) {
  memset(out, 0, sizeof *out);
  out->bytes = len;
  for (size_t i = 0; i < len; i++)
    if (text[i] == '\n') out->lines++;
  if (len > 0 && text[len - 1] != '\n') out->lines++;

  /* Every token, lower-cased and NUL-terminated, fits in len + 1 bytes; at most len / 2 + 1 tokens. */
  out->storage = malloc(len + 1);
  const char **words = malloc((len / 2 + 1) * sizeof *words);
  if (out->storage == NULL || words == NULL) {
    free(words);
    text_stats_free(out);
    return -1;
  }
  char *dst = out->storage;
  for (size_t i = 0; i < len;) {
    if (!is_token_char(text[i])) {
      i++;
      continue;
    }
    char *token = dst;
    while (i < len && is_token_char(text[i])) *dst++ = (char)tolower((unsigned char)text[i++]);
    *dst++ = '\0';
    if (all_digits(token)) {
      errno = 0;
      long v = strtol(token, NULL, 10); /* saturates at LONG_MAX with ERANGE: count it as such */
      out->numbers++;
      out->number_sum += (errno == ERANGE) ? LONG_MAX : v;
    } else {
      words[out->words++] = token;
    }
  }

  qsort(words, out->words, sizeof *words, compare_strings);
  out->table = malloc((out->words + 1) * sizeof *out->table);
  if (out->table == NULL) {
    free(words);
    text_stats_free(out);
    return -1;
  }
  for (size_t i = 0; i < out->words; i++) {
    if (out->distinct > 0 && strcmp(out->table[out->distinct - 1].word, words[i]) == 0) {
      out->table[out->distinct - 1].count++;
    } else {
      out->table[out->distinct].word = words[i];
      out->table[out->distinct].count = 1;
      out->distinct++;
    }
  }
  free(words);
  qsort(out->table, out->distinct, sizeof *out->table, compare_counts);

  for (size_t i = 1; i < out->distinct; i++) {
    size_t a = strlen(out->table[i].word), b = strlen(out->table[out->longest].word);
    if (a > b || (a == b && strcmp(out->table[i].word, out->table[out->longest].word) < 0)) out->longest = i;
  }
  return 0;
}

void text_stats_free(struct text_stats *s) {
  free(s->table);
  free(s->storage);
  s->table = NULL;
  s->storage = NULL;
}
