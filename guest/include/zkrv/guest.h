/* zkrv guest SDK: the calls a guest program makes to the VM (C and C++).
 *
 * Input, journal and console are plain Linux system calls (src/abi/syscalls.h), so a guest built with
 * this SDK runs unchanged under `qemu-riscv32 guest.elf <input 3>journal`. The raw `zkrv_ecall*`
 * wrappers are inline; the helpers live in the SDK runtime library (guest/src/).
 *
 * The same header builds natively (any target but RISC-V), so that a guest's source also compiles as a
 * host program for tests: ZkrvGuest.cmake without the guest toolchain file builds it, reading the
 * private input from stdin and appending the journal to fd 3 (`./my_guest <input 3>journal`). Natively,
 * zkrv_sys_read/zkrv_sys_write are the POSIX calls; the raw ecalls and brk exist only in the guest. */
#ifndef ZKRV_GUEST_H
#define ZKRV_GUEST_H

#include <stddef.h>
#include <stdint.h>

#include "abi/syscalls.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__riscv)
/* ---- raw system calls: number in a7, arguments in a0..a2, result in a0 ------------------------- */

static inline long zkrv_ecall1(long num, long arg0) {
  register long a0 __asm__("a0") = arg0;
  register long a7 __asm__("a7") = num;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
  return a0;
}

static inline long zkrv_ecall3(long num, long arg0, long arg1, long arg2) {
  register long a0 __asm__("a0") = arg0;
  register long a1 __asm__("a1") = arg1;
  register long a2 __asm__("a2") = arg2;
  register long a7 __asm__("a7") = num;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
  return a0;
}

/* write(2): returns the bytes written or -errno (e.g. -ZKRV_EBADF for an fd other than 1, 2, 3). */
static inline long zkrv_sys_write(int fd, const void *buf, size_t n) {
  return zkrv_ecall3(ZKRV_SYS_WRITE, fd, (long)(uintptr_t)buf, (long)n);
}
/* read(2) on the private input (fd 0): returns the bytes read (possibly fewer than n), 0 at its end. */
static inline long zkrv_sys_read(void *buf, size_t n) {
  return zkrv_ecall3(ZKRV_SYS_READ, ZKRV_FD_INPUT, (long)(uintptr_t)buf, (long)n);
}
/* brk(2), Linux semantics: returns the new break, or the unchanged current one if addr is refused;
 * brk(0) returns the current break. */
static inline uintptr_t zkrv_sys_brk(uintptr_t addr) {
  return (uintptr_t)zkrv_ecall1(ZKRV_SYS_BRK, (long)addr);
}
#else
/* ---- native build: the same two calls on the host's descriptors (guest/src/native.c) ------------ */

/* write(2) on fd: the bytes written or -errno (-EBADF when fd 3 was not opened: run with 3>journal). */
long zkrv_sys_write(int fd, const void *buf, size_t n);
/* read(2) on stdin (fd 0), retried on EINTR: the bytes read, 0 at its end, or -errno. */
long zkrv_sys_read(void *buf, size_t n);
#endif

/* ---- private input ----------------------------------------------------------------------------- */

/* Reads up to n bytes; returns fewer only when the input ends. */
size_t zkrv_read(void *buf, size_t n);
/* Reads exactly n bytes: 0 on success, -1 if the input ended first. */
int zkrv_read_exact(void *buf, size_t n);
/* Reads the rest of the input into a malloc'ed buffer (NUL-terminated for convenience; the NUL is not
 * counted in *len). Returns NULL if out of memory. Free with free(). */
void *zkrv_read_all(size_t *len);

/* ---- public journal ------------------------------------------------------------------------------ */

/* Appends n bytes to the journal. A failed write (e.g. fd 3 not open under qemu) aborts the guest. */
void zkrv_commit(const void *buf, size_t n);
/* Appends x as 4 bytes, little-endian. */
void zkrv_commit_u32(uint32_t x);

/* ---- console and exit ---------------------------------------------------------------------------- */

/* Writes msg and a newline to stderr (fd 2), unbuffered. */
void zkrv_log(const char *msg);
/* Ends the guest like exit(): runs atexit handlers and destructors, flushes stdout, then halts with
 * all 32 bits of code as the exit code (natively, the host keeps the low 8). Use
 * zkrv_ecall1(ZKRV_SYS_EXIT, code) to halt at once. */
#ifdef __cplusplus
[[noreturn]]
#else
_Noreturn
#endif
void zkrv_exit(uint32_t code);

#ifdef __cplusplus
}
#endif

#endif /* ZKRV_GUEST_H */
