// Dumps the constraints and bus interactions of the ALU chips as JSON, for the z3 forgery search in
// alu_forgery_check.py (tests/solver/README.md).
//
// Nothing here restates a constraint: each chip's own eval runs on the SymbolicBuilder
// (air/symbolic.h), and the recorded expression DAG is written out node by node, so the solver checks
// exactly the code the prover and verifier run. A chip edit needs no change here.
//
// Output (one JSON object): {"field_modulus": p, "chips": [chip...]}, each chip
//   {"name", "width", "columns": [names], "nodes": [node...], "constraints": [{"name", "expr", "degree"}],
//    "interactions": [{"bus", "bus_id", "kind", "values": [node ids], "multiplicity": node id}]}
// where a node is ["const", canonical value] | ["var", main column] | ["add"|"sub"|"mul", lhs, rhs] |
// ["neg", operand] and every id refers to an earlier node (a topological order, shared sub-expressions
// written once). Selectors, next-row or preprocessed reads and public values are refused: a one-row ALU
// chip has none, and silently dropping them would make the search check a different AIR.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "air/symbolic.h"
#include "field/babybear.h"
#include "vm/chips/add_sub/add_sub_chip.h"
#include "vm/chips/bitwise/bitwise_chip.h"
#include "vm/chips/divrem/divrem_chip.h"
#include "vm/chips/lt/lt_chip.h"
#include "vm/chips/mul/mul_chip.h"
#include "vm/chips/shift/shift_chip.h"

namespace {

using nlohmann::json;
using zkrv::SymExpr;

// Writes each DAG node once, children first, and returns its index in the node list.
class NodeTable {
 public:
  size_t add(const SymExpr& e) {
    if (auto it = ids_.find(e.node_id()); it != ids_.end()) return it->second;
    json node;
    switch (e.op()) {
      case SymExpr::Op::constant: node = json::array({"const", e.constant().as_canonical()}); break;
      case SymExpr::Op::variable: {
        const zkrv::SymVar v = e.variable();
        if (v.entry != zkrv::Entry::main || v.offset != 0)
          throw std::runtime_error("only current-row main columns are supported, found " + zkrv::to_string(v));
        node = json::array({"var", v.index});
        break;
      }
      case SymExpr::Op::selector: throw std::runtime_error("row selectors are not supported (one-row search)");
      case SymExpr::Op::add: node = binary("add", e); break;
      case SymExpr::Op::sub: node = binary("sub", e); break;
      case SymExpr::Op::mul: node = binary("mul", e); break;
      case SymExpr::Op::neg: {
        const size_t operand = add(e.lhs());
        node = json::array({"neg", operand});
        break;
      }
    }
    nodes_.push_back(std::move(node));
    const size_t id = nodes_.size() - 1;
    ids_.emplace(e.node_id(), id);
    return id;
  }
  json take_nodes() { return std::move(nodes_); }

 private:
  json binary(const char* op, const SymExpr& e) {
    const size_t lhs = add(e.lhs());
    const size_t rhs = add(e.rhs());
    return json::array({op, lhs, rhs});
  }
  json nodes_ = json::array();
  std::unordered_map<const void*, size_t> ids_;
};

template <class Chip>
json export_chip(const Chip& chip) {
  const zkrv::AirInfo info = zkrv::analyze(chip);
  if (info.preprocessed_width != 0 || info.num_public_values != 0)
    throw std::runtime_error(std::string(chip.name()) + ": preprocessed columns or public values not supported");
  NodeTable table;
  json constraints = json::array();
  for (const auto& c : info.constraints) {
    const size_t expr = table.add(c.expr);
    constraints.push_back({{"name", c.name}, {"expr", expr}, {"degree", c.degree}});
  }
  json interactions = json::array();
  for (const auto& i : info.interactions) {
    json values = json::array();
    for (const auto& v : i.values) values.push_back(table.add(v));
    const size_t multiplicity = table.add(i.multiplicity);
    interactions.push_back({{"bus", std::string(i.bus.name)},
                            {"bus_id", i.bus.id},
                            {"kind", std::string(zkrv::kind_name(i.kind))},
                            {"values", std::move(values)},
                            {"multiplicity", multiplicity}});
  }
  json columns = json::array();
  for (std::string_view name : Chip::kColumnNames) columns.push_back(std::string(name));
  if (columns.size() != info.width) throw std::runtime_error(std::string(chip.name()) + ": column names != width");
  return {{"name", std::string(chip.name())}, {"width", info.width},          {"columns", std::move(columns)},
          {"nodes", table.take_nodes()},     {"constraints", std::move(constraints)},
          {"interactions", std::move(interactions)}};
}

}  // namespace

int main(int argc, char** argv) {
  try {
    json out = {{"field_modulus", zkrv::Fp::P}, {"chips", json::array()}};
    out["chips"].push_back(export_chip(zkrv::chips::AddSubChip{}));
    out["chips"].push_back(export_chip(zkrv::chips::BitwiseChip{}));
    out["chips"].push_back(export_chip(zkrv::chips::LtChip{}));
    out["chips"].push_back(export_chip(zkrv::chips::ShiftChip{}));
    out["chips"].push_back(export_chip(zkrv::chips::MulChip{}));
    out["chips"].push_back(export_chip(zkrv::chips::DivRemChip{}));
    const std::string text = out.dump(1);
    if (argc > 1) {
      std::ofstream file(argv[1]);
      file << text << '\n';
      if (!file) throw std::runtime_error(std::string("cannot write ") + argv[1]);
    } else {
      std::cout << text << '\n';
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "export_constraints: %s\n", e.what());
    return 1;
  }
}
