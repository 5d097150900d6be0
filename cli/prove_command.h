// `zkrv prove`: execute a guest and prove the run into a receipt (host/prove.h).
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace zkrv::cli {

struct ProveOptions {
  std::string elf;
  std::string input;    // file or "-"; empty: no input
  std::string receipt;  // empty: the ELF's path with the extension .receipt
  std::string config;   // a named configuration (fri/config.h); empty: the registry's first
  std::string stats;    // --stats JSON path
  unsigned segment_po2 = 18;           // --segment-po2 (vm/machine/machine.h kDefaultSegmentPo2)
  uint64_t max_cycles = uint64_t{1} << 32;
  bool quiet = false;   // no progress display and no summary line
};

void add_prove_command(CLI::App& app, ProveOptions& options);
int prove_command(const ProveOptions& options);

}  // namespace zkrv::cli
