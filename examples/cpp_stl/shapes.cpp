#include "shapes.h"

#include <sstream>

namespace shapes {
namespace {

struct Circle : Shape {
  explicit Circle(long r) : r(r) {}
  double area() const override { return 3.141592653589793 * static_cast<double>(r * r); }
  std::string name() const override { return "circle"; }
  long r;
};

struct Rect : Shape {
  Rect(long w, long h) : w(w), h(h) {}
  double area() const override { return static_cast<double>(w * h); }
  std::string name() const override { return "rect"; }
  long w, h;
};

struct Square : Rect {
  explicit Square(long s) : Rect(s, s) {}
  std::string name() const override { return "square"; }
};

long positive(std::istringstream& in, size_t line) {
  long v = 0;
  if (!(in >> v) || v <= 0) throw ParseError("line " + std::to_string(line) + ": expected a positive integer", line);
  return v;
}

}  // namespace

std::vector<std::shared_ptr<Shape>> parse(const std::string& text) {
  std::vector<std::shared_ptr<Shape>> out;
  std::istringstream lines(text);
  std::string line;
  size_t number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.empty()) continue;
    std::istringstream in(line);
    std::string kind;
    in >> kind;
    if (kind == "circle") {
      out.push_back(std::make_shared<Circle>(positive(in, number)));
    } else if (kind == "rect") {
      const long w = positive(in, number);
      out.push_back(std::make_shared<Rect>(w, positive(in, number)));
    } else if (kind == "square") {
      out.push_back(std::make_shared<Square>(positive(in, number)));
    } else {
      throw ParseError("line " + std::to_string(number) + ": unknown shape '" + kind + "'", number);
    }
  }
  return out;
}

}  // namespace shapes
