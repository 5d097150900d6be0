#include "zkrv/receipt.h"

#include "api_impl.h"
#include "host/host_io.h"

namespace zkrv::host {

// A receipt file is at most its journal, its proofs and a small header (host/receipt.h limits).
constexpr uint64_t kMaxReceiptFileBytes =
    uint64_t{::zkrv::Receipt::kMaxJournalBytes} +
    uint64_t{::zkrv::Receipt::kMaxSegments} * ::zkrv::Receipt::kMaxProofBytes + (uint64_t{1} << 16);

Receipt Receipt::from_bytes(std::span<const uint8_t> bytes) {
  return translate_errors([&] {
    auto impl = std::make_shared<Impl>();
    impl->receipt = deserialize_receipt(bytes);
    impl->claimed_id = to_public(impl->receipt.claim.image_id);
    return Receipt(std::move(impl));
  });
}

Receipt Receipt::from_file(const std::string& path) {
  return translate_errors([&] { return from_bytes(read_input_file(path, kMaxReceiptFileBytes)); });
}

std::vector<uint8_t> Receipt::to_bytes() const {
  return translate_errors([&] { return serialize_receipt(impl_->receipt); });
}

void Receipt::to_file(const std::string& path) const {
  translate_errors([&] { write_output_file(path, to_bytes()); });
}

const ImageId& Receipt::claimed_image_id() const noexcept { return impl_->claimed_id; }
uint32_t Receipt::claimed_exit_code() const noexcept { return impl_->receipt.claim.exit_code; }
const std::vector<uint8_t>& Receipt::claimed_journal() const noexcept { return impl_->receipt.claim.journal; }

}  // namespace zkrv::host
