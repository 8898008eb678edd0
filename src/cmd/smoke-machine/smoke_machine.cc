#include "cmd/smoke-machine/smoke_machine.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>
#include <optional>

#include "cmd/common/machine_log_lines.h"
#include "cmd/smoke-machine/diagnosis.h"
#include "cmd/smoke-machine/machine_output.h"
#include "cmd/smoke-machine/poll_schedule.h"
#include "cmd/smoke-machine/progress.h"
#include "cmd/smoke-machine/reap.h"
#include "cmd/smoke-machine/verify.h"
#include "core/crypto.h"
#include "core/duration.h"
#include "core/interrupt.h"
#include "fly/guarded_create.h"
#include "fly/markers.h"

namespace flypin::cmd::smoke_machine {
namespace {

using namespace std::chrono_literals;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

constexpr auto kProbeInterval = 100ms;  // proxy probes go to the app, not the rate-limited API
// An API that refuses every connection this long is down, not slow: the smoke
// stops watching and cleanup takes over, bounded by --cleanup-timeout.
constexpr auto kUnreachableLimit = 10s;
constexpr const char* kCheckName = "health";

class SmokeRun {
 public:
  SmokeRun(const Plan& plan, Deps& deps)
      : plan_(plan),
        deps_(deps),
        start_(deps.clock.now()),
        deadline_(start_ + plan.timeout),
        progress_(deps.clock, start_),
        fly_(deps.http, deps.clock, plan.fly),
        logs_client_(deps.http, plan.logs) {}

  Result run();

 private:
  core::Status create();
  core::Status smoke();
  /// Destroys what the run created, or may have; records what is left.
  void clean_up(const core::Status& result);
  /// The run's last word: what failed, and what is left (never claiming a
  /// destroy the API did not confirm).
  core::Status final_status(core::Status result, int signal) const;
  /// A read that failed for a reason that may pass (429, 5xx, a cut
  /// connection) before the deadline: not the smoke failing, keep watching;
  /// unless the API has refused every connection for kUnreachableLimit.
  bool transient(const core::Error& error);
  core::Status wait_started(const std::string& phase);
  core::Result<fly::Machine> read_back();
  /// When a passing status speaks of the run being checked: it changed since `stale` (its updated_at
  /// is when the status last changed, FIDELITY C2), or the check has had a run of its own since the
  /// machine started (a status kept across a restart may stay passing without a change, C7).
  struct Fresh {
    std::string stale;
    core::Clock::TimePoint believe_after{};
  };
  core::Status wait_healthy(const std::string& phase, const Fresh& fresh);
  bool check_passed(const fly::Machine& m, const Fresh& fresh) const;
  std::chrono::milliseconds check_interval() const;
  core::Status watch_stable();
  core::Status restart_check();
  core::Result<fly::Machine> get_with_events();
  /// Reads and records the machine; one that stopped or failed is an error
  /// naming `phase`, after its events are printed (F3/F4).
  core::Result<fly::Machine> observe_alive(const std::string& phase);
  milliseconds elapsed() const { return duration_cast<milliseconds>(deps_.clock.now() - start_); }
  core::Error timed_out(const std::string& what) const;
  /// The app's new lines, when a read is due (--quiet-logs: none).
  void stream_logs();
  /// A failure in the app's own words: its last lines printed and kept, its
  /// last line added to the error.
  core::Status explain(core::Status failure);
  bool probe_proxy(std::string& last_result);

  const Plan& plan_;
  Deps& deps_;
  core::Clock::TimePoint start_;
  core::Clock::TimePoint deadline_;
  Progress progress_;
  Outcome outcome_;
  fly::Machine last_;
  core::Clock::TimePoint started_at_;  // when the machine was last seen to start
  std::string marker_;                 // the create's marker
  fly::Existence unknown_create_ = fly::Existence::kNone;
  fly::Client fly_;
  fly::LogsClient logs_client_;
  // Since when the API has refused every connection (max(): it answered last).
  core::Clock::TimePoint unreachable_since_ = core::Clock::TimePoint::max();
  std::optional<fly::MachineLogReader> logs_;  // once the machine exists, unless --log-lines 0
};

void SmokeRun::stream_logs() {
  if (!logs_ || plan_.log_stream == LogStream::kQuiet) return;
  print_new_lines(deps_.io, outcome_.machine_id, logs_->poll_new());
}

core::Status SmokeRun::explain(core::Status failure) {
  if (!logs_ || failure.ok() || failure.error().kind == core::ErrorKind::kCancelled || core::interrupt_signal() != 0)
    return failure;
  auto logs = logs_->last_lines(failure_time(last_), plan_.logs_wait);
  print_last_lines(deps_.io, outcome_.machine_id, logs);
  auto error = failure.error();
  if (const auto* line = logs.last_app_line()) error.message += "; the app's last line: " + app_line_text(*line);
  outcome_.logs = std::move(logs);
  return error;
}

core::Error SmokeRun::timed_out(const std::string& what) const {
  core::Error e;
  e.kind = core::ErrorKind::kTimeout;
  e.message = "timed out after " + core::format_duration(plan_.timeout) + " " + what;
  return e;
}

core::Status SmokeRun::create() {
  fly::CreateMachineRequest req;
  req.name = "smoke-" + plan_.run_id + "-" + core::random_hex(3);
  req.region = plan_.region;
  req.image = plan_.image.str();
  req.guest = plan_.guest;
  req.env = plan_.env;
  req.metadata = fly::markers::smoke_filter();
  req.metadata[fly::markers::kRun] = run_label(plan_);
  req.metadata[fly::markers::kRepository] = plan_.repository;
  req.metadata[fly::markers::kCreated] = std::to_string(deps_.clock.unix_seconds());
  if (plan_.for_app != plan_.app) req.metadata[fly::markers::kForApp] = plan_.for_app;
  if (!plan_.job.empty()) req.metadata[fly::markers::kJob] = plan_.job;
  if (!plan_.scope.empty()) req.metadata[fly::markers::kScope] = plan_.scope;
  if (plan_.health_via == HealthVia::kChecks) {
    req.check = fly::HttpCheck{
        .name = kCheckName, .port = plan_.port, .path = plan_.health_path, .interval = plan_.check_interval};
  } else {
    req.service = fly::ProxyService{.internal_port = plan_.port};
  }
  outcome_.machine_name = req.name;
  progress_.note("creating machine " + req.name + " in app " + plan_.app + ", region " + plan_.region + ", " +
                 plan_.guest.cpu_kind + " " + std::to_string(plan_.guest.cpus) + "x cpu, " +
                 std::to_string(plan_.guest.memory_mb) + " MB, image " + plan_.image.str());
  fly::GuardedCreate guarded(fly_, deps_.clock);
  marker_ = guarded.marker();
  auto machine = guarded.run(plan_.app, req, deadline_);
  if (!machine.ok()) {
    unknown_create_ = guarded.existence();
    return machine.error();
  }
  outcome_.machine_id = machine->id;
  progress_.note("created machine " + machine->id + " (" + machine->state + ")");
  if (plan_.log_lines > 0) {
    logs_.emplace(logs_client_, deps_.clock, plan_.app, machine->id, fly::MachineLogOptions{.keep = plan_.log_lines});
  }
  return core::ok_status();
}

bool SmokeRun::transient(const core::Error& error) {
  if (!error.retryable() || deps_.clock.now() >= deadline_) return false;
  if (error.delivery == core::Delivery::kNotSent) {
    unreachable_since_ = std::min(unreachable_since_, deps_.clock.now());
    if (deps_.clock.now() - unreachable_since_ >= kUnreachableLimit) return false;
  } else {
    unreachable_since_ = core::Clock::TimePoint::max();
  }
  spdlog::warn("{}; still watching until the {} timeout", error.describe(), core::format_duration(plan_.timeout));
  return true;
}

core::Result<fly::Machine> SmokeRun::get_with_events() {
  auto m = fly_.get(plan_.app, outcome_.machine_id);
  if (!m.ok()) return m;
  if (m->events.empty()) {
    if (auto events = fly_.events(plan_.app, outcome_.machine_id); events.ok()) m->events = std::move(*events);
  }
  return m;
}

core::Status SmokeRun::wait_started(const std::string& phase) {
  fly::WaitOptions wait;
  wait.state = fly::DesiredState::kStarted;
  wait.deadline = deadline_;
  // Short calls so that a machine that crashed or failed to pull is noticed
  // within seconds instead of at the end of a 60 s wait (F3).
  wait.per_call = 2s;
  wait.give_up_unreachable_after = kUnreachableLimit;
  wait.between = [&]() -> core::Status {
    auto m = observe_alive(phase);
    stream_logs();
    return m.ok() || transient(m.error()) ? core::ok_status() : core::Status(m.error());
  };
  auto st = fly_.wait(plan_.app, outcome_.machine_id, wait);
  started_at_ = deps_.clock.now();
  if (!st.ok() && st.error().kind == core::ErrorKind::kTimeout) {
    return timed_out("waiting for machine " + outcome_.machine_id + " to start (state " + last_.state + ")");
  }
  return st;
}

core::Result<fly::Machine> SmokeRun::observe_alive(const std::string& phase) {
  auto m = get_with_events();
  if (!m.ok()) return m.error();
  progress_.observe(*m);
  last_ = *m;
  if (fly::is_terminal_state(m->state)) {
    log_events(m->events);
    return machine_failed(*m, phase);
  }
  return m;
}

core::Result<fly::Machine> SmokeRun::read_back() {
  auto m = fly_.get(plan_.app, outcome_.machine_id);
  while (!m.ok() && transient(m.error())) {
    if (!deps_.clock.sleep_for(1s)) return core::Error::cancelled();
    m = fly_.get(plan_.app, outcome_.machine_id);
  }
  if (!m.ok()) return m.error();
  progress_.observe(*m);
  last_ = *m;
  return m;
}

bool SmokeRun::probe_proxy(std::string& last_result) {
  core::HttpRequest req;
  req.url = plan_.proxy_url + plan_.health_path;
  req.api = "Fly proxy";
  req.headers.add("fly-force-instance-id", outcome_.machine_id);
  req.connect_timeout = 5s;
  req.total_timeout = 5s;
  req.retry = core::RetryPolicy::once();  // wait_healthy asks again
  auto response = deps_.http.send(req);
  std::string result;
  if (!response.ok()) {
    result = response.error().message;
  } else {
    result = "HTTP " + std::to_string(response->status) + " " + core::body_excerpt(response->body, 120);
  }
  if (result != last_result) progress_.note("GET " + plan_.health_path + " via proxy: " + result);
  last_result = result;
  return response.ok() && response->success();
}

std::chrono::milliseconds SmokeRun::check_interval() const {
  return plan_.health_via == HealthVia::kChecks ? plan_.check_interval : 0ms;
}

bool SmokeRun::check_passed(const fly::Machine& m, const Fresh& fresh) const {
  for (const auto& c : m.checks) {
    if (c.name != kCheckName || c.status != "passing") continue;
    if (fresh.stale.empty() || c.updated_at != fresh.stale || deps_.clock.now() >= fresh.believe_after) return true;
  }
  return false;
}

core::Status SmokeRun::wait_healthy(const std::string& phase, const Fresh& fresh) {
  const PollSchedule polls(started_at_, check_interval());
  const bool via_proxy = plan_.health_via == HealthVia::kProxy;
  std::string proxy_result;
  auto next_read = deps_.clock.now();
  while (true) {
    if (const auto now = deps_.clock.now(); now >= next_read) {
      next_read = polls.next_after(next_read, now);
      auto m = observe_alive(phase);
      if (!m.ok() && !transient(m.error())) return m.error();
      if (m.ok() && m->state == "started" && !via_proxy && check_passed(*m, fresh)) return core::ok_status();
      stream_logs();
    }
    if (last_.state == "started" && via_proxy && probe_proxy(proxy_result)) return core::ok_status();
    if (deps_.clock.now() >= deadline_) {
      fly::Machine m = last_;
      if (m.state == "started") {
        if (via_proxy) m.checks.push_back({"proxy", "critical", proxy_result, ""});
        return health_failing(m, plan_.health_path, plan_.port, core::format_duration(plan_.timeout));
      }
      return timed_out("waiting for machine " + m.id + " to be healthy (state " + m.state + ")");
    }
    auto wake = next_read;
    if (via_proxy && last_.state == "started") wake = std::min(wake, deps_.clock.now() + kProbeInterval);
    const auto pause = std::chrono::ceil<milliseconds>(wake - deps_.clock.now());
    if (pause > 0ms && !deps_.clock.sleep_for(pause)) return core::Error::cancelled();
  }
}

core::Status SmokeRun::watch_stable() {
  if (plan_.stable_for <= 0ms) return core::ok_status();
  progress_.note("healthy; watching that it stays up for " + core::format_duration(plan_.stable_for));
  const auto until = deps_.clock.now() + plan_.stable_for;
  while (deps_.clock.now() < until) {
    if (!deps_.clock.sleep_for(500ms)) return core::Error::cancelled();
    if (auto m = observe_alive("after it was healthy"); !m.ok() && !transient(m.error())) return m.error();
    stream_logs();
  }
  return core::ok_status();
}

core::Status SmokeRun::restart_check() {
  Fresh fresh;
  for (const auto& c : last_.checks) {
    if (c.name == kCheckName) fresh.stale = c.updated_at;
  }
  if (fresh.stale.empty()) fresh.stale = "(none)";
  progress_.note("restarting machine " + outcome_.machine_id + " once; health must pass again (F13)");
  if (auto st = fly_.restart(plan_.app, outcome_.machine_id); !st.ok()) return st;
  if (auto st = wait_started("after the restart"); !st.ok()) return st;
  // Our check (fly::HttpCheck): no grace period, a 2 s timeout; a second for the read to see its run.
  fresh.believe_after = started_at_ + plan_.check_interval + std::chrono::seconds(2) + std::chrono::seconds(1);
  if (auto st = wait_healthy("after the restart", fresh); !st.ok()) return st;
  outcome_.restarted = true;
  progress_.note("healthy again after the restart");
  return core::ok_status();
}

core::Status SmokeRun::smoke() {
  if (auto st = wait_started("before it was healthy"); !st.ok()) return st;
  outcome_.boot_ms = elapsed().count();
  auto m = read_back();
  if (!m.ok()) return m.error();
  outcome_.region = m->region;
  outcome_.image_digest = m->image_ref.digest;
  progress_.note("machine " + m->id + " started in " + format_ms(milliseconds(outcome_.boot_ms)) + ": region " +
                 m->region + ", " + m->config.guest.cpu_kind + " " + std::to_string(m->config.guest.cpus) + "x cpu, " +
                 std::to_string(m->config.guest.memory_mb) + " MB, image digest " +
                 (m->image_ref.digest.empty() ? "(none)" : m->image_ref.digest));
  if (auto st = verify_placement(plan_, *m); !st.ok()) return st;
  if (auto st = wait_healthy("before it was healthy", Fresh{}); !st.ok()) return st;
  outcome_.healthy_ms = elapsed().count();
  progress_.note("healthy: " + plan_.health_path + " answered 2xx");
  if (plan_.restart_check == RestartCheck::kYes) {
    if (auto st = restart_check(); !st.ok()) return st;
  }
  return watch_stable();
}

void SmokeRun::clean_up(const core::Status& result) {
  if (outcome_.machine_id.empty() && unknown_create_ == fly::Existence::kNone) return;
  if (!outcome_.machine_id.empty() && !result.ok() && core::interrupt_signal() == 0 &&
      plan_.on_failure == OnFailure::kKeep) {
    outcome_.leftover =
        Leftover{outcome_.machine_id, outcome_.machine_name, "", "kept for inspection: --keep-on-failure"};
    return;
  }
  Cleanup cleanup(plan_, deps_);
  if (outcome_.machine_id.empty()) {
    progress_.note("looking for machine " + outcome_.machine_name + ", whose create may have happened");
    // A create cut off in flight may still land: the API must keep saying "none" for a while.
    const auto patience = unknown_create_ == fly::Existence::kInFlight ? 10s : 2s;
    auto found = cleanup.find(outcome_.machine_name, marker_, patience);
    if (!found.ok()) {
      outcome_.leftover = Leftover{"", outcome_.machine_name, marker_, found.error().describe()};
      return;
    }
    if (!found->has_value()) {
      progress_.note("no machine " + outcome_.machine_name + " exists: nothing to destroy");
      return;
    }
    outcome_.machine_id = **found;
  }
  const auto& id = outcome_.machine_id;
  progress_.note("destroying machine " + id);
  if (auto st = cleanup.destroy(id); !st.ok()) {
    outcome_.leftover = Leftover{id, outcome_.machine_name, "", st.error().describe()};
    return;
  }
  outcome_.destroyed = true;
  progress_.note("machine " + id + " destroyed (confirmed)");
}

core::Status SmokeRun::final_status(core::Status result, int signal) const {
  const auto& id = outcome_.machine_id;
  const std::string left = outcome_.leftover ? outcome_.leftover->describe(plan_.app) : "";
  if (signal != 0) {
    auto e = core::Error::cancelled();
    e.message = std::string("interrupted by ") + core::signal_name(signal) + "; " +
                (!left.empty()        ? left
                 : outcome_.destroyed ? "machine " + id + " was destroyed"
                                      : "no machine was left behind");
    return e;
  }
  if (left.empty()) return result;
  // The last line a user sees names what is left and how to remove it.
  core::Error e = result.ok() ? core::Error::check("the smoke passed") : result.error();
  e.message = e.describe() + "; " + left;
  e.method.clear();
  e.url.clear();
  e.http_status = 0;
  return e;
}

Result SmokeRun::run() {
  core::Status result = create();
  if (result.ok()) result = explain(smoke());
  if (const int signal = core::interrupt_signal(); signal != 0) {
    core::suspend_interrupt_for_cleanup();
    spdlog::warn("{} received: cleaning up before exiting", core::signal_name(signal));
  }
  clean_up(result);
  // A signal during cleanup did not cut it short, but it decides the exit.
  return run_result(outcome_, final_status(std::move(result), core::interrupt_signal()));
}

}  // namespace

Result run(const Plan& plan, Deps& deps) {
  for (const auto& name : plan.secret_names) deps.io.mask(plan.env.at(name));
  if (plan.mode == Mode::kReap) return reap(plan, deps);
  return SmokeRun(plan, deps).run();
}

}  // namespace flypin::cmd::smoke_machine
