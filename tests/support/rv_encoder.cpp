#include "support/rv_encoder.h"

#include <stdexcept>

namespace zkrv::test::rv {
namespace {

struct OpInfo {
  const char* name;
  Format format;
  uint32_t opcode, funct3, funct7;
};

// Indexed by Op; opcode/funct3/funct7 from the RISC-V unprivileged spec, chapter "RV32/64G
// Instruction Set Listings".
constexpr std::array<OpInfo, kOpCount> kOps = {{
    {"lui", Format::u, 0x37, 0, 0},          {"auipc", Format::u, 0x17, 0, 0},
    {"jal", Format::j, 0x6f, 0, 0},          {"jalr", Format::jalr, 0x67, 0, 0},
    {"beq", Format::branch, 0x63, 0, 0},     {"bne", Format::branch, 0x63, 1, 0},
    {"blt", Format::branch, 0x63, 4, 0},     {"bge", Format::branch, 0x63, 5, 0},
    {"bltu", Format::branch, 0x63, 6, 0},    {"bgeu", Format::branch, 0x63, 7, 0},
    {"lb", Format::load, 0x03, 0, 0},        {"lh", Format::load, 0x03, 1, 0},
    {"lw", Format::load, 0x03, 2, 0},        {"lbu", Format::load, 0x03, 4, 0},
    {"lhu", Format::load, 0x03, 5, 0},       {"sb", Format::store, 0x23, 0, 0},
    {"sh", Format::store, 0x23, 1, 0},       {"sw", Format::store, 0x23, 2, 0},
    {"addi", Format::i, 0x13, 0, 0},         {"slti", Format::i, 0x13, 2, 0},
    {"sltiu", Format::i, 0x13, 3, 0},        {"xori", Format::i, 0x13, 4, 0},
    {"ori", Format::i, 0x13, 6, 0},          {"andi", Format::i, 0x13, 7, 0},
    {"slli", Format::shift, 0x13, 1, 0x00},  {"srli", Format::shift, 0x13, 5, 0x00},
    {"srai", Format::shift, 0x13, 5, 0x20},  {"add", Format::r, 0x33, 0, 0x00},
    {"sub", Format::r, 0x33, 0, 0x20},       {"sll", Format::r, 0x33, 1, 0x00},
    {"slt", Format::r, 0x33, 2, 0x00},       {"sltu", Format::r, 0x33, 3, 0x00},
    {"xor", Format::r, 0x33, 4, 0x00},       {"srl", Format::r, 0x33, 5, 0x00},
    {"sra", Format::r, 0x33, 5, 0x20},       {"or", Format::r, 0x33, 6, 0x00},
    {"and", Format::r, 0x33, 7, 0x00},       {"mul", Format::r, 0x33, 0, 0x01},
    {"mulh", Format::r, 0x33, 1, 0x01},      {"mulhsu", Format::r, 0x33, 2, 0x01},
    {"mulhu", Format::r, 0x33, 3, 0x01},     {"div", Format::r, 0x33, 4, 0x01},
    {"divu", Format::r, 0x33, 5, 0x01},      {"rem", Format::r, 0x33, 6, 0x01},
    {"remu", Format::r, 0x33, 7, 0x01},      {"fence", Format::fence, 0x0f, 0, 0},
    {"ecall", Format::ecall, 0x73, 0, 0},
}};

const OpInfo& info(Op op) { return kOps.at(static_cast<size_t>(op)); }

void check(bool ok, const Insn& insn, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("rv::encode ") + info(insn.op).name + ": " + what);
}

uint32_t reg(unsigned r, const Insn& insn) {
  check(r < 32, insn, "register out of range");
  return r;
}

uint32_t bits(int32_t value, unsigned hi, unsigned lo) {
  return (static_cast<uint32_t>(value) >> lo) & ((1u << (hi - lo + 1)) - 1);
}

}  // namespace

const char* op_name(Op op) { return info(op).name; }
Format op_format(Op op) { return info(op).format; }

uint32_t encode(const Insn& insn) {
  const OpInfo& o = info(insn.op);
  const uint32_t rd = reg(insn.rd, insn) << 7, rs1 = reg(insn.rs1, insn) << 15, rs2 = reg(insn.rs2, insn) << 20;
  const uint32_t f3 = o.funct3 << 12, f7 = o.funct7 << 25;
  const int32_t imm = insn.imm;
  switch (o.format) {
    case Format::r:
      return f7 | rs2 | rs1 | f3 | rd | o.opcode;
    case Format::i:
    case Format::load:
    case Format::jalr:
      check(imm >= -2048 && imm <= 2047, insn, "12-bit immediate out of range");
      return bits(imm, 11, 0) << 20 | rs1 | f3 | rd | o.opcode;
    case Format::shift:
      check(imm >= 0 && imm <= 31, insn, "shift amount out of range");
      return f7 | static_cast<uint32_t>(imm) << 20 | rs1 | f3 | rd | o.opcode;
    case Format::store:
      check(imm >= -2048 && imm <= 2047, insn, "12-bit immediate out of range");
      return bits(imm, 11, 5) << 25 | rs2 | rs1 | f3 | bits(imm, 4, 0) << 7 | o.opcode;
    case Format::branch:
      check(imm >= -4096 && imm <= 4094 && imm % 2 == 0, insn, "branch offset out of range or odd");
      return bits(imm, 12, 12) << 31 | bits(imm, 10, 5) << 25 | rs2 | rs1 | f3 | bits(imm, 4, 1) << 8 |
             bits(imm, 11, 11) << 7 | o.opcode;
    case Format::u:
      check(imm >= 0 && imm <= 0xFFFFF, insn, "20-bit upper immediate out of range");
      return static_cast<uint32_t>(imm) << 12 | rd | o.opcode;
    case Format::j:
      check(imm >= -(1 << 20) && imm < (1 << 20) && imm % 2 == 0, insn, "jump offset out of range or odd");
      return bits(imm, 20, 20) << 31 | bits(imm, 10, 1) << 21 | bits(imm, 11, 11) << 20 |
             bits(imm, 19, 12) << 12 | rd | o.opcode;
    case Format::fence:
      check(imm >= 0 && imm <= 0xFF, insn, "fence pred/succ out of range");
      return static_cast<uint32_t>(imm) << 20 | o.opcode;
    case Format::ecall:
      return o.opcode;
  }
  throw std::invalid_argument("rv::encode: unknown format");
}

std::string disassemble(const Insn& insn) {
  const OpInfo& o = info(insn.op);
  auto x = [](unsigned r) {
    std::string name = "x";  // (not "x" + to_string: GCC 12 -Wrestrict false positive)
    name += std::to_string(r);
    return name;
  };
  const std::string name = o.name, imm = std::to_string(insn.imm);
  auto rel = [&] {
    std::string text = insn.imm >= 0 ? "+" : "";
    text += imm;
    return text;
  };
  switch (o.format) {
    case Format::r: return name + " " + x(insn.rd) + ", " + x(insn.rs1) + ", " + x(insn.rs2);
    case Format::i:
    case Format::shift: return name + " " + x(insn.rd) + ", " + x(insn.rs1) + ", " + imm;
    case Format::load:
    case Format::jalr: return name + " " + x(insn.rd) + ", " + imm + "(" + x(insn.rs1) + ")";
    case Format::store: return name + " " + x(insn.rs2) + ", " + imm + "(" + x(insn.rs1) + ")";
    case Format::branch: return name + " " + x(insn.rs1) + ", " + x(insn.rs2) + ", " + rel();
    case Format::u: return name + " " + x(insn.rd) + ", " + std::to_string(static_cast<uint32_t>(insn.imm));
    case Format::j: return name + " " + x(insn.rd) + ", " + rel();
    case Format::fence: return name + " pred=" + std::to_string(insn.imm >> 4) + ", succ=" + std::to_string(insn.imm & 15);
    case Format::ecall: return name;
  }
  return name;
}

}  // namespace zkrv::test::rv
