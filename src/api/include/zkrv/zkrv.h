// The zkrv host API in one include: load a guest program, run it, prove a run into a receipt, verify
// a receipt against an image ID. Link with zkrv::zkrv (find_package(zkrv CONFIG REQUIRED)).
// docs/host-api.md walks through it; examples/host/ is a complete program.
#pragma once

#include "zkrv/error.h"
#include "zkrv/execute.h"
#include "zkrv/image_id.h"
#include "zkrv/program.h"
#include "zkrv/prove.h"
#include "zkrv/receipt.h"
#include "zkrv/verify.h"

namespace zkrv::host {
// The zkrv version this library is ("0.1.0").
ZKRV_API const char* version() noexcept;
}  // namespace zkrv::host
