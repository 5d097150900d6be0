/* Start-up code: the ELF entry point `_start`.
 *
 * The loader (zkrv or qemu-riscv32) has already placed every segment, zero-filled .bss and the
 * reserved .tbss space, and set sp. We do not rely on sp's value (qemu puts argc/argv/envp there,
 * zkrv a different address) and pass main an empty argument list instead. Written as a top-level
 * asm block in a C file so guest projects need not enable CMake's ASM language. */

#include <stdlib.h>

extern int main(int argc, char **argv);
extern void __libc_init_array(void);

/* Called from _start once gp, tp and sp are set up. */
__attribute__((noreturn, used)) void __zkrv_start_c(void) {
  static char *argv[] = {NULL};
  __libc_init_array(); /* .preinit_array and .init_array: C++ static constructors, constructor attrs */
  exit(main(0, argv));
}

__asm__(
    "  .section .text._start,\"ax\",@progbits\n"
    "  .globl _start\n"
    "  .type _start,@function\n"
    "_start:\n"
    /* gp must be loaded without linker relaxation, else the linker would turn this very load
       into a gp-relative one (a no-op with -mno-relax, but keep the code correct either way). */
    "  .option push\n"
    "  .option norelax\n"
    "  la gp, __global_pointer$\n"
    "  .option pop\n"
    /* Single thread: the TLS template (.tdata followed by the zero-filled .tbss space) is used in
       place as the thread's TLS block; on RISC-V tp points at its start (no TCB before it). */
    "  la tp, __tls_base\n"
    "  andi sp, sp, -16\n" /* the psABI wants a 16-byte aligned stack at calls */
    "  call __zkrv_start_c\n"
    "  .size _start, . - _start\n");
