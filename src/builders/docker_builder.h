#pragma once
// docker buildx: one `docker buildx build --push` whose metadata file names
// the pushed digest (`containerimage.digest`). Pushing uses docker's own login.
#include "builders/builder.h"

namespace flypin::build {

class DockerBuilder : public Builder {
 public:
  explicit DockerBuilder(std::string executable = "docker") : executable_(std::move(executable)) {}
  BuilderKind kind() const override { return BuilderKind::kDocker; }
  std::vector<core::ProcessSpec> commands(const BuildRequest& request, const Workspace& workspace) const override;
  core::Result<std::optional<std::string>> reported_digest(const std::string& output,
                                                           const Workspace& workspace) const override;

 private:
  std::string executable_;
};

/// `containerimage.digest` from a buildx metadata file's text.
core::Result<std::string> digest_from_buildx_metadata(const std::string& text);

}  // namespace flypin::build
