// `zkrv inspect`: describe a receipt (claim, image shape, proof configuration, chip heights, security)
// without verifying it.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace zkrv::cli {

struct InspectOptions {
  std::string receipt;
};

void add_inspect_command(CLI::App& app, InspectOptions& options);
int inspect_command(const InspectOptions& options);

}  // namespace zkrv::cli
