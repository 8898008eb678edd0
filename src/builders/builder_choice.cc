#include "builders/builder_choice.h"

#include <fstream>
#include <sstream>

#include "core/fly_token.h"

namespace flypin::build {
namespace {

bool runs_ok(core::ProcessRunner& runner, std::vector<std::string> argv) {
  core::ProcessSpec spec;
  spec.argv = std::move(argv);
  auto result = runner.run(spec);
  return result.ok() && result->exit_code == 0;
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
                                           core::ProcessRunner& runner, FlyApp fly_app) {
  const std::string path = env.get_or("PATH", "/usr/local/bin:/usr/bin:/bin");
  auto docker = core::find_on_path("docker", path);
  auto buildah = core::find_on_path("buildah", path);
  auto fly = find_fly(path);

  switch (requested) {
    case BuilderKind::kDocker:
      if (!docker) return core::Error::usage("--builder docker: docker is not on PATH");
      return BuilderChoice{BuilderKind::kDocker, *docker, "asked for with --builder docker"};
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
  } else if (!runs_ok(runner, {*docker, "buildx", "version"})) {
    skipped = "docker has no buildx";
  } else if (!runs_ok(runner, {*docker, "info", "--format", "{{.ServerVersion}}"})) {
    skipped = "docker daemon not reachable";
  } else {
    return BuilderChoice{BuilderKind::kDocker, *docker, "auto: docker with buildx and a reachable daemon"};
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
  } else if (!kernel_has_overlay()) {
    s.storage_driver = "vfs";
  }
  const std::string path = env.get_or("PATH", "/usr/local/bin:/usr/bin:/bin");
  if (!env.get("BUILDAH_ISOLATION") && !core::find_on_path("runc", path) && !core::find_on_path("crun", path)) {
    s.isolation = "chroot";
  }
  return s;
}

}  // namespace flypin::build
