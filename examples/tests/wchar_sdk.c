/* The SDK's own swprintf and wcstold (guest/src/wchar.c) where they differ from a desktop's or are
 * easy to get wrong: a wide or long double argument is refused (EINVAL), a non-ASCII format too
 * (EILSEQ), output that does not fit gives -1 and an empty string, and wcstold's end pointer stops at
 * the first character it did not use, ASCII or not. Commits one line per check. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "zkrv/guest.h"

static char line[128];

static void commit_line(void) { zkrv_commit(line, strlen(line)); }

int main(void) {
  wchar_t buf[16];
  errno = 0;
  int r = swprintf(buf, 16, L"%ls", L"wide");
  snprintf(line, sizeof line, "ls %d %d\n", r, errno == EINVAL);
  commit_line();
  errno = 0;
  r = swprintf(buf, 16, L"%5lc|%S", (wint_t)L'x', L"y");
  snprintf(line, sizeof line, "lc %d %d\n", r, errno == EINVAL);
  commit_line();
  errno = 0;
  r = swprintf(buf, 16, L"%d %Lf", 1, 1.5L); /* picolibc's printf has no long double */
  snprintf(line, sizeof line, "Lf %d %d\n", r, errno == EINVAL);
  commit_line();
  errno = 0;
  r = swprintf(buf, 16, L"caf\u00e9 %d", 1);
  snprintf(line, sizeof line, "non-ascii format %d %d\n", r, errno == EILSEQ);
  commit_line();
  r = swprintf(buf, 16, L"100%% %s %c", "ok", 'z');
  snprintf(line, sizeof line, "percent %d %d %d\n", r, wcscmp(buf, L"100% ok z") == 0, buf[r] == 0);
  commit_line();
  r = swprintf(buf, 5, L"%d", 12345);
  snprintf(line, sizeof line, "no room %d empty %d\n", r, buf[0] == 0);
  commit_line();
  r = swprintf(buf, 6, L"%d", 12345);
  snprintf(line, sizeof line, "exact fit %d %d\n", r, wcscmp(buf, L"12345") == 0);
  commit_line();
  wchar_t *end = NULL;
  const wchar_t *number = L" -2.5e2\u00e9";  /* the copy for strtold stops at the first non-ASCII */
  long double v = wcstold(number, &end);
  snprintf(line, sizeof line, "wcstold %d used %d\n", (int)v, (int)(end - number));
  commit_line();
  snprintf(line, sizeof line, "wcstold stops at %d\n", (int)wcstold(L"12;34", NULL));
  commit_line();
  const wchar_t *junk = L"x1";
  v = wcstold(junk, &end);
  snprintf(line, sizeof line, "wcstold none %d %d\n", (int)v, end == junk);
  commit_line();
  return 0;
}
