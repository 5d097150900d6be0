#include "differential_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace zkrv::test {
namespace {

std::string bytes_summary(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  std::string out = fmt::format("{} vs {} bytes", a.size(), b.size());
  size_t shown = 0;
  for (size_t i = 0; i < std::max(a.size(), b.size()) && shown < 8; ++i) {
    const int x = i < a.size() ? a[i] : -1, y = i < b.size() ? b[i] : -1;
    if (x == y) continue;
    out += fmt::format("; [{}] {} vs {}", i, x < 0 ? "--" : fmt::format("{:02x}", x),
                       y < 0 ? "--" : fmt::format("{:02x}", y));
    ++shown;
  }
  return out;
}

std::string register_table(const std::vector<uint8_t>& qemu_journal, const std::vector<uint8_t>& zkrv_journal) {
  const std::vector<uint32_t> q = parse_register_dump(qemu_journal), z = parse_register_dump(zkrv_journal);
  if (q.empty() || z.empty()) return "  (no complete register dump on one side)\n";
  std::string out = "  reg   qemu        zkrv\n";
  for (size_t i = 0; i < q.size(); ++i) {
    out += fmt::format("  x{:<3}  0x{:08x}  0x{:08x}{}\n", i + 1, q[i], z[i], q[i] != z[i] ? "   <-- differs" : "");
  }
  return out;
}

bool runs_agree(const GeneratedProgram& program, QemuRunner& qemu) {
  return !compare_runs(qemu.run_bytes(program.elf, program.input), run_zkrv(program.elf, program.input)).has_value();
}

// The smallest block count k such that the program cut after k body blocks already disagrees; the
// culprit is then block k - 1 (or the prologue/epilogue when k == 0). Assumes, as a hint, that a
// disagreement persists once it appears.
uint32_t first_disagreeing_prefix(const GeneratedProgram& program, QemuRunner& qemu) {
  uint32_t lo = 0, hi = static_cast<uint32_t>(program.blocks.size());
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    GeneratorOptions options;
    options.block_limit = mid;
    if (runs_agree(generate_program(program.seed, options), qemu)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

}  // namespace

std::optional<std::string> compare_runs(const QemuRun& qemu, const ZkrvRun& zkrv) {
  std::string diff;
  if (!qemu.exited) diff += fmt::format("  qemu did not exit: {}\n", qemu.describe());
  if (!zkrv.exited) diff += fmt::format("  zkrv did not exit: {}\n", zkrv.describe());
  if (qemu.exited && zkrv.exited && static_cast<uint32_t>(qemu.exit_status) != (zkrv.exit_code & 0xff)) {
    diff += fmt::format("  exit code: qemu {} vs zkrv {} (& 0xff of {:#x})\n", qemu.exit_status, zkrv.exit_code & 0xff,
                        zkrv.exit_code);
  }
  if (qemu.stdout_bytes != zkrv.stdout_bytes) {
    diff += "  stdout: " + bytes_summary(qemu.stdout_bytes, zkrv.stdout_bytes) + "\n";
  }
  if (qemu.stderr_bytes != zkrv.stderr_bytes) {
    diff += "  stderr: " + bytes_summary(qemu.stderr_bytes, zkrv.stderr_bytes) + "\n";
  }
  if (qemu.journal != zkrv.journal) diff += "  journal: " + bytes_summary(qemu.journal, zkrv.journal) + "\n";
  if (diff.empty()) return std::nullopt;
  return diff;
}

std::optional<std::string> check_generated_program(const GeneratedProgram& program, QemuRunner& qemu) {
  const QemuRun q = qemu.run_bytes(program.elf, program.input);
  const ZkrvRun z = run_zkrv(program.elf, program.input);
  std::optional<std::string> diff = compare_runs(q, z);
  if (!diff && z.exit_code != program.exit_code) {
    diff = fmt::format("  zkrv exit code {:#x}, the program passed {:#x} to exit\n", z.exit_code, program.exit_code);
  }
  if (!diff) return std::nullopt;

  std::string report = fmt::format("MISMATCH for generated program seed {} ({} instructions, {} body blocks, base x{}, "
                                   "counter x{}, {} input bytes)\n",
                                   program.seed, program.code.size(), program.blocks.size(), program.base_reg,
                                   program.counter_reg, program.input.size());
  report += *diff;
  report += fmt::format("  qemu: {}; zkrv: {}\n", q.describe(), z.describe());
  if (z.fault_pc) {
    const std::optional<size_t> at = program.index_of(*z.fault_pc);
    if (at) {
      report += fmt::format("  zkrv faulted at pc {:#010x}, instruction [{}] in {}:\n", *z.fault_pc, *at,
                            program.where(*at));
      report += program.listing(*at > 3 ? *at - 3 : 0, *at + 2);
    }
  }
  report += "register dump (x1..x31 at exit):\n" + register_table(q.journal, z.journal);

  const uint32_t k = first_disagreeing_prefix(program, qemu);
  if (k == 0) {
    report += "the program with no body blocks already disagrees: prologue/epilogue (or syscalls) differ:\n";
    report += program.listing(program.body_end, program.code.size());
  } else {
    const GeneratedBlock& block = program.blocks[k - 1];
    report += fmt::format("first disagreeing body block (bisected): #{} ({}), instructions [{}, {}):\n", k - 1,
                          block.kind, block.begin, block.end);
    report += program.listing(block.begin, block.end);
  }
  const char* tmp = std::getenv("TMPDIR");
  const std::filesystem::path kept =
      std::filesystem::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") / fmt::format("zkrv-diff-seed-{}.elf", program.seed);
  try {
    write_file_bytes(kept, program.elf);
    report += fmt::format("ELF kept at {} (input: {} bytes, regenerate with generate_program({}))\n", kept.string(),
                          program.input.size(), program.seed);
  } catch (const std::exception&) {
  }
  return report;
}

}  // namespace zkrv::test
