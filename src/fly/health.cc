#include "fly/health.h"

#include <algorithm>

namespace flypin::fly {

bool is_compat_check(const std::string& name) { return name.rfind("bg_deployments_compat", 0) == 0; }

std::chrono::milliseconds settle_time(const MachineConfig& config) {
  std::chrono::milliseconds longest{0};
  for (const auto& c : config.checks) longest = std::max(longest, c.grace_period + c.interval + c.timeout);
  return longest;
}

HealthVerdict health_of(const Machine& m, Settled settled) {
  auto reported = [&](const std::string& name) -> const CheckStatus* {
    for (const auto& c : m.checks)
      if (c.name == name) return &c;
    return nullptr;
  };
  for (const auto& configured : m.config.checks) {
    const CheckStatus* c = reported(configured.name);
    if (c == nullptr) return {Health::kNotYet, "check " + configured.name + " has not reported yet"};
    if (c->status != "passing") return {Health::kNotYet, "check " + c->name + " " + c->status + ": " + c->output};
  }
  int others = 0;
  for (const auto& c : m.checks) {
    if (is_compat_check(c.name)) continue;
    const bool configured = std::any_of(m.config.checks.begin(), m.config.checks.end(),
                                        [&](const ConfiguredCheck& cc) { return cc.name == c.name; });
    if (configured) continue;
    ++others;
    if (c.status != "passing") return {Health::kNotYet, "check " + c.name + " " + c.status + ": " + c.output};
  }
  if (others < m.config.service_checks)
    return {Health::kNotYet, std::to_string(m.config.service_checks - others) + " service check(s) not reported yet"};
  if (settled == Settled::kNo) return {Health::kNotYet, "its checks have not all run since it started"};
  return {Health::kHealthy, ""};
}

}  // namespace flypin::fly
