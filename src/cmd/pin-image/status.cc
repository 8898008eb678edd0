#include "cmd/pin-image/status.h"

#include <spdlog/spdlog.h>

#include "cmd/pin-image/freshness.h"

namespace flypin::cmd::pin_image {
namespace {

using namespace std::chrono_literals;

// A status report never hangs on a registry: each call at most 8 s, all of
// them at most 30 s, and a registry that let one time out is not asked again.
registry::CallLimits limits_from(core::Clock::TimePoint now) {
  return {.per_call = 8s, .attempts = 2, .run_deadline = now + 30s};
}

// The repository whose tags name candidates: --image-repository, else the newest pin's.
std::optional<registry::Reference> tag_repository(const Plan& plan, const std::vector<PinRecord>& pins) {
  if (plan.image_repository) return plan.image_repository;
  for (const auto& pin : pins) {
    if (auto ref = registry::parse_reference(pin.image); ref.ok()) return *ref;
  }
  return std::nullopt;
}

struct Checked {
  Presence presence = Presence::kUnchecked;
  std::string digest;
};

Checked check(Context& cx, const std::string& image) {
  auto ref = registry::parse_reference(image);
  if (!ref.ok()) return {};
  auto resolved = cx.registry.resolve(*ref, std::nullopt);
  if (resolved.ok()) return {Presence::kExists, resolved->digest};
  if (resolved.error().kind == core::ErrorKind::kNotFound) return {Presence::kGone, ""};
  spdlog::warn("{} cannot be checked: {}", image, resolved.error().describe());
  return {};
}

}  // namespace

const char* presence_word(Presence presence) {
  switch (presence) {
    case Presence::kExists:
      return "exists";
    case Presence::kGone:
      return "gone";
    case Presence::kUnchecked:
      return "unchecked";
    case Presence::kForeign:
      return "foreign";
  }
  return "unchecked";
}

core::Status report_status(const Plan& plan, Context& cx, Outcome& out) {
  out.secret_name = plan.secret_name;
  cx.registry.limit_calls(cx.clock, limits_from(cx.clock.now()));
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
    const auto checked = check(cx, live->image);
    LiveImage l{.image = live->image,
                .digest = checked.digest,
                .presence = checked.presence,
                .build_time = build_time_text(live->build_ms),
                .pinned_at = existing->updated_at.value_or("")};
    if (live->pin) {
      l.commit = live->pin->commit;
      l.run_url = live->pin->run_url;
    }
    spdlog::info("live: {} (digest {}, built {}, pinned {}{})", l.image,
                 l.presence == Presence::kExists ? l.digest
                 : l.presence == Presence::kGone ? "gone"
                                                 : "cannot be checked",
                 l.build_time, l.pinned_at.empty() ? "at an unknown time" : "at " + l.pinned_at,
                 l.commit.empty() ? "" : " by commit " + l.commit);
    out.live = std::move(l);
  }
  const auto own = own_repositories(plan.image_repository, live ? live->image : "");
  for (const auto& pin : pins) {
    if (static_cast<int>(out.previous.size()) == kMaxPreviousPins) break;
    if (live && pin.image == live->image) continue;
    bool seen = false;
    for (const auto& p : out.previous) seen = seen || p.image == pin.image;
    if (seen) continue;
    PreviousPin p{.image = pin.image, .build_time = build_time_text(pin.build_ms)};
    if (of_repositories(pin.image, own)) {
      p.presence = check(cx, pin.image).presence;
      spdlog::info("earlier: {} (built {}, {})", p.image, p.build_time,
                   p.presence == Presence::kExists ? "still in its registry"
                   : p.presence == Presence::kGone ? "gone"
                                                   : "cannot be checked");
    } else {
      p.presence = Presence::kForeign;
      spdlog::warn(
          "earlier: {} (deployment {}) is not of the live image's repository{}: listed, never checked or "
          "rolled back to",
          p.image, pin.deployment_id, plan.image_repository ? " nor of --image-repository" : "");
    }
    out.previous.push_back(std::move(p));
  }
  return core::ok_status();
}

}  // namespace flypin::cmd::pin_image
