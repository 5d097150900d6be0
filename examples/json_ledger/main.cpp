// Applies a batch of transfers to account balances, both given as JSON in the private input, and
// commits the resulting balances as JSON: nlohmann-json from Debian (find_package in
// examples/CMakeLists.txt), its exceptions caught across the library boundary.
//
// Input (private):
//   {"balances": {"alice": 100, "bob": 5},
//    "transfers": [{"from": "alice", "to": "bob", "amount": 30}, ...]}
// A transfer is applied when both accounts exist, the amount is positive and covered; otherwise it is
// rejected and the batch goes on.
//
// Journal (public): {"applied":N,"balances":{...},"rejected":M} (keys sorted, no spaces) and a newline;
// stdout: the same. Malformed JSON: the parser's message on stderr, exit code 2, empty journal. Well-formed
// JSON of the wrong shape (a missing field, a string amount): the library's message, exit code 3.
#include <cstdint>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "zkrv/guest.h"

namespace {

struct Ledger {
  std::map<std::string, int64_t> balances;
  int64_t applied = 0, rejected = 0;

  void transfer(const std::string& from, const std::string& to, int64_t amount) {
    const auto src = balances.find(from), dst = balances.find(to);
    if (src == balances.end() || dst == balances.end() || src == dst || amount <= 0 || src->second < amount) {
      ++rejected;
      return;
    }
    src->second -= amount;
    dst->second += amount;
    ++applied;
  }
};

// Throws nlohmann::json::exception (type_error, out_of_range) when the document has the wrong shape.
Ledger apply(const nlohmann::json& doc) {
  Ledger ledger;
  for (const auto& [name, balance] : doc.at("balances").items()) ledger.balances[name] = balance.get<int64_t>();
  for (const auto& t : doc.at("transfers"))
    ledger.transfer(t.at("from").get<std::string>(), t.at("to").get<std::string>(), t.at("amount").get<int64_t>());
  return ledger;
}

}  // namespace

int main() {
  size_t size = 0;
  const std::unique_ptr<char, decltype(&free)> text(static_cast<char*>(zkrv_read_all(&size)), &free);
  if (!text) {
    std::cerr << "json_ledger: out of memory reading the input\n";
    return 1;
  }
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text.get(), text.get() + size);
  } catch (const nlohmann::json::parse_error& e) {
    std::cerr << "json_ledger: invalid JSON: " << e.what() << "\n";
    return 2;
  }
  try {
    const Ledger ledger = apply(doc);
    const nlohmann::json result = {{"balances", ledger.balances}, {"applied", ledger.applied}, {"rejected", ledger.rejected}};
    const std::string out = result.dump() + "\n";
    std::cout << out;
    zkrv_commit(out.data(), out.size());
  } catch (const nlohmann::json::exception& e) {
    std::cerr << "json_ledger: unexpected document: " << e.what() << "\n";
    return 3;
  }
  return 0;
}
