#pragma once
// The build cache: what the user asked for (--cache, --cache-ref) and what a
// builder can do with it. A runner starts empty, so the cache lives outside
// it: in a registry next to the image, in the Actions cache (buildx type=gha)
// or in a directory that actions/cache keeps. Asking for a cache never makes a
// build fail: what a builder cannot do becomes a note and an uncached build.
#include <optional>
#include <string>

#include "core/result.h"
#include "registry/reference.h"

namespace flypin::build {

enum class CacheMode { kAuto, kNone, kRegistry, kGha, kLocal };

/// "auto", "none", "registry", "gha", "local".
const char* cache_mode_name(CacheMode mode);

/// What was asked, validated: --cache auto|none|registry|gha|local:DIR and --cache-ref.
struct CacheRequest {
  CacheMode mode = CacheMode::kAuto;
  std::optional<registry::Reference> ref;  // --cache-ref; none for the default next to the repository
  std::string dir;                         // local:DIR, made absolute
};

/// Usage errors only (exit 2): an unknown mode, local: without a directory, a
/// --cache-ref that is no reference or that the mode does not use, a registry
/// cache in Fly's registry (which takes nothing but the image).
core::Result<CacheRequest> parse_cache(const std::string& mode, const std::string& ref,
                                       const registry::Reference& target);

/// The cache one build uses (never kAuto).
struct Cache {
  CacheMode mode = CacheMode::kNone;
  registry::Reference ref;  // kRegistry: the cache image (docker) whose repository buildah uses
  std::string dir;          // kLocal
  std::string describe() const;
};

/// What a builder can do with a cache, as detected on this machine.
enum class CacheSupport {
  kLayers,          // buildah: --layers with --cache-from/--cache-to (a repository); local: its storage in DIR
  kExporters,       // docker buildx with a container driver: type=registry|gha|local
  kInlineBuildx,    // docker buildx with the docker driver: inline cache in a registry image only
  kInlineBuildKit,  // plain `docker build` (BuildKit): inline cache in a registry image, or saved in DIR
  kRemoteBuilder    // flyctl: Fly's builder keeps its own
};

/// The cache a build uses and, when it differs from what was asked, why.
struct CacheChoice {
  Cache cache;
  std::string note;  // "" when the build gets what was asked
  enum class Level { kInfo, kWarning } level = Level::kInfo;
};

/// Where is the Actions cache service (buildx type=gha reads these)?
enum class ActionsCache { kAbsent, kPresent };

/// Resolves `auto` and what the builder cannot do. The default registry cache
/// is `<repository>:buildcache` (buildah: the repository `<repository>-buildcache`,
/// one tag per layer key); Fly's registry takes only the image, so there `auto`
/// means gha when buildx can use it, else none.
CacheChoice choose_cache(const CacheRequest& asked, CacheSupport support, const registry::Reference& target,
                         ActionsCache actions_cache);

/// Fly's registry, with or without a port.
bool is_fly_registry(const std::string& domain);

}  // namespace flypin::build
