#include "host/host_io.h"

#include <sys/resource.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

#include <fmt/format.h>

#include "base/error.h"

namespace zkrv {
namespace {

std::vector<uint8_t> read_stream(std::istream& in, const std::string& name, uint64_t max_bytes) {
  std::vector<uint8_t> bytes;
  char buffer[1 << 16];
  while (in) {
    in.read(buffer, sizeof buffer);
    const auto got = static_cast<size_t>(in.gcount());
    if (bytes.size() + got > max_bytes) {
      throw MalformedInput(fmt::format("{} is larger than the limit of {} bytes", name, max_bytes));
    }
    bytes.insert(bytes.end(), buffer, buffer + got);
  }
  if (in.bad()) throw MalformedInput(fmt::format("cannot read {}", name));
  return bytes;
}

}  // namespace

std::vector<uint8_t> read_input_file(const std::string& path, uint64_t max_bytes) {
  if (path == "-") return read_stream(std::cin, "standard input", max_bytes);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw MalformedInput(fmt::format("cannot open '{}': {}", path, std::strerror(errno)));
  return read_stream(in, fmt::format("'{}'", path), max_bytes);
}

void write_output_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw Error(ErrorCategory::internal, fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
}

uint64_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports kilobytes
}

}  // namespace zkrv
