#pragma once
// Which builder runs: the one asked for when its tool is on PATH, or for
// `auto` the first usable of docker (buildx, or a client with BuildKit built
// in, and a daemon), buildah, flyctl.
#include <string>

#include "builders/buildah_builder.h"
#include "builders/builder.h"
#include "builders/docker_builder.h"
#include "core/environment.h"
#include "core/process.h"

namespace flypin::build {

struct BuilderChoice {
  BuilderKind kind = BuilderKind::kBuildah;
  std::string executable;  // absolute path found on PATH
  std::string reason;      // one line saying why, for the log
  DockerSettings docker;   // for kDocker: buildx or BuildKit, the buildx driver
};

/// Whether --app was given: `auto` picks flyctl only with one.
enum class FlyApp { kNone, kGiven };

/// A missing tool is a usage error, found before anything is built. docker's
/// probes run with `docker_config` as DOCKER_CONFIG (build-image's own, as
/// its builds do), never with the user's.
core::Result<BuilderChoice> choose_builder(BuilderKind requested, const core::Environment& env,
                                           core::ProcessRunner& runner, FlyApp fly_app,
                                           const std::string& docker_config);

/// buildah flags for this machine: storage driver from FLYPIN_BUILDAH_STORAGE_DRIVER
/// or BUILDAH_STORAGE_DRIVER; else none when a containers storage
/// configuration names one (buildah_storage.h), as buildah itself honours it;
/// else vfs when the kernel lacks overlay. Chroot isolation (RUN steps on the
/// runner's network) unless BUILDAH_ISOLATION says otherwise, whichever OCI
/// runtime is installed; an isolated root when `root_dir` is set.
BuildahSettings detect_buildah_settings(const core::Environment& env, const std::string& executable,
                                        const std::string& root_dir);

}  // namespace flypin::build
