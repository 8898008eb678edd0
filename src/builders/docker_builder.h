#pragma once
// docker, two ways. With buildx: one `docker buildx build --push` whose
// metadata file names the pushed digest (`containerimage.digest`). Without it
// (Debian's docker.io 20.10 has BuildKit built in): `docker build` with
// BuildKit, then `docker push`, whose last line names the digest. Either way
// docker reads a configuration of build-image's own (DOCKER_CONFIG in the
// workspace, holding only the credential build-image resolved), never the
// user's.
#include "builders/builder.h"

namespace flypin::build {

enum class DockerFrontend { kBuildx, kBuildKit };

/// buildx >= 0.10 adds provenance attestations unless told not to; older ones
/// neither add them nor know the flags.
enum class AttestationFlags { kUnknown, kKnown };

struct DockerSettings {
  std::string executable = "docker";
  DockerFrontend frontend = DockerFrontend::kBuildx;
  std::string buildx_driver = "docker-container";  // `docker buildx inspect`: docker, docker-container, ...
  AttestationFlags attestation_flags = AttestationFlags::kKnown;
  std::string buildx_config;  // BUILDX_CONFIG: the user's builder instances, "" to leave it
};

class DockerBuilder : public Builder {
 public:
  explicit DockerBuilder(DockerSettings settings) : settings_(std::move(settings)) {}
  BuilderKind kind() const override { return BuilderKind::kDocker; }
  std::vector<BuildStep> commands(const BuildRequest& request, const Workspace& workspace) const override;
  CacheSupport cache_support() const override;
  core::Result<std::optional<std::string>> reported_digest(const std::string& output,
                                                           const Workspace& workspace) const override;
  const DockerSettings& settings() const { return settings_; }

 private:
  std::vector<BuildStep> buildx_commands(const BuildRequest& request, const Workspace& workspace) const;
  std::vector<BuildStep> buildkit_commands(const BuildRequest& request, const Workspace& workspace) const;
  core::ProcessSpec docker(std::vector<std::string> args, const Workspace& workspace) const;
  DockerSettings settings_;
};

/// `containerimage.digest` from a buildx metadata file's text.
core::Result<std::string> digest_from_buildx_metadata(const std::string& text);

/// The buildx version in `docker buildx version` output ("github.com/docker/buildx v0.12.1 30feaa1"):
/// whether it knows --provenance/--sbom (0.10 and later).
AttestationFlags attestation_flags_of(const std::string& version_output);

/// The driver of the current builder in `docker buildx inspect` output ("Driver: docker-container").
std::string buildx_driver_of(const std::string& inspect_output);

/// The file plain docker keeps a local:DIR cache in (docker save / docker load).
std::string docker_cache_archive(const std::string& dir);

}  // namespace flypin::build
