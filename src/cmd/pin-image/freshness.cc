#include "cmd/pin-image/freshness.h"

#include <spdlog/spdlog.h>

#include "core/rfc3339.h"

namespace flypin::cmd::pin_image {

std::string build_time_text(const std::optional<std::int64_t>& build_ms) {
  return build_ms ? core::format_rfc3339_ms(*build_ms) : "unknown";
}

core::Status check_freshness(const FreshnessInput& in, Freshness freshness, UnknownLive unknown_live) {
  if (!in.secret_set) return core::ok_status();  // the first pin: nothing to be older than
  std::string unknown;
  if (!in.live) {
    unknown =
        "the live image cannot be identified (its SHA-256 matches no pin in the deployment history and no tag "
        "in the registry)";
  } else if (!in.live->build_ms || !in.build_ms) {
    unknown = "the build time of " + (in.build_ms ? "the live image " + in.live->image : in.image) + " is unknown";
  }
  if (!unknown.empty()) {
    if (unknown_live == UnknownLive::kFail) {
      return core::Error::check(unknown + "; --require-known-live refuses to pin " + in.image + " without knowing");
    }
    if (freshness == Freshness::kGuard) spdlog::warn("{}: pinning without the freshness guard", unknown);
    return core::ok_status();
  }
  if (*in.build_ms >= *in.live->build_ms) return core::ok_status();
  const std::string older = in.image + " (built " + build_time_text(in.build_ms) + ") is older than the live image " +
                            in.live->image + " (built " + build_time_text(in.live->build_ms) + ")";
  if (freshness == Freshness::kAllowOlder) {
    spdlog::info("{}: pinning it on purpose", older);
    return core::ok_status();
  }
  return core::Error::check("refusing to pin: " + older + "; pass --allow-older to go back on purpose");
}

}  // namespace flypin::cmd::pin_image
