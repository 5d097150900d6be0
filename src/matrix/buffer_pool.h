// BufferPool: keeps the prover's large freed buffers for reuse instead of returning them to the kernel.
//
// Why: every fresh page the prover touches is a page fault plus the kernel zeroing it. Measured on the
// 2-core reference machine, first-touching 1 GiB costs 0.38 s with 4 KiB pages (2.6 GB/s) and up to
// 2.3 s with transparent huge pages when the kernel must compact memory first, against 0.04 s for a
// memset of memory already mapped. A 2^20-cycle segment allocates and frees several GiB of LDE,
// quotient and Merkle buffers, and a multi-segment proof repeats the same shapes per segment; profiles
// showed the kernel's page clearing at ~18% of prover CPU. The pool keeps blocks of 2 MiB and more
// (the sizes AlignedBuffer aligns to huge pages) when they are freed and hands them out again.
//
// Huge pages are opt-in (ZKRV_HUGE_PAGES=1 advises every block MADV_HUGEPAGE). On the 2-core reference
// VM (Firecracker, THP "madvise") they made proving slower: the kernel time of first-touching a 2 MiB
// page was 2 to 3 times that of the same memory in 4 KiB pages, with no gain in user time (SHA-256 at
// 2^20: system 1.5 s against 2.9 to 5.1 s, wall 8.0 to 8.3 s against 8.4 to 10.5 s, three interleaved
// runs each; docs/sizing.md). On a machine where first touches are cheap and TLB misses dominate,
// setting it may pay.
//
// Memory bound: the pool never makes its footprint (capacities handed out plus capacities cached)
// exceed the largest total capacity ever handed out at once. A request the cache cannot serve first
// evicts cached blocks (largest first) until the new block fits under that bound. Capacities exceed
// the requests: sizes are rounded up (to 2 MiB, and above 16 MiB to 1/8 of their power of two, see
// round_up) and a cached block is reused for a request it exceeds by at most a quarter, so the peak is
// that of a plain allocator times at most 1.25 x 1.125 (plus up to 2 MiB per block below 16 MiB); in
// the prover, whose blocks are tens to hundreds of MiB, the measured peak went down, not up (freed
// blocks no longer wait for the kernel). The cached memory is released by trim() (the machine prover calls it when a proof is done)
// and at exit. Thread-safe (one mutex; only large, infrequent allocations come here).
#pragma once

#include <cstddef>

namespace zkrv::buffer_pool {

// Blocks smaller than this bypass the pool (plain aligned_alloc / free).
inline constexpr size_t kMinPooledBytes = size_t{2} << 20;

// A block of at least `bytes` bytes, aligned to 2 MiB (advised MADV_HUGEPAGE if ZKRV_HUGE_PAGES=1);
// contents unspecified.
// `bytes` >= kMinPooledBytes. Throws std::bad_alloc.
void* acquire(size_t bytes);
// Gives back a block from acquire().
void release(void* block) noexcept;
// Returns every cached block to the system.
void trim() noexcept;

struct Stats {
  size_t cached_bytes = 0;      // held for reuse now
  size_t live_bytes = 0;        // handed out now (block capacities)
  size_t peak_bytes = 0;        // largest live_bytes so far (the footprint bound)
  size_t reused = 0;            // acquire() calls served from the cache
  size_t fresh = 0;             // acquire() calls served by the system
};
Stats stats() noexcept;

// Capacity of the block acquire(bytes) returns: bytes rounded up to 2 MiB and to 1/8 of its power of
// two (so blocks of nearby sizes can be exchanged).
size_t round_up(size_t bytes) noexcept;

}  // namespace zkrv::buffer_pool
