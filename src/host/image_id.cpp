#include "host/image_id.h"

#include <stdexcept>
#include <string>

#include "base/error.h"
#include "hash/hash_bytes.h"
#include "vm/machine/machine_traces.h"

namespace zkrv {

void ImageCommitments::write(ByteWriter& out) const {
  out.u32(shape.entry);
  out.u32(shape.first_writable_word);
  out.u32(shape.code_begin_word);
  out.u32(shape.code_end_word);
  initial_memory_root.write(out);
}

ImageCommitments ImageCommitments::read(ByteReader& in) {
  ImageCommitments image;
  image.shape.entry = in.u32("image entry");
  image.shape.first_writable_word = in.u32("image first writable word");
  image.shape.code_begin_word = in.u32("image code begin word");
  image.shape.code_end_word = in.u32("image code end word");
  if (const std::string why = machine_shape_error(image.shape); !why.empty())
    throw MalformedInput("image: " + why);
  image.initial_memory_root = Digest::read(in);
  return image;
}

ImageCommitments commit_image(const MachineImage& image) {
  return {machine_shape(image), initial_memory_tree(image).root()};
}

Digest image_id_of(const ProgramImage& program) { return image_id(commit_image(MachineImage{program})); }

Digest image_id(const ImageCommitments& image) {
  ByteWriter w;
  image.write(w);
  return hash_bytes("zkrv/image/v4", w.data());
}

}  // namespace zkrv
