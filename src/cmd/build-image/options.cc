#include "cmd/build-image/options.h"

namespace flypin::cmd::build_image {

void add_flags(CLI::App& app, Options& o) {
  app.add_option("--repository", o.repository,
                 "Image repository to push to, e.g. ghcr.io/acme/api (default for flyctl: registry.fly.io/<app>)");
  app.add_option("--context", o.context, "Build context directory");
  app.add_option("--file", o.file, "Dockerfile (default: Dockerfile in the context)");
  app.add_option("--builder", o.builder, "auto, docker (buildx), buildah or flyctl");
  app.add_option("--tag", o.tag, "Tag to push instead of <tag-prefix><ULID>; 'latest' is refused");
  app.add_option("--tag-prefix", o.tag_prefix, "Prefix of the generated tag");
  app.add_option("--build-arg", o.build_args, "Build argument K=V (repeatable); IMAGE_TAG=<tag> is always passed")
      ->take_all();
  app.add_option("--label", o.labels, "Image label K=V (repeatable), on top of the OCI revision/source/created")
      ->take_all();
  app.add_option("--builder-arg", o.builder_args, "Extra argument passed to the build command (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--platform", o.platform, "Target platform");
  app.add_option("--app", o.app, "Fly app (flyctl builder)");
  app.add_option("--fly-config", o.fly_config, "fly.toml to use (flyctl builder)");
  app.add_option("--buildah-root", o.buildah_root, "Directory for an isolated buildah storage")->group("");
}

}  // namespace flypin::cmd::build_image
