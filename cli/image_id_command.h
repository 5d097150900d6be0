// `zkrv image-id guest.elf`: print the program's image ID (host/image_id.h) as 64 hex digits.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace zkrv::cli {

struct ImageIdOptions {
  std::string elf;
};

void add_image_id_command(CLI::App& app, ImageIdOptions& options);
int image_id_command(const ImageIdOptions& options);

}  // namespace zkrv::cli
