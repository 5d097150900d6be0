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
#include "stark/cost_model.h"
#include "vm/executor/executor.h"
#include "vm/isa/program_image.h"
#include "vm/machine/machine.h"

namespace zkrv::cli {
namespace {

constexpr uint64_t kMaxInputBytes = uint64_t{1} << 30;

std::string default_receipt_path(const std::string& elf) {
  return std::filesystem::path(elf).replace_extension(".receipt").string();
}

double khz(uint64_t cycles, double seconds) { return seconds > 0 ? static_cast<double>(cycles) / seconds / 1e3 : 0.0; }

nlohmann::json stats_json(const Receipt& receipt, const ProveReport& report, const FriConfig& config,
                          unsigned segment_po2, size_t receipt_bytes, const ProgressDisplay& progress,
                          double wall_seconds) {
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
      {"segments", receipt.segments.size()},
      {"segment_po2", segment_po2},
      {"exit_code", receipt.claim.exit_code},
      {"journal_bytes", receipt.claim.journal.size()},
      {"proof_bytes", info.proof_bytes},
      {"receipt_bytes", receipt_bytes},
      {"config", config.name},
      {"zero_knowledge", config.zero_knowledge()},
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
      // The whole receipt's figures: the union bound over its segments (host/verify.h).
      {"security_bits_conjectured", info.security_bits_conjectured_all_segments},
      {"security_bits_provable", info.security_bits_provable_all_segments},
      {"chips", chips},
  };
}

// The cost model (stark/cost_model.h): the primitives' rates measured now, on this machine, and what each
// phase would take at those rates, beside what it took.
void add_cost_model(nlohmann::json& stats, const ProveReport& report) {
  const PrimitiveRates rates = measure_primitive_rates();
  const PhaseSeconds model = model_seconds(report.work, rates);
  const ProverTimings& t = report.stark;
  auto efficiency = [](double modeled, double measured) { return measured > 0 ? modeled / measured : 0.0; };
  stats["model_seconds"] = {{"main_commit", model.main_commit}, {"logup", model.logup},
                            {"quotient", model.quotient},       {"openings", model.openings},
                            {"fri", model.fri},                 {"stark", model.total()}};
  // Modeled over measured time: 1 is the primitives' speed, 0.5 half of it.
  stats["model_efficiency"] = {{"main_commit", efficiency(model.main_commit, t.main_commit_seconds)},
                               {"logup", efficiency(model.logup, t.logup_seconds)},
                               {"quotient", efficiency(model.quotient, t.quotient_seconds)},
                               {"openings", efficiency(model.openings, t.openings_seconds)},
                               {"fri", efficiency(model.fri, t.fri_seconds)},
                               {"stark", efficiency(model.total(), t.total_seconds)}};
  stats["primitive_rates_per_second"] = {{"ntt_butterflies", rates.butterflies}, {"poseidon2_24", rates.perm24},
                                         {"poseidon2_16", rates.perm16},        {"ext_muls", rates.ext_muls},
                                         {"base_muls", rates.base_muls},        {"base_adds", rates.base_adds}};
  auto phase = [](const PhaseWork& w) {
    return nlohmann::json{{"ntt_butterflies", w.butterflies}, {"poseidon2_24", w.perm24},
                          {"poseidon2_16", w.perm16},         {"ext_muls", w.ext_muls},
                          {"base_muls", w.base_muls},         {"base_adds", w.base_adds}};
  };
  stats["work"] = {{"main_commit", phase(report.work.main_commit)}, {"logup", phase(report.work.logup)},
                   {"quotient", phase(report.work.quotient)},       {"openings", phase(report.work.openings)},
                   {"fri", phase(report.work.fri)}};
}

void write_stats(const std::string& path, const nlohmann::json& stats) {
  std::ofstream out(path, std::ios::trunc);
  out << stats.dump(2) << '\n';
  if (!out) throw Error(ErrorCategory::internal, fmt::format("cannot write stats file '{}'", path));
}

// The --stats of a run `prove` refuses as longer than --max-cycles (exit 5).
nlohmann::json refused_stats_json(const std::vector<uint8_t>& input, const CycleLimitReached& refusal,
                                  uint64_t max_cycles, double wall_seconds) {
  return {
      {"refused", true},
      {"reason", refusal.what()},
      {"max_cycles", max_cycles},
      {"wall_seconds", wall_seconds},
      {"input_bytes", input.size()},
      {"peak_rss_bytes", peak_rss_bytes()},
  };
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
      ->default_str(default_fri_config().name);
  cmd->add_option("--segment-po2", o.segment_po2, "Prove in segments of at most 2^K cycles")
      ->check(CLI::Range(kMinSegmentPo2, kMaxSegmentPo2))
      ->default_val(kDefaultSegmentPo2);
  cmd->add_option("--max-cycles", o.max_cycles, "Refuse runs longer than this many cycles (exit 5)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40))
      ->default_val(uint64_t{1} << 32);
  cmd->add_option("--stats", o.stats, "Write proving statistics as JSON to this file");
  cmd->add_flag("-q,--quiet", o.quiet, "No progress display and no summary line");
}

int prove_command(const ProveOptions& o) {
  const ProgramImage program = load_elf_file(o.elf);
  std::vector<uint8_t> input;
  if (!o.input.empty()) input = read_input_file(o.input, kMaxInputBytes);
  // The default is zero-knowledge (fri/config.h, default_fri_config).
  const FriConfig& config = o.config.empty() ? default_fri_config() : fri_config_by_name(o.config);
  const std::string receipt_path = o.receipt.empty() ? default_receipt_path(o.elf) : o.receipt;

  ProveReport report;
  const auto start = std::chrono::steady_clock::now();
  ProgressDisplay progress(stderr, !o.quiet && isatty(STDERR_FILENO) != 0);
  Receipt receipt;
  try {
    zkrv::ProveOptions options;
    options.segment_po2 = o.segment_po2;
    options.max_cycles = o.max_cycles;
    options.progress = [&progress](std::string_view phase, bool done) { progress.on_phase(phase, done); };
    receipt = prove_receipt(program, input, config, options, &report);
  } catch (const CycleLimitReached& refusal) {
    progress.finish();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!o.stats.empty()) write_stats(o.stats, refused_stats_json(input, refusal, o.max_cycles, wall));
    throw;
  }
  progress.finish();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const std::vector<uint8_t> bytes = serialize_receipt(receipt);
  write_output_file(receipt_path, bytes);
  if (!o.quiet) {
    fmt::print("proved {} cycles in {} segment{}: exit code {}, journal {} bytes, receipt {} bytes, {:.2f} s "
               "({:.1f} kHz) -> {}\n",
               report.cycles, receipt.segments.size(), receipt.segments.size() == 1 ? "" : "s",
               static_cast<int32_t>(receipt.claim.exit_code), receipt.claim.journal.size(), bytes.size(), wall,
               khz(report.cycles, wall), receipt_path);
  }
  // A failed run is a true statement and proves like any other, but `zkrv verify` refuses it unless told
  // otherwise: say so now rather than when someone verifies the receipt.
  if (receipt.claim.exit_code != 0) {
    fmt::print(stderr,
               "zkrv: warning: the guest exited with code {}: the receipt proves a failed run, which `zkrv verify` "
               "refuses unless given --exit-code {} or --any-exit-code\n",
               static_cast<int32_t>(receipt.claim.exit_code), static_cast<int32_t>(receipt.claim.exit_code));
  }
  if (!o.stats.empty()) {
    nlohmann::json stats = stats_json(receipt, report, config, o.segment_po2, bytes.size(), progress, wall);
    add_cost_model(stats, report);  // after the proof: the calibration is not part of any timing
    write_stats(o.stats, stats);
  }
  return ZKRV_EXIT_OK;
}

}  // namespace zkrv::cli
