#include "cmd/pin-image/keepers.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/crypto.h"
#include "fly/guarded_create.h"
#include "fly/markers.h"

namespace flypin::cmd::pin_image {
namespace {

void warn(KeeperReport& report, std::string line) {
  spdlog::warn("{}", line);
  report.warnings.push_back(std::move(line));
}

const Keeper* keeper_of(const std::vector<Keeper>& keepers, const std::string& image) {
  for (const auto& k : keepers) {
    if (k.image == image) return &k;
  }
  return nullptr;
}

}  // namespace

core::Result<std::vector<Keeper>> list_keepers(fly::Client& fly, const std::string& app) {
  auto machines = fly.list(app, fly::markers::keeper_filter(), fly::IncludeDeleted::kNo);
  if (!machines.ok()) return std::move(machines).error();
  std::vector<Keeper> out;
  for (const auto& m : *machines) {
    if (m.state == "destroyed" || m.state == "destroying" || !fly::markers::is_keeper(m)) continue;
    out.push_back({m.id, m.config.image, m.state, m.created_at});
  }
  return out;
}

std::string keeper_name(const std::string& image) { return "flypin-keeper-" + core::sha256_hex(image).substr(0, 16); }

fly::CreateMachineRequest keeper_request(const std::string& image, long long now_unix) {
  fly::CreateMachineRequest r;
  r.name = keeper_name(image);
  r.image = image;
  r.guest = {"shared", 1, 256};  // Fly's smallest; it never runs, so only its rootfs is billed
  r.metadata = {{fly::markers::kKeeper, "true"}, {fly::markers::kCreated, std::to_string(now_unix)}};
  r.skip_launch = fly::SkipLaunch::kYes;
  return r;
}

KeeperReport keep_window(fly::Client& fly, core::Clock& clock, const std::string& app,
                         const std::vector<std::string>& window, const std::vector<Keeper>& existing,
                         core::Clock::TimePoint deadline) {
  KeeperReport report;
  bool complete = true;
  for (const auto& image : window) {
    if (const Keeper* k = keeper_of(existing, image)) {
      report.kept.push_back({image, k->id, "kept"});
      continue;
    }
    fly::GuardedCreate create(fly, clock);
    auto made = create.run(app, keeper_request(image, clock.unix_seconds()), deadline);
    if (made.ok()) {
      spdlog::info("keeper {} ({}) now references {}", made->id, made->name, image);
      report.kept.push_back({image, made->id, "made"});
      continue;
    }
    complete = false;
    const bool maybe = create.existence() != fly::Existence::kNone;
    report.kept.push_back({image, "", "not made: " + made.error().describe()});
    warn(report, "no keeper for " + image + " (the registry may prune it): " + made.error().describe() +
                     (maybe ? "; a keeper named " + keeper_name(image) + " may exist all the same" : ""));
  }
  // Release only when every image of the window is kept: a keeper of an image
  // that left the window is the last thing holding it, and costs little.
  if (!complete) {
    if (!existing.empty()) warn(report, "keepers of images outside the window are left for the next pin");
    return report;
  }
  for (const auto& k : existing) {
    if (std::find(window.begin(), window.end(), k.image) != window.end()) continue;
    if (clock.now() >= deadline) {
      warn(report, "out of time: keeper " + k.id + " of " + k.image + " is left for the next pin");
      continue;
    }
    if (auto st = fly.destroy(app, k.id); !st.ok()) {
      warn(report, "keeper " + k.id + " of " + k.image + " cannot be destroyed: " + st.error().describe());
      continue;
    }
    spdlog::info("keeper {} of {} destroyed: the image left the window", k.id, k.image);
    report.released.push_back(k.image);
  }
  return report;
}

}  // namespace flypin::cmd::pin_image
