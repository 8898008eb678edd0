// Machine updates (POST /machines/{id}) and seeded records for large fleets.
#include <spdlog/spdlog.h>

#include "core/json.h"
#include "emulators/fly/fleet/fleet.h"
#include "emulators/fly/fleet/fleet_rules.h"
#include "emulators/fly/model/clock_text.h"

namespace flypin::emulators::fly {

core::Result<Machine> Fleet::update(const std::string& app, const std::string& id, CreateRequest request,
                                    const std::string& nonce) {
  std::lock_guard lock(mu_);
  const FlyVariants& variants = options_.variants;
  Machine* m = find(app, id);
  if (!m || m->state == "destroyed") return http_error(404, "machine not found");
  if (m->state == "destroying") return http_error(412, "failed_precondition: machine is being destroyed");
  if (m->host_status != "ok")
    return http_error(503, "unavailable: the host of machine " + id + " is " + m->host_status + ", try again later");
  if (auto st = check_lease(*m, nonce); !st.ok()) return st.error();
  if (!request.current_version.empty() && request.current_version != m->instance_id) {
    const std::string why =
        "current_version " + request.current_version + " is not the machine's version " + m->instance_id;
    if (variants.stale_current_version == StaleCurrentVersion::k412)
      return http_error(412, "failed_precondition: " + why);
    if (variants.stale_current_version == StaleCurrentVersion::k400) return http_error(400, "invalid_argument: " + why);
  }
  Machine& next = request.machine;
  if (!behaviour_.force_cpu_kind.empty()) next.guest.cpu_kind = behaviour_.force_cpu_kind;
  if (behaviour_.force_cpus) next.guest.cpus = *behaviour_.force_cpus;
  if (behaviour_.force_memory_mb) next.guest.memory_mb = *behaviour_.force_memory_mb;
  m->config_json = effective_config(next.config_json, next.guest);
  m->image = next.image;
  m->guest = next.guest;
  m->env = next.env;
  m->metadata = next.metadata;
  m->restart_policy = next.restart_policy;
  m->check_results = results_after_restart(next.checks, m->check_results, variants, rfc3339_ms_now());
  m->checks = next.checks;
  m->service_port = next.service_port;
  auto ref = parse_image_ref(m->image);
  m->image_registry = ref.registry;
  m->image_repository = ref.repository;
  m->image_tag = ref.tag;
  m->image_digest = ref.digest;
  m->instance_id = new_ulid();
  m->updated_at = rfc3339_now();
  m->auto_destroy = request.auto_destroy;
  m->repull = true;
  add_event(*m, "update", "updated", "user");
  const std::string parked = variants.after_skip_launch == AfterSkipLaunch::kCreated ? "created" : "stopped";
  if (m->worker_active) {
    // The running process is of the old config: stop it, and boot the new one unless told not to.
    m->stop_requested = true;
    m->restart_after_stop = !request.skip_launch;
    m->park_as = request.skip_launch ? parked : "stopped";
    m->restarts = 0;
    if (m->state == "started") set_state(*m, request.skip_launch ? "stopping" : "replacing");
  } else if (request.skip_launch) {
    set_state(*m, parked);
  } else {
    // "machine was in a non-started state prior to the update so leaving the new version stopped" (flyd)
    bool boot = false;
    if (m->state == "created") {
      boot = variants.update_of_created == UpdateOfCreated::kStarts;
      if (variants.update_of_created == UpdateOfCreated::kStopped) set_state(*m, "stopped");
    } else {
      boot = variants.update_of_stopped == UpdateOfStopped::kStarts;
      if (!boot && m->state != "stopped") set_state(*m, "stopped");  // suspended, failed: the new version is stopped
    }
    if (boot) {
      m->restarts = 0;
      set_state(*m, "starting");
      spawn_worker(*m);
    }
  }
  changed_.notify_all();
  return *m;
}

std::vector<std::string> Fleet::seed(const SeedSpec& spec) {
  std::lock_guard lock(mu_);
  std::vector<std::string> ids;
  ids.reserve(static_cast<size_t>(spec.count));
  std::string metadata = "{";
  for (const auto& [k, v] : spec.metadata)
    metadata += (metadata.size() > 1 ? "," : "") + core::json::quote(k) + ":" + core::json::quote(v);
  metadata += "}";
  const std::string image = spec.digest.empty() ? spec.image : spec.image + "@" + spec.digest;
  const std::string config =
      "{\"image\":" + core::json::quote(image) +
      ",\"guest\":{\"cpu_kind\":\"shared\",\"cpus\":1,\"memory_mb\":256},\"metadata\":" + metadata +
      ",\"restart\":{\"policy\":\"no\"}}";
  const auto ref = parse_image_ref(image);
  const std::string now = rfc3339_now();
  for (int i = 0; i < spec.count; ++i) {
    Machine m;
    do {
      m.id = new_machine_id();
    } while (machines_.count(m.id) != 0);
    m.app = spec.app;
    m.name = "seeded-" + m.id.substr(0, 8);
    m.region = spec.region;
    m.state = spec.state;
    m.instance_id = new_ulid();
    m.private_ip = "fdaa:0:1:a7b:" + m.id.substr(0, 4) + "::2";
    m.created_at = m.updated_at = now;
    m.config_json = config;
    m.image = image;
    m.metadata = spec.metadata;
    m.restart_policy = "no";
    m.image_registry = ref.registry;
    m.image_repository = ref.repository;
    m.image_tag = ref.tag;
    m.image_digest = spec.digest.empty() ? ref.digest : spec.digest;
    ids.push_back(m.id);
    machines_.emplace(m.id, std::move(m));
  }
  changed_.notify_all();
  return ids;
}

}  // namespace flypin::emulators::fly
