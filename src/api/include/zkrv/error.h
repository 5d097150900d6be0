// The one exception type the public zkrv API throws. Its kind decides what went wrong without parsing
// the message, and equals the exit code the `zkrv` command uses for the same failure.
#pragma once

#include <stdexcept>
#include <string>

#include "zkrv/export.h"

namespace zkrv::host {

enum class ErrorKind : int {
  internal = 1,         // a bug in zkrv or an environment failure (out of disk, ...)
  usage = 2,            // an argument the API cannot accept (e.g. an unknown proof configuration)
  malformed_input = 3,  // an unreadable or malformed ELF, receipt or input file
  guest_fault = 4,      // the guest faulted: illegal instruction, misaligned or unmapped access, ...
  cycle_limit = 5,      // the cycle limit was reached (prove: the run is longer than max_cycles)
  proof_rejected = 6,   // verification failed: the receipt does not prove the claim for this image ID
  exit_code_rejected = 7,  // the receipt is valid, but the run exited with a code the caller did not accept
};

// The name `zkrv` prints for a kind ("guest fault", ...).
ZKRV_API const char* error_kind_name(ErrorKind kind) noexcept;

class ZKRV_API Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const noexcept { return kind_; }
  // The `zkrv` command's exit code for this failure (1..7).
  int exit_code() const noexcept { return static_cast<int>(kind_); }

 private:
  ErrorKind kind_;
};

}  // namespace zkrv::host
