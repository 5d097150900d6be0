#include "run_command.h"

#include <chrono>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "abi/exit_codes.h"
#include "base/error.h"
#include "host/host_io.h"
#include "vm/executor/executor.h"
#include "vm/isa/program_image.h"

namespace zkrv::cli {
namespace {

constexpr uint64_t kMaxInputBytes = uint64_t{1} << 30;

void write_stats(const std::string& path, const nlohmann::json& stats) {
  std::ofstream out(path, std::ios::trunc);
  out << stats.dump(2) << '\n';
  if (!out) throw Error(ErrorCategory::internal, fmt::format("cannot write stats file '{}'", path));
}

}  // namespace

void add_run_command(CLI::App& app, RunOptions& o) {
  CLI::App* run = app.add_subcommand("run", "Execute a guest ELF without proving");
  run->add_option("elf", o.elf, "Guest program (static RV32IM ELF)")->required();
  run->add_option("--input", o.input, "Private input file, or - for standard input");
  run->add_option("--journal", o.journal, "Write the journal (public output) to this file");
  run->add_option("--max-cycles", o.max_cycles, "Stop with exit code 5 after this many instructions")
      ->default_str("4294967296");
  run->add_option("--stats", o.stats, "Write run statistics as JSON to this file");
}

int run_command(const RunOptions& o) {
  const ProgramImage image = load_elf_file(o.elf);
  ExecutorEnv env;
  if (!o.input.empty()) env.input = read_input_file(o.input, kMaxInputBytes);
  env.max_cycles = o.max_cycles;

  const auto start = std::chrono::steady_clock::now();
  const ExecutionResult result = execute(image, env);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (!o.journal.empty()) write_output_file(o.journal, result.journal);
  const double mhz = seconds > 0 ? static_cast<double>(result.cycles) / seconds / 1e6 : 0.0;
  fmt::print(stderr, "zkrv: guest exited with code {} after {} cycles ({:.3f} s, {:.1f} MHz); journal {} bytes\n",
             static_cast<int32_t>(result.exit_code), result.cycles, seconds, mhz, result.journal.size());
  if (!o.stats.empty()) {
    nlohmann::json stats = {
        {"exit_code", result.exit_code},  {"cycles", result.cycles},
        {"execute_seconds", seconds},     {"execute_mhz", mhz},
        {"journal_bytes", result.journal.size()}, {"input_bytes", env.input.size()},
        {"peak_rss_bytes", peak_rss_bytes()},
    };
    write_stats(o.stats, stats);
  }
  return ZKRV_EXIT_OK;
}

}  // namespace zkrv::cli
