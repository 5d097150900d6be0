#include "zkrv/error.h"

#include "base/error.h"

namespace zkrv::host {

// The public kinds are the internal categories (and the CLI's exit codes) value for value.
static_assert(static_cast<int>(ErrorKind::internal) == static_cast<int>(ErrorCategory::internal));
static_assert(static_cast<int>(ErrorKind::usage) == static_cast<int>(ErrorCategory::usage));
static_assert(static_cast<int>(ErrorKind::malformed_input) == static_cast<int>(ErrorCategory::malformed_input));
static_assert(static_cast<int>(ErrorKind::guest_fault) == static_cast<int>(ErrorCategory::guest_fault));
static_assert(static_cast<int>(ErrorKind::cycle_limit) == static_cast<int>(ErrorCategory::cycle_limit));
static_assert(static_cast<int>(ErrorKind::proof_rejected) == static_cast<int>(ErrorCategory::proof_rejected));
static_assert(static_cast<int>(ErrorKind::exit_code_rejected) == static_cast<int>(ErrorCategory::exit_code_rejected));

const char* error_kind_name(ErrorKind kind) noexcept { return category_name(static_cast<ErrorCategory>(kind)); }

}  // namespace zkrv::host
