#pragma once
// What every builder is asked to do, independent of which tool does it.
#include <string>
#include <vector>

#include "builders/cache.h"
#include "core/process.h"

namespace flypin::build {

struct KeyValue {
  std::string key;
  std::string value;
  std::string str() const { return key + "=" + value; }
};

/// Whether the builder may add its own manifests (buildx provenance and SBOM
/// attestations) next to the image.
enum class Attestations { kBuilderDefault, kOff };

struct BuildRequest {
  std::string image;  // repository:tag to push
  std::string tag;
  std::string context = ".";
  std::string dockerfile;  // empty: the builder's default (Dockerfile in the context)
  std::string platform = "linux/amd64";
  std::vector<KeyValue> build_args;                           // IMAGE_TAG first, then the user's
  std::vector<KeyValue> labels;                               // OCI labels first, then the user's
  std::string app;                                            // flyctl
  std::string fly_config;                                     // flyctl
  std::vector<std::string> builder_args;                      // passed through to the build command
  Cache cache;                                                // resolved by choose_cache
  Attestations attestations = Attestations::kBuilderDefault;  // kOff for Fly's registry
};

/// What a command is for: a failing cache step is a warning, never a failed build.
enum class StepRole { kBuild, kPush, kCache };

/// When a cache step saves the cache. BuildKit in dockerd 20.10 leaves the
/// records of steps it took from an inline cache out of the new image's inline
/// cache: after a build with hits, the cache already saved is the better one.
enum class CacheSave { kAlways, kUnlessHits };

struct BuildStep {
  core::ProcessSpec spec;
  StepRole role = StepRole::kBuild;
  std::string title;  // "buildah build", "docker push": the log group and error messages
  CacheSave save = CacheSave::kAlways;
};

/// Where a builder may write its side files (digest, metadata, authfile, a
/// docker configuration of its own).
struct Workspace {
  std::string dir;
  std::string digest_file() const { return dir + "/digest"; }
  std::string metadata_file() const { return dir + "/metadata.json"; }
  std::string auth_file() const { return dir + "/auth.json"; }
  std::string docker_config_dir() const { return dir + "/docker"; }
  std::string buildah_runroot() const { return dir + "/buildah-run"; }
};

}  // namespace flypin::build
