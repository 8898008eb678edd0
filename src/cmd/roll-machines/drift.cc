#include "cmd/roll-machines/drift.h"

#include <algorithm>
#include <map>

#include "fly/markers.h"
#include "registry/reference.h"

namespace flypin::cmd::roll_machines {
namespace {

// smoke-machine's throwaway machines are never rolled: listed as such, or marked so (fly/markers.h).
bool is_smoke(const fly::Machine& m, const std::set<std::string>& smoke_ids) {
  return smoke_ids.count(m.id) != 0 || fly::markers::is_smoke(m);
}

}  // namespace

bool on_pin(const fly::Machine& m, const std::string& pin_digest) {
  if (digest_of(m) != pin_digest) return false;
  // A full config names the image too: a digest there must agree.
  const auto configured = registry::digest_named_in(m.config.image);
  return configured.empty() || configured == pin_digest;
}

bool is_parked(const std::string& state) { return state == "stopped" || state == "suspended" || state == "created"; }

std::string digest_of(const fly::Machine& m) {
  if (!m.image_ref.digest.empty()) return m.image_ref.digest;
  return std::string(registry::digest_named_in(m.config.image));
}

DriftReport drift_report(const std::vector<fly::Machine>& listed, const std::set<std::string>& smoke_ids,
                         const std::string& pin_digest, const std::set<std::string>& keeper_ids) {
  DriftReport report;
  report.pin_digest = pin_digest;
  std::map<std::pair<std::string, std::string>, long long> counts;
  for (const auto& m : listed) {
    if (m.state == "destroyed" || m.state == "destroying") continue;
    if (is_smoke(m, smoke_ids)) {
      ++report.smoke_skipped;
      continue;
    }
    // pin-image's keepers reference an image on purpose and never run: never rolled.
    if (keeper_ids.count(m.id) != 0 || fly::markers::is_keeper(m)) {
      ++report.keepers_skipped;
      continue;
    }
    ++report.selected;
    const std::string digest = digest_of(m);
    ++counts[{digest, m.state}];
    const bool host_ok = m.host_status.empty() || m.host_status == "ok";
    if (!host_ok || digest.empty()) {
      report.unknown.push_back({m.id, m.region, m.state, digest, m.instance_id});
    } else if (on_pin(m, pin_digest)) {
      ++report.on_pin;
    } else {
      report.drifted.push_back({m.id, m.region, m.state, digest, m.instance_id});
    }
  }
  for (const auto& [key, n] : counts) report.counts.push_back({key.first, key.second, n});
  auto by_id = [](const DriftedMachine& a, const DriftedMachine& b) { return a.id < b.id; };
  std::sort(report.drifted.begin(), report.drifted.end(), by_id);
  std::sort(report.unknown.begin(), report.unknown.end(), by_id);
  return report;
}

}  // namespace flypin::cmd::roll_machines
