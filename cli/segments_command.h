// `zkrv checkpoint`, `zkrv prove-segment`, `zkrv assemble`: `zkrv prove` split into its units of work
// (host/checkpoint.h), so that the segments of one run can be proved in parallel processes or on
// several machines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace zkrv::cli {

struct SegmentsOptions {
  // checkpoint
  std::string elf;
  std::string input;
  std::string out_dir;
  unsigned segment_po2 = 18;  // vm/machine/machine.h kDefaultSegmentPo2
  uint64_t max_cycles = uint64_t{1} << 32;
  // prove-segment
  std::string checkpoint;
  std::string output;
  std::string config;
  // assemble
  std::vector<std::string> segments;
  std::string receipt;
  bool quiet = false;
};

void add_segments_commands(CLI::App& app, SegmentsOptions& options);
// The subcommand parsed, or -1 if none of these three was.
int segments_command(const CLI::App& app, const SegmentsOptions& options);

}  // namespace zkrv::cli
