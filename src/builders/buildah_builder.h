#pragma once
// buildah: `buildah build` then `buildah push --digestfile`, which reports the
// pushed manifest digest exactly. The cache: `--layers` with `--cache-from` and
// `--cache-to` a repository (one image per layer key), or for local:DIR its
// own storage kept in DIR.
#include "builders/builder.h"

namespace flypin::build {

enum class TlsVerify { kOn, kOff };

/// build-image's buildah isolation: RUN steps in a chroot sharing the runner's
/// network, needing no OCI runtime, CNI or iptables.
inline constexpr const char* kBuildahIsolation = "chroot";
enum class AuthFile { kNone, kInWorkspace };

struct BuildahSettings {
  std::string executable = "buildah";
  std::string root;            // --root (isolated storage), empty: buildah's default
  std::string runroot;         // --runroot
  std::string storage_driver;  // --storage-driver, empty: buildah's own choice (storage.conf)
  std::string isolation;       // --isolation, empty: buildah's own choice (BUILDAH_ISOLATION)
  TlsVerify tls_verify = TlsVerify::kOn;
  AuthFile auth_file = AuthFile::kNone;
};

class BuildahBuilder : public Builder {
 public:
  explicit BuildahBuilder(BuildahSettings settings) : settings_(std::move(settings)) {}
  BuilderKind kind() const override { return BuilderKind::kBuildah; }
  std::vector<BuildStep> commands(const BuildRequest& request, const Workspace& workspace) const override;
  CacheSupport cache_support() const override { return CacheSupport::kLayers; }
  core::Result<std::optional<std::string>> reported_digest(const std::string& output,
                                                           const Workspace& workspace) const override;
  const BuildahSettings& settings() const { return settings_; }

 private:
  std::vector<std::string> global_flags(const BuildRequest& request, const Workspace& workspace) const;
  BuildahSettings settings_;
};

}  // namespace flypin::build
