#include "cmd/pin-image/status.h"

#include <spdlog/spdlog.h>

#include "cmd/pin-image/freshness.h"
#include "cmd/pin-image/live_image.h"
#include "cmd/pin-image/retention.h"

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

// The keepers, when this run may list them (a Fly token and the app); nullopt otherwise.
std::optional<std::vector<Keeper>> listed_keepers(const Plan& plan, Context& cx) {
  if (plan.retention.fly.token.empty() || plan.retention.app.empty()) {
    spdlog::info("keepers not listed: {}", plan.retention.fly.token.empty() ? "no Fly token (FLY_API_TOKEN)"
                                                                            : "no app (--keeper-app or FLY_APP)");
    return std::nullopt;
  }
  // A report does not wait out a storm: the keepers are listed within 30 s, or not at all.
  auto fly = keeper_client(plan, cx, cx.clock.now() + 30s);
  auto keepers = list_keepers(fly, plan.retention.app);
  if (!keepers.ok()) {
    spdlog::warn("the keepers of app {} cannot be listed: {}", plan.retention.app, keepers.error().describe());
    return std::nullopt;
  }
  return std::move(*keepers);
}

struct Checked {
  ImageCheck check;
  std::string created;  // the config's, when it was read
};

// A manifest HEAD says whether it exists (404 only is "gone"); then a GET of
// the manifest (and a single image's config) whether --platform is in it.
Checked check(const Plan& plan, Context& cx, const std::string& image,
              const std::optional<std::vector<Keeper>>& keepers) {
  Checked c;
  if (keepers) {
    c.check.keeper = "";
    for (const auto& k : *keepers) {
      if (k.image == image) c.check.keeper = k.id;
    }
  }
  auto ref = registry::parse_reference(image);
  if (!ref.ok()) return c;
  auto head = cx.registry.resolve(*ref, std::nullopt);
  if (!head.ok()) {
    if (head.error().kind == core::ErrorKind::kNotFound) {
      c.check.presence = Presence::kGone;
    } else {
      spdlog::warn("{} cannot be checked: {}", image, head.error().describe());
    }
    return c;
  }
  c.check.presence = Presence::kExists;
  c.check.digest = head->digest;
  auto resolved = cx.registry.resolve(*ref, plan.platform);
  if (resolved.ok()) {
    c.check.platform = PlatformCheck::kPresent;
    c.created = resolved->created;
  } else if (resolved.error().kind == core::ErrorKind::kCheck) {
    c.check.platform = PlatformCheck::kAbsent;
    spdlog::warn("{}", resolved.error().describe());
  } else {
    spdlog::warn("whether {} has platform {} cannot be checked: {}", image, plan.platform.str(),
                 resolved.error().describe());
  }
  return c;
}

std::string found_text(const ImageCheck& c) {
  std::string text = c.presence == Presence::kExists ? c.digest
                     : c.presence == Presence::kGone ? "gone"
                                                     : "cannot be checked";
  if (c.platform == PlatformCheck::kAbsent) text += ", without its platform";
  if (c.keeper) text += c.keeper->empty() ? ", no keeper" : ", keeper " + *c.keeper;
  return text;
}

std::string build_text(std::optional<std::int64_t> build_ms, const std::string& created) {
  if (!build_ms && !created.empty()) return created;
  return build_time_text(build_ms);
}

// The earlier pins --status lists: the history's, else the keepers' (the record without a history).
std::vector<PreviousPin> earlier_pins(const std::vector<PinRecord>& pins, const std::string& live,
                                      const std::optional<std::vector<Keeper>>& keepers,
                                      const std::vector<registry::Reference>& own) {
  std::vector<PreviousPin> out;
  auto add = [&](const std::string& image, std::optional<std::int64_t> build_ms, const std::string& pinned_at) {
    if (static_cast<int>(out.size()) == kMaxPreviousPins || image == live) return;
    for (const auto& p : out) {
      if (p.image == image) return;
    }
    out.push_back({.image = image, .build_time = build_time_text(build_ms), .pinned_at = pinned_at});
  };
  // A pin recorded without build_time (by an older pin-image) is still dated by its tag's ULID.
  for (const auto& pin : pins) add(pin.image, build_time_of(pin.image, pins), pin.created_at);
  if (pins.empty() && keepers && !live.empty()) {
    for (const auto& image : kept_earlier(live, *keepers, own)) add(image, build_time_of(image, {}), "");
  }
  return out;
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

const char* platform_word(PlatformCheck platform) {
  switch (platform) {
    case PlatformCheck::kPresent:
      return "present";
    case PlatformCheck::kAbsent:
      return "absent";
    case PlatformCheck::kUnchecked:
      return "unchecked";
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
  auto known = live_candidates(cx, repository ? &*repository : nullptr);
  const auto keepers = listed_keepers(plan, cx);
  // A keeper names the image it keeps even when the registry lost it (a gone
  // tag leaves the tag list): the live image is still known, and reported gone.
  for (const auto& k : keepers.value_or(std::vector<Keeper>{})) {
    if (registry::parse_reference(k.image).ok()) known.push_back({k.image, build_time_of(k.image, pins), nullptr});
  }
  const auto live = find_live(existing->value_sha256, known);
  if (!live) {
    spdlog::warn("secret {} names an image found neither in the deployment history nor in the tag list (sha256 {})",
                 plan.secret_name, existing->value_sha256);
  } else {
    const auto checked = check(plan, cx, live->image, keepers);
    LiveImage l{.image = live->image,
                .check = checked.check,
                .build_time = build_text(live->build_ms, checked.created),
                .pinned_at = existing->updated_at.value_or("")};
    if (live->pin) {
      l.commit = live->pin->commit;
      l.run_url = live->pin->run_url;
    }
    spdlog::info("live: {} ({}, built {}, pinned {}{})", l.image, found_text(l.check), l.build_time,
                 l.pinned_at.empty() ? "at an unknown time" : "at " + l.pinned_at,
                 l.commit.empty() ? "" : " by commit " + l.commit);
    if (l.check.presence == Presence::kGone) out.missing.push_back("the live image " + l.image);
    if (l.check.keeper && l.check.keeper->empty()) out.unkept.push_back(l.image);
    out.live = std::move(l);
  }
  const auto own = own_repositories(plan.image_repository, live ? live->image : "");
  int in_window = 0;
  for (auto& p : earlier_pins(pins, live ? live->image : "", keepers, own)) {
    if (of_repositories(p.image, own)) {
      p.in_window = in_window < plan.retention.keep;
      in_window += p.in_window ? 1 : 0;
      const auto checked = check(plan, cx, p.image, keepers);
      p.check = checked.check;
      if (p.build_time == build_time_text(std::nullopt)) p.build_time = build_text(std::nullopt, checked.created);
      spdlog::info("earlier: {} (built {}{}, {})", p.image, p.build_time,
                   p.pinned_at.empty() ? "" : ", pinned " + p.pinned_at, found_text(p.check));
      if (p.in_window && p.check.presence == Presence::kGone) out.missing.push_back("rollback target " + p.image);
      if (p.in_window && p.check.keeper && p.check.keeper->empty()) out.unkept.push_back(p.image);
    } else {
      p.check.presence = Presence::kForeign;
      spdlog::warn(
          "earlier: {} is not of the live image's repository{}: listed, never checked or "
          "rolled back to",
          p.image, plan.image_repository ? " nor of --image-repository" : "");
    }
    out.previous.push_back(std::move(p));
  }
  if (out.missing.empty() || plan.retention.missing == Missing::kReport) return core::ok_status();
  std::string named;
  for (const auto& m : out.missing) named += (named.empty() ? "" : "; ") + m;
  return core::Error::check(
      "gone from the registry (new machines cannot boot it, or --rollback cannot go back to it): " + named);
}

}  // namespace flypin::cmd::pin_image
