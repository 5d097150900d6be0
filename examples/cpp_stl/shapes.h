// A small "library" for the cpp_stl example, compiled as its own static library: its exceptions are
// thrown in one library and caught in the guest's main file, across the boundary.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace shapes {

struct Shape {
  virtual ~Shape() = default;
  virtual double area() const = 0;
  virtual std::string name() const = 0;
};

// Thrown for a description that names no shape or has bad dimensions.
struct ParseError : std::runtime_error {
  ParseError(const std::string& what, size_t line) : std::runtime_error(what), line(line) {}
  size_t line;
};

// One shape per line: "circle R", "rect W H" or "square S" (positive integers).
std::vector<std::shared_ptr<Shape>> parse(const std::string& text);

}  // namespace shapes
