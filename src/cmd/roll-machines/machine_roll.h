#pragma once
// One machine moved to the pin, consistently: a lease held for the change
// (and always released), the whole config sent back with only the image
// changed, current_version so a concurrent change is never overwritten.
// Parked machines stay parked (skip_launch); a running one is booted on the
// pin, waited to started with its checks passing, and restored to its
// previous config when it is not.

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cmd/roll-machines/drift.h"
#include "core/clock.h"
#include "fly/client.h"

namespace flypin::cmd::roll_machines {

enum class RollResult {
  kUpdated,       // now on the pin
  kAlreadyOnPin,  // nothing to do (a resumed run)
  kLeased,        // another holds its lease: skipped, listed
  kChanged,       // it changed meanwhile (started, or a newer version): skipped, listed
  kFailed,        // the API refused or the machine is unhealthy on the pin (restored when it ran)
  kInterrupted,   // a signal arrived in the middle: lease released, state as the API has it
};

struct MachineOutcome {
  std::string id;
  RollResult result = RollResult::kFailed;
  std::string detail;  // one line: why it was skipped or failed, with the API's status, method and URL
  bool restored = false;
  /// The API's error behind a failure, when there was one: the run's error keeps its status, method and URL.
  std::optional<core::Error> error;
};

struct RollTarget {
  std::string app;
  std::string pinned_image;  // repository@digest
  std::string pin_digest;
  std::chrono::seconds wait_timeout{120};
};

class MachineRoll {
 public:
  MachineRoll(fly::Client& fly, core::Clock& clock, RollTarget target, const std::atomic<bool>& stopping);

  /// A stopped or suspended machine gets the pin and stays as it was.
  MachineOutcome park(const DriftedMachine& machine);
  /// A running machine is booted on the pin and must come up healthy; else its previous config is restored.
  MachineOutcome replace(const DriftedMachine& machine);

 private:
  enum class Kind { kParked, kRunning };
  MachineOutcome roll(const DriftedMachine& machine, Kind kind);
  /// Waits for the new version to be started with every check passing; "" when healthy, else why not.
  std::string healthy(const std::string& id, const std::string& version);
  void restore(const std::string& id, const std::string& config_json, const std::string& version,
               const std::string& nonce, MachineOutcome& out);
  /// After a signal aborted a call: wait until requests may go out again.
  void await_cleanup() const;

  fly::Client& fly_;
  core::Clock& clock_;
  RollTarget target_;
  const std::atomic<bool>& stopping_;
};

}  // namespace flypin::cmd::roll_machines
