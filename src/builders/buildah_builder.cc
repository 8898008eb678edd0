#include "builders/buildah_builder.h"

#include "builders/label_step.h"
#include "builders/workspace_dir.h"

namespace flypin::build {

std::vector<std::string> BuildahBuilder::global_flags(const BuildRequest& request, const Workspace& workspace) const {
  std::vector<std::string> flags{settings_.executable};
  std::string root = settings_.root;
  std::string runroot = settings_.runroot;
  // local:DIR keeps buildah's layer storage itself, which actions/cache can restore.
  if (request.cache.mode == CacheMode::kLocal) {
    root = request.cache.dir + "/storage";
    runroot = workspace.buildah_runroot();
  }
  if (!root.empty()) flags.insert(flags.end(), {"--root", root});
  if (!runroot.empty()) flags.insert(flags.end(), {"--runroot", runroot});
  if (!settings_.storage_driver.empty()) flags.insert(flags.end(), {"--storage-driver", settings_.storage_driver});
  return flags;
}

std::vector<BuildStep> BuildahBuilder::commands(const BuildRequest& request, const Workspace& workspace) const {
  core::ProcessSpec build;
  build.argv = global_flags(request, workspace);
  build.argv.insert(build.argv.end(), {"build", "--platform", request.platform});
  if (!settings_.isolation.empty()) build.argv.insert(build.argv.end(), {"--isolation", settings_.isolation});
  if (settings_.auth_file == AuthFile::kInWorkspace) {
    build.argv.insert(build.argv.end(), {"--authfile", workspace.auth_file()});
  }
  if (settings_.tls_verify == TlsVerify::kOff) build.argv.push_back("--tls-verify=false");
  if (request.cache.mode != CacheMode::kNone) build.argv.push_back("--layers");
  if (request.cache.mode == CacheMode::kRegistry) {
    // buildah caches one image per layer key in a repository (the tag is its key).
    const std::string repository = request.cache.ref.repository();
    build.argv.insert(build.argv.end(), {"--cache-from", repository, "--cache-to", repository});
  }
  // The labels as one step: a second Containerfile on stdin, after the app's own
  // (named, as buildah looks for it only when given none).
  if (auto labels = label_instruction(request.labels)) {
    const std::string main = request.dockerfile.empty() ? default_containerfile(request.context) : request.dockerfile;
    build.argv.insert(build.argv.end(), {"-f", main, "-f", "-"});
    build.stdin_data = *labels;
  } else if (!request.dockerfile.empty()) {
    build.argv.insert(build.argv.end(), {"-f", request.dockerfile});
  }
  build.argv.insert(build.argv.end(), {"-t", request.image});
  for (const auto& arg : request.build_args) build.argv.insert(build.argv.end(), {"--build-arg", arg.str()});
  if (!build.stdin_data) {
    for (const auto& label : request.labels) build.argv.insert(build.argv.end(), {"--label", label.str()});
  }
  build.argv.insert(build.argv.end(), request.builder_args.begin(), request.builder_args.end());
  build.argv.push_back(request.context);

  core::ProcessSpec push;
  push.argv = global_flags(request, workspace);
  push.argv.push_back("push");
  if (settings_.tls_verify == TlsVerify::kOff) push.argv.push_back("--tls-verify=false");
  if (settings_.auth_file == AuthFile::kInWorkspace) {
    push.argv.insert(push.argv.end(), {"--authfile", workspace.auth_file()});
  }
  push.argv.insert(push.argv.end(),
                   {"--digestfile", workspace.digest_file(), request.image, "docker://" + request.image});
  return {BuildStep{build, StepRole::kBuild, "buildah build"}, BuildStep{push, StepRole::kPush, "buildah push"}};
}

core::Result<std::optional<std::string>> BuildahBuilder::reported_digest(const std::string& /*output*/,
                                                                         const Workspace& workspace) const {
  auto text =
      read_side_file(workspace.digest_file(), "buildah push wrote no digest file at " + workspace.digest_file());
  if (!text.ok()) return std::move(text).error();
  auto digest = find_sha256_digest(*text);
  if (!digest) return core::Error::internal("buildah's digest file holds no sha256 digest: '" + *text + "'");
  return std::optional<std::string>(*digest);
}

}  // namespace flypin::build
