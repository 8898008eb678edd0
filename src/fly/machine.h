#pragma once
// Typed views of the Fly Machines API objects smoke-machine reads back
// (schemas Machine, fly.MachineConfig, fly.MachineGuest, CheckStatus,
// MachineEvent, ImageRef in the Machines OpenAPI spec).

#include <rapidjson/document.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace flypin::fly {

struct Guest {
  std::string cpu_kind;  // "shared" or "performance"
  int cpus = 0;
  int memory_mb = 0;
};

struct ImageRef {
  std::string registry;
  std::string repository;
  std::string tag;
  std::string digest;
};

struct CheckStatus {
  std::string name;
  std::string status;  // passing | warning | critical
  std::string output;
  std::string updated_at;
};

/// The parts of an exit event's request.exit_event that explain a crash.
struct ExitInfo {
  int exit_code = 0;
  bool oom_killed = false;
  bool requested_stop = false;
};

struct Event {
  std::string id;
  std::string type;    // launch, start, exit, stop, restart, destroy, ...
  std::string status;  // created, started, stopped, failed, ...
  std::string source;
  long long timestamp_ms = 0;
  std::optional<ExitInfo> exit;
  std::string error;  // request.error, e.g. a pull failure

  /// "exit: stopped (exit code 127)" and the like, one line.
  std::string describe() const;
};

/// A check the config names (config.checks.<name>), and how often it runs.
struct ConfiguredCheck {
  std::string name;
  std::chrono::milliseconds interval{15'000};
  std::chrono::milliseconds timeout{10'000};
  std::chrono::milliseconds grace_period{0};
};

struct MachineConfig {
  std::string image;
  Guest guest;
  std::map<std::string, std::string> env;
  std::map<std::string, std::string> metadata;
  std::vector<ConfiguredCheck> checks;  // top-level checks, by name
  int service_checks = 0;               // checks under config.services[] (reported as servicecheck-...)
};

struct Machine {
  std::string id;
  std::string name;
  std::string state;
  std::string region;
  std::string instance_id;
  /// ok, unknown, unreachable; "" when the answer did not say (a summary list). Not ok: the API
  /// has no config for the machine, only incomplete_config (FIDELITY H2).
  std::string host_status;
  std::string created_at;
  std::string updated_at;
  ImageRef image_ref;
  MachineConfig config;
  /// The whole config object as the API sent it ("" in a summary list): an
  /// update sends it back with only what it means to change.
  std::string config_json;
  std::vector<CheckStatus> checks;
  std::vector<Event> events;  // most recent first, as the API returns them
};

core::Result<Machine> parse_machine(const rapidjson::Value& value);
core::Result<Machine> parse_machine_json(std::string_view text);
core::Result<std::vector<Machine>> parse_machine_list_json(std::string_view text);
Event parse_event(const rapidjson::Value& value);
core::Result<std::vector<Event>> parse_events_json(std::string_view text);

/// `config_json` with its image set to `image`, everything else as it was.
core::Result<std::string> config_with_image(const std::string& config_json, const std::string& image);

/// States from which a machine will not reach "started" on its own.
bool is_terminal_state(const std::string& state);
/// What the API knows all of: the host is ok (or the answer did not say) and the config is there.
bool fully_known(const Machine& machine);

/// The most recent exit event, if any.
std::optional<Event> last_exit_event(const std::vector<Event>& events);
/// The first event carrying an error (e.g. a failed launch), if any.
std::optional<Event> first_failed_event(const std::vector<Event>& events);

}  // namespace flypin::fly
