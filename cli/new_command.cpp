#include "new_command.h"

#include <cctype>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "abi/exit_codes.h"
#include "base/error.h"
#include "new_project_files.h"

namespace zkrv::cli {
namespace {

namespace fs = std::filesystem;

std::string substitute(std::string_view text, const std::string& name) {
  static constexpr std::string_view kPlaceholder = "{{name}}";
  std::string out;
  size_t from = 0;
  for (size_t at; (at = text.find(kPlaceholder, from)) != std::string_view::npos; from = at + kPlaceholder.size()) {
    out.append(text.substr(from, at - from));
    out.append(name);
  }
  out.append(text.substr(from));
  return out;
}

// Target names CMake keeps for itself (its generators' own targets), which the project's executable
// would collide with.
bool is_reserved_target_name(const std::string& name) {
  for (const char* reserved : {"all", "clean", "help", "install", "test", "package", "package_source",
                               "edit_cache", "rebuild_cache", "list_install_components", "depend"})
    if (name == reserved) return true;
  return false;
}

}  // namespace

std::string project_name_for(const std::string& dir_name) {
  std::string name;
  for (const char c : dir_name) name.push_back(std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '_');
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front())) != 0) name.insert(0, "_");
  return name;
}

void add_new_command(CLI::App& app, NewOptions& o) {
  CLI::App* cmd = app.add_subcommand("new", "Write a starter project: a C guest and a C++ host that proves it");
  cmd->add_option("dir", o.dir, "Directory to create (must not exist or be empty)")->required();
  cmd->add_option("--name", o.name, "Project name (default: from the directory's name)");
}

int new_command(const NewOptions& o) {
  fs::path dir = fs::absolute(o.dir).lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();  // "a/" normalizes to "/.../a/"
  std::error_code ec;
  const fs::file_status status = fs::status(dir, ec);
  if (fs::exists(status)) {
    if (!fs::is_directory(status))
      throw Error(ErrorCategory::usage, fmt::format("'{}' exists and is not a directory", dir.string()));
    const bool empty = fs::is_empty(dir, ec);
    if (ec) throw Error(ErrorCategory::usage, fmt::format("cannot read '{}': {}", dir.string(), ec.message()));
    if (!empty) throw Error(ErrorCategory::usage, fmt::format("'{}' exists and is not an empty directory", dir.string()));
  }
  const std::string name = project_name_for(o.name.empty() ? dir.filename().string() : o.name);
  if (is_reserved_target_name(name))
    throw Error(ErrorCategory::usage,
                fmt::format("'{}' is a name CMake reserves for its own targets; choose another with --name", name));

  for (const ProjectFile& f : new_project_files()) {
    const fs::path relative = f.path == "gitignore" ? fs::path(".gitignore") : fs::path(f.path);
    const fs::path target = dir / relative;
    fs::create_directories(target.parent_path(), ec);
    if (ec) throw Error(ErrorCategory::internal, fmt::format("cannot create '{}': {}", target.parent_path().string(), ec.message()));
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out << substitute(f.text, name);
    out.close();
    if (!out) throw Error(ErrorCategory::internal, fmt::format("cannot write '{}'", target.string()));
  }
  fmt::print("created zkrv project '{}' in {}\n", name, dir.string());
  fmt::print("  build:  cd '{}' && cmake -S . -B build && cmake --build build\n", dir.string());
  fmt::print("  run:    build/{}\n", name);
  return ZKRV_EXIT_OK;
}

}  // namespace zkrv::cli
