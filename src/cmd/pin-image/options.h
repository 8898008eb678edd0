#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace flypin::cmd::pin_image {

enum class Mode { kPin, kDryRun, kCheckOnly };

struct Options {
  std::string image;
  std::string project_ref;
  std::string secret_name = "DOCKER_IMAGE";
  std::string platform = "linux/amd64";
  bool pin_digest = false;
  bool allow_mutable_tag = false;
  bool dry_run = false;
  bool check_only = false;
  bool json = false;

  Mode mode() const { return dry_run ? Mode::kDryRun : check_only ? Mode::kCheckOnly : Mode::kPin; }
};

void add_flags(CLI::App& app, Options& options);

}  // namespace flypin::cmd::pin_image
