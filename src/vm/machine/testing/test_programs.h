// Tiny hand-assembled programs for the machine's adversarial tests (header-only, tests only): the
// executor tests' program builder (vm/executor/testing/program_builder.h), with the image as the
// machine's.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "vm/executor/testing/program_builder.h"
#include "vm/isa/program_image.h"
#include "vm/machine/machine_image.h"

namespace zkrv::machine_testing {

using executor_testing::cat;
using executor_testing::kA0;
using executor_testing::kA1;
using executor_testing::kA2;
using executor_testing::kA7;
using executor_testing::kCode;
using executor_testing::kData;
using executor_testing::kT0;
using executor_testing::kZero;
using executor_testing::li;
using executor_testing::Words;

// The builder's image (code at 0x10000, 4 KiB of writable zeros at 0x20000) as the machine's.
inline MachineImage image_of(const Words& code) { return MachineImage{executor_testing::image_of(code)}; }

}  // namespace zkrv::machine_testing
