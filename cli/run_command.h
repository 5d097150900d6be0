// `zkrv run`: execute a guest without proving.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace zkrv::cli {

struct RunOptions {
  std::string elf;
  std::string input;    // file or "-"; empty: no input
  std::string journal;  // where to write the journal; empty: not written
  uint64_t max_cycles = uint64_t{1} << 32;
  std::string stats;    // --stats JSON path
};

void add_run_command(CLI::App& app, RunOptions& options);
int run_command(const RunOptions& options);

}  // namespace zkrv::cli
