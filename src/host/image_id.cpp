#include "host/image_id.h"

#include <stdexcept>
#include <string>

#include "base/error.h"
#include "fri/config.h"
#include "hash/hash_bytes.h"
#include "vm/machine/machine_traces.h"

namespace zkrv {

void ImageCommitments::write(ByteWriter& out) const {
  if (shape.program_log_height > kMaxLogHeight) throw std::invalid_argument("image: program table height out of range");
  out.u32(shape.entry);
  out.u32(shape.first_writable_word);
  out.u8(static_cast<uint8_t>(shape.program_log_height));
  initial_memory_root.write(out);
  out.u8(static_cast<uint8_t>(preprocessed_roots.size()));
  for (const auto& [name, root] : preprocessed_roots) {
    out.u8(static_cast<uint8_t>(name.size()));
    out.bytes(std::span(reinterpret_cast<const uint8_t*>(name.data()), name.size()));
    root.write(out);
  }
}

ImageCommitments ImageCommitments::read(ByteReader& in) {
  ImageCommitments image;
  image.shape.entry = in.u32("image entry");
  image.shape.first_writable_word = in.u32("image first writable word");
  image.shape.program_log_height = in.u8("image program table log height");
  if (image.shape.program_log_height > kMaxLogHeight)
    throw MalformedInput("image: program table height above 2^" + std::to_string(kMaxLogHeight));
  image.initial_memory_root = Digest::read(in);
  const size_t count = in.u8("image configuration count");
  if (count == 0 || count > kMaxConfigurations) throw MalformedInput("image: bad number of configurations");
  for (size_t i = 0; i < count; ++i) {
    const size_t len = in.u8("configuration name length");
    if (len == 0 || len > kMaxNameBytes) throw MalformedInput("image: bad configuration name length");
    const auto bytes = in.bytes(len, "configuration name");
    std::string name(bytes.begin(), bytes.end());
    for (char c : name)
      if (c < 0x21 || c > 0x7e) throw MalformedInput("image: configuration name is not printable ASCII");
    for (const auto& [seen, root] : image.preprocessed_roots)
      if (seen == name) throw MalformedInput("image: configuration '" + name + "' listed twice");
    image.preprocessed_roots.emplace_back(std::move(name), Digest::read(in));
  }
  return image;
}

const Digest* ImageCommitments::root_for(std::string_view config_name) const noexcept {
  for (const auto& [name, root] : preprocessed_roots)
    if (name == config_name) return &root;
  return nullptr;
}

ImageCommitments commit_image(const MachineImage& image) {
  ImageCommitments out;
  out.shape = machine_shape(image);
  out.initial_memory_root = initial_memory_tree(image).root();
  for (const FriConfig& config : named_fri_configs())
    out.preprocessed_roots.emplace_back(config.name, preprocessed_root(image, config));
  return out;
}

Digest image_id_of(const ProgramImage& program) { return image_id(commit_image(MachineImage{program})); }

Digest image_id(const ImageCommitments& image) {
  ByteWriter w;
  image.write(w);
  return hash_bytes("zkrv/image/v3", w.data());
}

}  // namespace zkrv
