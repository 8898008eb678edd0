#include "builders/builder_choice.h"

#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "builders/buildah_storage.h"
#include "core/fly_token.h"
#include "registry/credentials.h"

namespace flypin::build {
namespace {

// stdout of a probe that exited 0, else nullopt.
std::optional<std::string> probe(core::ProcessRunner& runner, std::vector<std::string> argv,
                                 std::map<std::string, std::string> env = {}) {
  core::ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.extra_env = std::move(env);
  auto result = runner.run(spec);
  if (!result.ok() || result->exit_code != 0) return std::nullopt;
  return result->stdout_data;
}

bool runs_ok(core::ProcessRunner& runner, std::vector<std::string> argv) {
  return probe(runner, std::move(argv)).has_value();
}

// Clients before 23.0 build with BuildKit when DOCKER_BUILDKIT=1; later ones
// need the buildx plugin for it.
bool client_has_builtin_buildkit(const std::string& version) {
  int major = 0;
  return std::sscanf(version.c_str(), "%d", &major) == 1 && major > 0 && major < 23;
}

// The environment docker runs in, probes included: build-image's own
// DOCKER_CONFIG, so the user's config.json is never read.
std::map<std::string, std::string> docker_env(const DockerSettings& s, const std::string& docker_config) {
  std::map<std::string, std::string> env{{"DOCKER_CONFIG", docker_config}};
  if (!s.buildx_config.empty()) env["BUILDX_CONFIG"] = s.buildx_config;
  return env;
}

// How docker builds here; an error says why it cannot.
core::Result<DockerSettings> detect_docker(core::ProcessRunner& runner, const std::string& docker,
                                           const core::Environment& env, const std::string& docker_config) {
  DockerSettings s;
  s.executable = docker;
  if (!env.get("BUILDX_CONFIG")) {
    // Our DOCKER_CONFIG would hide the user's builder instances (docker/setup-buildx-action's).
    if (auto dir = registry::docker_config_dir(env)) s.buildx_config = *dir + "/buildx";
  }
  const auto run_env = docker_env(s, docker_config);
  if (auto version = probe(runner, {docker, "buildx", "version"}, run_env)) {
    s.frontend = DockerFrontend::kBuildx;
    s.attestation_flags = attestation_flags_of(*version);
    s.buildx_driver = buildx_driver_of(probe(runner, {docker, "buildx", "inspect"}, run_env).value_or(""));
    return s;
  }
  auto client = probe(runner, {docker, "version", "--format", "{{.Client.Version}}"}, run_env).value_or("");
  while (!client.empty() && std::isspace(static_cast<unsigned char>(client.back()))) client.pop_back();
  if (!client_has_builtin_buildkit(client)) {
    return core::Error::usage("docker has no buildx, and its client (" + (client.empty() ? "version unknown" : client) +
                              ") builds with BuildKit only through buildx");
  }
  s.frontend = DockerFrontend::kBuildKit;
  return s;
}

std::optional<std::string> find_fly(const std::string& path) {
  if (auto p = core::find_on_path("fly", path)) return p;
  return core::find_on_path("flyctl", path);
}

bool kernel_has_overlay() {
  std::ifstream in("/proc/filesystems");
  std::stringstream text;
  text << in.rdbuf();
  return text.str().find("overlay") != std::string::npos;
}

}  // namespace

core::Result<BuilderChoice> choose_builder(BuilderKind requested, const core::Environment& env,
                                           core::ProcessRunner& runner, FlyApp fly_app,
                                           const std::string& docker_config) {
  const std::string path = env.get_or("PATH", "/usr/local/bin:/usr/bin:/bin");
  auto docker = core::find_on_path("docker", path);
  auto buildah = core::find_on_path("buildah", path);
  auto fly = find_fly(path);

  switch (requested) {
    case BuilderKind::kDocker: {
      if (!docker) return core::Error::usage("--builder docker: docker is not on PATH");
      auto settings = detect_docker(runner, *docker, env, docker_config);
      if (!settings.ok()) return core::Error::usage("--builder docker: " + settings.error().message);
      return BuilderChoice{BuilderKind::kDocker, *docker, "asked for with --builder docker", *settings};
    }
    case BuilderKind::kBuildah:
      if (!buildah) return core::Error::usage("--builder buildah: buildah is not on PATH");
      return BuilderChoice{BuilderKind::kBuildah, *buildah, "asked for with --builder buildah"};
    case BuilderKind::kFlyctl:
      if (!fly) return core::Error::usage("--builder flyctl: neither fly nor flyctl is on PATH");
      return BuilderChoice{BuilderKind::kFlyctl, *fly, "asked for with --builder flyctl"};
    case BuilderKind::kAuto:
      break;
  }

  std::string skipped;
  if (!docker) {
    skipped = "docker not on PATH";
  } else if (auto settings = detect_docker(runner, *docker, env, docker_config); !settings.ok()) {
    skipped = settings.error().message;
  } else if (!probe(runner, {*docker, "info", "--format", "{{.ServerVersion}}"},
                    docker_env(*settings, docker_config))) {
    skipped = "docker daemon not reachable";
  } else {
    const char* how = settings->frontend == DockerFrontend::kBuildx
                          ? "auto: docker with buildx and a reachable daemon"
                          : "auto: docker with BuildKit and a reachable daemon";
    return BuilderChoice{BuilderKind::kDocker, *docker, how, *settings};
  }
  if (buildah && runs_ok(runner, {*buildah, "version"})) {
    return BuilderChoice{BuilderKind::kBuildah, *buildah, "auto: buildah is usable (" + skipped + ")"};
  }
  skipped += buildah ? "; buildah does not run" : "; buildah not on PATH";
  const bool fly_token = core::fly_token(env).has_value();
  if (fly && fly_token && fly_app == FlyApp::kGiven) {
    return BuilderChoice{BuilderKind::kFlyctl, *fly, "auto: flyctl with a Fly token and --app (" + skipped + ")"};
  }
  skipped += !fly ? "; fly not on PATH" : !fly_token ? "; no FLY_API_TOKEN for flyctl" : "; no --app for flyctl";
  return core::Error::usage("--builder auto found no usable builder: " + skipped);
}

BuildahSettings detect_buildah_settings(const core::Environment& env, const std::string& executable,
                                        const std::string& root_dir) {
  BuildahSettings s;
  s.executable = executable;
  if (!root_dir.empty()) {
    s.root = root_dir + "/root";
    s.runroot = root_dir + "/run";
  }
  if (auto driver = env.get("FLYPIN_BUILDAH_STORAGE_DRIVER")) {
    s.storage_driver = *driver;
  } else if (auto driver2 = env.get("BUILDAH_STORAGE_DRIVER")) {
    s.storage_driver = *driver2;
  } else if (configured_storage_driver(env)) {
    // The runner's storage is the user's choice: buildah reads it itself.
  } else if (!kernel_has_overlay()) {
    s.storage_driver = "vfs";
  }
  // RUN steps in a chroot on the runner's network, whichever OCI runtime is
  // installed: with runc or crun buildah's default gives each a network
  // namespace of its own through a CNI bridge, which needs iptables and changes
  // the machine's firewall. BUILDAH_ISOLATION, buildah's own, chooses otherwise.
  if (!env.get("BUILDAH_ISOLATION")) s.isolation = kBuildahIsolation;
  return s;
}

}  // namespace flypin::build
