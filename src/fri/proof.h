// The FRI proof and its binary format.
//
// Contents (the order in which the protocol produces them, see fri_prover.h):
//   commit_roots[r]          Merkle root of FRI layer r (layer 0 = the tallest reduced opening); each
//                            leaf is one fold group, 2^k consecutive entries of the layer (a coset)
//   commit_pow_witnesses[r]  grinding witness before beta_r (0 when the configuration asks for 0 bits)
//   final_poly               coefficients of the last layer's polynomial, low first
//   query_pow_witness        grinding witness before the query indices
//   queries[q]               per query: the Merkle openings of every committed input batch at the query
//                            index, and per round the 2^k - 1 OTHER entries of the fold group (the
//                            verifier already knows the queried one: it inserts it, so a wrong value
//                            fails the Merkle check) with the sibling path of that leaf.
//                            Paths are shared (merkle/shared_paths.h): in each tree (an input batch
//                            or a FRI round) a sibling digest is sent once, by the lowest query that
//                            needs it, and not at all where another query's path computes it, so a
//                            query's `siblings` / `path` hold only the digests assigned to it.
//                            Rows likewise: a row of an input matrix that several queries open is sent
//                            by the lowest of them only; the others hold an empty row.
//
// Wire format, version 2 (version 1 sent full paths; little-endian, canonical field elements, base/byte_io.h):
//   "ZKFR" u16 version=2   u8 name length, name bytes (must equal the expected configuration's name)
//   u32 rounds, digests    u32 count, Fp witnesses    u32 count, Ext final_poly    Fp query witness
//   u32 queries; per query: var batches, BatchOpening each (merkle/batch_opening.h);
//                           var steps; per step: var count, Ext siblings; var count, Digest path
//   (var = ByteWriter::varuint: the per-query counts are small and repeated, so one byte each.)
// read_fri_proof() bounds every count by what the configuration allows (queries = num_queries, rounds
// <= 27, siblings < arity, final polynomial <= 2^log_final_poly_len + degree_excess, paths <= 27) before allocating,
// rejects trailing bytes, and names the field it was reading in each MalformedInput. The exact shape
// (number of rounds for these heights, widths of the opened rows) is checked by the verifier, which knows
// the committed dimensions.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "field/babybear.h"
#include "field/extension.h"
#include "fri/config.h"
#include "hash/digest.h"
#include "merkle/batch_opening.h"

namespace zkrv {

struct FriQueryStep {
  std::vector<Ext> siblings;   // the fold group without the queried entry, in group order
  std::vector<Digest> path;    // Merkle siblings of the group's leaf, leaf level first
  friend bool operator==(const FriQueryStep&, const FriQueryStep&) = default;
};

struct FriQueryProof {
  std::vector<BatchOpening> input_openings;  // one per committed batch (PCS round)
  std::vector<FriQueryStep> steps;           // one per FRI round
  friend bool operator==(const FriQueryProof&, const FriQueryProof&) = default;
};

struct FriProof {
  std::vector<Digest> commit_roots;
  std::vector<Fp> commit_pow_witnesses;
  std::vector<Ext> final_poly;
  Fp query_pow_witness;
  std::vector<FriQueryProof> queries;
  friend bool operator==(const FriProof&, const FriProof&) = default;
};

inline constexpr uint16_t kFriProofVersion = 2;

void write_fri_proof(ByteWriter& out, const FriProof& proof, const FriConfig& config);
std::vector<uint8_t> serialize_fri_proof(const FriProof& proof, const FriConfig& config);

// Reads one proof made under `config` (which the caller took from the registry, never from the bytes).
FriProof read_fri_proof(ByteReader& in, const FriConfig& config);
// The whole buffer must be one proof (trailing bytes are malformed).
FriProof deserialize_fri_proof(std::span<const uint8_t> bytes, const FriConfig& config);

}  // namespace zkrv
