// fmt, Debian's header-only mode (FMT_HEADER_ONLY, examples/CMakeLists.txt), in a guest: formatting of
// numbers, ranges and wide strings, and fmt::format_error thrown for a bad runtime format and caught.
// Prints the report and commits it.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fmt/xchar.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "zkrv/guest.h"

int main() {
  std::string report;
  report += fmt::format("[{:>9.3f}] [{:<6}] [{:^7}] [{:#x}] [{:08b}] [{:+d}]\n", 3.14159265, "left", "mid", 255, 5, 42);
  report += fmt::format("vector {} map {}\n", std::vector<int>{1, 2, 3}, std::map<std::string, int>{{"a", 1}, {"b", 2}});
  report += fmt::format("{:.3e} {:g} {}\n", 123456.789, 0.0001, 1.0 / 3);
  const std::wstring wide = fmt::format(L"{}-{:x}", L"wide", 48879);
  report += "wide " + std::string(wide.begin(), wide.end()) + "\n";
  try {
    report += fmt::format(fmt::runtime("{:d}"), "not a number");
  } catch (const fmt::format_error& e) {
    report += fmt::format("format_error: {}\n", e.what());
  }
  zkrv_commit(report.data(), report.size());
  std::fputs(report.c_str(), stdout);
  return 0;
}
