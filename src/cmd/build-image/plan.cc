#include "cmd/build-image/plan.h"

#include <filesystem>

#include "builders/flyctl_builder.h"
#include "builders/oci_labels.h"
#include "builders/tag.h"
#include "core/fly_token.h"

namespace flypin::cmd::build_image {
namespace {

std::string repository_for(const Options& o, build::BuilderKind kind) {
  if (!o.repository.empty()) return o.repository;
  if (kind == build::BuilderKind::kFlyctl && !o.app.empty()) return build::fly_repository(o.app);
  return "";
}

// Whatever build-image makes, pin-image accepts (builders/tag.h).
core::Status check_tag(const Options& o) {
  if (!o.tag.empty()) return build::validate_tag(o.tag);
  return build::validate_tag_prefix(o.tag_prefix);
}

// A cache the chosen builder can never use is a meaningless combination; for
// auto it depends on what is found, and run() says so.
core::Status check_cache_for_builder(build::CacheMode mode, build::BuilderKind kind) {
  if (kind == build::BuilderKind::kFlyctl && mode != build::CacheMode::kAuto && mode != build::CacheMode::kNone) {
    return core::Error::usage(std::string("--cache ") + build::cache_mode_name(mode) +
                              " with --builder flyctl: Fly's remote builder keeps its own cache");
  }
  if (kind == build::BuilderKind::kBuildah && mode == build::CacheMode::kGha) {
    return core::Error::usage("--cache gha needs docker buildx; with --builder buildah use registry or local:DIR");
  }
  return core::ok_status();
}

}  // namespace

core::Result<Plan> validate(const Options& o, const core::Environment& env) {
  Plan plan;
  auto kind = build::parse_builder_kind(o.builder);
  if (!kind.ok()) return kind.error();
  plan.builder = *kind;
  if (auto st = check_tag(o); !st.ok()) return st.error();
  plan.tag = o.tag;
  plan.tag_prefix = o.tag_prefix;
  plan.repository = repository_for(o, *kind);
  if (plan.repository.empty()) return core::Error::usage("--repository is required (or --builder flyctl with --app)");
  auto ref = registry::parse_repository(plan.repository);
  if (!ref.ok()) return core::Error::usage("--repository: " + ref.error().message);
  plan.reference = *ref;
  auto cache = build::parse_cache(o.cache, o.cache_ref, plan.reference);
  if (!cache.ok()) return cache.error();
  if (auto st = check_cache_for_builder(cache->mode, *kind); !st.ok()) return st.error();
  plan.cache = *cache;
  // REGISTRY_USERNAME/PASSWORD go to the repository's registry and to a --cache-ref the user named, no other.
  std::vector<std::string> named{plan.reference.domain};
  if (cache->ref) named.push_back(cache->ref->domain);
  auto credentials = registry::CredentialScope::of(env, named);
  if (!credentials.ok()) return credentials.error();
  plan.credentials = std::move(*credentials);
  auto platform = registry::Platform::parse(o.platform);
  if (!platform.ok()) return core::Error::usage(platform.error().message);
  plan.platform = *platform;
  auto build_args = build::parse_key_values(o.build_args, "--build-arg");
  if (!build_args.ok()) return build_args.error();
  plan.build_args = *build_args;
  auto labels = build::parse_key_values(o.labels, "--label");
  if (!labels.ok()) return labels.error();
  plan.labels = *labels;
  std::error_code ec;
  if (!std::filesystem::is_directory(o.context, ec)) {
    return core::Error::usage("--context " + o.context + " is not a directory");
  }
  if (!o.file.empty() && !std::filesystem::is_regular_file(o.file, ec)) {
    return core::Error::usage("--file " + o.file + " does not exist");
  }
  plan.context = o.context;
  plan.dockerfile = o.file;
  if (*kind == build::BuilderKind::kFlyctl) {
    if (o.app.empty()) return core::Error::usage("--builder flyctl needs --app");
    if (!core::fly_token(env))
      return core::Error::usage("FLY_API_TOKEN is not set: --builder flyctl needs a Fly token");
  }
  plan.app = o.app;
  plan.fly_config = o.fly_config;
  plan.builder_args = o.builder_args;
  plan.buildah_root = env.get_or("FLYPIN_BUILDAH_ROOT", "");
  return plan;
}

}  // namespace flypin::cmd::build_image
