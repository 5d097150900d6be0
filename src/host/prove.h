// Proving a program run into a receipt (docs/architecture.md section 1): the host API `zkrv prove` is a thin shell
// over. One segment for now (vm/machine/machine.h, kMaxSegmentCycles); continuations will add more.
#pragma once

#include <cstdint>
#include <span>

#include "fri/config.h"
#include "host/receipt.h"
#include "vm/isa/program_image.h"
#include "vm/machine/machine.h"

namespace zkrv {

// Runs `program` (with the VM's initial registers) on the private `input` and proves the run under
// `config`. The receipt's claim is (image_id_of(program), exit code, journal) and it carries the image
// commitments under every named configuration, so it verifies against the ID `zkrv image-id` prints.
//
// `progress` sees the machine's phases (prove_segment) and then "image" (committing the preprocessed
// tables under every named configuration, for the image ID). `report`, if given, receives the
// machine's per-phase and per-chip numbers.
//
// Throws GuestFault (the run faults: no proof can exist), CycleLimitReached (longer than one segment),
// std::invalid_argument if `config` is not a named configuration (a verifier would refuse its proofs),
// Error(internal) for a bug.
Receipt prove_receipt(const ProgramImage& program, std::span<const uint8_t> input, const FriConfig& config,
                      const ProveProgress& progress = {}, ProveReport* report = nullptr);

}  // namespace zkrv
