#include "prove_command.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "abi/exit_codes.h"
#include "base/error.h"
#include "fri/config.h"
#include "host/host_io.h"
#include "host/prove.h"
#include "host/receipt.h"
#include "host/verify.h"
#include "progress_display.h"
#include "vm/executor/executor.h"
#include "vm/isa/program_image.h"

namespace zkrv::cli {
namespace {

constexpr uint64_t kMaxInputBytes = uint64_t{1} << 30;

std::string default_receipt_path(const std::string& elf) {
  return std::filesystem::path(elf).replace_extension(".receipt").string();
}

double khz(uint64_t cycles, double seconds) { return seconds > 0 ? static_cast<double>(cycles) / seconds / 1e3 : 0.0; }

nlohmann::json stats_json(const Receipt& receipt, const ProveReport& report, const FriConfig& config,
                          size_t receipt_bytes, const ProgressDisplay& progress, double wall_seconds) {
  const ProverTimings& t = report.stark;
  nlohmann::json chips = nlohmann::json::array();
  for (const ChipReport& c : report.chips)
    chips.push_back({{"name", c.name},
                     {"rows", c.rows},
                     {"log_height", c.log_height},
                     {"main_width", c.main_width},
                     {"preprocessed_width", c.preprocessed_width},
                     {"permutation_width", c.permutation_width}});
  const ReceiptInspection info = inspect_receipt(receipt);  // security of the proof just made
  return {
      {"cycles", report.cycles},
      {"segments", receipt.segment_proofs.size()},
      {"exit_code", receipt.claim.exit_code},
      {"journal_bytes", receipt.claim.journal.size()},
      {"proof_bytes", receipt.segment_proofs[0].size()},
      {"receipt_bytes", receipt_bytes},
      {"config", config.name},
      {"execute_seconds", report.execute_seconds},
      {"trace_seconds", report.trace_seconds},
      {"main_commit_seconds", t.main_commit_seconds},
      {"logup_seconds", t.logup_seconds},
      {"quotient_seconds", t.quotient_seconds},
      {"openings_seconds", t.openings_seconds},
      {"fri_seconds", t.fri_seconds},
      {"stark_seconds", t.total_seconds},
      {"total_seconds", report.total_seconds},
      {"prove_seconds", report.total_seconds},
      // Committing the preprocessed tables under every named configuration for the image ID: outside
      // total_seconds (it does not grow with the run), inside wall_seconds.
      {"image_seconds", progress.seconds_of("image")},
      {"wall_seconds", wall_seconds},
      {"prove_khz", khz(report.cycles, report.total_seconds)},
      {"khz", khz(report.cycles, report.total_seconds)},
      {"peak_rss_bytes", peak_rss_bytes()},
      {"committed_cells", report.committed_cells},
      {"committed_cells_per_cycle", report.committed_cells_per_cycle()},
      {"security_bits_conjectured", info.security.conjectured.total_bits()},
      {"security_bits_provable", info.security.provable.total_bits()},
      {"chips", chips},
  };
}

void write_stats(const std::string& path, const nlohmann::json& stats) {
  std::ofstream out(path, std::ios::trunc);
  out << stats.dump(2) << '\n';
  if (!out) throw Error(ErrorCategory::internal, fmt::format("cannot write stats file '{}'", path));
}

// How far past one segment a refused run goes is what a user sizing the job needs, so the run is
// finished in the fast executor (hundreds of MHz) up to this bound: a few seconds at most, also for a
// guest that never exits.
constexpr uint64_t kRefusedRunCycleBound = uint64_t{1} << 30;

// The --stats of a run `prove` refuses as longer than one segment (exit 5).
nlohmann::json refused_stats_json(const ProgramImage& program, const std::vector<uint8_t>& input,
                                  const CycleLimitReached& refusal, double wall_seconds) {
  nlohmann::json stats = {
      {"refused", true},
      {"reason", refusal.what()},
      {"cycles", kMaxSegmentCycles},  // the traced run stopped here: every cycle of the segment was used
      {"segment_cycle_limit", kMaxSegmentCycles},
      {"wall_seconds", wall_seconds},
      {"input_bytes", input.size()},
  };
  ExecutorEnv env;
  env.input = input;
  env.max_cycles = kRefusedRunCycleBound;
  env.console = [](int, std::span<const uint8_t>) {};
  try {
    const ExecutionResult whole = execute(program, env);
    stats["run_cycles"] = whole.cycles;
    stats["run_exit_code"] = whole.exit_code;
  } catch (const CycleLimitReached&) {
    stats["run_cycles"] = nullptr;
    stats["run_cycles_at_least"] = kRefusedRunCycleBound;
  } catch (const Error& failure) {  // a guest fault after the first segment, or anything else
    stats["run_cycles"] = nullptr;
    stats["run_error"] = failure.what();
  }
  stats["peak_rss_bytes"] = peak_rss_bytes();
  return stats;
}

}  // namespace

void add_prove_command(CLI::App& app, ProveOptions& o) {
  CLI::App* cmd = app.add_subcommand("prove", "Execute a guest ELF and prove the run: write a receipt");
  cmd->add_option("elf", o.elf, "Guest program (static RV32IM ELF)")->required();
  cmd->add_option("--input", o.input, "Private input file, or - for standard input");
  cmd->add_option("-o,--receipt", o.receipt, "Receipt file to write (default: the ELF's name with .receipt)");
  std::vector<std::string> names;
  for (const FriConfig& c : named_fri_configs()) names.push_back(c.name);
  cmd->add_option("--config", o.config, "Named proof configuration")
      ->check(CLI::IsMember(names))
      ->default_str(names.front());
  cmd->add_option("--stats", o.stats, "Write proving statistics as JSON to this file");
  cmd->add_flag("-q,--quiet", o.quiet, "No progress display and no summary line");
}

int prove_command(const ProveOptions& o) {
  const ProgramImage program = load_elf_file(o.elf);
  std::vector<uint8_t> input;
  if (!o.input.empty()) input = read_input_file(o.input, kMaxInputBytes);
  // The registry's first configuration is the default (fri/config.h lists the fastest first).
  const FriConfig& config = o.config.empty() ? named_fri_configs().front() : fri_config_by_name(o.config);
  const std::string receipt_path = o.receipt.empty() ? default_receipt_path(o.elf) : o.receipt;

  ProveReport report;
  const auto start = std::chrono::steady_clock::now();
  ProgressDisplay progress(stderr, !o.quiet && isatty(STDERR_FILENO) != 0);
  Receipt receipt;
  try {
    receipt = prove_receipt(
        program, input, config, [&progress](std::string_view phase, bool done) { progress.on_phase(phase, done); },
        &report);
  } catch (const CycleLimitReached& refusal) {
    progress.finish();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!o.stats.empty()) write_stats(o.stats, refused_stats_json(program, input, refusal, wall));
    throw;
  }
  progress.finish();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const std::vector<uint8_t> bytes = serialize_receipt(receipt);
  write_output_file(receipt_path, bytes);
  if (!o.quiet) {
    fmt::print("proved {} cycles: exit code {}, journal {} bytes, proof {} bytes, {:.2f} s ({:.1f} kHz) -> {}\n",
               report.cycles, static_cast<int32_t>(receipt.claim.exit_code), receipt.claim.journal.size(),
               receipt.segment_proofs[0].size(), wall, khz(report.cycles, wall), receipt_path);
  }
  if (!o.stats.empty()) write_stats(o.stats, stats_json(receipt, report, config, bytes.size(), progress, wall));
  return ZKRV_EXIT_OK;
}

}  // namespace zkrv::cli
