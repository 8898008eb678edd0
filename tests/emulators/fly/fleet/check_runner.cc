#include "emulators/fly/fleet/check_runner.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cctype>

#include "emulators/fly/fleet/check_schedule.h"
#include "emulators/fly/fleet/fleet.h"
#include "emulators/fly/model/clock_text.h"
#include "emulators/fly/runtime/netns_http.h"

namespace flypin::emulators::fly {
namespace {

using Steady = std::chrono::steady_clock;

std::string excerpt(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.size() > 200) text = text.substr(0, 200) + "...";
  return text;
}

// "GET" -> "Get", as Go's net/http names the method in its errors.
std::string go_method(const std::string& method) {
  std::string out = method;
  for (size_t i = 1; i < out.size(); ++i) out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[i])));
  return out;
}

}  // namespace

CheckOutcome run_check(const CheckSpec& spec, pid_t netns_pid) {
  const std::string url = "http://127.0.0.1:" + std::to_string(spec.port) + spec.path;
  if (spec.method.empty()) {
    auto fd = dial_in_netns(netns_pid, spec.port, spec.timeout);
    if (!fd.ok()) return {"critical", fd.error().message};
    ::close(*fd);
    return {"passing", "Success"};
  }
  auto response = http_in_netns(netns_pid, spec.port, {.method = spec.method, .path = spec.path}, spec.timeout);
  if (!response.ok()) return {"critical", go_method(spec.method) + " \"" + url + "\": " + response.error().message};
  if (response->status >= 200 && response->status < 300) return {"passing", excerpt(response->body)};
  return {"critical", "HTTP " + std::to_string(response->status) + " from " + url + ": " + excerpt(response->body)};
}

void Fleet::run_checks(std::unique_lock<std::mutex>& lock, const std::string& id, unsigned generation,
                       std::vector<Steady::time_point>& next_due) {
  for (size_t i = 0; i < next_due.size(); ++i) {
    if (Steady::now() < next_due[i]) continue;
    auto it = machines_.find(id);
    if (it == machines_.end() || it->second.generation != generation || it->second.pid == 0) return;
    CheckSpec spec = it->second.checks[i];
    pid_t pid = options_.sandbox.netns ? it->second.pid : 0;
    next_due[i] = next_check_due(next_due[i], spec.interval, Steady::now());
    lock.unlock();
    const CheckOutcome outcome = run_check(spec, pid);
    lock.lock();
    it = machines_.find(id);
    if (it == machines_.end() || it->second.generation != generation) return;
    auto& r = it->second.check_results[i];
    // updated_at is when the status last changed, not when the check last ran (FIDELITY C2).
    if (!r.reported || r.status != outcome.status) r.updated_at = rfc3339_ms_now();
    r.reported = true;
    r.status = outcome.status;
    r.output = outcome.output;
    spdlog::debug("machine {} check {}: {}", id, r.name, r.status);
    changed_.notify_all();
  }
}

}  // namespace flypin::emulators::fly
