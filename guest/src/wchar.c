/* The two wide-character functions picolibc's <wchar.h> declares but its rv32im release libc.a does
 * not define, and libc++ calls: wcstold (std::stold of a wstring) and swprintf (std::to_wstring of a
 * floating-point value). Both are written on top of picolibc's narrow functions, exactly for the one
 * locale a guest has, "C", whose character set is ASCII:
 *   - a number's text is ASCII, so wcstold hands the ASCII prefix of its argument to strtold;
 *   - swprintf formats with vsnprintf and widens the result byte by byte. That is exact when the format
 *     and every narrow string argument are ASCII, and when no argument is wide (%lc, %ls, %C, %S): in
 *     the "C" locale a byte above 0x7F has no wide character (glibc's swprintf fails then too). Those
 *     cases fail with -1 and errno EILSEQ (non-ASCII) or EINVAL (a wide argument) rather than print
 *     something else than glibc would.
 * Guest builds only; a native build has the host C library's. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

long double wcstold(const wchar_t *restrict text, wchar_t **restrict end) {
  size_t n = 0;
  while (text[n] > 0 && text[n] < 0x80) n++; /* stops at the NUL or the first non-ASCII character */
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
 * conversion that takes a wide argument (%lc, %ls, %C, %S), ENOMEM. */
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
    int long_modifier = 0;
    while (j < n && wcschr(L"-+ #0123456789.*'$hlLqjzt", format[j]) != NULL) long_modifier |= format[j++] == 'l';
    if (j < n && (format[j] == 'S' || format[j] == 'C' || (long_modifier && (format[j] == 's' || format[j] == 'c')))) {
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
