#include "cmd/build-image/options.h"

#include <CLI/CLI.hpp>

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
  app.add_option("--cache", o.cache,
                 "Build cache: auto (registry, or for Fly's registry gha when buildx can), none, registry, gha "
                 "(buildx, under Actions) or local:DIR; a cache that fails is a warning");
  app.add_option("--cache-ref", o.cache_ref,
                 "Where the registry cache lives (default <repository>:buildcache; buildah: <repository>-buildcache)");
  app.footer(R"(Environment:
  REGISTRY_USERNAME, REGISTRY_PASSWORD
                          registry credentials, for --repository's registry
                          and those REGISTRY_HOST lists (comma-separated)
                          only; else the docker config ($DOCKER_CONFIG/
                          config.json or ~/.docker/config.json), FLY_API_TOKEN
                          for registry.fly.io, else anonymous
  FLY_API_TOKEN / FLY_ACCESS_TOKEN
                          the flyctl builder's token (masked, never printed)
  GITHUB_SHA, GITHUB_REPOSITORY, GITHUB_SERVER_URL
                          the OCI revision and source labels
  FLYPIN_BUILDAH_ROOT     buildah keeps its images and layers in DIR/root and
                          DIR/run instead of the machine's storage (a
                          directory a CI cache keeps, a sandbox)
  FLYPIN_BUILDAH_STORAGE_DRIVER
                          buildah's storage driver (e.g. vfs where overlay
                          cannot be mounted; default: overlay when the kernel
                          has it, else vfs)
  GITHUB_OUTPUT, GITHUB_STEP_SUMMARY
                          when set, results are written there too

Outputs: image (repository:tag), tag, digest (as the registry reports it),
image-pinned (repository@digest)
Exit status: 0 built, pushed and confirmed in the registry; 1 the build, the
push or the confirmation failed; 2 usage or configuration error (a tag
pin-image would refuse as mutable included), before anything is built;
130/143 interrupted.)");
}

}  // namespace flypin::cmd::build_image
