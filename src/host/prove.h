// Proving a program run into a receipt (docs/architecture.md section 1): the host API `zkrv prove` is a thin shell
// over. The run is proved in segments of at most 2^segment_po2 cycles (vm/machine/machine.h).
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
// `options.progress` sees the machine's phases (prove_run) and then "image" (committing the program
// table under every named configuration, for the image ID). `report`, if given, receives the machine's
// per-phase and per-chip numbers, summed over the segments.
//
// Throws GuestFault (the run faults: no proof can exist), CycleLimitReached (beyond options.max_cycles),
// std::invalid_argument if `config` is not a named configuration (a verifier would refuse its proofs)
// or the segment size is out of range, Error(internal) for a bug.
Receipt prove_receipt(const ProgramImage& program, std::span<const uint8_t> input, const FriConfig& config,
                      const ProveOptions& options = {}, ProveReport* report = nullptr);

}  // namespace zkrv
