#include "builders/docker_builder.h"

#include "builders/workspace_dir.h"
#include "core/json.h"

namespace flypin::build {

std::vector<core::ProcessSpec> DockerBuilder::commands(const BuildRequest& request, const Workspace& workspace) const {
  core::ProcessSpec build;
  build.argv = {executable_,  "buildx",         "build",           "--push",
                "--platform", request.platform, "--metadata-file", workspace.metadata_file()};
  if (!request.dockerfile.empty()) build.argv.insert(build.argv.end(), {"-f", request.dockerfile});
  build.argv.insert(build.argv.end(), {"-t", request.image});
  for (const auto& arg : request.build_args) build.argv.insert(build.argv.end(), {"--build-arg", arg.str()});
  for (const auto& label : request.labels) build.argv.insert(build.argv.end(), {"--label", label.str()});
  build.argv.insert(build.argv.end(), request.builder_args.begin(), request.builder_args.end());
  build.argv.push_back(request.context);
  return {build};
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

core::Result<std::optional<std::string>> DockerBuilder::reported_digest(const std::string& /*output*/,
                                                                        const Workspace& workspace) const {
  auto text =
      read_side_file(workspace.metadata_file(), "docker buildx wrote no metadata file at " + workspace.metadata_file());
  if (!text.ok()) return std::move(text).error();
  auto digest = digest_from_buildx_metadata(*text);
  if (!digest.ok()) return std::move(digest).error();
  return std::optional<std::string>(*digest);
}

}  // namespace flypin::build
