#include "cmd/smoke-machine/reap.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <csignal>
#include <ctime>

#include "cmd/smoke-machine/cleanup.h"
#include "core/duration.h"
#include "core/interrupt.h"
#include "fly/markers.h"

namespace flypin::cmd::smoke_machine {

std::string run_label(const Plan& plan) { return plan.run_id + "/" + plan.run_attempt; }

namespace {

/// Seconds since the epoch the machine was created: our metadata, else created_at.
std::optional<long long> created_unix(const fly::Machine& m) {
  if (auto it = m.config.metadata.find(fly::markers::kCreated); it != m.config.metadata.end()) {
    long long v = 0;
    auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
    if (ec == std::errc() && p == it->second.data() + it->second.size()) return v;
  }
  std::tm tm{};
  if (m.created_at.size() >= 19 && strptime(m.created_at.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) {
    return static_cast<long long>(timegm(&tm));
  }
  return std::nullopt;
}

}  // namespace

Result reap(const Plan& plan, Deps& deps) {
  Outcome out;
  fly::Client fly(deps.http, deps.clock, plan.fly);
  auto filter = fly::markers::smoke_filter();
  if (plan.reap_scope == ReapScope::kThisRun) filter[fly::markers::kRun] = run_label(plan);
  if (!plan.scope.empty()) filter[fly::markers::kScope] = plan.scope;
  auto machines = fly.list(plan.app, filter, fly::IncludeDeleted::kNo);
  if (!machines.ok()) return run_result(std::move(out), machines.error());
  Cleanup cleanup(plan, deps);
  const long long now = deps.clock.unix_seconds();
  const long long threshold = std::chrono::duration_cast<std::chrono::seconds>(plan.older_than).count();
  std::vector<Leftover> left;
  int kept = 0;
  for (const auto& m : *machines) {
    if (m.state == "destroyed" || m.state == "destroying") continue;
    // A keeper (pin-image --keep) is kept on purpose, whatever else it is marked with.
    if (fly::markers::is_keeper(m)) continue;
    auto created = created_unix(m);
    const long long age = created ? now - *created : 0;
    if (!created || age < threshold) {
      ++kept;
      continue;
    }
    spdlog::info("destroying smoke machine {} ({}, {}, age {})", m.id, m.name, m.state,
                 core::format_duration(std::chrono::seconds(age)));
    if (auto st = cleanup.destroy(m.id); !st.ok()) {
      left.push_back(Leftover{m.id, m.name, "", st.error().describe()});
      continue;
    }
    out.reaped.push_back(m.id);
  }
  spdlog::info("reaped {} smoke machine(s) of app {} older than {}; {} younger left alone", out.reaped.size(), plan.app,
               core::format_duration(plan.older_than), kept);
  std::string message;
  core::Status status = core::ok_status();
  if (!left.empty()) {
    message = "could not destroy " + std::to_string(left.size()) + " smoke machine(s)";
    for (const auto& l : left) message += "; " + l.describe(plan.app);
    status = core::Error::check(message);
    out.leftover = left.front();
  }
  if (const int signal = core::interrupt_signal(); signal != 0) {
    // Reaping is cleanup: it was finished, but the signal decides the exit.
    auto e = core::Error::cancelled();
    e.message = std::string("interrupted by ") + core::signal_name(signal) + " after reaping " +
                std::to_string(out.reaped.size()) + " machine(s)" + (message.empty() ? "" : "; " + message);
    status = e;
  }
  return run_result(std::move(out), std::move(status));
}

}  // namespace flypin::cmd::smoke_machine
