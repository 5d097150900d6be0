#include <gtest/gtest.h>

#include <functional>

#include "abi/memory_map.h"
#include "base/error.h"
#include "support/elf_builder.h"
#include "vm/isa/program_image.h"

namespace zkrv {
namespace {

using test::ElfSpec;
using test::kPfR;
using test::kPfW;
using test::kPfX;

// A valid two-segment program: code at 0x10000, data (with .bss) at 0x20000.
ElfSpec valid_spec() {
  ElfSpec spec;
  spec.entry = 0x10000;
  spec.segments.push_back({0x10000, test::words_to_bytes({0x00000013, 0x05d00893, 0x00000073}), 0, kPfR | kPfX});
  spec.segments.push_back({0x20000, {1, 2, 3, 4}, 0x100, kPfR | kPfW});
  return spec;
}

// Expects load_elf to throw MalformedInput whose message contains `needle`.
void expect_rejected(const std::vector<uint8_t>& bytes, const std::string& needle) {
  try {
    load_elf(bytes);
    FAIL() << "accepted an ELF that should be rejected (" << needle << ")";
  } catch (const MalformedInput& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << "message was: " << e.what();
    EXPECT_EQ(e.exit_code(), 3);
  }
}

void expect_spec_rejected(const std::function<void(ElfSpec&)>& change, const std::string& needle) {
  ElfSpec spec = valid_spec();
  change(spec);
  expect_rejected(test::build_elf(spec), needle);
}

TEST(ElfLoader, LoadsValidProgram) {
  const ProgramImage image = load_elf(test::build_elf(valid_spec()));
  EXPECT_EQ(image.entry, 0x10000u);
  ASSERT_EQ(image.segments.size(), 2u);
  EXPECT_TRUE(image.segments[0].executable);
  EXPECT_FALSE(image.segments[0].writable);
  EXPECT_EQ(image.segments[0].data.size(), 12u);
  EXPECT_TRUE(image.segments[1].writable);
  EXPECT_EQ(image.segments[1].mem_size, 0x100u);
  EXPECT_EQ(image.code_begin, 0x10000u);
  EXPECT_EQ(image.code_end, 0x1000Cu);
  EXPECT_EQ(image.readonly_begin, 0x10000u);
  EXPECT_EQ(image.readonly_end, 0x1000Cu);
  EXPECT_EQ(image.initial_brk, 0x21000u);  // end of .bss rounded up to a page
}

TEST(ElfLoader, SegmentsAreSortedAndNonLoadHeadersIgnored) {
  ElfSpec spec = valid_spec();
  std::swap(spec.segments[0], spec.segments[1]);
  spec.segments.push_back({0, {}, 0, kPfR | kPfW, 0x6474e551});  // PT_GNU_STACK
  spec.segments.push_back({0x20000, {}, 0, kPfR, 7});             // PT_TLS
  const ProgramImage image = load_elf(test::build_elf(spec));
  ASSERT_EQ(image.segments.size(), 2u);
  EXPECT_EQ(image.segments[0].vaddr, 0x10000u);
}

TEST(ElfLoader, RejectsGarbageAndTruncation) {
  expect_rejected({}, "bad magic");
  expect_rejected({'h', 'e', 'l', 'l', 'o'}, "bad magic");
  std::vector<uint8_t> bytes = test::build_elf(valid_spec());
  for (size_t cut : {size_t{16}, size_t{40}, size_t{52}, size_t{60}, size_t{116}, bytes.size() - 1}) {
    std::vector<uint8_t> truncated(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut));
    EXPECT_THROW(load_elf(truncated), MalformedInput) << "cut at " << cut;
  }
}

TEST(ElfLoader, RejectsWrongIdentity) {
  std::vector<uint8_t> bytes = test::build_elf(valid_spec());
  auto with = [&](size_t index, uint8_t value) {
    auto copy = bytes;
    copy[index] = value;
    return copy;
  };
  expect_rejected(with(4, 2), "64-bit");
  expect_rejected(with(4, 9), "unknown ELF class");
  expect_rejected(with(5, 2), "little-endian");
  expect_rejected(with(6, 0), "version");
}

TEST(ElfLoader, RejectsWrongHeaderFields) {
  expect_spec_rejected([](ElfSpec& s) { s.machine = 62; }, "not RISC-V");
  expect_spec_rejected([](ElfSpec& s) { s.type = 3; }, "ET_EXEC");
  expect_spec_rejected([](ElfSpec& s) { s.flags = 1; }, "compressed");
  expect_spec_rejected([](ElfSpec& s) { s.flags = 2; }, "floating-point");
  expect_spec_rejected([](ElfSpec& s) { s.flags = 8; }, "RV32E");
  expect_spec_rejected([](ElfSpec& s) { s.segments.clear(); }, "no program headers");
}

TEST(ElfLoader, RejectsBadSegments) {
  expect_spec_rejected([](ElfSpec& s) { s.segments[1].vaddr = 0x1000; }, "outside guest memory");
  expect_spec_rejected([](ElfSpec& s) { s.segments[1].vaddr = 0; }, "outside guest memory");
  expect_spec_rejected([](ElfSpec& s) { s.segments[1].vaddr = ZKRV_MEM_END; }, "outside guest memory");
  expect_spec_rejected([](ElfSpec& s) { s.segments[1].vaddr = ZKRV_MEM_END - 0x80; }, "outside guest memory");
  expect_spec_rejected([](ElfSpec& s) { s.segments[1].mem_size = 2; }, "file size exceeds memory size");
  expect_spec_rejected([](ElfSpec& s) { s.segments[1].vaddr = 0x10008; }, "overlap");
  expect_spec_rejected([](ElfSpec& s) { s.segments[0].flags = kPfR | kPfW | kPfX; }, "writable and executable");
  expect_spec_rejected([](ElfSpec& s) { s.segments[0].vaddr = 0x10002; s.entry = 0x10004; }, "not 4-byte aligned");
  expect_spec_rejected([](ElfSpec& s) { s.segments[0].flags = kPfR; }, "no executable segment");
  expect_spec_rejected([](ElfSpec& s) { s.segments[1].type = 3; }, "dynamically linked");
  expect_spec_rejected([](ElfSpec& s) { s.segments[1].type = 2; }, "dynamically linked");
  // A writable segment between code and read-only data would break the two-comparison store check.
  expect_spec_rejected(
      [](ElfSpec& s) { s.segments.push_back({0x30000, {0, 0, 0, 0}, 0, kPfR}); }, "lies between read-only");
  // Stores go only above code and read-only data, rounded up to a word, so writable data must lie there.
  expect_spec_rejected(
      [](ElfSpec& s) {
        s.segments[0].vaddr = s.entry = 0x30000;
      },
      "lies below code and read-only data");
  expect_spec_rejected(
      [](ElfSpec& s) {
        s.segments.push_back({0x1000C, {7, 7}, 0, kPfR});  // read-only data ends at 0x1000E
        s.segments[1].vaddr = 0x1000E;
      },
      "shares a word with read-only data ending at 0x0001000e; start it at 0x00010010");
  expect_spec_rejected(
      [](ElfSpec& s) {
        s.segments.push_back({0x1000C, {7, 7}, 0, kPfR});
        s.segments[1].vaddr = 0x1000F;
      },
      "shares a word");
  expect_spec_rejected(
      [](ElfSpec& s) {
        s.segments[1].mem_size = ZKRV_HEAP_LIMIT;
        s.segments[1].vaddr = 0x20000;
      },
      "heap limit");
}

TEST(ElfLoader, WritableDataMayStartAtTheFirstWritableWord) {
  ElfSpec spec = valid_spec();
  spec.segments.push_back({0x1000C, {7, 7}, 0, kPfR});  // read-only data [0x1000C, 0x1000E)
  spec.segments[1].vaddr = 0x10010;
  const ProgramImage image = load_elf(test::build_elf(spec));
  EXPECT_EQ(image.readonly_end, 0x1000Eu);
  EXPECT_EQ(first_writable_address(image), 0x10010u);
  EXPECT_EQ(image.segments.back().vaddr, 0x10010u);
}

TEST(ElfLoader, RejectsSegmentDataOutsideFile) {
  std::vector<uint8_t> bytes = test::build_elf(valid_spec());
  // Patch the second program header's p_offset (header at 52 + 32, p_offset at +4) past the end.
  const size_t p_offset = 52 + 32 + 4;
  bytes[p_offset] = 0xFF;
  bytes[p_offset + 1] = 0xFF;
  bytes[p_offset + 2] = 0xFF;
  bytes[p_offset + 3] = 0x7F;
  expect_rejected(bytes, "outside the");
}

TEST(ElfLoader, RejectsBadEntryPoint) {
  expect_spec_rejected([](ElfSpec& s) { s.entry = 0x20000; }, "not inside an executable segment");
  expect_spec_rejected([](ElfSpec& s) { s.entry = 0x0; }, "not inside an executable segment");
  expect_spec_rejected([](ElfSpec& s) { s.entry = 0x1000C; }, "not inside an executable segment");  // code's end
  ElfSpec last_word = valid_spec();
  last_word.entry = 0x10008;
  EXPECT_EQ(load_elf(test::build_elf(last_word)).entry, 0x10008u);
  expect_spec_rejected([](ElfSpec& s) { s.entry = 0x10002; }, "not 4-byte aligned");
}

TEST(ElfLoader, RejectsHostileProgramHeaderTable) {
  std::vector<uint8_t> bytes = test::build_elf(valid_spec());
  auto patched = bytes;
  patched[28] = 0xF0;  // e_phoff far beyond the file
  patched[29] = 0xFF;
  expect_rejected(patched, "program header table");
  patched = bytes;
  patched[44] = 200;  // e_phnum over the limit
  expect_rejected(patched, "exceed the limit");
  patched = bytes;
  patched[42] = 56;  // e_phentsize of ELF64
  expect_rejected(patched, "e_phentsize");
}

TEST(ElfLoader, FileErrorsAreMalformedInput) {
  EXPECT_THROW(load_elf_file("/nonexistent/guest.elf"), MalformedInput);
  EXPECT_THROW(load_elf_file("/tmp"), MalformedInput);
}

// Every single-byte corruption of the headers either loads or fails with MalformedInput; nothing
// else (no crash, no other exception type).
TEST(ElfLoader, ByteFlipsNeverCrash) {
  const std::vector<uint8_t> bytes = test::build_elf(valid_spec());
  for (size_t i = 0; i < 52 + 2 * 32; ++i) {
    for (uint8_t mask : {uint8_t{0x01}, uint8_t{0x80}, uint8_t{0xFF}}) {
      auto copy = bytes;
      copy[i] ^= mask;
      try {
        load_elf(copy);
      } catch (const MalformedInput&) {
      }
    }
  }
}

}  // namespace
}  // namespace zkrv
