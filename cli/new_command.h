// `zkrv new DIR`: write a starter project (a C guest, a C++ host proving it through the zkrv library,
// one CMakeLists.txt using find_package(zkrv), a README with its two commands).
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace zkrv::cli {

struct NewOptions {
  std::string dir;
  std::string name;  // empty: derived from the directory's name
};

void add_new_command(CLI::App& app, NewOptions& options);
int new_command(const NewOptions& options);

// The CMake project name for a directory name: letters, digits and '_' kept, anything else '_', and a
// leading digit prefixed with '_'.
std::string project_name_for(const std::string& dir_name);

}  // namespace zkrv::cli
