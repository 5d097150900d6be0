#include "base/error.h"

namespace zkrv {

const char* category_name(ErrorCategory category) noexcept {
  switch (category) {
    case ErrorCategory::internal: return "internal error";
    case ErrorCategory::usage: return "usage error";
    case ErrorCategory::malformed_input: return "malformed input";
    case ErrorCategory::guest_fault: return "guest fault";
    case ErrorCategory::cycle_limit: return "cycle limit";
    case ErrorCategory::proof_rejected: return "proof rejected";
    case ErrorCategory::exit_code_rejected: return "exit code rejected";
  }
  return "unknown error";
}

}  // namespace zkrv
