#pragma once
// pin-image's flags, as given: validate() (plan.h) parses them.

#include <string>

#include "cmd/common/cli_fwd.h"

namespace flypin::cmd::pin_image {

struct Options {
  std::string image;
  std::string project_ref;
  std::string secret_name = "DOCKER_IMAGE";
  std::string platform = "linux/amd64";
  bool pin_digest = false;
  bool allow_mutable_tag = false;
  bool dry_run = false;
  bool check_only = false;
  std::string environment;  // "": supabase-<project ref>
  bool allow_older = false;
  bool require_known_live = false;
  bool status = false;
  bool rollback = false;
  std::string rollback_to;       // --to
  std::string image_repository;  // --image-repository (for --status and --rollback)
  std::string keep;              // --keep N: a whole number, parsed by validate()
  std::string keeper_app;        // --keeper-app ("": FLY_APP)
  bool fail_if_missing = false;  // with --status
};

void add_flags(CLI::App& app, Options& options);

}  // namespace flypin::cmd::pin_image
