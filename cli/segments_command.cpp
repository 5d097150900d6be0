#include "segments_command.h"

#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "abi/exit_codes.h"
#include "base/error.h"
#include "fri/config.h"
#include "host/checkpoint.h"
#include "host/host_io.h"
#include "vm/isa/program_image.h"
#include "vm/machine/machine.h"

namespace zkrv::cli {
namespace {

constexpr uint64_t kMaxInputBytes = uint64_t{1} << 30;

std::vector<uint8_t> read_input(const std::string& path) {
  return path.empty() ? std::vector<uint8_t>{} : read_input_file(path, kMaxInputBytes);
}

int checkpoint_command(const SegmentsOptions& o) {
  const ProgramImage program = load_elf_file(o.elf);
  const std::vector<uint8_t> input = read_input(o.input);
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  if (ec) throw Error(ErrorCategory::usage, fmt::format("cannot create directory '{}': {}", o.out_dir, ec.message()));
  size_t count = 0;
  const ExecutionResult result = write_checkpoints(program, input, o.segment_po2, o.max_cycles, [&](const Checkpoint& c) {
    const std::string path =
        (std::filesystem::path(o.out_dir) / fmt::format("segment-{:05}.checkpoint", c.state.segment_index)).string();
    write_output_file(path, serialize_checkpoint(c));
    ++count;
  });
  if (!o.quiet)
    fmt::print("{} cycles, exit code {}: {} checkpoint{} of 2^{}-cycle segments in {}\n", result.cycles,
               static_cast<int32_t>(result.exit_code), count, count == 1 ? "" : "s", o.segment_po2, o.out_dir);
  return ZKRV_EXIT_OK;
}

int prove_segment_command(const SegmentsOptions& o) {
  const ProgramImage program = load_elf_file(o.elf);
  const Checkpoint checkpoint = deserialize_checkpoint(read_input_file(o.checkpoint, Checkpoint::kMaxFileBytes));
  const std::vector<uint8_t> input = read_input(o.input);
  const FriConfig& config = o.config.empty() ? default_fri_config() : fri_config_by_name(o.config);
  SegmentFile segment;
  ProveReport report;
  try {
    segment = prove_checkpoint(program, checkpoint, input, config, &report);
  } catch (const std::invalid_argument& e) {
    // The checkpoint does not fit this program and input (another ELF, an edited state).
    throw MalformedInput(fmt::format("checkpoint '{}': {}", o.checkpoint, e.what()));
  }
  const std::string out = o.output.empty()
                              ? std::filesystem::path(o.checkpoint).replace_extension(".segment").string()
                              : o.output;
  const std::vector<uint8_t> bytes = serialize_segment_file(segment);
  write_output_file(out, bytes);
  if (!o.quiet)
    fmt::print("proved segment {}: {} cycles{}, {} bytes, {:.2f} s -> {}\n", segment.index, report.cycles,
               segment.statement.halted ? " (the exit)" : "", bytes.size(), report.total_seconds, out);
  return ZKRV_EXIT_OK;
}

int assemble_command(const SegmentsOptions& o) {
  std::vector<SegmentFile> segments;
  for (const std::string& path : o.segments) {
    try {
      segments.push_back(deserialize_segment_file(read_input_file(path, SegmentFile::kMaxFileBytes)));
    } catch (const MalformedInput& e) {
      throw MalformedInput(fmt::format("'{}': {}", path, e.what()));
    }
  }
  const Receipt receipt = assemble_receipt(std::move(segments));
  const std::vector<uint8_t> bytes = serialize_receipt(receipt);
  write_output_file(o.receipt, bytes);
  if (!o.quiet)
    fmt::print("assembled {} segment{} (verified): exit code {}, journal {} bytes, receipt {} bytes -> {}\n",
               receipt.segments.size(), receipt.segments.size() == 1 ? "" : "s",
               static_cast<int32_t>(receipt.claim.exit_code), receipt.claim.journal.size(), bytes.size(), o.receipt);
  return ZKRV_EXIT_OK;
}

}  // namespace

void add_segments_commands(CLI::App& app, SegmentsOptions& o) {
  CLI::App* cp = app.add_subcommand("checkpoint", "Run a guest and write the checkpoint where each segment starts");
  cp->add_option("elf", o.elf, "Guest program (static RV32IM ELF)")->required();
  cp->add_option("--input", o.input, "Private input file, or - for standard input");
  cp->add_option("-o,--dir", o.out_dir, "Directory for segment-NNNNN.checkpoint files")->required();
  cp->add_option("--segment-po2", o.segment_po2, "Segments of at most 2^K cycles")
      ->check(CLI::Range(kMinSegmentPo2, kMaxSegmentPo2))
      ->default_val(kDefaultSegmentPo2);
  cp->add_option("--max-cycles", o.max_cycles, "Refuse runs longer than this many cycles (exit 5)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40))
      ->default_val(uint64_t{1} << 32);
  cp->add_flag("-q,--quiet", o.quiet, "No summary line");

  CLI::App* ps = app.add_subcommand("prove-segment", "Prove the segment that starts at a checkpoint");
  ps->add_option("elf", o.elf, "Guest program (the checkpoint's)")->required();
  ps->add_option("checkpoint", o.checkpoint, "Checkpoint file (from zkrv checkpoint)")->required();
  ps->add_option("--input", o.input, "The run's whole private input file, or - for standard input");
  ps->add_option("-o,--output", o.output, "Segment file to write (default: the checkpoint's name with .segment)");
  std::vector<std::string> names;
  for (const FriConfig& c : named_fri_configs()) names.push_back(c.name);
  ps->add_option("--config", o.config, "Named proof configuration")->check(CLI::IsMember(names))->default_str(default_fri_config().name);
  ps->add_flag("-q,--quiet", o.quiet, "No summary line");

  CLI::App* as = app.add_subcommand("assemble", "Assemble segment proofs into a receipt (verified first)");
  as->add_option("segments", o.segments, "Segment files (from zkrv prove-segment), any order")->required();
  as->add_option("-o,--receipt", o.receipt, "Receipt file to write")->required();
  as->add_flag("-q,--quiet", o.quiet, "No summary line");
}

int segments_command(const CLI::App& app, const SegmentsOptions& o) {
  if (app.got_subcommand("checkpoint")) return checkpoint_command(o);
  if (app.got_subcommand("prove-segment")) return prove_segment_command(o);
  if (app.got_subcommand("assemble")) return assemble_command(o);
  return -1;
}

}  // namespace zkrv::cli
