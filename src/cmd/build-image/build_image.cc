#include "cmd/build-image/build_image.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <memory>

#include "builders/buildah_builder.h"
#include "builders/builder_choice.h"
#include "builders/docker_builder.h"
#include "builders/flyctl_builder.h"
#include "builders/oci_labels.h"
#include "builders/tag.h"
#include "builders/workspace_dir.h"
#include "core/interrupt.h"
#include "core/log_line.h"
#include "core/redact.h"
#include "registry/credentials.h"
#include "registry/reference.h"
#include "registry/registry_client.h"

namespace flypin::cmd::build_image {
namespace {

constexpr size_t kFailureLines = 15;

std::string repository_for(const Options& o, build::BuilderKind kind) {
  if (!o.repository.empty()) return o.repository;
  if (kind == build::BuilderKind::kFlyctl && !o.app.empty()) return build::fly_repository(o.app);
  return "";
}

std::unique_ptr<build::Builder> make_builder(const build::BuilderChoice& choice, const Options& o,
                                             const core::Environment& env, const registry::Reference& ref,
                                             build::AuthFile auth_file) {
  switch (choice.kind) {
    case build::BuilderKind::kDocker:
      return std::make_unique<build::DockerBuilder>(choice.executable);
    case build::BuilderKind::kFlyctl:
      return std::make_unique<build::FlyctlBuilder>(choice.executable);
    case build::BuilderKind::kBuildah:
    case build::BuilderKind::kAuto:
      break;
  }
  auto settings = build::detect_buildah_settings(
      env, choice.executable, o.buildah_root.empty() ? env.get_or("FLYPIN_BUILDAH_ROOT", "") : o.buildah_root);
  settings.tls_verify = ref.is_loopback() ? build::TlsVerify::kOff : build::TlsVerify::kOn;
  settings.auth_file = auth_file;
  return std::make_unique<build::BuildahBuilder>(settings);
}

// buildah gets the same credential the registry check will use (env, docker
// config, Fly token) through a private authfile, never on its command line.
core::Result<build::AuthFile> prepare_auth_file(registry::CredentialResolver& creds, const std::string& domain,
                                                const build::Workspace& ws) {
  auto credential = creds.resolve(domain);
  if (!credential.ok()) return std::move(credential).error();
  if (credential->anonymous()) return build::AuthFile::kNone;
  core::register_secret(credential->password);
  spdlog::info("registry credential for {}: {}", domain, credential->source);
  if (auto st = build::write_auth_file(ws.auth_file(), domain, credential->username, credential->password); !st.ok()) {
    return st.error();
  }
  return build::AuthFile::kInWorkspace;
}

build::BuildRequest make_request(const Options& o, const std::string& image, const std::string& tag,
                                 const core::Environment& env, core::Clock& clock) {
  build::BuildRequest r;
  r.image = image;
  r.tag = tag;
  r.context = o.context;
  r.dockerfile = o.file;
  r.platform = o.platform;
  r.app = o.app;
  r.fly_config = o.fly_config;
  r.builder_args = o.builder_args;
  r.build_args.push_back({"IMAGE_TAG", tag});
  auto user_args = build::parse_key_values(o.build_args, "--build-arg").value();
  r.build_args.insert(r.build_args.end(), user_args.begin(), user_args.end());
  r.labels = build::oci_labels(env, clock.unix_seconds());
  auto user_labels = build::parse_key_values(o.labels, "--label").value();
  r.labels.insert(r.labels.end(), user_labels.begin(), user_labels.end());
  return r;
}

core::Result<std::string> run_builder(const build::Builder& builder, const build::BuildRequest& request,
                                      const build::Workspace& ws, Deps& deps) {
  std::string output;
  for (auto spec : builder.commands(request, ws)) {
    std::string step = build::builder_name(builder.kind());
    for (const auto& a : spec.argv) {
      if (a == "build" || a == "push" || a == "deploy") {
        step += " " + a;
        break;
      }
    }
    std::FILE* sink = deps.builder_output;
    spec.on_line = [sink](const std::string& line) {
      // Builder output is echoed too: one line each, no workflow command in it.
      std::string text = core::one_log_line(core::redact(line)) + "\n";
      std::fputs(text.c_str(), sink);
      std::fflush(sink);
    };
    deps.io.group_begin(step);
    auto result = deps.processes.run(spec);
    deps.io.group_end();
    if (core::interrupted()) return core::Error::cancelled();
    if (!result.ok()) return std::move(result).error();
    output += result->output;
    if (result->exit_code != 0) {
      std::string status = result->exit_code < 0 ? "was killed by signal " + std::to_string(result->term_signal)
                                                 : "exited with status " + std::to_string(result->exit_code);
      return core::Error::check(step + " " + status + "; its last lines:\n" +
                                core::redact(core::last_lines(result->output, kFailureLines)));
    }
  }
  return output;
}

}  // namespace

core::Status validate(const Options& o, const core::Environment& env) {
  auto kind = build::parse_builder_kind(o.builder);
  if (!kind.ok()) return kind.error();
  if (!o.tag.empty()) {
    if (auto st = build::validate_tag(o.tag); !st.ok()) return st;
  } else if (auto st = build::validate_tag(o.tag_prefix + std::string(26, '0')); !st.ok()) {
    return core::Error::usage("--tag-prefix '" + o.tag_prefix + "' makes an invalid tag: " + st.error().message);
  }
  std::string repository = repository_for(o, *kind);
  if (repository.empty()) return core::Error::usage("--repository is required (or --builder flyctl with --app)");
  if (repository.find('@') != std::string::npos) {
    return core::Error::usage("--repository takes a repository without a digest: " + repository);
  }
  auto ref = registry::parse_reference(repository + ":" + (o.tag.empty() ? "t" : o.tag));
  if (!ref.ok())
    return core::Error::usage("--repository '" + repository + "' is not a valid repository: " + ref.error().message);
  if (auto p = registry::Platform::parse(o.platform); !p.ok()) return core::Error::usage(p.error().message);
  if (auto kv = build::parse_key_values(o.build_args, "--build-arg"); !kv.ok()) return kv.error();
  if (auto kv = build::parse_key_values(o.labels, "--label"); !kv.ok()) return kv.error();
  std::error_code ec;
  if (!std::filesystem::is_directory(o.context, ec))
    return core::Error::usage("--context " + o.context + " is not a directory");
  if (!o.file.empty() && !std::filesystem::is_regular_file(o.file, ec)) {
    return core::Error::usage("--file " + o.file + " does not exist");
  }
  if (*kind == build::BuilderKind::kFlyctl) {
    if (o.app.empty()) return core::Error::usage("--builder flyctl needs --app");
    if (!env.get("FLY_API_TOKEN") && !env.get("FLY_ACCESS_TOKEN")) {
      return core::Error::usage("FLY_API_TOKEN is not set: --builder flyctl needs a Fly token");
    }
  }
  return core::ok_status();
}

core::Result<Outcome> run(const Options& o, Deps& deps) {
  auto requested = build::parse_builder_kind(o.builder).value();
  auto tag = build::choose_tag(o.tag, o.tag_prefix);
  if (!tag.ok()) return std::move(tag).error();
  auto choice = build::choose_builder(requested, deps.env, deps.processes, !o.app.empty());
  if (!choice.ok()) return std::move(choice).error();
  spdlog::info("builder: {} ({})", build::builder_name(choice->kind), choice->reason);

  const std::string repository = repository_for(o, choice->kind);
  auto ref = registry::parse_reference(repository + ":" + *tag);
  if (!ref.ok()) return std::move(ref).error();
  auto platform = registry::Platform::parse(o.platform);
  if (!platform.ok()) return std::move(platform).error();

  auto dir = build::WorkspaceDir::create();
  if (!dir.ok()) return std::move(dir).error();
  const build::Workspace ws = dir->workspace();
  registry::CredentialResolver creds(deps.env, deps.processes);
  auto auth_file = prepare_auth_file(creds, ref->domain, ws);
  if (!auth_file.ok()) return std::move(auth_file).error();

  Outcome out;
  out.tag = *tag;
  out.image = repository + ":" + *tag;
  out.builder = build::builder_name(choice->kind);
  out.builder_reason = choice->reason;
  auto builder = make_builder(*choice, o, deps.env, *ref, *auth_file);
  auto request = make_request(o, out.image, out.tag, deps.env, deps.clock);

  spdlog::info("building {} for {}", out.image, o.platform);
  auto output = run_builder(*builder, request, ws, deps);
  if (!output.ok()) return std::move(output).error();
  auto reported = builder->reported_digest(*output, ws);
  if (!reported.ok()) return std::move(reported).error();
  out.reported_digest = reported->value_or("");

  spdlog::info("pushed; confirming {} in registry {}", out.image, ref->domain);
  registry::RegistryClient client(deps.registry_http, creds);
  auto resolved = client.resolve(*ref, std::optional<registry::Platform>(*platform));
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
  out.image_pinned = repository + "@" + out.digest;
  spdlog::info("confirmed {} = {}", out.image, out.digest);
  return out;
}

}  // namespace flypin::cmd::build_image
