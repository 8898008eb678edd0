#include "cmd/build-image/build_image.h"

#include <spdlog/spdlog.h>

#include <memory>

#include "builders/buildah_builder.h"
#include "builders/builder_choice.h"
#include "builders/docker_builder.h"
#include "builders/flyctl_builder.h"
#include "builders/oci_labels.h"
#include "builders/tag.h"
#include "builders/ulid.h"
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

std::unique_ptr<build::Builder> make_builder(const build::BuilderChoice& choice, const Plan& plan,
                                             const core::Environment& env, build::AuthFile auth_file) {
  switch (choice.kind) {
    case build::BuilderKind::kDocker:
      return std::make_unique<build::DockerBuilder>(choice.executable);
    case build::BuilderKind::kFlyctl:
      return std::make_unique<build::FlyctlBuilder>(choice.executable);
    case build::BuilderKind::kBuildah:
    case build::BuilderKind::kAuto:
      break;
  }
  auto settings = build::detect_buildah_settings(env, choice.executable, plan.buildah_root);
  settings.tls_verify = plan.reference.is_loopback() ? build::TlsVerify::kOff : build::TlsVerify::kOn;
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

// Fills `out` as it goes: a failure still names the tag and the builder.
core::Status build_and_confirm(const Plan& plan, Deps& deps, Outcome& out) {
  const std::string tag = plan.tag.empty() ? plan.tag_prefix + build::new_ulid() : plan.tag;
  auto choice = build::choose_builder(plan.builder, deps.env, deps.processes,
                                      plan.app.empty() ? build::FlyApp::kNone : build::FlyApp::kGiven);
  if (!choice.ok()) return std::move(choice).error();
  spdlog::info("builder: {} ({})", build::builder_name(choice->kind), choice->reason);

  registry::Reference ref = plan.reference;
  ref.tag = tag;

  auto dir = build::WorkspaceDir::create();
  if (!dir.ok()) return std::move(dir).error();
  const build::Workspace ws = dir->workspace();
  registry::CredentialResolver creds(deps.env, deps.processes, plan.credentials);
  auto auth_file = prepare_auth_file(creds, ref.domain, ws);
  if (!auth_file.ok()) return std::move(auth_file).error();

  out.tag = tag;
  out.image = plan.repository + ":" + tag;
  out.builder = build::builder_name(choice->kind);
  out.builder_reason = choice->reason;
  auto builder = make_builder(*choice, plan, deps.env, *auth_file);
  auto request = make_request(plan, out.image, out.tag, deps.env, deps.clock);

  spdlog::info("building {} for {}", out.image, plan.platform.str());
  auto output = run_builder(*builder, request, ws, deps);
  if (!output.ok()) return std::move(output).error();
  auto reported = builder->reported_digest(*output, ws);
  if (!reported.ok()) return std::move(reported).error();
  out.reported_digest = reported->value_or("");

  spdlog::info("pushed; confirming {} in registry {}", out.image, ref.domain);
  registry::RegistryClient client(deps.registry_http, creds);
  auto resolved = client.resolve(ref, std::optional<registry::Platform>(plan.platform));
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
