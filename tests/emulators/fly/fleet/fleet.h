#pragma once
// The emulated fleet: every machine of every app, its lifecycle, and the one
// worker thread per running machine that owns its process (launch, exit,
// checks, stop, destroy), and the machines' logs. All state is behind one mutex; a condition variable
// wakes waiters (the wait endpoint, workers) on every change.

#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "emulators/fly/fleet/behaviour.h"
#include "emulators/fly/fleet/log_store.h"
#include "emulators/fly/fleet/variants.h"
#include "emulators/fly/model/create_request.h"
#include "emulators/fly/model/machine.h"
#include "emulators/fly/runtime/image_fetch.h"
#include "emulators/fly/runtime/machine_process.h"
#include "emulators/fly/runtime/memory_limit.h"

namespace flypin::emulators::fly {

struct FleetOptions {
  std::string work_dir;
  RegistryAuth auth;
  Sandbox sandbox;
  std::string state_log;  // JSON lines of state changes, "" for none
  FlyVariants variants;   // chosen at start
};

struct WaitOutcome {
  bool found = false;
  bool reached = false;
  std::string current_state;
};

enum class IncludeDeleted { kNo, kYes };
enum class Force { kNo, kYes };

class Fleet {
 public:
  explicit Fleet(FleetOptions options);
  ~Fleet();
  Fleet(const Fleet&) = delete;
  Fleet& operator=(const Fleet&) = delete;

  /// Errors carry http_status (409 on a name clash).
  core::Result<Machine> create(const std::string& app, CreateRequest request);
  std::optional<Machine> get(const std::string& app, const std::string& id);
  std::vector<Machine> list(const std::string& app, IncludeDeleted include);
  std::vector<Machine> all();
  /// Blocks until the machine is in one of `states` (or the timeout passes).
  WaitOutcome wait(const std::string& app, const std::string& id, const std::vector<std::string>& states,
                   std::chrono::milliseconds timeout, const std::string& instance_id);
  core::Status stop(const std::string& app, const std::string& id);
  /// The state the machine was in (Fly answers a start with it as previous_state).
  core::Result<std::string> start(const std::string& app, const std::string& id);
  core::Status restart(const std::string& app, const std::string& id);
  core::Status destroy(const std::string& app, const std::string& id, Force force);

  /// POST /machines/{id}: the whole config replaced, a new version. A started
  /// machine is stopped and booted on the new config; with skip_launch it
  /// comes to rest created or stopped (after-skip-launch); a machine that was
  /// not started follows update-of-stopped / update-of-created. 409 when
  /// leased by another nonce; a stale current_version per its variant; 503
  /// when the machine's host is not ok.
  core::Result<Machine> update(const std::string& app, const std::string& id, CreateRequest request,
                               const std::string& nonce);
  /// Creates a lease (or, with the nonce of the lease held, extends it); 409 when another holds it
  /// (the error's codes hold "invalid": the lease endpoints' envelope).
  core::Result<Lease> acquire_lease(const std::string& app, const std::string& id, int ttl_seconds,
                                    const std::string& description, const std::string& owner, const std::string& nonce);
  std::optional<Lease> lease_of(const std::string& app, const std::string& id);
  core::Status release_lease(const std::string& app, const std::string& id, const std::string& nonce);
  /// OK when the machine is not leased, or leased with this nonce; else 409.
  core::Status lease_allows(const std::string& app, const std::string& id, const std::string& nonce);

  struct SeedSpec {
    std::string app;
    int count = 0;
    std::string image;
    std::string digest;
    std::string region = "iad";
    std::map<std::string, std::string> metadata;
    std::string state = "stopped";  // stopped | created
  };
  /// Stopped machine records (no process, no rootfs) for tests of large fleets; their ids.
  std::vector<std::string> seed(const SeedSpec& spec);

  /// The machine the proxy sends a request to: `id` (fly-force-instance-id), else the next of the
  /// app's started machines with services, in turn; its pid (0 when none) and port.
  struct Target {
    std::string id;
    pid_t pid = 0;
    int port = 8080;
    std::string state;
  };
  std::optional<Target> proxy_target(const std::string& app, const std::string& id);

  /// A machine whose host went away (unknown, unreachable) or came back (ok); false when there is none.
  bool set_host_status(const std::string& id, const std::string& host_status);

  Behaviour behaviour();
  void set_behaviour(const Behaviour& b);
  const FlyVariants& variants() const { return options_.variants; }
  const Sandbox& sandbox() const { return options_.sandbox; }
  const MemoryLimits& memory_limits() const { return *memory_; }
  /// Every app's log lines (the logs API reads them here).
  LogStore& logs() { return logs_; }
  /// One machine's own output, one line each.
  std::string log_of(const std::string& id);

  /// Kills every process, removes every rootfs, forgets every machine.
  void reset();

 private:
  Machine* find(const std::string& app, const std::string& id);  // visible (retention honoured)
  void set_state(Machine& m, const std::string& state);
  void add_event(Machine& m, const std::string& type, const std::string& status, const std::string& source,
                 const std::string& request_json = "");
  void spawn_worker(Machine& m);
  void worker(std::string id, unsigned generation);
  bool run_once(std::unique_lock<std::mutex>& lock, const std::string& id, unsigned generation);
  void run_checks(std::unique_lock<std::mutex>& lock, const std::string& id, unsigned generation,
                  std::vector<std::chrono::steady_clock::time_point>& next_due);
  /// 409 unless the machine is free or leased with `nonce` (lock held).
  core::Status check_lease(Machine& m, const std::string& nonce);
  void finish_destroy(std::unique_lock<std::mutex>& lock, Machine& m);
  /// A "runner" line in the machine's logs: its lifecycle as Fly's logs tell it.
  void runner_line(const Machine& m, const std::string& message, const std::string& level = "info");
  void sleep_ms(std::unique_lock<std::mutex>& lock, int ms);

  FleetOptions options_;
  std::unique_ptr<MemoryLimits> memory_;
  LogStore logs_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::map<std::string, Machine> machines_;
  std::vector<std::thread> threads_;
  std::map<std::string, std::size_t> round_robin_;  // per app: the proxy's next machine
  Behaviour behaviour_;
  std::ofstream state_log_;
  bool shutting_down_ = false;
};

}  // namespace flypin::emulators::fly
