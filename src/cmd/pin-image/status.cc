#include "cmd/pin-image/status.h"

#include <spdlog/spdlog.h>

#include "cmd/pin-image/freshness.h"

namespace flypin::cmd::pin_image {
namespace {

// The repository whose tags name candidates: --image-repository, else the newest pin's.
std::optional<registry::Reference> tag_repository(const Plan& plan, const std::vector<PinRecord>& pins) {
  if (plan.image_repository) return plan.image_repository;
  for (const auto& pin : pins) {
    if (auto ref = registry::parse_reference(pin.image); ref.ok()) return *ref;
  }
  return std::nullopt;
}

// The manifest digest, "" when the image no longer resolves.
std::string digest_of(Context& cx, const std::string& image) {
  auto ref = registry::parse_reference(image);
  if (!ref.ok()) return "";
  auto resolved = cx.registry.resolve(*ref, std::nullopt);
  if (!resolved.ok()) {
    if (resolved.error().kind != core::ErrorKind::kNotFound)
      spdlog::warn("{} cannot be checked: {}", image, resolved.error().describe());
    return "";
  }
  return resolved->digest;
}

}  // namespace

core::Status report_status(const Plan& plan, Context& cx, Outcome& out) {
  out.secret_name = plan.secret_name;
  auto current = cx.secrets.list(plan.project_ref);
  if (!current.ok()) return std::move(current).error();
  const auto* existing = find_secret(*current, plan.secret_name);
  if (existing == nullptr) {
    spdlog::info("secret {} of project {} is not set: no image is live", plan.secret_name, plan.project_ref);
    return core::ok_status();
  }
  out.live_sha256 = existing->value_sha256;
  const auto& pins = cx.history.pins();
  const auto repository = tag_repository(plan, pins);
  const auto known = live_candidates(cx, repository ? &*repository : nullptr);
  const auto live = find_live(existing->value_sha256, known);
  if (!live) {
    spdlog::warn("secret {} names an image found neither in the deployment history nor in the tag list (sha256 {})",
                 plan.secret_name, existing->value_sha256);
  } else {
    LiveImage l{.image = live->image,
                .digest = digest_of(cx, live->image),
                .build_time = build_time_text(live->build_ms),
                .pinned_at = existing->updated_at.value_or("")};
    if (live->pin) {
      l.commit = live->pin->commit;
      l.run_url = live->pin->run_url;
    }
    spdlog::info("live: {} (digest {}, built {}, pinned {}{})", l.image, l.digest.empty() ? "gone" : l.digest,
                 l.build_time, l.pinned_at.empty() ? "at an unknown time" : "at " + l.pinned_at,
                 l.commit.empty() ? "" : " by commit " + l.commit);
    out.live = std::move(l);
  }
  for (const auto& pin : pins) {
    if (static_cast<int>(out.previous.size()) == kMaxPreviousPins) break;
    if (live && pin.image == live->image) continue;
    bool seen = false;
    for (const auto& p : out.previous) seen = seen || p.image == pin.image;
    if (seen) continue;
    PreviousPin p{.image = pin.image, .build_time = build_time_text(pin.build_ms)};
    p.exists = !digest_of(cx, pin.image).empty();
    spdlog::info("earlier: {} (built {}, {})", p.image, p.build_time, p.exists ? "still in its registry" : "gone");
    out.previous.push_back(std::move(p));
  }
  return core::ok_status();
}

}  // namespace flypin::cmd::pin_image
