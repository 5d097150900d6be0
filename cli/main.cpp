// The zkrv command: a thin shell over the host library (docs/architecture.md section 1).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include "abi/exit_codes.h"
#include "base/error.h"
#include "image_id_command.h"
#include "inspect_command.h"
#include "new_command.h"
#include "prove_command.h"
#include "run_command.h"
#include "segments_command.h"
#include "verify_command.h"

static_assert(static_cast<int>(zkrv::ErrorCategory::malformed_input) == ZKRV_EXIT_MALFORMED);
static_assert(static_cast<int>(zkrv::ErrorCategory::guest_fault) == ZKRV_EXIT_GUEST_FAULT);
static_assert(static_cast<int>(zkrv::ErrorCategory::cycle_limit) == ZKRV_EXIT_CYCLE_LIMIT);
static_assert(static_cast<int>(zkrv::ErrorCategory::proof_rejected) == ZKRV_EXIT_PROOF_REJECTED);
static_assert(static_cast<int>(zkrv::ErrorCategory::exit_code_rejected) == ZKRV_EXIT_CODE_REJECTED);

int main(int argc, char** argv) {
  CLI::App app{"zkrv: run RISC-V (RV32IM) guest programs and prove that they ran"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "zkrv " ZKRV_VERSION_STRING);

  zkrv::cli::RunOptions run_options;
  zkrv::cli::add_run_command(app, run_options);
  zkrv::cli::ImageIdOptions image_id_options;
  zkrv::cli::add_image_id_command(app, image_id_options);
  zkrv::cli::ProveOptions prove_options;
  zkrv::cli::add_prove_command(app, prove_options);
  zkrv::cli::VerifyOptions verify_options;
  zkrv::cli::add_verify_command(app, verify_options);
  zkrv::cli::InspectOptions inspect_options;
  zkrv::cli::add_inspect_command(app, inspect_options);
  zkrv::cli::SegmentsOptions segments_options;
  zkrv::cli::add_segments_commands(app, segments_options);
  zkrv::cli::NewOptions new_options;
  zkrv::cli::add_new_command(app, new_options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? ZKRV_EXIT_OK : ZKRV_EXIT_USAGE;
  }
  try {
    if (app.got_subcommand("run")) return zkrv::cli::run_command(run_options);
    if (app.got_subcommand("image-id")) return zkrv::cli::image_id_command(image_id_options);
    if (app.got_subcommand("prove")) return zkrv::cli::prove_command(prove_options);
    if (app.got_subcommand("verify")) return zkrv::cli::verify_command(verify_options);
    if (app.got_subcommand("inspect")) return zkrv::cli::inspect_command(inspect_options);
    if (app.got_subcommand("new")) return zkrv::cli::new_command(new_options);
    if (const int code = zkrv::cli::segments_command(app, segments_options); code >= 0) return code;
    return ZKRV_EXIT_USAGE;
  } catch (const zkrv::Error& e) {
    std::fflush(stdout);
    fmt::print(stderr, "zkrv: {}: {}\n", zkrv::category_name(e.category()), e.what());
    return e.exit_code();
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "zkrv: internal error: out of memory\n");
    return ZKRV_EXIT_INTERNAL;
  } catch (const std::exception& e) {
    fmt::print(stderr, "zkrv: internal error: {}\n", e.what());
    return ZKRV_EXIT_INTERNAL;
  }
}
