// MachineForge: forged runs of the whole machine for adversarial tests (header-only, tests only).
//
// It runs a program with the tracing executor, lets the test edit the events (a run the executor would
// never produce, made consistent by hand), builds every chip's trace with the project's own generators,
// and then lets the test edit trace cells. rebalance_bytes() recomputes the byte table from every other
// chip's byte sends, so a forgery is consistent everywhere except where the targeted check can see it;
// check() runs the debug builder and the bus checker over the whole machine, prove_and_verify() proves
// the (forged) traces and runs the verifier on the proof.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"
#include "fri/config.h"
#include "vm/chips/byte/byte_chip.h"
#include "vm/chips/memory/memory_leaf_chip.h"
#include "vm/chips/memory/memory_node_chip.h"
#include "vm/chips/poseidon2/poseidon2_chip.h"
#include "vm/machine/memory_tree.h"
#include "vm/executor/tracing.h"
#include "vm/machine/machine.h"
#include "vm/machine/machine_traces.h"

namespace zkrv::machine_testing {

// A word from two limb columns of a row.
inline uint32_t word_at(std::span<const Fp> row, size_t lo, size_t hi) {
  return row[lo].as_canonical() | row[hi].as_canonical() << 16;
}

// The real rows of a segment's memory leaf table, read back.
inline std::vector<chips::LeafRow> leaf_rows(const MachineTraces& t) {
  using L = chips::MemoryLeafChip;
  std::vector<chips::LeafRow> out;
  for (size_t r = 0; r < t.rows[MachineChips::kMemoryLeaf]; ++r) {
    const auto row = t.main[MachineChips::kMemoryLeaf].row(r);
    chips::LeafRow l;
    l.leaf = row[L::kLeafLo].as_canonical() + (row[L::kLeafHi].as_canonical() << 16);
    for (size_t j = 0; j < chips::kWordsPerLeaf; ++j) {
      l.old_words[j] = word_at(row, L::kOldLo + j, L::kOldHi + j);
      l.new_words[j] = word_at(row, L::kNewLo + j, L::kNewHi + j);
      l.final_ts[j] = row[L::kTs + j].as_canonical();
    }
    out.push_back(l);
  }
  return out;
}

// The node rows of a tree update, as the machine builds them.
inline std::vector<chips::NodeRow> node_rows_of(const TreeUpdate& update) {
  std::vector<chips::NodeRow> nodes;
  for (const NodeChange& c : update.nodes)
    nodes.push_back({c.node, c.old_left, c.old_right, c.new_left, c.new_right, c.left_on_path, c.right_on_path});
  return nodes;
}

// Writes `leaves` and `nodes` as the segment's memory tables exactly as given: the leaf table, the node
// table and the Poseidon2 table of the nodes' two compressions each. Leaf words that change without a
// timestamp (which the leaf generator refuses) are written into the cells afterwards. The caller
// rebalances the byte table and sets the statement's roots.
inline void write_memory_rows(MachineTraces& t, const std::vector<chips::LeafRow>& leaves,
                              const std::vector<chips::NodeRow>& nodes) {
  using L = chips::MemoryLeafChip;
  chips::ByteLookups unused;
  std::vector<chips::LeafRow> generable = leaves;
  for (chips::LeafRow& l : generable)
    for (size_t j = 0; j < chips::kWordsPerLeaf; ++j)
      if (l.final_ts[j] == 0) l.new_words[j] = l.old_words[j];
  t.main[MachineChips::kMemoryLeaf] = L{}.generate_trace(generable, unused);
  t.rows[MachineChips::kMemoryLeaf] = leaves.size();
  for (size_t r = 0; r < leaves.size(); ++r)
    for (size_t j = 0; j < chips::kWordsPerLeaf; ++j) {
      t.main[MachineChips::kMemoryLeaf].row(r)[L::kNewLo + j] = Fp(leaves[r].new_words[j] & 0xffffu);
      t.main[MachineChips::kMemoryLeaf].row(r)[L::kNewHi + j] = Fp(leaves[r].new_words[j] >> 16);
    }
  std::vector<std::array<Fp, 16>> permutations;
  t.main[MachineChips::kMemoryNode] = chips::MemoryNodeChip{}.generate_trace(nodes, permutations, unused);
  t.rows[MachineChips::kMemoryNode] = nodes.size();
  t.main[MachineChips::kPoseidon2] =
      chips::Poseidon2Chip{}.generate_trace(permutations, std::vector<uint32_t>(permutations.size(), 1));
  t.rows[MachineChips::kPoseidon2] = permutations.size();
}


class MachineForge {
 public:
  using RunEdit = std::function<void(ExecutionTrace&)>;

  MachineForge(MachineImage image, std::vector<uint8_t> input, const RunEdit& edit_run = {})
      : image_(std::move(image)), chips_(image_) {
    ExecutorEnv env;
    env.input = std::move(input);
    env.max_cycles = kMaxSegmentCycles;
    env.console = [](int, std::span<const uint8_t>) {};
    ExecutionTrace run = execute_traced(image_.program, env);
    if (edit_run) edit_run(run);
    traces_ = generate_machine_traces(chips_, image_, run);
    honest_ = traces_;
    publics_ = chips_.public_values(traces_.statement);
    for (size_t i = 0; i < MachineChips::kCount; ++i) prep_.push_back(chips_.preprocessed_trace(i));
  }

  MachineTraces& traces() { return traces_; }
  const MachineTraces& traces() const { return traces_; }
  RowMajorMatrix<Fp>& main(size_t chip) { return traces_.main[chip]; }
  size_t real_rows(size_t chip) const { return traces_.rows[chip]; }

  // The first real row of `chip` whose column `col` equals `value` (e.g. a kind flag set to 1).
  size_t row_with(size_t chip, size_t col, Fp value = Fp::one()) const {
    for (size_t r = 0; r < real_rows(chip); ++r)
      if (traces_.main[chip].row(r)[col] == value) return r;
    ADD_FAILURE() << "no row with column " << col << " = " << value.as_canonical();
    return 0;
  }

  // Recomputes the byte table from every other chip's byte sends. A send of a tuple the table does not
  // hold is left out (it stays unbalanced, as it would in a proof).
  void rebalance_bytes() {
    chips::ByteLookups bytes;
    for (size_t c = 0; c < MachineChips::kCount; ++c) {
      if (c == MachineChips::kByte) continue;
      for (size_t r = 0; r < traces_.main[c].height(); ++r)
        for (const auto& i : interactions(traces_, c, r))
          if (i.bus == chips::kByteBus && i.kind == InteractionKind::send && i.multiplicity == Fp::one())
            chips::record_byte_tuple(i.values[0].as_canonical(), i.values[1].as_canonical(),
                                     i.values[2].as_canonical(), i.values[3].as_canonical(), bytes);
    }
    traces_.main[MachineChips::kByte] = chips::ByteChip{}.generate_trace(bytes);
  }

  std::vector<std::string> check() const { return check_machine_traces(chips_, traces_, 4); }

  // "" if the verifier accepts the proof of the current traces for the current claim, else its reason.
  std::string prove_and_verify() const {
    try {
      Digest root;
      const StarkProof proof =
          prove_machine_traces(chips_, traces_, fri_config_by_name("zkrv-fri-b2-v2"), nullptr, &root);
      verify_segment(chips_.shape(), root, traces_.statement, traces_.claim, proof);
      return "";
    } catch (const ProofRejected& e) {
      return e.what();
    }
  }

  // Constraint failures of `chip` on rows r - 1 and r, and whether row r's interactions differ from the
  // honest row's (then the buses cannot balance: everything else is honest and balanced).
  bool locally_rejected(size_t chip, size_t r) const {
    const ChipTrace view = view_of(traces_, chip);
    for (size_t row : {r == 0 ? view.main.height() - 1 : r - 1, r}) {
      DebugBuilder b(view.main, view.preprocessed, view.public_values, false);
      b.set_row(row);
      view.eval(b);
      if (!b.row_failures().empty()) return true;
    }
    return interaction_net(interactions(traces_, chip, r)) != interaction_net(interactions(honest_, chip, r));
  }

 private:
  ChipTrace view_of(const MachineTraces& t, size_t chip) const {
    return chips_.debug_view(chip, t.main[chip].view(),
                             prep_[chip].width() == 0 ? MatrixView<const Fp>{} : prep_[chip].view(), publics_[chip]);
  }
  std::vector<EvaluatedInteraction<Fp>> interactions(const MachineTraces& t, size_t chip, size_t r) const {
    return row_interactions(view_of(t, chip), r);
  }

  MachineImage image_;
  MachineChips chips_;
  MachineTraces traces_, honest_;
  std::vector<std::vector<Fp>> publics_;
  std::vector<RowMajorMatrix<Fp>> prep_;
};

inline bool mentions(const std::vector<std::string>& failures, const std::string& what) {
  for (const std::string& f : failures)
    if (f.find(what) != std::string::npos) return true;
  return false;
}

inline std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

}  // namespace zkrv::machine_testing
