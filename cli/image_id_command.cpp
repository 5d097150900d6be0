#include "image_id_command.h"

#include <fmt/format.h>

#include "abi/exit_codes.h"
#include "host/image_id.h"
#include "vm/isa/program_image.h"

namespace zkrv::cli {

void add_image_id_command(CLI::App& app, ImageIdOptions& options) {
  CLI::App* cmd = app.add_subcommand(
      "image-id", "Print the image ID of a guest ELF: what a verifier needs to know to check its receipts");
  cmd->add_option("elf", options.elf, "guest ELF (RV32IM, static)")->required();
}

int image_id_command(const ImageIdOptions& options) {
  const ProgramImage program = load_elf_file(options.elf);
  fmt::print("{}\n", image_id_of(program).to_hex());
  return ZKRV_EXIT_OK;
}

}  // namespace zkrv::cli
