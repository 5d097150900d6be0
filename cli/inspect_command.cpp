#include "inspect_command.h"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "abi/exit_codes.h"
#include "fri/security.h"
#include "host/host_io.h"
#include "host/receipt.h"
#include "host/verify.h"
#include "journal_text.h"

namespace zkrv::cli {
namespace {

constexpr size_t kJournalPreviewBytes = 64;

}  // namespace

void add_inspect_command(CLI::App& app, InspectOptions& o) {
  CLI::App* cmd = app.add_subcommand("inspect", "Describe a receipt without verifying it");
  cmd->add_option("receipt", o.receipt, "Receipt file (from zkrv prove)")->required();
}

int inspect_command(const InspectOptions& o) {
  const Receipt r = read_receipt_file(o.receipt);
  const MachineShape& shape = r.image.shape;
  fmt::print("zkrv receipt, format version {} (NOT verified: run `zkrv verify` to check the proof)\n",
             Receipt::kFormatVersion);
  fmt::print("image ID:       {}\n", r.claim.image_id.to_hex());
  fmt::print("exit code:      {} (0x{:08x}){}\n", static_cast<int32_t>(r.claim.exit_code), r.claim.exit_code,
             r.claim.exit_code == 0 ? ""
                                    : ": a failed run; `zkrv verify` refuses it unless given --exit-code or "
                                      "--any-exit-code");
  fmt::print("journal:        {} bytes {}\n", r.claim.journal.size(), journal_literal(r.claim.journal, kJournalPreviewBytes));
  fmt::print("image shape:    entry 0x{:08x}, code [0x{:08x}, 0x{:08x}), first writable 0x{:08x}\n", shape.entry,
             4 * shape.code_begin_word, 4 * shape.code_end_word, 4 * shape.first_writable_word);
  fmt::print("initial memory: {}\n", r.image.initial_memory_root.to_hex());
  std::fflush(stdout);  // the claim is shown even if the proof below cannot be decoded
  const ReceiptInspection info = inspect_receipt(r);
  fmt::print("commitments:    {}\n", info.image_id_matches ? "hash to the image ID"
                                                            : "DO NOT hash to the image ID (verification will fail)");
  fmt::print("configuration:  {}\n", info.config_name);
  fmt::print("zero knowledge: {}\n",
             info.zero_knowledge
                 ? "yes (trace, LogUp and quotient openings masked; not hidden: the tables' heights and LogUp "
                   "sums, docs/zero-knowledge.md)"
                 : "no (integrity only: the proofs may reveal the private input)");
  fmt::print("proofs:         {} bytes in {} segment{}\n", info.proof_bytes, info.segments.size(),
             info.segments.size() == 1 ? "" : "s");
  fmt::print("segments (pc before -> after, memory root before -> after (first 8 hex digits), journal bytes, "
             "table heights: CPU, memory leaf / node / poseidon2, proof bytes, conjectured bits):\n");
  for (size_t k = 0; k < info.segments.size(); ++k) {
    const auto& seg = info.segments[k];
    const SegmentStatement& st = seg.statement;
    const auto log_height = [&](std::string_view name) {
      for (const auto& chip : seg.chips)
        if (chip.name == name) return chip.log_height;
      return 0u;
    };
    fmt::print("  {:>4}  0x{:08x} -> 0x{:08x}{}  {} -> {}  [{}, {})  2^{}  2^{}/2^{}/2^{}  {}  {:.1f}\n", k, st.pre_pc,
               st.post_pc, st.halted ? " (exit)" : "", st.pre_root.to_hex().substr(0, 8),
               st.post_root.to_hex().substr(0, 8), st.journal_begin, st.journal_end, log_height("cpu"),
               log_height("memory_leaf"), log_height("memory_node"), log_height("poseidon2"), seg.proof_bytes,
               seg.security.conjectured.total_bits());
  }
  fmt::print("chips of the weakest segment (log2 of trace height):\n");
  for (const auto& chip : info.chips) fmt::print("  {:<20} {}\n", chip.name, chip.log_height);
  fmt::print("security:       {:.1f} bits conjectured, {:.1f} bits provable for the receipt (all {} segments, "
             "union bound); weakest segment {:.1f} bits conjectured ({}), {:.1f} bits provable ({})\n",
             info.security_bits_conjectured_all_segments, info.security_bits_provable_all_segments,
             info.segments.size(), info.security.conjectured.total_bits(), info.security.conjectured.regime,
             info.security.provable.total_bits(), info.security.provable.regime);
  // Every term with its formula and citation, so the figures can be checked by hand.
  fmt::print("\n{}\n{}", format_security(info.security.conjectured), format_security(info.security.provable));
  return ZKRV_EXIT_OK;
}

}  // namespace zkrv::cli
