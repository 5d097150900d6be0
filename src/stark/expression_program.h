// ExpressionProgram: symbolic expressions (air/symbolic.h) compiled to a straight-line program, to
// evaluate them on many rows at once without running the chip's eval.
//
// Each distinct node of the expressions' DAG becomes one instruction whose result is a register (SSA:
// register i is instruction i's value), in an order where operands come first; shared sub-expressions
// are therefore computed once per evaluation, as the folder does. The LogUp trace generator
// (stark/logup.cpp) evaluates a chip's interaction tuples and multiplicities with it on PackedFp::WIDTH
// rows at a time; interactions read only the current row (the symbolic builder refuses next-row reads
// in them), which is all the program supports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "air/symbolic.h"
#include "field/babybear.h"

namespace zkrv {

class ExpressionProgram {
 public:
  enum class Op : uint8_t { constant, main, preprocessed, public_value, first_row, last_row, transition, add, sub, mul, neg };
  struct Instruction {
    Op op = Op::constant;
    uint32_t a = 0;  // operand register, or the column / public value index for loads
    uint32_t b = 0;  // second operand register
    Fp constant;     // Op::constant
  };

  // Compiles `outputs` (output k is outputs[k]). Throws std::invalid_argument for a read of the next
  // row, which the program does not support.
  explicit ExpressionProgram(std::span<const SymExpr* const> outputs);

  const std::vector<Instruction>& instructions() const noexcept { return code_; }
  size_t num_registers() const noexcept { return code_.size(); }
  size_t num_outputs() const noexcept { return outputs_.size(); }
  // Register holding output k.
  uint32_t output(size_t k) const noexcept { return outputs_[k]; }

  // Runs the program over T (Fp or PackedFp). `in` provides T main(col), T preprocessed(col),
  // T public_value(i), T first_row(), T last_row(), T transition(); registers.size() must be
  // num_registers(). Afterwards registers[output(k)] is output k.
  template <class T, class Inputs>
  void run(const Inputs& in, std::span<T> registers) const {
    for (size_t i = 0; i < code_.size(); ++i) {
      const Instruction& ins = code_[i];
      T& r = registers[i];
      switch (ins.op) {
        case Op::constant: r = T(ins.constant); break;
        case Op::main: r = in.main(ins.a); break;
        case Op::preprocessed: r = in.preprocessed(ins.a); break;
        case Op::public_value: r = in.public_value(ins.a); break;
        case Op::first_row: r = in.first_row(); break;
        case Op::last_row: r = in.last_row(); break;
        case Op::transition: r = in.transition(); break;
        case Op::add: r = registers[ins.a] + registers[ins.b]; break;
        case Op::sub: r = registers[ins.a] - registers[ins.b]; break;
        case Op::mul: r = registers[ins.a] * registers[ins.b]; break;
        case Op::neg: r = -registers[ins.a]; break;
      }
    }
  }

 private:
  std::vector<Instruction> code_;
  std::vector<uint32_t> outputs_;
};

}  // namespace zkrv
