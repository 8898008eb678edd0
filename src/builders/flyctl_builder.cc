#include "builders/flyctl_builder.h"

namespace flypin::build {

std::string fly_repository(const std::string& app) { return "registry.fly.io/" + app; }

std::vector<BuildStep> FlyctlBuilder::commands(const BuildRequest& request, const Workspace& /*workspace*/) const {
  core::ProcessSpec deploy;
  deploy.argv = {executable_, "deploy", "--build-only", "--push", "--image-label", request.tag, "-a", request.app};
  if (!request.fly_config.empty()) deploy.argv.insert(deploy.argv.end(), {"-c", request.fly_config});
  if (!request.dockerfile.empty()) deploy.argv.insert(deploy.argv.end(), {"--dockerfile", request.dockerfile});
  for (const auto& arg : request.build_args) deploy.argv.insert(deploy.argv.end(), {"--build-arg", arg.str()});
  for (const auto& label : request.labels) deploy.argv.insert(deploy.argv.end(), {"--label", label.str()});
  deploy.argv.insert(deploy.argv.end(), request.builder_args.begin(), request.builder_args.end());
  deploy.argv.push_back(request.context);
  return {BuildStep{deploy, StepRole::kPush, "flyctl deploy"}};
}

core::Result<std::optional<std::string>> FlyctlBuilder::reported_digest(const std::string& output,
                                                                        const Workspace& /*workspace*/) const {
  return pushed_digest(output);
}

}  // namespace flypin::build
