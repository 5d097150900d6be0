// Runs a child process with given standard input and captures its output, for end-to-end tests of
// the zkrv command and for running reference emulators.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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

std::vector<uint8_t> read_file_bytes(const std::string& path);
void write_file_bytes(const std::string& path, const std::vector<uint8_t>& bytes);

// A fresh directory under the system temp dir, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const noexcept { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace zkrv::test
