// Honest multi-chip systems built from the example chips, with balanced buses, for the air tests (debug
// builder, bus checker, mutation sweep) and for the stark tests to prove.
//
// Each system owns its chips and matrices; traces() returns ChipTrace views into them, so the system must
// stay where it is (not moved or destroyed) while the views are used.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "air/debug.h"
#include "air/testing/example_airs.h"

namespace zkrv::air_testing {

// ByteDecompAir sending the bytes of `values` to ByteTableAir.
struct ByteSystem {
  ByteDecompAir decomp;
  ByteTableAir table;
  RowMajorMatrix<Fp> decomp_main;
  RowMajorMatrix<Fp> table_main;
  RowMajorMatrix<Fp> table_prep;

  static ByteSystem honest(std::span<const uint16_t> values, size_t height) {
    ByteSystem s;
    s.decomp_main = byte_decomp_trace(values, height);
    s.table_main = byte_table_trace(s.decomp_main);
    s.table_prep = s.table.preprocessed_trace();
    return s;
  }
  std::vector<ChipTrace> traces() const {
    return {chip_trace(decomp, decomp_main.view()), chip_trace(table, table_main.view(), table_prep.view())};
  }
};

// PermSenderAir (height = xs.size()) sending xs to a taller PermReceiverAir.
struct PermSystem {
  PermSenderAir sender;
  PermReceiverAir receiver;
  RowMajorMatrix<Fp> sender_main;
  RowMajorMatrix<Fp> receiver_main;

  static PermSystem honest(std::span<const Fp> xs, size_t receiver_height) {
    PermSystem s;
    s.sender_main = RowMajorMatrix<Fp>(std::vector<Fp>(xs.begin(), xs.end()), 1);
    s.receiver_main = perm_receiver_trace(xs, receiver_height);
    return s;
  }
  std::vector<ChipTrace> traces() const {
    return {chip_trace(sender, sender_main.view()), chip_trace(receiver, receiver_main.view())};
  }
};

// Every constraint failure of every trace plus every bus imbalance, as readable lines (empty = accepted).
inline std::vector<std::string> check_system(std::span<const ChipTrace> traces) {
  std::vector<std::string> problems;
  for (const ChipTrace& t : traces)
    for (const auto& f : check_constraints(t)) problems.push_back(f.describe());
  for (const auto& imbalance : check_buses(traces)) problems.push_back(imbalance.describe());
  return problems;
}

}  // namespace zkrv::air_testing
