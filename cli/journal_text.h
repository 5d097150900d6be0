// A journal (arbitrary bytes) as one line of text for a terminal: `zkrv inspect` previews it, and
// `zkrv verify` shows it this way when standard output is a terminal, where raw bytes would garble
// the screen (piped or redirected, verify still writes the raw journal).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace zkrv::cli {

// The first max_bytes bytes as a C-style string literal ("ab\x00\n"), followed by
// " ... (N more bytes)" if the journal is longer.
std::string journal_literal(std::span<const uint8_t> journal, size_t max_bytes);

}  // namespace zkrv::cli
