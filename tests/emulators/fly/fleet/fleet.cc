#include "emulators/fly/fleet/fleet.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

#include "core/json.h"
#include "emulators/fly/fleet/fleet_rules.h"
#include "emulators/fly/model/clock_text.h"

namespace flypin::emulators::fly {
namespace {

namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

}  // namespace

Fleet::Fleet(FleetOptions options) : options_(std::move(options)), memory_(MemoryLimits::probe()) {
  if (!options_.state_log.empty()) state_log_.open(options_.state_log, std::ios::app);
}

Fleet::~Fleet() {
  {
    std::lock_guard lock(mu_);
    shutting_down_ = true;
  }
  reset();
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    threads.swap(threads_);
  }
  for (auto& t : threads)
    if (t.joinable()) t.join();
}

Machine* Fleet::find(const std::string& app, const std::string& id) {
  auto it = machines_.find(id);
  if (it == machines_.end() || it->second.app != app) return nullptr;
  Machine& m = it->second;
  if (m.state == "destroyed" &&
      Steady::now() - m.destroyed_at > std::chrono::milliseconds(behaviour_.destroyed_retention_ms))
    return nullptr;
  return &m;
}

void Fleet::set_state(Machine& m, const std::string& state) {
  if (m.state == state) return;
  m.state = state;
  if (state == "started") m.started_at = Steady::now();
  m.updated_at = rfc3339_now();
  spdlog::debug("machine {} is {}", m.id, state);
  if (state_log_.is_open()) {
    state_log_ << core::json::FlatObject()
                      .add("time", m.updated_at)
                      .add("app", m.app)
                      .add("id", m.id)
                      .add("state", state)
                      .str()
               << "\n";
    state_log_.flush();
  }
  changed_.notify_all();
}

void Fleet::add_event(Machine& m, const std::string& type, const std::string& status, const std::string& source,
                      const std::string& request_json) {
  m.events.push_back({new_ulid(), type, status, source, unix_ms_now(), request_json});
  changed_.notify_all();
}

core::Result<Machine> Fleet::create(const std::string& app, CreateRequest request) {
  std::unique_lock lock(mu_);
  Machine m = std::move(request.machine);
  if (!m.name.empty()) {
    for (const auto& [id, other] : machines_) {
      if (other.app == app && other.name == m.name && other.state != "destroyed")
        return http_error(409, "a machine with the name \"" + m.name + "\" already exists");
    }
  }
  do {
    m.id = new_machine_id();
  } while (machines_.count(m.id) != 0);
  m.app = app;
  if (m.name.empty()) m.name = "machine-" + m.id.substr(0, 6);
  if (m.region.empty()) m.region = "iad";
  if (!behaviour_.force_region.empty()) m.region = behaviour_.force_region;
  if (!behaviour_.force_cpu_kind.empty()) m.guest.cpu_kind = behaviour_.force_cpu_kind;
  if (behaviour_.force_cpus) m.guest.cpus = *behaviour_.force_cpus;
  if (behaviour_.force_memory_mb) m.guest.memory_mb = *behaviour_.force_memory_mb;
  m.config_json = effective_config(m.config_json, m.guest);
  auto ref = parse_image_ref(m.image);
  m.image_registry = ref.registry;
  m.image_repository = ref.repository;
  m.image_tag = ref.tag;
  m.image_digest = ref.digest;
  m.instance_id = new_ulid();
  m.private_ip = "fdaa:0:1:a7b:" + m.id.substr(0, 4) + "::2";
  m.created_at = m.updated_at = rfc3339_now();
  m.auto_destroy = request.auto_destroy;
  m.state = "created";
  fs::create_directories(options_.work_dir + "/machines");
  m.check_results = first_run_results(m.checks, options_.variants.checks_before_first_run, rfc3339_ms_now());
  auto [it, inserted] = machines_.emplace(m.id, std::move(m));
  Machine& stored = it->second;
  add_event(stored, "launch", "created", "user");
  Machine response = stored;  // Fly answers the create with state "created"
  if (!request.skip_launch) {
    set_state(stored, "starting");
    spawn_worker(stored);
  }
  return response;
}

std::optional<Machine> Fleet::get(const std::string& app, const std::string& id) {
  std::lock_guard lock(mu_);
  if (Machine* m = find(app, id)) return *m;
  return std::nullopt;
}

std::vector<Machine> Fleet::list(const std::string& app, IncludeDeleted include) {
  std::lock_guard lock(mu_);
  std::vector<Machine> out;
  for (const auto& [id, m] : machines_) {
    if (m.app != app) continue;
    if (m.state == "destroyed" && include == IncludeDeleted::kNo) continue;
    out.push_back(m);
  }
  return out;
}

std::vector<Machine> Fleet::all() {
  std::lock_guard lock(mu_);
  std::vector<Machine> out;
  for (const auto& [id, m] : machines_) out.push_back(m);
  return out;
}

WaitOutcome Fleet::wait(const std::string& app, const std::string& id, const std::vector<std::string>& states,
                        std::chrono::milliseconds timeout, const std::string& instance_id) {
  std::unique_lock lock(mu_);
  WaitOutcome out;
  auto wanted = [&](const std::string& s) { return std::find(states.begin(), states.end(), s) != states.end(); };
  const bool for_destroyed = wanted("destroyed");
  auto deadline = Steady::now() + timeout;
  while (true) {
    auto it = machines_.find(id);
    if (it == machines_.end() || it->second.app != app) {
      out.found = out.reached = for_destroyed && out.found;
      return out;
    }
    Machine& m = it->second;
    if (!out.found && find(app, id) == nullptr) return out;
    out.found = true;
    out.current_state = m.state;
    // instance_id is the machine version: start/restart keep it, an update makes a new one,
    // and a wait for a version the machine is not (yet) on does not match.
    const bool version_ok = instance_id.empty() || instance_id == m.instance_id;
    if (version_ok && wanted(m.state)) {
      out.reached = true;
      return out;
    }
    if (shutting_down_ || changed_.wait_until(lock, deadline) == std::cv_status::timeout) {
      auto again = machines_.find(id);
      if (again != machines_.end()) {
        out.current_state = again->second.state;
        out.reached = wanted(again->second.state) && (instance_id.empty() || instance_id == again->second.instance_id);
      }
      return out;
    }
  }
}

core::Status Fleet::stop(const std::string& app, const std::string& id) {
  std::lock_guard lock(mu_);
  Machine* m = find(app, id);
  if (!m || m->state == "destroyed") return http_error(404, "machine not found");
  if (m->state == "destroying") return http_error(412, "failed_precondition: machine is being destroyed");
  add_event(*m, "stop", "stopping", "user");
  if (m->worker_active) {
    m->stop_requested = true;
    if (m->state == "started") set_state(*m, "stopping");
  } else if (m->state == "created") {
    set_state(*m, "stopped");
  }
  changed_.notify_all();
  return core::ok_status();
}

core::Result<std::string> Fleet::start(const std::string& app, const std::string& id) {
  std::lock_guard lock(mu_);
  Machine* m = find(app, id);
  if (!m || m->state == "destroyed") return http_error(404, "machine not found");
  if (m->state == "destroying") return http_error(412, "failed_precondition: machine is being destroyed");
  const std::string previous = m->state;
  if (m->worker_active) {
    if (m->stop_requested) m->restart_after_stop = true;
    return previous;  // already started or starting
  }
  add_event(*m, "start", "starting", "user");
  m->restarts = 0;
  set_state(*m, "starting");
  spawn_worker(*m);
  return previous;
}

core::Status Fleet::restart(const std::string& app, const std::string& id) {
  std::lock_guard lock(mu_);
  Machine* m = find(app, id);
  if (!m || m->state == "destroyed") return http_error(404, "machine not found");
  if (m->state != "started")
    return http_error(412, "failed_precondition: machine is not started (state " + m->state + ")");
  add_event(*m, "restart", "stopping", "user");
  m->stop_requested = true;
  m->restart_after_stop = true;
  m->restarts = 0;
  set_state(*m, "stopping");
  return core::ok_status();
}

core::Status Fleet::destroy(const std::string& app, const std::string& id, Force force) {
  std::lock_guard lock(mu_);
  Machine* m = find(app, id);
  if (!m || m->state == "destroyed") return http_error(404, "machine not found");
  if (m->state == "destroying") return core::ok_status();
  if (is_active(m->state) && force == Force::kNo)
    return http_error(412, "failed_precondition: machine still active, refusing to delete");
  m->destroy_requested = true;
  set_state(*m, "destroying");
  if (!m->worker_active) {
    m->worker_active = true;
    ++m->generation;
    threads_.emplace_back([this, id = m->id, gen = m->generation] {
      std::unique_lock lock(mu_);
      auto it = machines_.find(id);
      if (it == machines_.end() || it->second.generation != gen) return;
      finish_destroy(lock, it->second);
    });
  }
  changed_.notify_all();
  return core::ok_status();
}

bool Fleet::set_host_status(const std::string& id, const std::string& host_status) {
  std::lock_guard lock(mu_);
  auto it = machines_.find(id);
  if (it == machines_.end()) return false;
  it->second.host_status = host_status;
  changed_.notify_all();
  return true;
}

std::optional<Fleet::Target> Fleet::proxy_target(const std::string& app, const std::string& id) {
  std::lock_guard lock(mu_);
  auto port_of = [](const Machine& m) {
    if (m.service_port > 0) return m.service_port;
    if (!m.checks.empty()) return m.checks.front().port;
    return 8080;
  };
  if (!id.empty()) {
    Machine* m = find(app, id);
    if (!m) return std::nullopt;
    return Target{m->id, m->pid, port_of(*m), m->state};
  }
  // Fly Proxy balances an app's public traffic over its started machines that
  // define services; a machine without services gets none (FIDELITY P1, P3).
  std::vector<const Machine*> pool;
  for (const auto& [mid, m] : machines_)
    if (m.app == app && m.state == "started" && m.pid > 0 && m.service_port > 0) pool.push_back(&m);
  if (pool.empty()) return std::nullopt;
  const Machine* m = pool[round_robin_[app]++ % pool.size()];
  return Target{m->id, m->pid, port_of(*m), m->state};
}

Behaviour Fleet::behaviour() {
  std::lock_guard lock(mu_);
  return behaviour_;
}

void Fleet::set_behaviour(const Behaviour& b) {
  std::lock_guard lock(mu_);
  behaviour_ = b;
}

std::string Fleet::log_of(const std::string& id) { return logs_.output_of(id); }

void Fleet::runner_line(const Machine& m, const std::string& message, const std::string& level) {
  logs_.append(m.app, {m.id, m.region, "runner", level, message});
}

void Fleet::reset() {
  std::vector<std::string> dirs;
  {
    std::lock_guard lock(mu_);
    for (auto& [id, m] : machines_) {
      ++m.generation;
      if (m.pid > 0) ::kill(-m.pid, SIGKILL);
      dirs.push_back(options_.work_dir + "/machines/" + id);
    }
    machines_.clear();
    behaviour_ = Behaviour{};
    logs_.clear();
    changed_.notify_all();
  }
  std::error_code ec;
  for (const auto& d : dirs) fs::remove_all(d, ec);
}

}  // namespace flypin::emulators::fly
