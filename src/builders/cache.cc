#include "builders/cache.h"

#include <filesystem>

namespace flypin::build {
namespace {

constexpr std::string_view kLocalPrefix = "local:";
constexpr const char* kCacheTag = "buildcache";

registry::Reference default_ref(const registry::Reference& target, CacheSupport support) {
  registry::Reference ref = target;
  ref.digest.clear();
  ref.tag = kCacheTag;
  // buildah tags one cache image per layer key: a repository of their own keeps
  // them out of the app's tag list.
  if (support == CacheSupport::kLayers) ref.path += "-buildcache";
  return ref;
}

CacheChoice uncached(std::string why, CacheChoice::Level level = CacheChoice::Level::kWarning) {
  return {Cache{}, std::move(why), level};
}

}  // namespace

const char* cache_mode_name(CacheMode mode) {
  switch (mode) {
    case CacheMode::kAuto:
      return "auto";
    case CacheMode::kNone:
      return "none";
    case CacheMode::kRegistry:
      return "registry";
    case CacheMode::kGha:
      return "gha";
    case CacheMode::kLocal:
      return "local";
  }
  return "?";
}

bool is_fly_registry(const std::string& domain) {
  return domain == "registry.fly.io" || domain.rfind("registry.fly.io:", 0) == 0;
}

std::string Cache::describe() const {
  switch (mode) {
    case CacheMode::kRegistry:
      return "registry " + ref.str();
    case CacheMode::kLocal:
      return "local " + dir;
    case CacheMode::kGha:
      return "gha (GitHub Actions cache)";
    case CacheMode::kAuto:
    case CacheMode::kNone:
      break;
  }
  return "none";
}

core::Result<CacheRequest> parse_cache(const std::string& mode, const std::string& ref,
                                       const registry::Reference& target) {
  CacheRequest asked;
  if (mode.rfind(kLocalPrefix, 0) == 0) {
    std::string dir = mode.substr(kLocalPrefix.size());
    if (dir.empty()) return core::Error::usage("--cache local:DIR needs a directory (got 'local:')");
    std::error_code ec;
    auto absolute = std::filesystem::absolute(dir, ec);
    asked.mode = CacheMode::kLocal;
    asked.dir = ec ? dir : absolute.lexically_normal().string();
  } else {
    bool known = false;
    for (auto m : {CacheMode::kAuto, CacheMode::kNone, CacheMode::kRegistry, CacheMode::kGha}) {
      if (mode == cache_mode_name(m)) {
        asked.mode = m;
        known = true;
      }
    }
    if (!known)
      return core::Error::usage("--cache must be auto, none, registry, gha or local:DIR (got '" + mode + "')");
  }
  if (!ref.empty()) {
    if (asked.mode != CacheMode::kAuto && asked.mode != CacheMode::kRegistry) {
      return core::Error::usage(std::string("--cache-ref names a registry cache; --cache ") +
                                cache_mode_name(asked.mode) + " uses none");
    }
    auto parsed = registry::parse_reference(ref);
    if (!parsed.ok()) return core::Error::usage("--cache-ref '" + ref + "' is not an image reference");
    if (!parsed->digest.empty()) return core::Error::usage("--cache-ref takes a tag, not a digest: " + ref);
    if (is_fly_registry(parsed->domain)) {
      return core::Error::usage("--cache-ref " + ref + ": Fly's registry takes only the image, not a build cache");
    }
    asked.ref = *parsed;
  } else if (asked.mode == CacheMode::kRegistry && is_fly_registry(target.domain)) {
    return core::Error::usage(
        "--cache registry: Fly's registry takes only the image; give --cache-ref in another registry, or use --cache "
        "gha or local:DIR");
  }
  return asked;
}

CacheChoice choose_cache(const CacheRequest& asked, CacheSupport support, const registry::Reference& target,
                         ActionsCache actions_cache) {
  using Level = CacheChoice::Level;
  CacheMode mode = asked.mode;
  if (support == CacheSupport::kRemoteBuilder) {
    if (mode == CacheMode::kAuto || mode == CacheMode::kNone) return {};
    return uncached("flyctl builds on Fly's remote builder, which keeps its own cache: --cache is not used");
  }
  if (mode == CacheMode::kAuto) {
    if (asked.ref || !is_fly_registry(target.domain)) {
      mode = CacheMode::kRegistry;
    } else if (support == CacheSupport::kExporters && actions_cache == ActionsCache::kPresent) {
      mode = CacheMode::kGha;
    } else {
      return uncached(
          "no build cache: Fly's registry takes only the image (use --cache gha with docker buildx, or "
          "local:DIR)",
          Level::kInfo);
    }
  }
  switch (mode) {
    case CacheMode::kNone:
    case CacheMode::kAuto:
      return {};
    case CacheMode::kRegistry: {
      Cache cache{CacheMode::kRegistry, default_ref(target, support), ""};
      if (asked.ref) cache.ref = *asked.ref;
      return {cache, "", Level::kInfo};
    }
    case CacheMode::kGha:
      if (support != CacheSupport::kExporters) {
        return uncached(support == CacheSupport::kLayers
                            ? "--cache gha needs docker buildx; buildah builds uncached"
                            : "--cache gha needs docker buildx with a container driver (docker/setup-buildx-action); "
                              "building uncached");
      }
      if (actions_cache == ActionsCache::kAbsent) {
        return uncached(
            "--cache gha: the Actions cache service is not reachable from this step "
            "(ACTIONS_RUNTIME_TOKEN is unset); building uncached");
      }
      return {Cache{CacheMode::kGha, {}, ""}, "", Level::kInfo};
    case CacheMode::kLocal:
      if (support == CacheSupport::kInlineBuildx) {
        return uncached(
            "--cache local: buildx's docker driver cannot export a cache (docker/setup-buildx-action "
            "gives a container driver); building uncached");
      }
      return {Cache{CacheMode::kLocal, {}, asked.dir}, "", Level::kInfo};
  }
  return {};
}

}  // namespace flypin::build
