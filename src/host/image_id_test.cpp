// The image ID of real programs: equal for equal ELFs, different when any code or data byte, the entry
// point, an initial register or the initial break changes (issue 5, "Image ID").
#include "host/image_id.h"

#include "vm/machine/machine_traces.h"

#include <gtest/gtest.h>

#include "support/elf_builder.h"
#include "support/rv_encoder.h"

namespace zkrv {
namespace {

using test::ElfSpec;
using test::kPfR;
using test::kPfW;
using test::kPfX;

// Code at 0x10000 (addi a0, x0, 7; ecall...), read-only data at 0x11000, data + bss at 0x12000.
ElfSpec sample_spec() {
  ElfSpec spec;
  spec.entry = 0x10000;
  spec.segments.push_back({0x10000, test::words_to_bytes({test::rv::addi(10, 0, 7), test::rv::addi(17, 0, 93), 0x00000073}),
                           0, kPfR | kPfX});
  spec.segments.push_back({0x11000, {1, 2, 3, 4, 5, 6, 7, 8}, 0, kPfR});
  spec.segments.push_back({0x12000, {9, 9, 9, 9}, 64, kPfR | kPfW});
  return spec;
}

Digest id_of(const ElfSpec& spec) { return image_id_of(load_elf(test::build_elf(spec))); }

TEST(ImageIdOfPrograms, EqualForEqualElfsAndDifferentForEveryChange) {
  const Digest base = id_of(sample_spec());
  EXPECT_EQ(id_of(sample_spec()), base);

  std::vector<std::pair<std::string, ElfSpec>> variants;
  auto variant = [&](std::string what, auto change) {
    ElfSpec s = sample_spec();
    change(s);
    variants.emplace_back(std::move(what), std::move(s));
  };
  variant("code byte", [](ElfSpec& s) { s.segments[0].data[0] ^= 0x80; });  // addi a0, x0, 7 -> other rd
  variant("last code byte", [](ElfSpec& s) { s.segments[0].data.back() ^= 0x01; });
  variant("read-only data byte", [](ElfSpec& s) { s.segments[1].data[5] ^= 1; });
  variant("data byte", [](ElfSpec& s) { s.segments[2].data[0] ^= 1; });
  variant("bss size (initial break)", [](ElfSpec& s) { s.segments[2].mem_size = 8192; });
  variant("entry point", [](ElfSpec& s) { s.entry = 0x10004; });
  variant("read-only data size", [](ElfSpec& s) { s.segments[1].data.resize(16); });
  std::vector<Digest> seen = {base};
  for (const auto& [what, spec] : variants) {
    const Digest id = id_of(spec);
    for (const Digest& other : seen) EXPECT_NE(id, other) << what;
    seen.push_back(id);
  }
}

TEST(ImageIdOfPrograms, DependsOnTheInitialRegisters) {
  MachineImage image{load_elf(test::build_elf(sample_spec()))};
  const Digest base = image_id(commit_image(image));
  EXPECT_EQ(base, image_id_of(image.program));
  for (size_t reg : {1u, 2u, 10u, 31u}) {
    MachineImage changed = image;
    changed.registers[reg] += 4;
    EXPECT_NE(image_id(commit_image(changed)), base) << "x" << reg;
  }
}

TEST(ImageIdOfPrograms, CommitsToTheShapeAndTheInitialMemory) {
  const ImageCommitments c = commit_image(MachineImage{load_elf(test::build_elf(sample_spec()))});
  const MachineImage image{load_elf(test::build_elf(sample_spec()))};
  EXPECT_EQ(c.shape, machine_shape(image));
  EXPECT_EQ(c.initial_memory_root, initial_memory_tree(image).root());
  EXPECT_EQ(c.shape.entry, 0x10000u);
  EXPECT_EQ(c.shape.code_begin_word, image.program.code_begin / 4);
  EXPECT_EQ(c.shape.code_end_word, image.program.code_end / 4);
  // Writable memory starts at the first word above the read-only hull [0x10000, 0x11008).
  EXPECT_EQ(c.shape.first_writable_word, 0x11008u >> 2);
}

}  // namespace
}  // namespace zkrv
