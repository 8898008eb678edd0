// The per-run worker of a machine: pull + unpack, launch, watch the process,
// run checks, honour stop/restart/destroy requests, record events.
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>

#include <filesystem>

#include "core/json.h"
#include "emulators/fly/fleet/check_schedule.h"
#include "emulators/fly/fleet/fleet.h"
#include "emulators/fly/fleet/fleet_rules.h"
#include "emulators/fly/model/clock_text.h"
#include "emulators/fly/runtime/netns_http.h"
#include "emulators/fly/runtime/output_capture.h"

namespace flypin::emulators::fly {
namespace {

namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr auto kTick = milliseconds(50);
constexpr auto kExitPoll = milliseconds(2);  // after a signal, notice the exit within a few ms
constexpr auto kKillTimeout = milliseconds(5000);
constexpr int kMaxRestarts = 10;
// After the main process exits (and its group is killed), how long its last
// lines may take to come out of the pipes.
constexpr auto kOutputGrace = milliseconds(500);

std::string command_line(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) out += (out.empty() ? "" : " ") + a;
  return out;
}

std::vector<std::string> merged_env(const Machine& m) {
  std::vector<std::pair<std::string, std::string>> kv;
  auto put = [&](const std::string& k, const std::string& v) {
    for (auto& e : kv)
      if (e.first == k) {
        e.second = v;
        return;
      }
    kv.emplace_back(k, v);
  };
  for (const auto& e : m.image_env) {
    auto eq = e.find('=');
    if (eq != std::string::npos) put(e.substr(0, eq), e.substr(eq + 1));
  }
  for (const auto& [k, v] : m.env) put(k, v);
  put("FLY_MACHINE_ID", m.id);
  put("FLY_REGION", m.region);
  put("FLY_APP_NAME", m.app);
  put("FLY_IMAGE_REF", m.image);
  put("FLY_ALLOC_ID", m.id);
  put("FLY_PRIVATE_IP", m.private_ip);
  bool has_path = false;
  for (const auto& e : kv) has_path = has_path || e.first == "PATH";
  if (!has_path) put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  std::vector<std::string> out;
  for (const auto& [k, v] : kv) out.push_back(k + "=" + v);
  return out;
}

std::string exit_event_json(int exit_code, int signal, bool oom, bool requested, bool restarting) {
  return "{\"exit_event\":" +
         core::json::FlatObject()
             .add("exit_code", static_cast<long long>(exit_code))
             .add("guest_exit_code", static_cast<long long>(exit_code))
             .add("guest_signal", static_cast<long long>(signal))
             .add("oom_killed", oom)
             .add("requested_stop", requested)
             .add("restarting", restarting)
             .add("exited_at", rfc3339_now())
             .str() +
         "}";
}

}  // namespace

void Fleet::sleep_ms(std::unique_lock<std::mutex>& lock, int ms) {
  if (ms <= 0) return;
  auto until = Steady::now() + milliseconds(ms);
  changed_.wait_until(lock, until, [&] { return shutting_down_ || Steady::now() >= until; });
}

void Fleet::spawn_worker(Machine& m) {
  ++m.generation;
  m.worker_active = true;
  m.stop_requested = false;
  threads_.emplace_back(&Fleet::worker, this, m.id, m.generation);
}

void Fleet::worker(std::string id, unsigned generation) {
  std::unique_lock lock(mu_);
  while (run_once(lock, id, generation)) {
  }
  auto it = machines_.find(id);
  if (it != machines_.end() && it->second.generation == generation) it->second.worker_active = false;
  changed_.notify_all();
}

void Fleet::finish_destroy(std::unique_lock<std::mutex>& lock, Machine& m) {
  std::string id = m.id;
  unsigned gen = m.generation;
  std::string dir = options_.work_dir + "/machines/" + id;
  int delay = behaviour_.destroy_delay_ms;
  lock.unlock();
  std::error_code ec;
  fs::remove_all(dir, ec);
  lock.lock();
  sleep_ms(lock, delay);
  auto it = machines_.find(id);
  if (it == machines_.end() || it->second.generation != gen) return;
  Machine& d = it->second;
  d.rootfs.clear();
  d.pid = 0;
  d.worker_active = false;
  d.destroyed_at = Steady::now();
  add_event(d, "destroy", "destroyed", "user");
  set_state(d, "destroyed");
}

bool Fleet::run_once(std::unique_lock<std::mutex>& lock, const std::string& id, unsigned generation) {
  auto alive = [&]() -> Machine* {
    auto it = machines_.find(id);
    return it != machines_.end() && it->second.generation == generation && !shutting_down_ ? &it->second : nullptr;
  };
  sleep_ms(lock, behaviour_.boot_delay_ms);
  Machine* m = alive();
  if (!m) return false;
  if (m->destroy_requested) {
    finish_destroy(lock, *m);
    return false;
  }
  if (m->stop_requested) {
    set_state(*m, m->park_as);
    m->park_as = "stopped";
    return false;
  }
  if (m->repull) {
    // Updated: the old rootfs is of the old image, and no process runs in it any more.
    m->repull = false;
    if (!m->rootfs.empty()) {
      std::string old = options_.work_dir + "/machines/" + id;
      m->rootfs.clear();
      lock.unlock();
      std::error_code ec;
      fs::remove_all(old, ec);
      lock.lock();
      m = alive();
      if (!m) return false;
    }
  }
  if (m->rootfs.empty()) {
    std::string base = options_.work_dir + "/machines/" + id;
    std::string rootfs = base + "/rootfs";
    std::string image = m->image;
    runner_line(*m, "Pulling container image " + image);
    const auto pull_started = Steady::now();
    lock.unlock();
    auto pulled = pull_and_unpack(image, base + "/pull", rootfs, options_.auth);
    lock.lock();
    m = alive();
    if (!m) {
      std::error_code ec;
      fs::remove_all(base, ec);
      return false;
    }
    if (!pulled.ok()) {
      spdlog::warn("machine {}: {}", id, pulled.error().message);
      runner_line(*m, pulled.error().message, "error");
      add_event(*m, "launch", "failed", "flyd", "{\"error\":" + core::json::quote(pulled.error().message) + "}");
      set_state(*m, "failed");
      return false;
    }
    const auto pull_ms = std::chrono::duration_cast<milliseconds>(Steady::now() - pull_started).count();
    runner_line(*m, "Successfully prepared image " + image + " (" + std::to_string(pull_ms) + "ms)");
    m->rootfs = rootfs;
    m->image_digest = behaviour_.force_digest.empty() ? pulled->digest : behaviour_.force_digest;
    m->launch_argv = pulled->config.entrypoint;
    m->launch_argv.insert(m->launch_argv.end(), pulled->config.cmd.begin(), pulled->config.cmd.end());
    m->image_env = pulled->config.env;
    m->working_dir = pulled->config.working_dir;
    if (m->destroy_requested) {
      finish_destroy(lock, *m);
      return false;
    }
  }
  auto memory = memory_->for_run(id, m->guest.memory_mb);
  LaunchSpec spec{m->launch_argv, merged_env(*m),       m->rootfs,
                  m->working_dir, memory->procs_file(), memory->procs_file().empty() ? memory->limit_bytes() : 0};
  runner_line(*m, "Preparing to run: `" + command_line(m->launch_argv) + "` as root");
  auto launched = launch_machine_process(spec, options_.sandbox);
  if (!launched.ok()) {
    runner_line(*m, launched.error().message, "error");
    add_event(*m, "launch", "failed", "flyd", "{\"error\":" + core::json::quote(launched.error().message) + "}");
    set_state(*m, "failed");
    return false;
  }
  const pid_t pid = launched->pid;
  m->pid = pid;
  OutputCapture output(launched->stdout_fd, launched->stderr_fd,
                       [this, app = m->app, region = m->region, id](Stream stream, std::string line) {
                         const bool err = stream == Stream::kStderr;
                         logs_.append(app, {id, region, "app", err ? "error" : "info", std::move(line)});
                       });
  auto started = Steady::now();
  m->check_results = results_after_restart(m->checks, m->check_results, options_.variants, rfc3339_ms_now());
  add_event(*m, "start", "started", "flyd");
  set_state(*m, "started");
  spdlog::info("machine {} started pid {} ({})", id, pid, m->image);

  std::vector<Steady::time_point> next_due;
  for (const auto& c : m->checks) next_due.push_back(first_check_due(started, c.grace_period));
  std::optional<Steady::time_point> term_sent;
  std::optional<Steady::time_point> stop_seen;
  while (true) {
    m = alive();
    if (!m) {
      ::kill(-pid, SIGKILL);
      lock.unlock();
      ::waitpid(pid, nullptr, 0);
      lock.lock();
      return false;
    }
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      ::kill(-pid, SIGKILL);  // leftovers of the process group
      lock.unlock();
      output.finish(kOutputGrace);  // the app's last lines come before the runner's
      lock.lock();
      m = alive();
      if (!m) return false;
      int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
      bool requested = m->stop_requested || m->destroy_requested;
      bool restart_asked = m->restart_after_stop && !m->destroy_requested;
      bool policy_restart = !requested && m->restarts < kMaxRestarts &&
                            (m->restart_policy == "always" || (m->restart_policy == "on-failure" && code != 0));
      const bool oom = memory->oom_killed() ||
                       (memory->procs_file().empty() && code != 0 && says_out_of_memory(logs_.last_output(id, 5)));
      m->pid = 0;
      const bool restarting = restart_asked || policy_restart;
      add_event(*m, "exit", "stopped", "flyd", exit_event_json(code, sig, oom, requested, restarting));
      if (oom) {
        runner_line(*m,
                    "Out of memory: the machine ran out of memory (guest.memory_mb " +
                        std::to_string(m->guest.memory_mb) + ") and its process " + std::to_string(pid) + " was killed",
                    "error");
      }
      runner_line(*m, "machine exited with exit code " + std::to_string(code) +
                          (restarting ? ", restarting" : ", not restarting"));
      spdlog::info("machine {} exited with code {}{}", id, code, oom ? " (out of memory)" : "");
      if (m->destroy_requested) {
        finish_destroy(lock, *m);
        return false;
      }
      if (restart_asked || policy_restart) {
        if (policy_restart) ++m->restarts;
        m->restart_after_stop = false;
        m->stop_requested = false;
        set_state(*m, "stopped");
        set_state(*m, "starting");
        if (policy_restart) sleep_ms(lock, 1000);
        return true;
      }
      set_state(*m, requested ? m->park_as : "stopped");
      m->park_as = "stopped";
      if (m->auto_destroy && !requested) {
        m->destroy_requested = true;
        set_state(*m, "destroying");
        finish_destroy(lock, *m);
      }
      return false;
    }
    if ((m->stop_requested || m->destroy_requested) && !term_sent) {
      if (!stop_seen) stop_seen = Steady::now();
      bool delay_over = m->destroy_requested || Steady::now() - *stop_seen >= milliseconds(behaviour_.stop_delay_ms);
      if (delay_over) {
        ::kill(-pid, m->destroy_requested ? SIGKILL : SIGTERM);
        term_sent = Steady::now();
      }
    }
    if (term_sent && Steady::now() - *term_sent > kKillTimeout) ::kill(-pid, SIGKILL);
    const bool checking = !term_sent && m->state == "started";
    if (checking) run_checks(lock, id, generation, next_due);
    auto wake = Steady::now() + (term_sent ? kExitPoll : kTick);
    if (checking) {
      for (auto due : next_due) wake = std::min(wake, due);
    }
    changed_.wait_until(lock, wake);
  }
}

}  // namespace flypin::emulators::fly
