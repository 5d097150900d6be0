// ELF32 loader (System V gABI "ELF Object File Format" and the RISC-V ELF psABI). Validates everything
// it relies on and names the field that is wrong; anything it cannot run precisely is rejected.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "abi/memory_map.h"
#include "base/bits.h"
#include "base/byte_io.h"
#include "base/error.h"
#include "vm/isa/program_image.h"

namespace zkrv {
namespace {

constexpr uint16_t kEtExec = 2;
constexpr uint16_t kEmRiscv = 243;
constexpr uint32_t kPtLoad = 1, kPtDynamic = 2, kPtInterp = 3;
constexpr uint32_t kPfX = 1, kPfW = 2;
constexpr uint32_t kEfRiscvRvc = 0x1, kEfRiscvFloatAbi = 0x6, kEfRiscvRve = 0x8;
constexpr uint32_t kPageSize = 4096;
constexpr size_t kEhdrSize = 52, kPhdrSize = 32;
constexpr uint16_t kMaxSegments = 64;

[[noreturn]] void reject(const std::string& message) { throw MalformedInput("invalid ELF: " + message); }

struct ProgramHeader {
  uint32_t type, offset, vaddr, filesz, memsz, flags, align;
};

void check_identity(std::span<const uint8_t> b) {
  if (b.size() < 16 || b[0] != 0x7F || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') reject("not an ELF file (bad magic)");
  if (b[4] == 2) reject("64-bit ELF (ELFCLASS64); zkrv runs RV32 executables only");
  if (b[4] != 1) reject(fmt::format("unknown ELF class {}", b[4]));
  if (b[5] != 1) reject("big-endian or unknown data encoding; RISC-V ELF must be little-endian");
  if (b[6] != 1) reject(fmt::format("unknown ELF version {}", b[6]));
  if (b.size() < kEhdrSize) reject(fmt::format("truncated ELF header ({} bytes, need {})", b.size(), kEhdrSize));
}

std::string segment_name(size_t index, const ProgramHeader& ph) {
  return fmt::format("segment {} (vaddr 0x{:08x}, size 0x{:x})", index, ph.vaddr, ph.memsz);
}

}  // namespace

ProgramImage load_elf(std::span<const uint8_t> bytes) {
  check_identity(bytes);
  ByteReader header(bytes.subspan(16, kEhdrSize - 16));
  const uint16_t type = header.u16("e_type");
  const uint16_t machine = header.u16("e_machine");
  const uint32_t version = header.u32("e_version");
  const uint32_t entry = header.u32("e_entry");
  const uint32_t phoff = header.u32("e_phoff");
  header.u32("e_shoff");
  const uint32_t flags = header.u32("e_flags");
  header.u16("e_ehsize");
  const uint16_t phentsize = header.u16("e_phentsize");
  const uint16_t phnum = header.u16("e_phnum");

  if (machine != kEmRiscv) reject(fmt::format("e_machine is {}, not RISC-V ({})", machine, kEmRiscv));
  if (type != kEtExec) reject(fmt::format("e_type is {}, not a static executable (ET_EXEC); PIE and objects are not supported", type));
  if (version != 1) reject(fmt::format("e_version is {}, expected 1", version));
  if (flags & kEfRiscvRvc) reject("built for the C (compressed) extension (EF_RISCV_RVC); build with -march=rv32im");
  if (flags & kEfRiscvFloatAbi) reject("uses a hardware floating-point ABI; build with -mabi=ilp32");
  if (flags & kEfRiscvRve) reject("built for RV32E; zkrv runs RV32IM");
  if (phnum == 0) reject("no program headers");
  if (phnum > kMaxSegments) reject(fmt::format("{} program headers exceed the limit of {}", phnum, kMaxSegments));
  if (phentsize != kPhdrSize) reject(fmt::format("e_phentsize is {}, expected {}", phentsize, kPhdrSize));
  if (phoff > bytes.size() || uint64_t{phnum} * kPhdrSize > bytes.size() - phoff) {
    reject(fmt::format("program header table (offset {}, {} entries) lies outside the {}-byte file", phoff, phnum,
                       bytes.size()));
  }

  ProgramImage image;
  image.entry = entry;
  ByteReader table(bytes.subspan(phoff, size_t{phnum} * kPhdrSize));
  for (size_t i = 0; i < phnum; ++i) {
    ProgramHeader ph;
    ph.type = table.u32("p_type");
    ph.offset = table.u32("p_offset");
    ph.vaddr = table.u32("p_vaddr");
    table.u32("p_paddr");
    ph.filesz = table.u32("p_filesz");
    ph.memsz = table.u32("p_memsz");
    ph.flags = table.u32("p_flags");
    ph.align = table.u32("p_align");
    if (ph.type == kPtDynamic || ph.type == kPtInterp) reject("dynamically linked (PT_DYNAMIC/PT_INTERP); link statically");
    if (ph.type != kPtLoad || ph.memsz == 0) continue;  // PT_TLS, PT_GNU_STACK, RISC-V attributes: nothing to load

    const std::string name = segment_name(i, ph);
    if (ph.filesz > ph.memsz) reject(name + ": file size exceeds memory size");
    if (ph.offset > bytes.size() || ph.filesz > bytes.size() - ph.offset) {
      reject(fmt::format("{}: file bytes [{}, {}) lie outside the {}-byte file", name, ph.offset,
                         uint64_t{ph.offset} + ph.filesz, bytes.size()));
    }
    if (ph.vaddr < ZKRV_MEM_START || ph.vaddr >= ZKRV_MEM_END || ph.memsz > ZKRV_MEM_END - ph.vaddr) {
      reject(fmt::format("{} lies outside guest memory [0x{:08x}, 0x{:08x})", name, ZKRV_MEM_START, ZKRV_MEM_END));
    }
    Segment seg;
    seg.vaddr = ph.vaddr;
    seg.mem_size = ph.memsz;
    seg.executable = (ph.flags & kPfX) != 0;
    seg.writable = (ph.flags & kPfW) != 0;
    if (seg.executable && seg.writable) reject(name + " is both writable and executable; code must be read-only");
    if (seg.executable && ((seg.vaddr | seg.mem_size) & 3)) reject(name + ": executable segment is not 4-byte aligned");
    seg.data.assign(bytes.begin() + ph.offset, bytes.begin() + ph.offset + ph.filesz);
    image.segments.push_back(std::move(seg));
  }
  if (image.segments.empty()) reject("no loadable segment");
  std::sort(image.segments.begin(), image.segments.end(),
            [](const Segment& a, const Segment& b) { return a.vaddr < b.vaddr; });
  for (size_t i = 1; i < image.segments.size(); ++i) {
    const Segment& prev = image.segments[i - 1];
    const Segment& cur = image.segments[i];
    if (cur.vaddr < prev.end()) {
      reject(fmt::format("segments [0x{:08x}, 0x{:08x}) and [0x{:08x}, 0x{:08x}) overlap", prev.vaddr, prev.end(),
                         cur.vaddr, cur.end()));
    }
  }

  // Read-only and code ranges are hulls, so the circuit can check them with few comparisons: a store
  // must lie at or above the hull's end rounded up to a word (first_writable_address). A writable
  // segment inside the hull, below it or sharing its last word could not be written, so such
  // layouts are refused.
  bool have_code = false, have_readonly = false;
  for (const Segment& s : image.segments) {
    if (s.executable) {
      image.code_begin = have_code ? std::min(image.code_begin, s.vaddr) : s.vaddr;
      image.code_end = have_code ? std::max(image.code_end, s.end()) : s.end();
      have_code = true;
    }
    if (!s.writable) {
      image.readonly_begin = have_readonly ? std::min(image.readonly_begin, s.vaddr) : s.vaddr;
      image.readonly_end = have_readonly ? std::max(image.readonly_end, s.end()) : s.end();
      have_readonly = true;
    }
  }
  if (!have_code) reject("no executable segment");
  const uint32_t first_writable = first_writable_address(image);
  for (const Segment& s : image.segments) {
    if (!s.writable || s.vaddr >= first_writable) continue;
    if (s.vaddr < image.readonly_end && s.end() > image.readonly_begin) {
      reject(fmt::format("writable segment [0x{:08x}, 0x{:08x}) lies between read-only segments; "
                         "place code and read-only data below all writable data",
                         s.vaddr, s.end()));
    }
    if (s.end() <= image.readonly_begin) {
      reject(fmt::format("writable segment [0x{:08x}, 0x{:08x}) lies below code and read-only data "
                         "[0x{:08x}, 0x{:08x}); stores may only go above them, so place all writable data there",
                         s.vaddr, s.end(), image.readonly_begin, image.readonly_end));
    }
    reject(fmt::format("writable segment [0x{:08x}, 0x{:08x}) shares a word with read-only data ending at "
                       "0x{:08x}; start it at 0x{:08x} or above",
                       s.vaddr, s.end(), image.readonly_end, first_writable));
  }
  // The whole instruction word at the entry point lies in one executable segment.
  const bool entry_in_code = std::any_of(image.segments.begin(), image.segments.end(), [&](const Segment& s) {
    return s.executable && s.mem_size >= 4 && entry - s.vaddr <= s.mem_size - 4;  // wraps for entry < vaddr
  });
  if (!entry_in_code) reject(fmt::format("entry point 0x{:08x} is not inside an executable segment", entry));
  if (entry & 3) reject(fmt::format("entry point 0x{:08x} is not 4-byte aligned", entry));

  const uint64_t brk = round_up(image.segments.back().end(), kPageSize);
  if (brk > ZKRV_HEAP_LIMIT) reject(fmt::format("segments end at 0x{:08x}, above the heap limit 0x{:08x}", brk, ZKRV_HEAP_LIMIT));
  image.initial_brk = static_cast<uint32_t>(brk);
  return image;
}

ProgramImage load_elf_file(const std::string& path) {
  constexpr uintmax_t kMaxElfBytes = uintmax_t{256} << 20;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw MalformedInput(fmt::format("'{}' is not a readable file", path));
  const uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) throw MalformedInput(fmt::format("cannot read '{}': {}", path, ec.message()));
  if (size > kMaxElfBytes) throw MalformedInput(fmt::format("'{}' is {} bytes, over the 256 MiB limit for an ELF", path, size));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw MalformedInput(fmt::format("cannot open ELF file '{}'", path));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw MalformedInput(fmt::format("cannot read ELF file '{}'", path));
  try {
    return load_elf(bytes);
  } catch (const MalformedInput& e) {
    throw MalformedInput(fmt::format("{}: {}", path, e.what()));
  }
}

}  // namespace zkrv
