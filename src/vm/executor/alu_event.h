// ALU operations as the machine's chips see them: one event per arithmetic/logic operation the CPU
// delegates to an ALU chip (vm/chips/README.md), and the reference semantics of each (RISC-V
// Unprivileged ISA, chapter 2 for RV32I, chapter 13 for M), which trace generation and tests use.
//
// The numeric values of AluOp are part of the circuit (they travel on the ALU bus) and of the proof
// format: never renumber them.
#pragma once

#include <cstdint>
#include <string_view>

namespace zkrv {

enum class AluOp : uint8_t {
  add = 1,
  sub = 2,
  xor_ = 3,
  or_ = 4,
  and_ = 5,
  sll = 6,
  srl = 7,
  sra = 8,
  slt = 9,
  sltu = 10,
  mul = 11,
  mulh = 12,
  mulhsu = 13,
  mulhu = 14,
  div = 15,
  divu = 16,
  rem = 17,
  remu = 18,
};

inline constexpr unsigned kAluOpCount = 18;

constexpr std::string_view alu_op_name(AluOp op) noexcept {
  switch (op) {
    case AluOp::add: return "add";
    case AluOp::sub: return "sub";
    case AluOp::xor_: return "xor";
    case AluOp::or_: return "or";
    case AluOp::and_: return "and";
    case AluOp::sll: return "sll";
    case AluOp::srl: return "srl";
    case AluOp::sra: return "sra";
    case AluOp::slt: return "slt";
    case AluOp::sltu: return "sltu";
    case AluOp::mul: return "mul";
    case AluOp::mulh: return "mulh";
    case AluOp::mulhsu: return "mulhsu";
    case AluOp::mulhu: return "mulhu";
    case AluOp::div: return "div";
    case AluOp::divu: return "divu";
    case AluOp::rem: return "rem";
    case AluOp::remu: return "remu";
  }
  return "?";
}

// a = op(b, c).
struct AluEvent {
  AluOp op = AluOp::add;
  uint32_t a = 0, b = 0, c = 0;
  friend bool operator==(const AluEvent&, const AluEvent&) = default;
};

// The RISC-V result of op(b, c), including the M-extension edge cases (division by zero gives all ones
// for the quotient and the dividend for the remainder; INT_MIN / -1 gives INT_MIN remainder 0).
constexpr uint32_t evaluate_alu(AluOp op, uint32_t b, uint32_t c) noexcept {
  const auto sb = static_cast<int32_t>(b), sc = static_cast<int32_t>(c);
  const auto sb64 = static_cast<int64_t>(sb), sc64 = static_cast<int64_t>(sc);
  switch (op) {
    case AluOp::add: return b + c;
    case AluOp::sub: return b - c;
    case AluOp::xor_: return b ^ c;
    case AluOp::or_: return b | c;
    case AluOp::and_: return b & c;
    case AluOp::sll: return b << (c & 31u);
    case AluOp::srl: return b >> (c & 31u);
    case AluOp::sra: return static_cast<uint32_t>(sb >> (c & 31u));
    case AluOp::slt: return sb < sc ? 1u : 0u;
    case AluOp::sltu: return b < c ? 1u : 0u;
    case AluOp::mul: return b * c;
    case AluOp::mulh: return static_cast<uint32_t>(static_cast<uint64_t>(sb64 * sc64) >> 32);
    case AluOp::mulhsu:
      return static_cast<uint32_t>(static_cast<uint64_t>(sb64 * static_cast<int64_t>(c)) >> 32);
    case AluOp::mulhu: return static_cast<uint32_t>((static_cast<uint64_t>(b) * c) >> 32);
    case AluOp::div:
      if (c == 0) return 0xffffffffu;
      if (sb == INT32_MIN && sc == -1) return b;
      return static_cast<uint32_t>(sb / sc);
    case AluOp::divu: return c == 0 ? 0xffffffffu : b / c;
    case AluOp::rem:
      if (c == 0) return b;
      if (sb == INT32_MIN && sc == -1) return 0;
      return static_cast<uint32_t>(sb % sc);
    case AluOp::remu: return c == 0 ? b : b % c;
  }
  return 0;
}

}  // namespace zkrv
