#include "verify_command.h"

#include <unistd.h>

#include <cstdint>
#include <cstdio>

#include <fmt/format.h>

#include "abi/exit_codes.h"
#include "base/error.h"
#include "hash/digest.h"
#include "host/host_io.h"
#include "host/image_id.h"
#include "host/receipt.h"
#include "host/verify.h"
#include "vm/isa/program_image.h"
#include "journal_text.h"

namespace zkrv::cli {
namespace {

// On a terminal the journal is shown escaped, up to this many bytes (--journal FILE gets all of it).
constexpr size_t kTerminalJournalBytes = 4096;

}  // namespace

void add_verify_command(CLI::App& app, VerifyOptions& o) {
  CLI::App* cmd = app.add_subcommand("verify", "Verify a receipt against an image ID and output its journal");
  cmd->add_option("receipt", o.receipt, "Receipt file (from zkrv prove)")->required();
  // The trusted image ID comes from exactly one place; a malformed hex ID is a usage error.
  CLI::Option_group* id = cmd->add_option_group("image", "The image the receipt must be for (exactly one)");
  id->add_option("--image-id", o.image_id, "The expected image ID (64 hex digits, from zkrv image-id)")
      ->check(CLI::Validator(
          [](std::string& hex) -> std::string {
            try {
              Digest::from_hex(hex);
              return {};
            } catch (const Error&) {
              return "not an image ID (64 hex digits)";
            }
          },
          "HEX"));
  id->add_option("--elf", o.elf, "Compute the expected image ID from this guest ELF");
  id->require_option(1);
  // A valid receipt of a failed run (abort, assert, nonzero return from main) is refused unless asked.
  CLI::Option* code = cmd->add_option("--exit-code", o.exit_code,
                                      "Accept a run that exited with exactly this code (default: 0 only)")
                          ->check(CLI::Range(int64_t{INT32_MIN}, int64_t{UINT32_MAX}));
  cmd->add_flag("--any-exit-code", o.any_exit_code, "Accept a run whatever its exit code")->excludes(code);
  cmd->add_option("--journal-out,--journal", o.journal_out,
                 "Write the journal to this file instead of standard output (where it is written raw, or "
                 "shown escaped when standard output is a terminal)");
}

int verify_command(const VerifyOptions& o) {
  const Digest expected = o.elf.empty() ? Digest::from_hex(o.image_id) : image_id_of(load_elf_file(o.elf));
  const Receipt receipt = read_receipt_file(o.receipt);
  const ReceiptClaim claim = verify_receipt(receipt, expected);
  std::optional<uint32_t> required = 0;  // success only, unless --exit-code or --any-exit-code
  if (o.any_exit_code) required.reset();
  if (o.exit_code) required = static_cast<uint32_t>(*o.exit_code);
  try {
    require_exit_code(claim, required);
  } catch (const Error& e) {
    throw Error(e.category(), fmt::format("{} (accept it with --exit-code {} or --any-exit-code)", e.what(),
                                          static_cast<int32_t>(claim.exit_code)));
  }
  if (o.journal_out.empty() && ::isatty(::fileno(stdout)) == 1) {
    // A person is reading: raw bytes could garble the terminal, so show them escaped.
    fmt::print("journal: {} bytes {}\n", claim.journal.size(), journal_literal(claim.journal, kTerminalJournalBytes));
    std::fflush(stdout);
  } else if (o.journal_out.empty()) {
    // Piped or redirected: raw bytes, like the journal file `zkrv run --journal` writes; stdout carries
    // only the journal.
    std::fwrite(claim.journal.data(), 1, claim.journal.size(), stdout);
    if (std::fflush(stdout) != 0) throw Error(ErrorCategory::internal, "cannot write the journal to standard output");
  } else {
    write_output_file(o.journal_out, claim.journal);
  }
  fmt::print(stderr, "verified: image {}, exit code {}, journal {} bytes\n", claim.image_id.to_hex(),
             static_cast<int32_t>(claim.exit_code), claim.journal.size());
  return ZKRV_EXIT_OK;
}

}  // namespace zkrv::cli
