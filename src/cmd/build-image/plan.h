#pragma once
// build-image's inputs, parsed once: validate() finds every usage or
// configuration error (exit 2) before any builder runs or any network call,
// and run() uses the Plan as it is.

#include <string>
#include <vector>

#include "builders/build_request.h"
#include "builders/builder.h"
#include "builders/cache.h"
#include "cmd/build-image/options.h"
#include "core/environment.h"
#include "core/result.h"
#include "registry/credentials.h"
#include "registry/platform.h"
#include "registry/reference.h"

namespace flypin::cmd::build_image {

struct Plan {
  build::BuilderKind builder = build::BuilderKind::kAuto;  // as asked; auto is resolved by run()
  std::string repository;                                  // as given, or registry.fly.io/<app> for flyctl
  registry::Reference reference;                           // the repository, parsed; run() sets its tag
  registry::CredentialScope credentials;                   // REGISTRY_USERNAME/PASSWORD: its registry (+ REGISTRY_HOST)
  std::string tag;                                         // --tag, validated; "" for tag_prefix + a new ULID
  std::string tag_prefix;
  std::string context;
  std::string dockerfile;  // "" for the builder's default
  registry::Platform platform;
  std::vector<build::KeyValue> build_args;
  std::vector<build::KeyValue> labels;
  std::vector<std::string> builder_args;
  std::string app;
  std::string fly_config;
  build::CacheRequest cache;
  std::string buildah_root;  // FLYPIN_BUILDAH_ROOT ("" for buildah's own storage)
};

core::Result<Plan> validate(const Options& options, const core::Environment& env);

}  // namespace flypin::cmd::build_image
