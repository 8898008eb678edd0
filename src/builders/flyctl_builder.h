#pragma once
// flyctl: `fly deploy --build-only --push --image-label <tag>` builds on Fly's
// remote builder and pushes registry.fly.io/<app>:<tag>. FLY_API_TOKEN reaches
// it through the inherited environment; the digest is read from its output
// when it prints one.
#include "builders/builder.h"

namespace flypin::build {

class FlyctlBuilder : public Builder {
 public:
  explicit FlyctlBuilder(std::string executable = "fly") : executable_(std::move(executable)) {}
  BuilderKind kind() const override { return BuilderKind::kFlyctl; }
  std::vector<BuildStep> commands(const BuildRequest& request, const Workspace& workspace) const override;
  CacheSupport cache_support() const override { return CacheSupport::kRemoteBuilder; }
  core::Result<std::optional<std::string>> reported_digest(const std::string& output,
                                                           const Workspace& workspace) const override;

 private:
  std::string executable_;
};

/// The repository flyctl pushes to for an app.
std::string fly_repository(const std::string& app);

}  // namespace flypin::build
