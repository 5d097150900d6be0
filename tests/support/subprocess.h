// Runs a child process with given standard input and captures its output, for end-to-end tests of
// the zkrv command and for running reference emulators.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "support/temp_files.h"

namespace zkrv::test {

struct ProcessResult {
  int exit_status = -1;  // the exit code, or 128 + signal number if killed by a signal
  bool timed_out = false;
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::vector<uint8_t> stdin_bytes;
  // If set, the child's file descriptor 3 is this file (opened for writing, truncated).
  std::string fd3_path;
  double timeout_seconds = 60;
};

// argv[0] is the program path (no PATH lookup unless it contains no slash).
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

}  // namespace zkrv::test
