#pragma once

#include <string>
#include <vector>

#include "builders/tag.h"
#include "cmd/common/cli_fwd.h"

namespace flypin::cmd::build_image {

struct Options {
  std::string repository;
  std::string context = ".";
  std::string file;
  std::string builder = "auto";
  std::string tag;
  std::string tag_prefix{build::kDefaultTagPrefix};
  std::vector<std::string> build_args;
  std::vector<std::string> labels;
  std::vector<std::string> builder_args;
  std::string platform = "linux/amd64";
  std::string app;
  std::string fly_config;
  std::string cache = "auto";
  std::string cache_ref;
};

void add_flags(CLI::App& app, Options& options);

}  // namespace flypin::cmd::build_image
