#include <algorithm>

#include "api_impl.h"
#include "hash/digest.h"
#include "host/image_id.h"

namespace zkrv::host {

static_assert(sizeof(ImageId::bytes) == Digest::BYTES, "an image ID is one serialized digest");

ImageId to_public(const Digest& digest) {
  ImageId id;
  const auto bytes = digest.to_bytes();
  std::copy(bytes.begin(), bytes.end(), id.bytes.begin());
  return id;
}

Digest to_digest(const ImageId& id) {
  // Bytes that are not a canonical digest name no program: a receipt cannot verify against them.
  try {
    return Digest::from_bytes(std::span<const uint8_t, Digest::BYTES>(id.bytes));
  } catch (const ::zkrv::Error& e) {
    throw Error(ErrorKind::usage, std::string("not an image ID: ") + e.what());
  }
}

std::string ImageId::hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * bytes.size());
  for (const uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

ImageId ImageId::from_hex(std::string_view hex) {
  try {
    return to_public(Digest::from_hex(hex));
  } catch (const ::zkrv::Error& e) {
    throw Error(ErrorKind::usage, std::string("not an image ID: ") + e.what());
  }
}

Program Program::from_elf(std::span<const uint8_t> elf_bytes) {
  return translate_errors([&] {
    auto impl = std::make_shared<Impl>();
    impl->image = load_elf(elf_bytes);
    return Program(std::move(impl));
  });
}

Program Program::from_elf_file(const std::string& path) {
  return translate_errors([&] {
    auto impl = std::make_shared<Impl>();
    impl->image = load_elf_file(path);
    return Program(std::move(impl));
  });
}

uint32_t Program::entry() const noexcept { return impl_->image.entry; }

const ImageId& Program::image_id() const {
  std::call_once(impl_->id_once, [this] { impl_->id = translate_errors([this] { return to_public(image_id_of(impl_->image)); }); });
  return impl_->id;
}

}  // namespace zkrv::host
