#pragma once
// One emulated machine: what was asked for (config, kept as JSON text so it is
// echoed exactly), where it is in its lifecycle, its events and check results.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace flypin::emulators::fly {

struct CheckSpec {
  std::string name;
  int port = 8080;
  std::string path = "/";
  std::string method = "GET";
  std::chrono::milliseconds interval{15000};
  std::chrono::milliseconds timeout{10000};
  std::chrono::milliseconds grace_period{0};
};

struct CheckResult {
  std::string name;
  std::string status = "warning";  // passing | warning | critical
  std::string output = "waiting for the machine to start";
  std::string updated_at;  // when the status last changed (not when the check last ran)
  bool reported = true;    // false: not listed yet (a check that has not run, where Fly lists none)
};

struct Event {
  std::string id;
  std::string type;    // launch | start | exit | stop | restart | destroy
  std::string status;  // created | started | stopped | destroyed | failed ...
  std::string source;  // user | flyd
  long long timestamp_ms = 0;
  std::string request_json;  // raw JSON object or ""
};

/// A machine lease (schema Lease): who may change the machine until expires_at.
struct Lease {
  std::string nonce;
  std::string owner;
  std::string description;
  long long expires_at = 0;  // unix seconds
};

struct Guest {
  std::string cpu_kind = "shared";
  int cpus = 1;
  int memory_mb = 256;
};

struct Machine {
  std::string id;
  std::string app;
  std::string name;
  std::string region;
  std::string state = "created";
  std::string host_status = "ok";  // ok | unknown | unreachable: not ok, the API has no full config
  std::string instance_id;         // the machine version: a new one on every update
  std::string private_ip;
  std::string created_at;
  std::string updated_at;
  std::string config_json;  // config as echoed (with guest possibly forced)
  std::string image;
  Guest guest;
  std::map<std::string, std::string> env;
  std::map<std::string, std::string> metadata;
  std::string restart_policy = "always";
  std::vector<CheckSpec> checks;
  int service_port = 0;  // services[0].internal_port, 0 when none

  // image_ref
  std::string image_registry, image_repository, image_tag, image_digest;

  std::vector<Event> events;  // oldest first; serialised most recent first
  std::vector<CheckResult> check_results;
  std::optional<Lease> lease;

  // Runtime (guarded by the store mutex).
  pid_t pid = 0;
  std::string rootfs;
  bool stop_requested = false;
  bool destroy_requested = false;
  bool restart_after_stop = false;
  bool worker_active = false;
  bool auto_destroy = false;
  bool repull = false;  // updated: the next run pulls the (new) image into a fresh rootfs
  int restarts = 0;
  std::vector<std::string> launch_argv;  // entrypoint + cmd from the image
  std::vector<std::string> image_env;
  std::string working_dir;
  unsigned generation = 0;  // bumped per run so an old worker knows it is stale
  std::chrono::steady_clock::time_point destroyed_at{};
  std::chrono::steady_clock::time_point started_at{};  // when it last became started
  /// Where a machine stopped by an update with skip_launch comes to rest (created or stopped).
  std::string park_as = "stopped";
};

}  // namespace flypin::emulators::fly
