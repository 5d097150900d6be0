#include "stark/expression_program.h"

#include <stdexcept>
#include <unordered_map>

namespace zkrv {

ExpressionProgram::ExpressionProgram(std::span<const SymExpr* const> outputs) {
  std::unordered_map<const void*, uint32_t> reg;  // node -> register
  // Iterative post-order: a node is emitted once both operands are.
  struct Frame {
    const SymExpr* e;
    bool expanded;
  };
  for (const SymExpr* root : outputs) {
    std::vector<Frame> stack{{root, false}};
    while (!stack.empty()) {
      Frame f = stack.back();
      stack.pop_back();
      const SymExpr& e = *f.e;
      if (reg.count(e.node_id())) continue;
      const SymExpr::Op op = e.op();
      const bool binary = op == SymExpr::Op::add || op == SymExpr::Op::sub || op == SymExpr::Op::mul;
      const bool unary = op == SymExpr::Op::neg;
      if ((binary || unary) && !f.expanded) {
        stack.push_back({f.e, true});
        stack.push_back({&e.lhs(), false});
        if (binary) stack.push_back({&e.rhs(), false});
        continue;
      }
      Instruction ins;
      switch (op) {
        case SymExpr::Op::constant:
          ins.op = Op::constant;
          ins.constant = e.constant();
          break;
        case SymExpr::Op::variable: {
          const SymVar v = e.variable();
          if (v.offset != 0) throw std::invalid_argument("ExpressionProgram: reads the next row");
          ins.op = v.entry == Entry::main           ? Op::main
                   : v.entry == Entry::preprocessed ? Op::preprocessed
                                                    : Op::public_value;
          ins.a = v.index;
          break;
        }
        case SymExpr::Op::selector:
          ins.op = e.selector_kind() == Selector::first_row  ? Op::first_row
                   : e.selector_kind() == Selector::last_row ? Op::last_row
                                                             : Op::transition;
          break;
        case SymExpr::Op::add:
        case SymExpr::Op::sub:
        case SymExpr::Op::mul:
          ins.op = op == SymExpr::Op::add ? Op::add : op == SymExpr::Op::sub ? Op::sub : Op::mul;
          ins.a = reg.at(e.lhs().node_id());
          ins.b = reg.at(e.rhs().node_id());
          break;
        case SymExpr::Op::neg:
          ins.op = Op::neg;
          ins.a = reg.at(e.lhs().node_id());
          break;
      }
      reg.emplace(e.node_id(), static_cast<uint32_t>(code_.size()));
      code_.push_back(ins);
    }
    outputs_.push_back(reg.at(root->node_id()));
  }
}

}  // namespace zkrv
