#include "cmd/build-image/build_image.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "builders/buildah_builder.h"
#include "builders/builder_choice.h"
#include "builders/docker_builder.h"
#include "builders/flyctl_builder.h"
#include "builders/oci_labels.h"
#include "builders/tag.h"
#include "builders/ulid.h"
#include "builders/workspace_dir.h"
#include "cmd/build-image/read_back.h"
#include "core/interrupt.h"
#include "core/log_line.h"
#include "core/redact.h"
#include "registry/credentials.h"
#include "registry/reference.h"
#include "registry/registry_client.h"

namespace flypin::cmd::build_image {
namespace {

constexpr size_t kFailureLines = 15;

std::unique_ptr<build::Builder> make_builder(const build::BuilderChoice& choice, const Plan& plan,
                                             const core::Environment& env) {
  switch (choice.kind) {
    case build::BuilderKind::kDocker:
      return std::make_unique<build::DockerBuilder>(choice.docker);
    case build::BuilderKind::kFlyctl:
      return std::make_unique<build::FlyctlBuilder>(choice.executable);
    case build::BuilderKind::kBuildah:
    case build::BuilderKind::kAuto:
      break;
  }
  auto settings = build::detect_buildah_settings(env, choice.executable, plan.buildah_root);
  spdlog::info("buildah isolation: {}", settings.isolation.empty() ? "BUILDAH_ISOLATION (buildah's own choice)"
                                                                   : settings.isolation + ", on the runner's network");
  settings.tls_verify = plan.reference.is_loopback() ? build::TlsVerify::kOff : build::TlsVerify::kOn;
  settings.auth_file = build::AuthFile::kInWorkspace;
  return std::make_unique<build::BuildahBuilder>(settings);
}

// The builder gets the credentials the registry check will use (env, docker
// config, Fly token) for the image's registry and the cache's, in files of
// its own in the workspace, never on its command line: a containers
// authfile for buildah, a DOCKER_CONFIG for docker.
core::Status prepare_credentials(registry::CredentialResolver& creds, const std::vector<std::string>& domains,
                                 const build::Workspace& ws, const core::Environment& env) {
  std::vector<build::RegistryLogin> logins;
  for (size_t i = 0; i < domains.size(); ++i) {
    const std::string& domain = domains[i];
    if (std::find(domains.begin(), domains.begin() + static_cast<std::ptrdiff_t>(i), domain) !=
        domains.begin() + static_cast<std::ptrdiff_t>(i)) {
      continue;
    }
    auto credential = creds.resolve(domain);
    if (!credential.ok()) return std::move(credential).error();
    spdlog::info("registry credential for {}: {}", domain, credential->source);
    if (credential->anonymous()) continue;
    core::register_secret(credential->password);
    logins.push_back({domain, credential->username, credential->password});
  }
  if (auto st = build::write_auth_file(ws.auth_file(), logins); !st.ok()) return st;
  return build::write_docker_config(ws, logins, registry::docker_config_dir(env));
}

build::BuildRequest make_request(const Plan& plan, const std::string& image, const std::string& tag,
                                 const core::Environment& env, core::Clock& clock) {
  build::BuildRequest r;
  r.image = image;
  r.tag = tag;
  r.context = plan.context;
  r.dockerfile = plan.dockerfile;
  r.platform = plan.platform.str();
  r.app = plan.app;
  r.fly_config = plan.fly_config;
  r.builder_args = plan.builder_args;
  r.build_args.push_back({"IMAGE_TAG", tag});
  r.build_args.insert(r.build_args.end(), plan.build_args.begin(), plan.build_args.end());
  r.labels = build::oci_labels(env, clock.unix_seconds());
  r.labels.insert(r.labels.end(), plan.labels.begin(), plan.labels.end());
  // Fly's registry takes the image and nothing else (no provenance or SBOM manifests).
  if (build::is_fly_registry(plan.reference.domain)) r.attestations = build::Attestations::kOff;
  return r;
}

void warn(Deps& deps, const std::string& message) {
  spdlog::warn("{}", message);
  deps.io.warning_annotation("build cache", message);
}

build::ActionsCache actions_cache(const core::Environment& env) {
  return env.get("ACTIONS_RUNTIME_TOKEN") ? build::ActionsCache::kPresent : build::ActionsCache::kAbsent;
}

// A local cache directory is made when missing. A registry cache that refuses us or does not answer is skipped
// before the
// build starts: builders retry such a cache for seconds, and buildah fails
// the whole build when it cannot push to it.
build::Cache usable_cache(const build::Cache& cache, registry::RegistryClient& client, Deps& deps) {
  if (cache.mode == build::CacheMode::kLocal) {
    std::error_code ec;
    std::filesystem::create_directories(cache.dir, ec);
    if (ec) {
      warn(deps, "build cache directory " + cache.dir + " cannot be created, building uncached: " + ec.message());
      return {};
    }
  }
  if (cache.mode != build::CacheMode::kRegistry) return cache;
  core::RetryPolicy retry;
  retry.max_attempts = 2;
  if (auto st = client.check_access(cache.ref, retry); !st.ok()) {
    warn(deps, "build cache " + cache.ref.str() + " is not usable, building uncached: " + st.error().message);
    return {};
  }
  return cache;
}

// Where a failed build's output shows the cache was the cause.
std::string cache_marker(const build::Cache& cache) {
  switch (cache.mode) {
    case build::CacheMode::kRegistry:
      return cache.ref.path;
    case build::CacheMode::kLocal:
      return cache.dir;
    case build::CacheMode::kGha:
      return "type=gha";
    case build::CacheMode::kAuto:
    case build::CacheMode::kNone:
      break;
  }
  return "";
}

bool any_hit(const std::vector<build::StepReport>& steps) {
  return std::any_of(steps.begin(), steps.end(), [](const auto& s) { return s.cache == build::StepCache::kCached; });
}

struct BuilderRun {
  std::string output;  // of the build and push steps
  std::vector<std::string> cache_failures;
};

core::Result<BuilderRun> run_builder(const build::Builder& builder, const build::BuildRequest& request,
                                     const build::Workspace& ws, Deps& deps) {
  BuilderRun run;
  for (auto step : builder.commands(request, ws)) {
    if (step.save == build::CacheSave::kUnlessHits && any_hit(build::parse_build_steps(run.output))) {
      spdlog::info("{}: skipped, the build took steps from the cache, which stays as it was", step.title);
      continue;
    }
    std::FILE* sink = deps.builder_output;
    step.spec.on_line = [sink](const std::string& line) {
      // Builder output is echoed too: one line each, no workflow command in it.
      std::string text = core::one_log_line(core::redact(line)) + "\n";
      std::fputs(text.c_str(), sink);
      std::fflush(sink);
    };
    deps.io.group_begin(step.title);
    auto result = deps.processes.run(step.spec);
    deps.io.group_end();
    if (core::interrupted()) return core::Error::cancelled();
    if (!result.ok()) return std::move(result).error();
    std::string status = result->exit_code < 0 ? "was killed by signal " + std::to_string(result->term_signal)
                                               : "exited with status " + std::to_string(result->exit_code);
    if (step.role == build::StepRole::kCache) {
      if (result->exit_code != 0) {
        run.cache_failures.push_back(step.title + " " + status + ": " +
                                     core::one_log_line(core::redact(core::last_lines(result->output, 1))));
      }
      continue;
    }
    run.output += result->output;
    if (result->exit_code != 0) {
      return core::Error::check(step.title + " " + status + "; its last lines:\n" +
                                core::redact(core::last_lines(result->output, kFailureLines)));
    }
  }
  return run;
}

// Build and push; a build that failed on its cache is built again without one.
core::Result<BuilderRun> build_and_push(const build::Builder& builder, build::BuildRequest request,
                                        const build::Workspace& ws, Deps& deps, Outcome& out) {
  auto run = run_builder(builder, request, ws, deps);
  const std::string marker = cache_marker(request.cache);
  if (!run.ok() && run.error().kind == core::ErrorKind::kCheck && !marker.empty() &&
      run.error().message.find(marker) != std::string::npos) {
    warn(deps, "the build failed on its cache (" + request.cache.describe() + "); building again uncached. " +
                   core::one_log_line(run.error().message));
    request.cache = {};
    out.cache = "none (the cache failed)";
    run = run_builder(builder, request, ws, deps);
  }
  if (run.ok()) {
    for (const auto& failure : run->cache_failures) warn(deps, "the cache was not saved: " + failure);
  }
  return run;
}

// Fills `out` as it goes: a failure still names the tag and the builder.
core::Status build_and_confirm(const Plan& plan, Deps& deps, Outcome& out) {
  const std::string tag = plan.tag.empty() ? plan.tag_prefix + build::new_ulid() : plan.tag;
  auto dir = build::WorkspaceDir::create();
  if (!dir.ok()) return std::move(dir).error();
  const build::Workspace ws = dir->workspace();
  // docker runs with a configuration of ours from its first probe on; the
  // credentials go into it once resolved.
  if (auto st = build::write_docker_config(ws, {}, registry::docker_config_dir(deps.env)); !st.ok()) return st.error();
  auto choice =
      build::choose_builder(plan.builder, deps.env, deps.processes,
                            plan.app.empty() ? build::FlyApp::kNone : build::FlyApp::kGiven, ws.docker_config_dir());
  if (!choice.ok()) return std::move(choice).error();
  spdlog::info("builder: {} ({})", build::builder_name(choice->kind), choice->reason);

  registry::Reference ref = plan.reference;
  ref.tag = tag;

  auto builder = make_builder(*choice, plan, deps.env);
  registry::CredentialResolver creds(deps.env, deps.processes, plan.credentials);
  registry::RegistryClient client(deps.registry_http, creds);

  auto cache_choice = build::choose_cache(plan.cache, builder->cache_support(), ref, actions_cache(deps.env));
  if (!cache_choice.note.empty()) {
    if (cache_choice.level == build::CacheChoice::Level::kWarning) {
      warn(deps, cache_choice.note);
    } else {
      spdlog::info("{}", cache_choice.note);
    }
  }
  std::vector<std::string> domains{ref.domain};
  if (cache_choice.cache.mode == build::CacheMode::kRegistry) domains.push_back(cache_choice.cache.ref.domain);
  if (auto st = prepare_credentials(creds, domains, ws, deps.env); !st.ok()) return st.error();

  out.tag = tag;
  out.image = plan.repository + ":" + tag;
  out.builder = build::builder_name(choice->kind);
  out.builder_reason = choice->reason;
  auto request = make_request(plan, out.image, out.tag, deps.env, deps.clock);
  request.cache = usable_cache(cache_choice.cache, client, deps);
  out.cache = request.cache.describe();
  spdlog::info("build cache: {}", out.cache);

  spdlog::info("building {} for {}", out.image, plan.platform.str());
  auto built = build_and_push(*builder, request, ws, deps, out);
  if (!built.ok()) return std::move(built).error();
  out.steps = build::parse_build_steps(built->output);
  if (!out.steps.empty()) spdlog::info("{}", build::cache_hits_line(out.steps));
  auto reported = builder->reported_digest(built->output, ws);
  if (!reported.ok()) return std::move(reported).error();
  out.reported_digest = reported->value_or("");

  spdlog::info("pushed; confirming {} in registry {}", out.image, ref.domain);
  auto resolved = read_back(client, ref, plan.platform, deps.clock);
  if (!resolved.ok()) {
    auto error = std::move(resolved).error();
    error.message = "the push finished but the registry does not confirm " + out.image + ": " + error.message;
    return error;
  }
  out.digest = resolved->digest;
  if (!out.reported_digest.empty() && out.reported_digest != out.digest) {
    return core::Error::check(std::string(build::builder_name(choice->kind)) + " reported digest " +
                              out.reported_digest + " but the registry has " + out.digest + " for " + out.image);
  }
  out.image_pinned = plan.repository + "@" + out.digest;
  spdlog::info("confirmed {} = {}", out.image, out.digest);
  return core::ok_status();
}

}  // namespace

Result run(const Plan& plan, Deps& deps) {
  Outcome out;
  auto status = build_and_confirm(plan, deps, out);
  return run_result(std::move(out), std::move(status));
}

}  // namespace flypin::cmd::build_image
