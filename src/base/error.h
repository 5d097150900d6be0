// Errors that cross layer boundaries. Each carries the category that decides zkrv's exit code
// (docs/architecture.md section 1), so the CLI never has to guess from a message what went wrong.
#pragma once

#include <stdexcept>
#include <string>

namespace zkrv {

// Values equal zkrv's process exit codes (docs/architecture.md section 1; mirrored in abi/exit_codes.h).
enum class ErrorCategory : int {
  internal = 1,        // a bug in zkrv or an environment failure
  usage = 2,           // bad command line
  malformed_input = 3, // unreadable or malformed ELF, receipt or input file
  guest_fault = 4,     // illegal instruction, misaligned/unmapped access, store into code, bad syscall
  cycle_limit = 5,     // cycle limit reached (run, prove: --max-cycles)
  proof_rejected = 6,  // a proof or receipt failed verification
  exit_code_rejected = 7,  // a valid receipt of a run whose exit code the verifier does not accept
};

const char* category_name(ErrorCategory category) noexcept;

class Error : public std::runtime_error {
 public:
  Error(ErrorCategory category, const std::string& message)
      : std::runtime_error(message), category_(category) {}
  ErrorCategory category() const noexcept { return category_; }
  int exit_code() const noexcept { return static_cast<int>(category_); }

 private:
  ErrorCategory category_;
};

// Thrown for malformed external data (ELF, receipt, serialized proof, input file).
class MalformedInput : public Error {
 public:
  explicit MalformedInput(const std::string& message) : Error(ErrorCategory::malformed_input, message) {}
};

// A proof, receipt or part of one (a Merkle opening, a FRI query) failed verification. Bytes that
// cannot even be decoded throw MalformedInput instead.
class ProofRejected : public Error {
 public:
  explicit ProofRejected(const std::string& message) : Error(ErrorCategory::proof_rejected, message) {}
};

}  // namespace zkrv
