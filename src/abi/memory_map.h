/* zkrv guest ABI: the memory map.
 *
 * The circuit cannot hold a 32-bit byte address in one BabyBear element (p = 2^31 - 2^27 + 1), so guest
 * memory is confined to byte addresses below 2^30 (word addresses below 2^28): every address the
 * executor accepts is one field element, and the executor faults on every address the circuit could
 * not represent.
 *
 *   [0, ZKRV_MEM_START)              guard: any access faults (catches null-pointer use)
 *   [ZKRV_MEM_START, ZKRV_MEM_END)   RAM, zero-initialised and readable; writable only from the end of
 *                                    the ELF's read-only range (the hull of its non-writable
 *                                    segments) rounded up to a 4-byte word: a store that touches any
 *                                    byte of code or read-only data, or lies below them, faults (the
 *                                    ELF loader refuses writable segments there); instructions are
 *                                    fetched only from executable segments
 *   [ZKRV_MEM_END, 2^32)             unmapped: any access faults
 *
 * The VM sets sp = ZKRV_STACK_TOP before the first instruction (the bytes above it are zero, so a
 * start-up routine that reads argc at 0(sp) sees 0); guests must not assume this value. The heap
 * (brk) starts after the highest loaded segment and may grow up to ZKRV_HEAP_LIMIT. */
#ifndef ZKRV_ABI_MEMORY_MAP_H
#define ZKRV_ABI_MEMORY_MAP_H

#define ZKRV_MEM_START 0x00010000u
#define ZKRV_MEM_END 0x40000000u
#define ZKRV_STACK_TOP 0x3FFFFF00u
#define ZKRV_STACK_RESERVE 0x04000000u /* 64 MiB kept free for the stack below ZKRV_STACK_TOP */
#define ZKRV_HEAP_LIMIT (ZKRV_STACK_TOP - ZKRV_STACK_RESERVE)

#endif /* ZKRV_ABI_MEMORY_MAP_H */
