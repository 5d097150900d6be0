// IntegerDerivation: a chip's written reason why one of its main columns holds an integer (or why it
// deliberately does not), for the columns the integer-pin check (air/integer_pins.h) cannot pin
// mechanically.
//
// The check pins a column mechanically through a boolean / small-root constraint, a byte-table lookup of
// the column itself, a bus contract, or a polynomial identity with integer coefficients over pinned
// columns. Anything else, e.g. a carry range-checked as 2^9 diff_hi through a u16 lookup of 128 diff_hi
// (memory/access.h), needs an argument in words: that argument is the derivation, kept next to the
// constraints it relies on so that a change to those constraints meets it. A reason that starts with
// kNotAnInteger declares a column that is meant to be a free field element (an inverse witness, a
// lookup table's multiplicity).
//
// A chip lists its derivations by column name; a gadget that owns a block of columns (e.g. the memory
// access gadget) lists its own by its local names, and the chip adds them at the gadget's offset.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zkrv {

inline constexpr std::string_view kNotAnInteger = "not an integer: ";

// Views: the lists live in static storage (constexpr arrays of string literals next to the constraints).
struct IntegerDerivation {
  std::string_view column;  // the column's name (a chip's column name, or a gadget's local name)
  std::string_view reason;  // the argument, quoting the chip's soundness notes; kNotAnInteger... for free columns
};

// A chip's derivations, resolved to column indices when the check runs.
class IntegerDerivations {
 public:
  struct Entry {
    std::string label;               // for reports: the name as written (gadget ones: "gadget@offset.name")
    std::optional<size_t> column;    // resolved index; nullopt while unresolved or if the name is unknown
    std::string_view name;           // the name to resolve against the chip's columns (own entries)
    std::string_view reason;
    bool resolved_by_gadget = false;  // the index comes from a gadget's offset and its local names
  };

  IntegerDerivations() = default;

  // The chip's own derivations, names resolved against the chip's column names by the check.
  IntegerDerivations& add(std::span<const IntegerDerivation> own) {
    for (const IntegerDerivation& d : own) entries_.push_back({std::string(d.column), std::nullopt, d.column, d.reason});
    return *this;
  }
  // A gadget's derivations: its columns start at `offset`, named `gadget_names` locally; `label` (e.g.
  // "rs1") prefixes the names in reports. A name the gadget does not have stays unresolved (reported).
  IntegerDerivations& add_gadget(std::string_view label, size_t offset, std::span<const std::string_view> gadget_names,
                                 std::span<const IntegerDerivation> derivations) {
    for (const IntegerDerivation& d : derivations) {
      Entry e{std::string(label) + "." + std::string(d.column), std::nullopt, d.column, d.reason, true};
      for (size_t i = 0; i < gadget_names.size(); ++i)
        if (gadget_names[i] == d.column) e.column = offset + i;
      entries_.push_back(std::move(e));
    }
    return *this;
  }

  const std::vector<Entry>& entries() const noexcept { return entries_; }

 private:
  std::vector<Entry> entries_;
};

inline bool declares_not_an_integer(std::string_view reason) noexcept { return reason.starts_with(kNotAnInteger); }

}  // namespace zkrv
