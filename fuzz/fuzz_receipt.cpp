// Any byte string given to the receipt decoder either throws MalformedInput or decodes to a receipt
// that serializes back to exactly the same bytes (the format has one encoding per receipt).
#include <cstddef>
#include <cstdint>
#include <span>

#include "base/error.h"
#include "host/receipt.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  try {
    const zkrv::Receipt receipt = zkrv::deserialize_receipt(bytes);
    const auto again = zkrv::serialize_receipt(receipt);
    if (again.size() != size || !std::equal(again.begin(), again.end(), bytes.begin())) __builtin_trap();
  } catch (const zkrv::MalformedInput&) {
  }
  return 0;
}
