// cpp_templates: C++20 in a guest without exceptions or RTTI: classes with virtual functions, templates,
// constexpr evaluation, a static constructor, and header-only parts of libc++ (std::array, std::sort,
// std::optional, std::string_view).
//
// Input:   optional text; its whitespace-separated words are counted and the longest is reported.
// Console: a few lines on stdout describing each step (deterministic), the last from a static
//          destructor.
// Journal: u32 little-endian words: the constexpr table checksum, the total area of the shapes, the
//          sorted areas, the word count and the longest word's length (see `main`).

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string_view>

#include "zkrv/guest.h"

namespace {

// ---- constexpr: a table computed entirely by the compiler ----------------------------------------
template <std::size_t N>
constexpr std::array<std::uint32_t, N> fibonacci_table() {
  std::array<std::uint32_t, N> t{};
  t[1] = 1;
  for (std::size_t i = 2; i < N; ++i) t[i] = t[i - 1] + t[i - 2];
  return t;
}
constexpr auto kFib = fibonacci_table<48>();
static_assert(kFib[47] == 2971215073u, "fib(47)");

template <typename T, std::size_t N>
constexpr T checksum(const std::array<T, N>& values) {
  T h = 0;
  for (T v : values) h = h * 31 + v;
  return h;
}
constexpr std::uint32_t kFibChecksum = checksum(kFib);

// ---- a static constructor and destructor: run before main and at exit ---------------------------
struct Registry {
  int shapes_made = 0;
  std::uint32_t magic = 0;
  // Calling puts makes this a dynamic initialiser (an .init_array entry), not a constant one.
  Registry() : magic(0x5eed1234) { std::puts("static constructor: registry ready"); }
  // Registered with __cxa_atexit; runs inside exit(), before stdout's final flush.
  ~Registry() { std::printf("static destructor: %d shapes made\n", shapes_made); }
};
Registry registry;

// ---- classes and virtual functions ------------------------------------------------------------------
class Shape {
 public:
  explicit Shape(std::string_view name) : name_(name) { ++registry.shapes_made; }
  virtual ~Shape() = default;
  virtual std::uint32_t area() const = 0;  // integer areas: no floating point in RV32IM
  std::string_view name() const { return name_; }

 private:
  std::string_view name_;
};

class Rect final : public Shape {
 public:
  Rect(std::uint32_t w, std::uint32_t h) : Shape("rect"), w_(w), h_(h) {}
  std::uint32_t area() const override { return w_ * h_; }

 private:
  std::uint32_t w_, h_;
};

class Triangle final : public Shape {
 public:
  Triangle(std::uint32_t base, std::uint32_t height) : Shape("triangle"), b_(base), h_(height) {}
  std::uint32_t area() const override { return b_ * h_ / 2; }

 private:
  std::uint32_t b_, h_;
};

template <std::uint32_t Side>  // a non-type template parameter
class Square final : public Shape {
 public:
  Square() : Shape("square") {}
  std::uint32_t area() const override { return Side * Side; }
};

// ---- templates over containers -----------------------------------------------------------------------
template <typename Container, typename Pred>
std::optional<typename Container::value_type> find_first(const Container& c, Pred pred) {
  for (const auto& v : c) {
    if (pred(v)) return v;
  }
  return std::nullopt;
}

struct WordStats {
  std::uint32_t count = 0;
  std::string_view longest;
};

WordStats scan_words(std::string_view text) {
  WordStats s;
  constexpr std::string_view kSpace = " \t\r\n";
  while (true) {
    auto start = text.find_first_not_of(kSpace);
    if (start == std::string_view::npos) break;
    text.remove_prefix(start);
    auto word = text.substr(0, text.find_first_of(kSpace));
    ++s.count;
    if (word.size() > s.longest.size()) s.longest = word;
    text.remove_prefix(word.size());
  }
  return s;
}

}  // namespace

int main() {
  // The static constructor ran: registry was initialised before main.
  if (registry.magic != 0x5eed1234) {
    zkrv_log("static constructor did not run");
    return 1;
  }
  std::printf("fib(47) = %lu, table checksum = %08lx\n", static_cast<unsigned long>(kFib[47]),
              static_cast<unsigned long>(kFibChecksum));
  zkrv_commit_u32(kFibChecksum);

  // Virtual dispatch through base pointers to heap objects (operator new/delete).
  const Shape* shapes[] = {new Rect(3, 7), new Triangle(10, 5), new Square<6>(), new Rect(2, 2),
                           new Triangle(9, 4)};
  std::array<std::uint32_t, std::size(shapes)> areas{};
  std::uint32_t total = 0;
  for (std::size_t i = 0; i < std::size(shapes); ++i) {
    areas[i] = shapes[i]->area();
    total += areas[i];
    std::printf("%-8.*s area %lu\n", static_cast<int>(shapes[i]->name().size()), shapes[i]->name().data(),
                static_cast<unsigned long>(areas[i]));
  }
  std::sort(areas.begin(), areas.end(), [](auto a, auto b) { return a > b; });  // descending
  auto big = find_first(areas, [](std::uint32_t a) { return a < 30; });
  std::printf("shapes %d, total area %lu, largest below 30: %lu\n", registry.shapes_made,
              static_cast<unsigned long>(total), static_cast<unsigned long>(big.value_or(0)));
  zkrv_commit_u32(total);
  for (auto a : areas) zkrv_commit_u32(a);
  zkrv_commit_u32(big.value_or(0));
  for (const Shape* s : shapes) delete s;

  // std::string_view over the private input.
  std::size_t len = 0;
  char* input = static_cast<char*>(zkrv_read_all(&len));
  if (input == nullptr) return 1;
  WordStats words = scan_words(std::string_view(input, len));
  std::printf("words %lu, longest \"%.*s\"\n", static_cast<unsigned long>(words.count),
              static_cast<int>(words.longest.size()), words.longest.data());
  zkrv_commit_u32(words.count);
  zkrv_commit_u32(static_cast<std::uint32_t>(words.longest.size()));
  std::free(input);
  return 0;
}
