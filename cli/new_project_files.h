// The starter project `zkrv new` writes (cli/new_project/, embedded at build time), with {{name}}
// standing for the project's name.
#pragma once

#include <span>
#include <string_view>

namespace zkrv::cli {

struct ProjectFile {
  std::string_view path;  // relative; "gitignore" is written as ".gitignore"
  std::string_view text;
};

std::span<const ProjectFile> new_project_files();

}  // namespace zkrv::cli
