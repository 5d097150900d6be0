// cpp_stl: the C++ standard library in a guest, as on a desktop. Reads shape descriptions from the private
// input (one per line: "circle R", "rect W H", "square S") and commits a report to the journal:
//   - containers: word counts in std::unordered_map, a std::map of areas per kind, std::ranges algorithms;
//   - smart pointers: shapes held by std::shared_ptr, observed through std::weak_ptr;
//   - exceptions: a malformed line throws shapes::ParseError inside the shapes library (shapes.cpp) and
//     is caught here; the journal then says which line was wrong;
//   - RTTI: dynamic_cast finds the squares among the rectangles;
//   - text: std::to_string, std::to_chars, std::format, std::ostringstream with iomanip, and std::cout
//     (the console).
// Without input it reads a built-in example.
#include <algorithm>
#include <charconv>
#if __has_include(<format>)  // libc++ 16 (the guest) has it; a native build with g++ 12 does not
#include <format>
#endif
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <ranges>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "shapes.h"
#include "zkrv/guest.h"

namespace {

std::string read_input() {
  std::string text;
  char buf[256];
  for (size_t n; (n = zkrv_read(buf, sizeof buf)) > 0;) text.append(buf, n);
  return text.empty() ? "circle 2\nrect 3 4\nsquare 5\nrect 2 8\ncircle 1\n" : text;
}

}  // namespace

int main() {
  const std::string text = read_input();
  std::ostringstream report;
  try {
    const std::vector<std::shared_ptr<shapes::Shape>> all = shapes::parse(text);
    std::unordered_map<std::string, int> count;
    std::map<std::string, double> area;
    for (const auto& s : all) {
      ++count[s->name()];
      area[s->name()] += s->area();
    }
    std::weak_ptr<shapes::Shape> first = all.empty() ? nullptr : all.front();
    std::vector<double> areas;
    for (const auto& s : all) areas.push_back(s->area());
    std::ranges::sort(areas);
    const auto squares = std::ranges::count_if(all, [](const auto& s) { return s->name() == "square"; });
    report << "shapes " << all.size() << ", kinds " << count.size() << ", squares " << squares << "\n";
    for (const auto& [kind, total] : area)
      report << kind << " x" << count[kind] << " area " << std::fixed << std::setprecision(3) << total << "\n";
    if (!areas.empty()) {
      char buf[32];
      const auto end = std::to_chars(buf, buf + sizeof buf, static_cast<long>(areas.back())).ptr;
      report << "largest " << std::string(buf, end) << ", first is " << (first.expired() ? "gone" : first.lock()->name())
             << ", smallest " << std::to_string(static_cast<int>(areas.front())) << "\n";
      const double sum = std::accumulate(areas.begin(), areas.end(), 0.0);
#if __has_include(<format>)
      report << std::format("total {:.1f} over {} shapes\n", sum, areas.size());
#else
      report << "total " << std::setprecision(1) << sum << " over " << areas.size() << " shapes\n";
#endif
    }
  } catch (const shapes::ParseError& e) {
    report << "parse error at line " << e.line << ": " << e.what() << "\n";
  }
  const std::string out = report.str();
  std::cout << out << std::flush;
  zkrv_commit(out.data(), out.size());
  return 0;
}
