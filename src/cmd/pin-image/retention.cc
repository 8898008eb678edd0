#include "cmd/pin-image/retention.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "cmd/pin-image/live_image.h"
#include "cmd/pin-image/rollback.h"

namespace flypin::cmd::pin_image {
namespace {

using namespace std::chrono_literals;

// Keeper upkeep may not hold a pin up for long: a 429 storm or an outage of
// the Machines API ends in warnings after this.
constexpr auto kUpkeepBudget = 90s;

bool listed(const std::vector<std::string>& images, const std::string& image) {
  return std::find(images.begin(), images.end(), image) != images.end();
}

}  // namespace

std::vector<std::string> kept_earlier(const std::string& live, const std::vector<Keeper>& keepers,
                                      const std::vector<registry::Reference>& own) {
  std::vector<const Keeper*> earlier;
  for (const auto& k : keepers) {
    if (k.image == live || !of_repositories(k.image, own)) continue;
    if (std::none_of(earlier.begin(), earlier.end(), [&](const Keeper* e) { return e->image == k.image; }))
      earlier.push_back(&k);
  }
  // Newest build first (the deployment tag's ULID); unknown build times after, newest keeper first.
  std::stable_sort(earlier.begin(), earlier.end(), [](const Keeper* a, const Keeper* b) {
    const auto ta = build_time_of(a->image, {}), tb = build_time_of(b->image, {});
    if (ta && tb) return *ta > *tb;
    if (ta || tb) return ta.has_value();
    return a->created_at > b->created_at;
  });
  std::vector<std::string> out;
  for (const auto* k : earlier) out.push_back(k->image);
  return out;
}

Window window_of(const std::string& live, int keep, Context& cx,
                 const std::optional<registry::Reference>& image_repository, const std::vector<Keeper>& keepers) {
  Window w;
  w.images.push_back(live);
  const auto own = own_repositories(image_repository, live);
  const auto& pins = cx.history.pins();
  if (pins.empty()) {
    w.from = EarlierFrom::kKeepers;
    for (const auto& image : kept_earlier(live, keepers, own)) {
      if (static_cast<int>(w.images.size()) > keep) break;
      w.images.push_back(image);
    }
    return w;
  }
  int looked = 0;
  for (const auto& pin : pins) {
    if (static_cast<int>(w.images.size()) > keep || looked == kMaxRollbackCandidates) break;
    if (listed(w.images, pin.image) || !of_repositories(pin.image, own)) continue;
    ++looked;
    auto succeeded = cx.history.reached_success(pin.deployment_id);
    if (!succeeded.ok()) {
      spdlog::warn("whether deployment {} ({}) succeeded cannot be read: {}", pin.deployment_id, pin.image,
                   succeeded.error().describe());
      continue;
    }
    if (*succeeded) w.images.push_back(pin.image);
  }
  return w;
}

KeeperReport keep_pinned(const Plan& plan, Context& cx, const std::string& live) {
  const auto deadline = cx.clock.now() + kUpkeepBudget;
  const std::string& app = plan.retention.app;
  auto fly = keeper_client(plan, cx, deadline);
  auto keepers = list_keepers(fly, app);
  if (!keepers.ok()) {
    KeeperReport report;
    report.warnings.push_back("the keepers of app " + app +
                              " cannot be listed, none made or released: " + keepers.error().describe());
    spdlog::warn("{}", report.warnings.back());
    return report;
  }
  const auto window = window_of(live, plan.retention.keep, cx, plan.image_repository, *keepers);
  spdlog::info("keeping {} image(s) in app {}: the live one and {} earlier pin(s) (from the {})", window.images.size(),
               app, window.images.size() - 1, window.from == EarlierFrom::kHistory ? "deployment history" : "keepers");
  return keep_window(fly, cx.clock, app, window.images, *keepers, deadline);
}

fly::Client keeper_client(const Plan& plan, Context& cx, core::Clock::TimePoint deadline) {
  fly::ClientSettings settings = plan.retention.fly;
  settings.retry = core::RetryPolicy::until(deadline);
  return fly::Client(cx.fly_http, cx.clock, settings);
}

}  // namespace flypin::cmd::pin_image
