/* The two wide-character functions picolibc's <wchar.h> declares but its rv32im release libc.a does
 * not define, and libc++ calls: wcstold (std::stold of a wstring) and swprintf (std::to_wstring of a
 * floating-point value). Both are written on top of picolibc's narrow functions, for the one locale a
 * guest has, "C", whose character set is ASCII:
 *   - a number's text is ASCII, so wcstold hands the ASCII characters that can belong to a number to
 *     strtold;
 *   - swprintf formats with vsnprintf and widens the result byte by byte. That is exact when the format
 *     and every narrow string argument are ASCII, no argument is wide (%lc, %ls, %C, %S) and none is a
 *     long double (%Lf and the like: picolibc's printf has no long double and would print a wrong
 *     number). Everything else fails with -1 and errno EILSEQ (non-ASCII text: a narrow string argument
 *     above 0x7F has no wide character in the "C" locale, and glibc fails then too; glibc does accept a
 *     non-ASCII format) or EINVAL (a wide or long double argument), rather than print something else
 *     than a desktop would.
 * Guest builds only; a native build has the host C library's. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

/* Whether c can be part of what strtold reads: white space, a sign, digits, a point, an exponent, hex
 * digits, "inf"/"nan" and nan's "(chars)" payload. The copy stops at the first other character, so a
 * number at the start of a long text costs what the number costs. */
static int may_be_numeric(wchar_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' || c == '-' ||
         c == '.' || c == '_' || c == '(' || c == ')' || c == ' ' || (c >= '\t' && c <= '\r');
}

long double wcstold(const wchar_t *restrict text, wchar_t **restrict end) {
  size_t n = 0;
  while (may_be_numeric(text[n])) n++; /* stops at the NUL, at non-ASCII, at anything else */
  char *narrow = malloc(n + 1);
  if (narrow == NULL) {
    errno = ENOMEM;
    if (end != NULL) *end = (wchar_t *)text;
    return 0;
  }
  for (size_t i = 0; i < n; i++) narrow[i] = (char)text[i];
  narrow[n] = '\0';
  char *narrow_end = narrow;
  const long double value = strtold(narrow, &narrow_end);
  if (end != NULL) *end = (wchar_t *)text + (narrow_end - narrow);
  free(narrow);
  return value;
}

/* The format as ASCII bytes, or NULL with errno set: EILSEQ for a non-ASCII character, EINVAL for a
 * conversion that takes a wide argument (%lc, %ls, %C, %S) or a long double (%La, %Le, %Lf, %Lg, ...),
 * ENOMEM. */
static char *narrow_format(const wchar_t *format) {
  size_t n = 0;
  while (format[n] != 0) {
    if (format[n] < 0 || format[n] >= 0x80) {
      errno = EILSEQ;
      return NULL;
    }
    n++;
  }
  for (size_t i = 0; i < n; i++) {
    if (format[i] != '%') continue;
    size_t j = i + 1;
    int long_modifier = 0, long_double_modifier = 0;
    while (j < n && wcschr(L"-+ #0123456789.*'$hlLqjzt", format[j]) != NULL) {
      long_modifier |= format[j] == 'l';
      long_double_modifier |= format[j] == 'L';
      j++;
    }
    const int wide = format[j] == 'S' || format[j] == 'C' || (long_modifier && (format[j] == 's' || format[j] == 'c'));
    const int long_double = long_double_modifier && wcschr(L"aAeEfFgG", format[j]) != NULL;
    if (j < n && (wide || long_double)) {
      errno = EINVAL;
      return NULL;
    }
    i = j; /* also skips the second '%' of "%%" */
  }
  char *narrow = malloc(n + 1);
  if (narrow == NULL) {
    errno = ENOMEM;
    return NULL;
  }
  for (size_t i = 0; i <= n; i++) narrow[i] = (char)format[i];
  return narrow;
}

int vswprintf(wchar_t *restrict out, size_t size, const wchar_t *restrict format, va_list args) {
  char *narrow = narrow_format(format);
  if (narrow == NULL) return -1;
  va_list measure;
  va_copy(measure, args);
  const int length = vsnprintf(NULL, 0, narrow, measure);
  va_end(measure);
  char *text = length < 0 ? NULL : malloc((size_t)length + 1);
  if (text == NULL) {
    if (length >= 0) errno = ENOMEM;
    free(narrow);
    return -1;
  }
  vsnprintf(text, (size_t)length + 1, narrow, args);
  free(narrow);
  int result = length;
  for (int i = 0; i < length; i++) {
    if ((unsigned char)text[i] >= 0x80) { /* a narrow %s argument that is not ASCII */
      errno = EILSEQ;
      result = -1;
      break;
    }
  }
  /* C11 7.29.2.3: the output and its NUL must fit in size wide characters, or the result is negative. */
  if (result >= 0 && (size_t)length >= size) result = -1;
  if (size > 0) {
    const size_t copied = result >= 0 ? (size_t)length : 0;
    for (size_t i = 0; i < copied; i++) out[i] = (wchar_t)text[i];
    out[copied] = 0;
  }
  free(text);
  return result;
}

int swprintf(wchar_t *restrict out, size_t size, const wchar_t *restrict format, ...) {
  va_list args;
  va_start(args, format);
  const int result = vswprintf(out, size, format, args);
  va_end(args);
  return result;
}
