#include "vm/executor/decoded_program.h"

#include <algorithm>
#include <vector>

#include "base/byte_io.h"
#include "vm/isa/decoder.h"

namespace zkrv {

DecodedProgram decode_program(const ProgramImage& image) {
  DecodedProgram program;
  program.code_begin = image.code_begin;
  program.code_end = image.code_end;
  const size_t words = (image.code_end - image.code_begin) / 4;
  program.table.assign(words + 1, DecodedInstruction{kFetchFault, kDiscardRegister, 0, 0, 0});
  // Every word of the code range is fetchable, whichever segment (or none: zero bytes) holds it: the
  // circuit's decode chip reads the word from memory anywhere in the range (vm/chips/program/
  // instruction_decode_chip.h), and the range is read-only, so this table is exactly what it proves.
  std::vector<uint8_t> bytes(image.code_end - image.code_begin, 0);
  for (const Segment& s : image.segments) {
    const uint32_t begin = std::max(s.vaddr, image.code_begin), end = std::min(s.end(), image.code_end);
    for (uint32_t a = begin; a < end; ++a)
      if (a - s.vaddr < s.data.size()) bytes[a - image.code_begin] = s.data[a - s.vaddr];
  }
  for (size_t i = 0; i < words; ++i) {
    const Instruction in = decode(load_le32(bytes.data() + 4 * i));  // 0 and other non-instructions: illegal
    DecodedInstruction& d = program.table[i];
    d.op = static_cast<uint8_t>(in.op);
    d.rd = in.rd == 0 ? kDiscardRegister : in.rd;
    d.rs1 = in.rs1;
    d.rs2 = in.rs2;
    d.imm = in.imm;
  }
  return program;
}

}  // namespace zkrv
