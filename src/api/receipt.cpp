#include "zkrv/receipt.h"

#include "api_impl.h"
#include "host/host_io.h"
#include "host/receipt.h"

namespace zkrv::host {

Receipt ReceiptAccess::make(::zkrv::Receipt receipt) {
  auto impl = std::make_shared<Receipt::Impl>();
  impl->claimed_id = to_public(receipt.claim.image_id);
  impl->receipt = std::move(receipt);
  return Receipt(std::move(impl));
}

Receipt Receipt::from_bytes(std::span<const uint8_t> bytes) {
  return translate_errors([&] { return ReceiptAccess::make(deserialize_receipt(bytes)); });
}

Receipt Receipt::from_file(const std::string& path) {
  if (path == "-") throw Error(ErrorKind::usage, "Receipt::from_file: a path, not '-'");
  return translate_errors([&] { return ReceiptAccess::make(read_receipt_file(path)); });
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
