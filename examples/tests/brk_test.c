/* brk_test: the brk system call follows Linux. Every observation is committed as one u32 that does not
 * depend on where the break is (zkrv and qemu start it at different addresses), so the journal is the
 * same under both: 13 words, all expected to be 1. */
#include "zkrv/guest.h"

extern char _end[]; /* end of .bss, from the linker script */

int main(void) {
  uintptr_t b0 = zkrv_sys_brk(0);
  zkrv_commit_u32(b0 >= (uintptr_t)_end);         /* the heap starts after the program */
  zkrv_commit_u32(zkrv_sys_brk(0) == b0);         /* brk(0) only queries */

  uintptr_t grown = b0 + 0x10000 + 12345;         /* need not be page-aligned */
  zkrv_commit_u32(zkrv_sys_brk(grown) == grown);  /* growing succeeds ... */
  zkrv_commit_u32(zkrv_sys_brk(0) == grown);      /* ... and moves the break */

  /* The new memory is usable (aligned word accesses only: qemu would hide misalignment). */
  volatile uint32_t *p = (volatile uint32_t *)((b0 + 3) & ~(uintptr_t)3);
  volatile uint32_t *last = (volatile uint32_t *)((grown - 4) & ~(uintptr_t)3);
  *p = 0xdeadbeef;
  *last = 0x12345678;
  zkrv_commit_u32(*p == 0xdeadbeef && *last == 0x12345678);

  uintptr_t shrunk = b0 + 0x8000;
  zkrv_commit_u32(zkrv_sys_brk(shrunk) == shrunk); /* shrinking succeeds */
  zkrv_commit_u32(zkrv_sys_brk(0) == shrunk);

  /* Requests that cannot be met leave the break where it is and return it. */
  zkrv_commit_u32(zkrv_sys_brk(0xFFFFF000u) == shrunk);   /* far beyond any heap limit */
  zkrv_commit_u32(zkrv_sys_brk(0) == shrunk);
  zkrv_commit_u32(zkrv_sys_brk(b0 - 0x1000) == shrunk);   /* below the start of the heap */
  zkrv_commit_u32(zkrv_sys_brk(0) == shrunk);

  /* Back to the start, then grow again: memory is handed out anew. */
  zkrv_commit_u32(zkrv_sys_brk(b0) == b0);
  zkrv_commit_u32(zkrv_sys_brk(b0 + 4096) == b0 + 4096);
  return 0;
}
