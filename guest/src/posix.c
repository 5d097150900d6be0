/* The POSIX functions picolibc's members call (fopen -> open, remove -> unlink, time -> gettimeofday,
 * clock -> times, raise -> kill/getpid, arc4random -> getentropy, ...) and a few that portable C calls
 * directly (rename, stat, isatty), so ordinary C links unchanged.
 *
 * None of them issues a system call. The VM knows only read, write, exit and brk, and treats any other
 * ecall as a guest fault; more to the point, a proof must be reproducible from (program, input), so
 * nothing here may depend on the world outside the VM. Each function is therefore a pure function of
 * its arguments, which also makes it behave identically under qemu-riscv32 (the differential tests
 * compare the two byte for byte).
 *
 * The model they present, and the errno values follow from it as Linux would report them:
 *   - the file system is empty and read-only: no path exists (ENOENT) and none can be created (EROFS);
 *   - descriptors 0-3 (input, stdout, stderr, journal) are open pipes: not seekable, not terminals;
 *     no other descriptor is open (EBADF);
 *   - the clocks stand still at the epoch: wall time 1970-01-01 00:00:00 UTC, CPU time 0;
 *   - the guest is the only process, pid 1; a signal with a default action that ends a process ends
 *     the guest with exit code 128 + signal, as a shell would report it (abort() does the same, 134);
 *   - there is no entropy source.
 * Every failure returns -1 with errno set (isatty: 0, as POSIX has it); nothing traps, loops or blocks.
 * picolibc defines none of these names, so the linker pulling this whole file in for one of them
 * never clashes with a libc.a member. */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "zkrv/guest.h"

/* The descriptors the VM has; write(2) and read(2) on them go to the VM. */
static int vm_fd(int fd) { return fd >= ZKRV_FD_INPUT && fd <= ZKRV_FD_JOURNAL; }

static int fail(int err) {
  errno = err;
  return -1;
}

/* ---- files: an empty, read-only file system ------------------------------------------------------ */

/* Reached by fopen, freopen, mkstemp, tmpfile and tmpnam. Opening an existing file is impossible, so a
 * read is ENOENT; creating one is EROFS, which Linux reports for O_CREAT of a missing file on a
 * read-only mount. Two details of picolibc depend on the choice: mktemp/tmpnam probe names with a
 * plain open and accept the first that is ENOENT (one call, a deterministic name), and mkstemp/tmpfile
 * give up at once on any errno but EEXIST (EACCES would make them retry 46656 names). */
int open(const char *path, int flags, ...) {
  (void)path;
  return fail((flags & O_CREAT) ? EROFS : ENOENT);
}

/* fclose of a stream from fdopen() lands here. The VM's descriptors cannot be closed (there is no such
 * system call), so closing one succeeds without effect: later writes still reach the VM, identically
 * under zkrv and qemu. Any other descriptor was never opened. */
int close(int fd) { return vm_fd(fd) ? 0 : fail(EBADF); }

/* Input, console and journal are streams: Linux says ESPIPE for a pipe. fseek/ftell on an fdopen()ed
 * stream therefore fail cleanly. (Under qemu fd 0 may be a regular file; the answer here does not ask.) */
off_t lseek(int fd, off_t offset, int whence) {
  (void)offset;
  (void)whence;
  return fail(vm_fd(fd) ? ESPIPE : EBADF);
}

/* remove() calls unlink; nothing exists to remove. */
int unlink(const char *path) {
  (void)path;
  return fail(ENOENT);
}

/* C's rename(), which picolibc leaves to the platform: the source never exists. */
int rename(const char *from, const char *to) {
  (void)from;
  (void)to;
  return fail(ENOENT);
}

int stat(const char *path, struct stat *st) {
  (void)path;
  (void)st;
  return fail(ENOENT);
}

/* A descriptor of the VM is described as a FIFO with nothing else known (size 0, times at the epoch),
 * consistent with lseek's ESPIPE and isatty's 0. */
int fstat(int fd, struct stat *st) {
  if (!vm_fd(fd)) return fail(EBADF);
  memset(st, 0, sizeof *st);
  st->st_mode = S_IFIFO | 0600;
  st->st_nlink = 1;
  return 0;
}

/* Nothing is a terminal: output stays buffered the way the SDK's streams buffer it (guest/src/stdio.c). */
int isatty(int fd) {
  errno = vm_fd(fd) ? ENOTTY : EBADF;
  return 0;
}

/* ---- clocks: stopped at the epoch ---------------------------------------------------------------- */

/* A real clock would be a value the prover chooses and the verifier cannot check; a stopped one makes
 * time(), localtime() and strftime() deterministic and equal under zkrv and qemu. time() returns 0, not
 * (time_t)-1, so code that only needs "a" time (seeding, timestamps, Lua's os.time) keeps working.
 * A program that waits for the clock to advance waits until the VM's cycle limit. */
int gettimeofday(struct timeval *tv, void *tz) {
  if (tv != NULL) {
    tv->tv_sec = 0;
    tv->tv_usec = 0;
  }
  if (tz != NULL) memset(tz, 0, sizeof(struct timezone)); /* UTC, no daylight saving */
  return 0;
}

/* clock() is the sum of these fields, so it returns 0: no CPU time measured. The result is the elapsed
 * real time in ticks, 0 as well; (clock_t)-1 would be the error value. */
clock_t times(struct tms *buf) {
  if (buf != NULL) memset(buf, 0, sizeof *buf);
  return 0;
}

/* ---- process and signals -------------------------------------------------------------------------- */

/* The only process; 1 rather than 0 because some code treats pid 0 as "no process". */
pid_t getpid(void) { return 1; }

/* picolibc's raise() runs handlers itself and calls kill(getpid(), sig) only for a signal left at
 * SIG_DFL, so this is the default action. The ones that ignore (or continue) do nothing; every other
 * one ends the guest, stop signals too (nothing could continue it). Like a real signal death, stdio
 * buffers are not flushed and atexit handlers do not run; the exit code is what a shell reports. */
int kill(pid_t pid, int sig) {
  if (pid != getpid() && pid != 0 && pid != -1) return fail(ESRCH);
  if (sig < 0 || sig >= NSIG) return fail(EINVAL);
  if (sig == 0 || sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT) return 0;
  char msg[] = "guest: killed by signal NN\n"; /* NSIG is 32: at most two digits */
  size_t n = 24;
  if (sig >= 10) msg[n++] = (char)('0' + sig / 10);
  msg[n++] = (char)('0' + sig % 10);
  msg[n++] = '\n';
  zkrv_sys_write(ZKRV_FD_STDERR, msg, n);
  _exit(128 + sig);
}

/* No asynchronous signal ever arrives, so blocking them is a no-op and the mask is always empty. */
int sigprocmask(int how, const sigset_t *set, sigset_t *old) {
  if (set != NULL && how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK) return fail(EINVAL);
  if (old != NULL) sigemptyset(old);
  return 0;
}

/* A deterministic machine has no entropy, and constant bytes passed off as random would be worse than
 * none: arc4random() would hand out predictable keys. Failing makes arc4random end the guest (picolibc
 * raises SIGKILL: exit code 137). Secrets belong in the private input; rand()/random() are unaffected. */
int getentropy(void *buf, size_t n) {
  (void)buf;
  (void)n;
  return fail(ENOSYS);
}
