/* zkrv guest ABI: system calls (docs/architecture.md section 2, "guest ABI").
 *
 * A guest issues `ecall` with the syscall number in a7, arguments in a0..a5 and receives the result in
 * a0. Numbers are Linux's RISC-V numbers, so the same ELF runs unchanged under qemu-riscv32
 * (`qemu-riscv32 guest.elf <input 3>journal`). Plain C: shared by the host and by guest/. */
#ifndef ZKRV_ABI_SYSCALLS_H
#define ZKRV_ABI_SYSCALLS_H

/* read(fd, buf, count): fd 0 reads the private input; returns the bytes read, 0 at its end. */
#define ZKRV_SYS_READ 63
/* write(fd, buf, count): fd 1/2 to the host console, fd 3 appends to the public journal. */
#define ZKRV_SYS_WRITE 64
/* exit(code) / exit_group(code): halt; all 32 bits of a0 are the guest's exit code. */
#define ZKRV_SYS_EXIT 93
#define ZKRV_SYS_EXIT_GROUP 94
/* brk(addr): Linux semantics; returns the new break, or the current one if addr is refused. */
#define ZKRV_SYS_BRK 214
/* zkrv-only calls (accelerators) use numbers from here up; none are defined yet. */
#define ZKRV_SYS_ZKRV_BASE 0x10000

#define ZKRV_FD_INPUT 0
#define ZKRV_FD_STDOUT 1
#define ZKRV_FD_STDERR 2
#define ZKRV_FD_JOURNAL 3

/* Linux errno values returned (negated) in a0. */
#define ZKRV_EBADF 9

#endif /* ZKRV_ABI_SYSCALLS_H */
