#pragma once
// One machine moved to the pin, consistently, whatever Fly answers
// (tests/emulators/fly/FIDELITY.md; docs/fly-fidelity.md): a lease held for
// the change (kept alive, always released); the machine read before the
// change and skipped unless the API knows all of it (host ok), it is still
// selected, and not a smoke machine; the whole config sent back with only
// the image changed; an answer that does not say whether it was applied (no
// answer, 408, 5xx, 412) and every 2xx checked by reading the machine back;
// parked machines (stopped, suspended, created) stay parked; a running one
// must come up healthy on the pin, else it is restored: its previous config,
// started again if the update left it stopped, and healthy.

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cmd/roll-machines/drift.h"
#include "core/clock.h"
#include "fly/client.h"

namespace flypin::cmd::roll_machines {

enum class RollResult {
  kUpdated,       // now on the pin (read back), and healthy when it runs
  kAlreadyOnPin,  // nothing to do (a resumed run)
  kLeased,        // another holds its lease: skipped, listed
  kChanged,       // it changed meanwhile (started, a newer version, no longer selected): skipped, listed
  kGone,          // destroyed since it was listed: skipped, listed
  kUnknown,       // its host is not ok: the API has no config for it; never updated blind
  kFailed,        // the API refused or the machine is unhealthy on the pin (restored when it ran)
  kInterrupted,   // a signal arrived in the middle: what is known of it is in the detail
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
  /// --select: checked again on the machine read before its update (a list may not have honoured it).
  std::map<std::string, std::string> select;
};

class MachineRoll {
 public:
  MachineRoll(fly::Client& fly, core::Clock& clock, RollTarget target, const std::atomic<bool>& stopping);

  /// A parked machine (stopped, suspended, created) gets the pin and stays as it was.
  MachineOutcome park(const DriftedMachine& machine);
  /// A running machine is booted on the pin and must come up healthy; else it is restored.
  MachineOutcome replace(const DriftedMachine& machine);

 private:
  enum class Kind { kParked, kRunning };
  struct Update;
  MachineOutcome roll(const DriftedMachine& machine, Kind kind);
  /// Sends `config_json` and finds out, by reading the machine back, whether it was applied.
  Update apply(const std::string& id, const std::string& config_json, const std::string& image,
               const fly::Machine& before, fly::SkipLaunch skip_launch, const std::string& nonce);
  void restore(const fly::Machine& before, class LeaseHold& lease, MachineOutcome& out);
  /// Why `machine` must not be touched ("" when it may be).
  std::string not_ours(const fly::Machine& machine) const;
  /// A call cut short by a signal: wait until the pool lets calls go out again (false: a second signal).
  bool resume_after_signal() const;

  fly::Client& fly_;
  core::Clock& clock_;
  RollTarget target_;
  const std::atomic<bool>& stopping_;
};

}  // namespace flypin::cmd::roll_machines
