#include "vm/executor/decoded_program.h"

#include "base/byte_io.h"
#include "vm/isa/decoder.h"

namespace zkrv {

DecodedProgram decode_program(const ProgramImage& image) {
  DecodedProgram program;
  program.code_begin = image.code_begin;
  program.code_end = image.code_end;
  const size_t words = (image.code_end - image.code_begin) / 4;
  program.table.assign(words + 1, DecodedInstruction{kFetchFault, kDiscardRegister, 0, 0, 0});
  for (const Segment& s : image.segments) {
    if (!s.executable) continue;
    for (uint32_t offset = 0; offset < s.mem_size; offset += 4) {
      // Bytes past the file data are zero, which decodes as illegal, as on hardware.
      uint8_t bytes[4] = {0, 0, 0, 0};
      for (uint32_t i = 0; i < 4; ++i) {
        if (offset + i < s.data.size()) bytes[i] = s.data[offset + i];
      }
      const Instruction in = decode(load_le32(bytes));
      DecodedInstruction& d = program.table[(s.vaddr + offset - image.code_begin) / 4];
      d.op = static_cast<uint8_t>(in.op);
      d.rd = in.rd == 0 ? kDiscardRegister : in.rd;
      d.rs1 = in.rs1;
      d.rs2 = in.rs2;
      d.imm = in.imm;
    }
  }
  return program;
}

}  // namespace zkrv
