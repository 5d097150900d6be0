#include "journal_text.h"

#include <algorithm>

#include <fmt/format.h>

namespace zkrv::cli {

std::string journal_literal(std::span<const uint8_t> journal, size_t max_bytes) {
  std::string out = "\"";
  const size_t n = std::min(journal.size(), max_bytes);
  for (size_t i = 0; i < n; ++i) {
    const uint8_t b = journal[i];
    if (b == '"' || b == '\\') out += fmt::format("\\{}", static_cast<char>(b));
    else if (b >= 0x20 && b < 0x7f) out += static_cast<char>(b);
    else if (b == '\n') out += "\\n";
    else out += fmt::format("\\x{:02x}", b);
  }
  out += '"';
  if (journal.size() > n) out += fmt::format(" ... ({} more bytes)", journal.size() - n);
  return out;
}

}  // namespace zkrv::cli
