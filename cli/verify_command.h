// `zkrv verify`: check a receipt against an image ID (given, or computed from the ELF) and output its
// journal (host/verify.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace zkrv::cli {

struct VerifyOptions {
  std::string receipt;
  std::string image_id;     // 64 hex digits; exactly one of image_id and elf
  std::string elf;
  std::string journal_out;  // empty: the journal goes to stdout
  std::optional<int64_t> exit_code;  // --exit-code N: accept exactly N (default: 0 only)
  bool any_exit_code = false;        // --any-exit-code
};

void add_verify_command(CLI::App& app, VerifyOptions& options);
int verify_command(const VerifyOptions& options);

}  // namespace zkrv::cli
