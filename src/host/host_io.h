// File and process helpers shared by the host API and the CLI.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zkrv {

// Reads a whole file ("-" reads standard input). Throws MalformedInput if it cannot be read or is
// larger than max_bytes.
std::vector<uint8_t> read_input_file(const std::string& path, uint64_t max_bytes);

// Writes bytes to a file, replacing it. Throws Error(internal) on failure.
void write_output_file(const std::string& path, const std::vector<uint8_t>& bytes);

// Peak resident set size of this process in bytes.
uint64_t peak_rss_bytes();

}  // namespace zkrv
