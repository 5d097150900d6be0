// Test fixture for the decode chip (instruction_decode_chip.h): the chip with the class table and the
// byte table, a "memory" that holds each row's word (public sends of (addr, word, 0) and receives of
// (addr, word, 2^25), what the memory leaf chip does in the machine) and a "CPU" that fetches each pc
// (public sends of its fetch tuple). Forgery tests edit the decode trace, the memory words or the fetch
// tuples and call check_current(), which rebalances the byte and class tables' counts to whatever the
// edited rows ask for (a lookup no table row holds stays unbalanced) and reports every failure.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "air/debug.h"
#include "vm/chips/byte/byte_chip.h"
#include "vm/chips/byte/byte_lookups.h"
#include "vm/chips/program/decoded_fields.h"
#include "vm/chips/program/instruction_class_chip.h"
#include "vm/chips/program/instruction_decode_chip.h"
#include "vm/isa/decoder.h"

namespace zkrv::chips::test_support {

inline uint32_t jal(uint32_t rd, int32_t offset) {
  const auto o = static_cast<uint32_t>(offset);
  return 0x6fu | (rd << 7) | (((o >> 12) & 0xffu) << 12) | (((o >> 11) & 1u) << 20) | (((o >> 1) & 0x3ffu) << 21) |
         (((o >> 20) & 1u) << 31);
}

inline uint32_t branch(uint32_t funct3, uint32_t rs1, uint32_t rs2, int32_t offset) {
  const auto o = static_cast<uint32_t>(offset);
  return 0x63u | (((o >> 11) & 1u) << 7) | (((o >> 1) & 0xfu) << 8) | (funct3 << 12) | (rs1 << 15) | (rs2 << 20) |
         (((o >> 5) & 0x3fu) << 25) | (((o >> 12) & 1u) << 31);
}

// A random word of class c (its key bits fixed, everything else random; ECALL exactly).
template <class Rng>
uint32_t random_word_of(const InstructionClass& c, Rng& rng) {
  if (c[kClassOpcode] == 0x73u) return 0x00000073u;
  uint32_t w = static_cast<uint32_t>(rng());
  w = (w & ~0x7fu) | c[kClassOpcode];
  w = (w & ~(7u << 12)) | (c[kClassFunct3] << 12);
  if (c[kClassUsesFunct7] != 0) w = (w & 0x01ffffffu) | (c[kClassFunct7Key] << 25);
  return w;
}

struct DecodeFixture {
  uint32_t code_begin_word = 0x4000, code_end_word = uint32_t{1} << 28;
  struct Entry {
    uint32_t pc = 0, word = 0, multiplicity = 0;
  };
  std::vector<Entry> entries;
  std::vector<uint32_t> memory_words;       // what memory holds at each entry's pc (default: the word)
  std::vector<DecodedFields> fetches;       // what the CPU sends for each entry (default: decode_fields)

  InstructionDecodeChip chip{code_begin_word, code_end_word};
  InstructionClassChip class_chip;
  ByteChip byte_chip;
  RowMajorMatrix<Fp> decode_trace, class_main, class_prep, byte_main, byte_prep;

  void add(uint32_t pc, uint32_t word, uint32_t multiplicity) { entries.push_back({pc, word, multiplicity}); }

  template <class Rng>
  uint32_t random_pc(Rng& rng) const {
    return 4 * (code_begin_word + static_cast<uint32_t>(rng() % (code_end_word - code_begin_word)));
  }

  // Honest traces, memory and fetches for the entries (throws what generate_trace throws).
  void build() {
    chip = InstructionDecodeChip(code_begin_word, code_end_word);
    std::vector<DecodeRow> rows;
    memory_words.clear();
    fetches.clear();
    for (const Entry& e : entries) {
      rows.push_back({e.pc, e.word, e.multiplicity, 0});
      memory_words.push_back(e.word);
      const Instruction in = decode(e.word);
      fetches.push_back(in.op == Opcode::illegal ? DecodedFields{} : decode_fields(e.pc, in));
    }
    std::vector<uint32_t> counts(instruction_classes().size(), 0);
    ByteLookups bytes;
    decode_trace = chip.generate_trace(rows, counts, bytes);
    class_prep = class_chip.preprocessed_trace();
    class_main = class_chip.generate_trace(counts);
    byte_prep = byte_chip.preprocessed_trace();
    byte_main = byte_chip.generate_trace(bytes);
  }

  std::vector<PublicInteraction> public_interactions() const {
    std::vector<PublicInteraction> out;
    for (size_t i = 0; i < entries.size(); ++i) {
      const uint32_t addr = entries[i].pc / 4, w = memory_words[i];
      out.push_back({kMemoryBus, InteractionKind::send, {Fp(addr), Fp(w & 0xffffu), Fp(w >> 16), Fp::zero()}});
      out.push_back({kMemoryBus, InteractionKind::receive,
                     {Fp(addr), Fp(w & 0xffffu), Fp(w >> 16), Fp(kFetchReadTimestamp)}});
      std::vector<Fp> tuple;
      for (uint32_t v : fetches[i]) tuple.push_back(Fp(v));
      out.push_back({kProgramBus, InteractionKind::send, std::move(tuple), Fp(entries[i].multiplicity)});
    }
    return out;
  }

  // Rebalances the class and byte tables to the decode trace's lookups, then checks constraints and buses.
  std::vector<std::string> check_current() {
    const ChipTrace decode_view = chip_trace(chip, decode_trace.view());
    std::vector<uint32_t> counts(instruction_classes().size(), 0);
    ByteLookups bytes;
    for (size_t r = 0; r < decode_trace.height(); ++r) {
      for (const auto& i : row_interactions(decode_view, r)) {
        if (i.multiplicity == Fp::zero()) continue;
        const uint32_t n = i.multiplicity.as_canonical();
        if (i.bus == kByteBus) {
          for (uint32_t k = 0; k < n; ++k)
            record_byte_tuple(i.values[0].as_canonical(), i.values[1].as_canonical(), i.values[2].as_canonical(),
                              i.values[3].as_canonical(), bytes);
        } else if (i.bus == kInstructionClassBus) {
          const auto classes = instruction_classes();
          for (size_t c = 0; c < classes.size(); ++c) {
            bool same = true;
            for (size_t f = 0; f < kInstructionClassArity; ++f) same = same && i.values[f] == Fp(classes[c][f]);
            if (same) counts[c] += n;
          }
        }
      }
    }
    class_main = class_chip.generate_trace(counts);
    byte_main = byte_chip.generate_trace(bytes);
    const std::vector<ChipTrace> views = {decode_view, chip_trace(class_chip, class_main.view(), class_prep.view()),
                                          chip_trace(byte_chip, byte_main.view(), byte_prep.view())};
    std::vector<std::string> out;
    for (const ChipTrace& v : views)
      for (const ConstraintFailure& f : check_constraints(v)) out.push_back(f.describe());
    const auto publics = public_interactions();
    for (const BusImbalance& b : check_buses(views, publics)) out.push_back(b.describe());
    return out;
  }

  std::vector<std::string> check() {
    build();
    return check_current();
  }
};

}  // namespace zkrv::chips::test_support
