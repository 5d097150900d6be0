/* Clocks and files as a guest sees them. The SDK's POSIX functions (guest/src/posix.c) answer without
 * asking the outside world, so every line printed here is the same under zkrv and under qemu-riscv32:
 * the clocks stand at the epoch, and the file system is empty and read-only. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "textstats.h"

static void report_clocks(void) {
  time_t now = time(NULL);
  report_line("time: time() = %lld", (long long)now);

  struct timeval tv;
  int rc = gettimeofday(&tv, NULL);
  report_line("time: gettimeofday() = %d, %lld s %ld us", rc, (long long)tv.tv_sec, (long)tv.tv_usec);

  clock_t c = clock();
  report_line("time: clock() = %ld", (long)c);

  char buf[64];
  struct tm *utc = gmtime(&now);
  if (utc != NULL && strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", utc) > 0)
    report_line("time: now in UTC = %s", buf);

  /* A fixed date, completed by mktime (day of the week and of the year), then formatted. With no TZ
   * set, local time is UTC. */
  struct tm leap = {.tm_year = 2024 - 1900, .tm_mon = 1, .tm_mday = 29, .tm_hour = 13, .tm_min = 45,
                    .tm_sec = 7, .tm_isdst = 0};
  time_t t = mktime(&leap);
  if (strftime(buf, sizeof buf, "%A %d %B %Y %H:%M:%S, day %j", &leap) > 0)
    report_line("time: fixed date = %s (mktime %lld)", buf, (long long)t);
}

/* "fails: errno N (message)", or "succeeds" should a file ever be there. */
static void report_result(const char *what, int ok, int err) {
  if (ok)
    report_line("file: %s succeeds", what);
  else
    report_line("file: %s fails: errno %d (%s)", what, err, strerror(err));
}

static void try_fopen(const char *path, const char *mode) {
  char what[64];
  snprintf(what, sizeof what, "fopen(\"%s\", \"%s\")", path, mode);
  errno = 0;
  FILE *f = fopen(path, mode);
  report_result(what, f != NULL, errno);
  if (f != NULL) fclose(f);
}

static void report_files(void) {
  try_fopen("words.txt", "r");
  try_fopen("report.txt", "w");
  try_fopen("log.txt", "a");

  errno = 0;
  int rc = remove("words.txt");
  report_result("remove(\"words.txt\")", rc == 0, errno);

  errno = 0;
  rc = rename("report.txt", "report.old");
  report_result("rename(\"report.txt\", \"report.old\")", rc == 0, errno);

  errno = 0;
  FILE *tmp = tmpfile();
  report_result("tmpfile()", tmp != NULL, errno);
  if (tmp != NULL) fclose(tmp);

  /* The same failure once more through perror, which writes to stderr. */
  errno = 0;
  if (fopen("words.txt", "r") == NULL) perror("textstats: words.txt");

  const char *home = getenv("HOME");
  report_line("env: HOME %s, command processor %s", home != NULL ? home : "unset",
              system(NULL) ? "present" : "absent");
}

void report_environment(void) {
  report_clocks();
  report_files();
}
