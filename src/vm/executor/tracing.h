// The executor's tracing mode: runs a program with the same interpreter as the fast mode (interpret<>
// in interpreter.h, here with a recording tracer) and returns the per-chip events of events.h, which
// the prover's trace generation consumes without re-executing.
//
// The run is exactly the fast mode's: same exit code, cycles, journal, registers, console output and
// faults (GuestFault, CycleLimitReached). Additionally a run longer than kMaxTracedCycles fails with
// CycleLimitReached, since its timestamps would not fit 32 bits; proving splits long runs into
// segments far shorter than that.
//
// Cost: about 83 bytes of events per cycle on the SHA-256 guest (a 68-byte CpuEvent, a 16-byte
// AluEvent for most instructions, little else), plus a shadow of one 32-bit timestamp per touched RAM
// word; bench/tracing_bench.cpp measures it.
#pragma once

#include <cstddef>
#include <array>
#include <cstring>
#include <functional>
#include <new>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "vm/executor/events.h"
#include "vm/executor/executor.h"
#include "vm/isa/program_image.h"

namespace zkrv {

// Raw storage of EventBuffer (tracing.cpp): anonymous mappings with transparent huge pages, grown by
// mremap, which moves page tables instead of copying bytes.
void* grow_event_storage(void* p, size_t old_bytes, size_t new_bytes);
void free_event_storage(void* p, size_t bytes) noexcept;

// The append-only array a traced run writes its per-cycle events into: gigabytes for long runs. A
// std::vector would copy everything at each doubling and take a 4 KiB page fault per 4 KiB written
// (together several times the cost of the tracing itself on a virtual machine); this grows in place
// and asks for 2 MiB pages. Elements are value-initialised plain structs.
template <class T>
class EventBuffer {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  EventBuffer() = default;
  EventBuffer(const EventBuffer& other) { *this = other; }
  EventBuffer(EventBuffer&& other) noexcept { swap(other); }
  EventBuffer& operator=(const EventBuffer& other) {
    if (this != &other) {
      clear();
      reserve(other.size_);
      if (other.size_ != 0) std::memcpy(data_, other.data_, other.size_ * sizeof(T));
      size_ = other.size_;
    }
    return *this;
  }
  EventBuffer& operator=(EventBuffer&& other) noexcept {
    EventBuffer moved(std::move(other));
    swap(moved);
    return *this;
  }
  ~EventBuffer() { free_event_storage(data_, capacity_ * sizeof(T)); }

  T& emplace_back() {
    if (size_ == capacity_) reserve(size_ == 0 ? kInitialCapacity : 2 * size_);
    return *new (data_ + size_++) T{};
  }
  void push_back(const T& value) { emplace_back() = value; }
  void pop_back() noexcept { --size_; }
  void clear() noexcept { size_ = 0; }
  void reserve(size_t n) {
    if (n <= capacity_) return;
    data_ = static_cast<T*>(grow_event_storage(data_, capacity_ * sizeof(T), n * sizeof(T)));
    capacity_ = n;
  }

  size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  T* data() noexcept { return data_; }
  const T* data() const noexcept { return data_; }
  T& operator[](size_t i) noexcept { return data_[i]; }
  const T& operator[](size_t i) const noexcept { return data_[i]; }
  T& front() noexcept { return data_[0]; }
  const T& front() const noexcept { return data_[0]; }
  T& back() noexcept { return data_[size_ - 1]; }
  const T& back() const noexcept { return data_[size_ - 1]; }
  T* begin() noexcept { return data_; }
  T* end() noexcept { return data_ + size_; }
  const T* begin() const noexcept { return data_; }
  const T* end() const noexcept { return data_ + size_; }
  std::span<const T> span() const noexcept { return {data_, size_}; }

  void swap(EventBuffer& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

 private:
  static constexpr size_t kInitialCapacity = (size_t{64} << 10) / sizeof(T);
  T* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

struct ExecutionTrace {
  ExecutionResult result;                       // exactly what execute() returns for the same run
  EventBuffer<CpuEvent> cpu;                    // one per cycle, cpu[c].clk == c
  EventBuffer<AluEvent> alu;                    // in execution order
  std::vector<SyscallEvent> syscalls;           // in execution order
  std::vector<MemoryAccess> syscall_accesses;
  std::vector<MemoryBoundary> memory;           // every touched address once, increasing addresses

  size_t event_bytes() const noexcept {
    return cpu.size() * sizeof(CpuEvent) + alu.size() * sizeof(AluEvent) + syscalls.size() * sizeof(SyscallEvent) +
           syscall_accesses.size() * sizeof(MemoryAccess) + memory.size() * sizeof(MemoryBoundary);
  }
};

ExecutionTrace execute_traced(const ProgramImage& image, const ExecutorEnv& env);

// One segment of a run in segmented mode: at most `segment_cycles` consecutive cycles.
struct TracedSegment {
  uint32_t index = 0;
  uint64_t first_cycle = 0;  // cycles of the run before this segment
  uint64_t input_begin = 0, input_end = 0;  // private input bytes consumed before / by the end of it
  uint32_t pre_pc = 0;   // the pc of its first instruction
  uint32_t post_pc = 0;  // the pc the next segment starts at; 0 after the exit (halted)
  bool halted = false;   // the last segment: it ends with the exiting ecall
  uint32_t journal_begin = 0, journal_end = 0;  // the journal bytes it wrote: [begin, end) of the run's journal
  // Its events as a run of their own: cpu[c].clk == c from 0, timestamps from 0, `memory` every address
  // it touched with its value at the segment's start (initial_value) and end (in_image unused, 0 or 1);
  // result: cycles of the segment, its journal bytes, the registers at its end, the exit code if halted.
  ExecutionTrace trace;
  // The syscall state words 32..35 at its end, as the executor sees them: the break, the journal
  // length, the initial break, and 1 once a read of the input came back short (vm/chips/syscall).
  std::array<uint32_t, 4> state_words_end{};
  bool state_words_recorded = true;  // false: state_words_end unknown (a run traced in one piece)
};
// Returns false to stop the run after this segment.
using SegmentSink = std::function<bool(TracedSegment&)>;

// Where a segment starts: enough to continue a run there (a checkpoint's content, host/checkpoint.h).
struct ResumePoint {
  uint32_t segment_index = 0;
  uint64_t cycle = 0;           // cycles executed before
  uint32_t pc = 0;
  uint64_t input_position = 0;  // private input bytes consumed before
  // Every nonzero word of the machine state (registers 0..31, syscall state words 32..35, RAM word
  // addresses), increasing addresses. Words of the image that are absent are zero.
  std::vector<std::pair<uint32_t, uint32_t>> words;
};

// Runs `image` in tracing mode and hands it to `sink` in segments of `segment_cycles` cycles (the last
// one shorter), in order, each as soon as it is complete; the run is paused while `sink` works, so only
// one segment's events are in memory. Returns what execute() returns; faults and the cycle limit
// (env.max_cycles, which may exceed kMaxTracedCycles here) throw as there, after the segments so far.
// With `from`, the run continues from that point (the segment indices, cycles and journal positions
// continue too) instead of the image's entry; the words must describe a state the image can be in
// (read-only words unchanged), else std::invalid_argument. If `sink` returns false the run stops there
// and the result describes the run so far (cycles, journal bytes, registers; exit code 0).
ExecutionResult execute_segmented(const ProgramImage& image, const ExecutorEnv& env, uint64_t segment_cycles,
                                  const SegmentSink& sink, const ResumePoint* from = nullptr);

}  // namespace zkrv
