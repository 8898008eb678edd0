#include "builders/docker_builder.h"

#include <cstdio>
#include <filesystem>

#include "builders/workspace_dir.h"
#include "core/json.h"

namespace flypin::build {
namespace {

void append(std::vector<std::string>& argv, std::initializer_list<std::string> more) {
  argv.insert(argv.end(), more.begin(), more.end());
}

// What every build command ends with: file, tags, args, labels, extra args, context.
void append_build_inputs(std::vector<std::string>& argv, const BuildRequest& request,
                         const std::vector<std::string>& extra_tags, const std::vector<KeyValue>& extra_args) {
  if (!request.dockerfile.empty()) append(argv, {"-f", request.dockerfile});
  append(argv, {"-t", request.image});
  for (const auto& tag : extra_tags) append(argv, {"-t", tag});
  for (const auto& arg : request.build_args) append(argv, {"--build-arg", arg.str()});
  for (const auto& arg : extra_args) append(argv, {"--build-arg", arg.str()});
  for (const auto& label : request.labels) append(argv, {"--label", label.str()});
  argv.insert(argv.end(), request.builder_args.begin(), request.builder_args.end());
  argv.push_back(request.context);
}

// buildx cache exporters; ignore-error keeps a cache outage from failing the build.
std::vector<std::string> exporter_flags(const Cache& cache, const std::string& scope) {
  switch (cache.mode) {
    case CacheMode::kRegistry:
      return {"--cache-from", "type=registry,ref=" + cache.ref.str(), "--cache-to",
              "type=registry,ref=" + cache.ref.str() + ",mode=max,ignore-error=true"};
    case CacheMode::kGha:
      return {"--cache-from", "type=gha,scope=" + scope, "--cache-to",
              "type=gha,scope=" + scope + ",mode=max,ignore-error=true"};
    case CacheMode::kLocal: {
      std::vector<std::string> flags;
      std::error_code ec;
      // A first run has nothing to import; buildx would fail on the missing index.
      if (std::filesystem::exists(cache.dir + "/index.json", ec)) {
        flags = {"--cache-from", "type=local,src=" + cache.dir};
      }
      append(flags, {"--cache-to", "type=local,dest=" + cache.dir + ",mode=max,ignore-error=true"});
      return flags;
    }
    case CacheMode::kAuto:
    case CacheMode::kNone:
      break;
  }
  return {};
}

const KeyValue kInlineCache{"BUILDKIT_INLINE_CACHE", "1"};
// BuildKit in dockerd reads a --cache-from image from the local store first.
constexpr const char* kLocalCacheImage = "flypin-build-cache:local";

}  // namespace

std::string docker_cache_archive(const std::string& dir) { return dir + "/docker-cache.tar"; }

core::ProcessSpec DockerBuilder::docker(std::vector<std::string> args, const Workspace& workspace) const {
  core::ProcessSpec spec;
  spec.argv = {settings_.executable};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.extra_env["DOCKER_CONFIG"] = workspace.docker_config_dir();
  if (!settings_.buildx_config.empty()) spec.extra_env["BUILDX_CONFIG"] = settings_.buildx_config;
  if (settings_.frontend == DockerFrontend::kBuildKit) spec.extra_env["DOCKER_BUILDKIT"] = "1";
  return spec;
}

CacheSupport DockerBuilder::cache_support() const {
  if (settings_.frontend == DockerFrontend::kBuildKit) return CacheSupport::kInlineBuildKit;
  return settings_.buildx_driver == "docker" ? CacheSupport::kInlineBuildx : CacheSupport::kExporters;
}

std::vector<BuildStep> DockerBuilder::commands(const BuildRequest& request, const Workspace& workspace) const {
  return settings_.frontend == DockerFrontend::kBuildx ? buildx_commands(request, workspace)
                                                       : buildkit_commands(request, workspace);
}

std::vector<BuildStep> DockerBuilder::buildx_commands(const BuildRequest& request, const Workspace& workspace) const {
  auto build = docker(
      {"buildx", "build", "--push", "--platform", request.platform, "--metadata-file", workspace.metadata_file()},
      workspace);
  if (request.attestations == Attestations::kOff && settings_.attestation_flags == AttestationFlags::kKnown) {
    append(build.argv, {"--provenance=false", "--sbom=false"});
  }
  std::vector<std::string> extra_tags;
  std::vector<KeyValue> extra_args;
  if (cache_support() == CacheSupport::kInlineBuildx && request.cache.mode == CacheMode::kRegistry) {
    // The docker driver exports no cache of its own: the cache image is the image, tagged again.
    append(build.argv, {"--cache-from", "type=registry,ref=" + request.cache.ref.str(), "--cache-to", "type=inline"});
    extra_tags.push_back(request.cache.ref.str());
  } else {
    // One Actions cache scope per repository, so two images of a workflow do not evict each other.
    auto flags = exporter_flags(request.cache, request.image.substr(0, request.image.rfind(':')));
    build.argv.insert(build.argv.end(), flags.begin(), flags.end());
  }
  append_build_inputs(build.argv, request, extra_tags, extra_args);
  return {BuildStep{build, StepRole::kPush, "docker buildx build"}};
}

std::vector<BuildStep> DockerBuilder::buildkit_commands(const BuildRequest& request, const Workspace& workspace) const {
  std::vector<BuildStep> steps;
  const Cache& cache = request.cache;
  std::vector<std::string> extra_tags;
  std::vector<KeyValue> extra_args;
  std::string cache_image;
  if (cache.mode == CacheMode::kRegistry) cache_image = cache.ref.str();
  if (cache.mode == CacheMode::kLocal) {
    // Kept as an image archive in DIR under a local name that is never pushed.
    cache_image = kLocalCacheImage;
    std::error_code ec;
    if (std::filesystem::exists(docker_cache_archive(cache.dir), ec)) {
      steps.push_back({docker({"load", "-i", docker_cache_archive(cache.dir)}, workspace), StepRole::kCache,
                       "docker load (cache)"});
    }
  }
  auto build = docker({"build", "--platform", request.platform, "--progress", "plain"}, workspace);
  if (!cache_image.empty()) {
    append(build.argv, {"--cache-from", cache_image});
    extra_tags.push_back(cache_image);
    extra_args.push_back(kInlineCache);
  }
  append_build_inputs(build.argv, request, extra_tags, extra_args);
  steps.push_back({build, StepRole::kBuild, "docker build"});
  steps.push_back({docker({"push", request.image}, workspace), StepRole::kPush, "docker push"});
  if (cache.mode == CacheMode::kRegistry) {
    steps.push_back(
        {docker({"push", cache_image}, workspace), StepRole::kCache, "docker push (cache)", CacheSave::kUnlessHits});
  } else if (cache.mode == CacheMode::kLocal) {
    std::string archive = docker_cache_archive(cache.dir);
    steps.push_back({docker({"save", "-o", archive, cache_image}, workspace), StepRole::kCache, "docker save (cache)",
                     CacheSave::kUnlessHits});
  }
  return steps;
}

core::Result<std::string> digest_from_buildx_metadata(const std::string& text) {
  auto doc = core::json::parse(text, "buildx metadata file");
  if (!doc.ok()) return std::move(doc).error();
  if (!doc->IsObject()) return core::Error::internal("buildx metadata file is not a JSON object");
  auto digest = core::json::get_string(*doc, "containerimage.digest");
  if (!digest || !find_sha256_digest(*digest)) {
    return core::Error::internal("buildx metadata file has no containerimage.digest");
  }
  return *digest;
}

core::Result<std::optional<std::string>> DockerBuilder::reported_digest(const std::string& output,
                                                                        const Workspace& workspace) const {
  if (settings_.frontend == DockerFrontend::kBuildKit) return pushed_digest(output);
  auto text =
      read_side_file(workspace.metadata_file(), "docker buildx wrote no metadata file at " + workspace.metadata_file());
  if (!text.ok()) return std::move(text).error();
  auto digest = digest_from_buildx_metadata(*text);
  if (!digest.ok()) return std::move(digest).error();
  return std::optional<std::string>(*digest);
}

AttestationFlags attestation_flags_of(const std::string& version_output) {
  auto at = version_output.find(" v");
  int major = 0, minor = 0;
  if (at == std::string::npos || std::sscanf(version_output.c_str() + at + 2, "%d.%d", &major, &minor) != 2) {
    return AttestationFlags::kKnown;  // an unknown version is taken as a recent one
  }
  return major > 0 || minor >= 10 ? AttestationFlags::kKnown : AttestationFlags::kUnknown;
}

std::string buildx_driver_of(const std::string& inspect_output) {
  const std::string marker = "Driver:";
  auto at = inspect_output.find(marker);
  if (at == std::string::npos) return "";
  auto start = inspect_output.find_first_not_of(" \t", at + marker.size());
  if (start == std::string::npos) return "";
  auto end = inspect_output.find_first_of(" \t\r\n", start);
  return inspect_output.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace flypin::build
