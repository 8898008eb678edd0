#pragma once
// The drift report: which selected machines are not on the pinned digest,
// counted per digest and state. Pure: it reads machine lists, decides nothing else.

#include <set>
#include <string>
#include <vector>

#include "fly/machine.h"

namespace flypin::cmd::roll_machines {

struct DigestStateCount {
  std::string digest;  // "" when the machine reports none
  std::string state;
  long long count = 0;
};

struct DriftedMachine {
  std::string id;
  std::string region;
  std::string state;
  std::string digest;
  std::string instance_id;
};

struct DriftReport {
  std::string pin_digest;
  long long selected = 0;
  long long smoke_skipped = 0;
  long long keepers_skipped = 0;  // flypin_keeper=true (pin-image --keep)
  long long on_pin = 0;
  std::vector<DigestStateCount> counts;  // by digest, then state
  std::vector<DriftedMachine> drifted;   // by id
  /// On a host that is not ok, or with no image the API will say: neither on the pin nor
  /// drifted as far as anyone knows, and never updated blind (FIDELITY H2).
  std::vector<DriftedMachine> unknown;  // by id
};

/// True when the machine runs (or will boot) the pinned digest.
bool on_pin(const fly::Machine& machine, const std::string& pin_digest);

/// `listed`: the app's machines matching the selection; `smoke_ids`: the app's smoke machines;
/// `keeper_ids`: pin-image's keepers (flypin_keeper=true), never selected either.
DriftReport drift_report(const std::vector<fly::Machine>& listed, const std::set<std::string>& smoke_ids,
                         const std::string& pin_digest, const std::set<std::string>& keeper_ids = {});

/// Stopped, suspended and created (never started, or updated with skip_launch: FIDELITY U3):
/// what --update stopped may touch, and what stays parked.
bool is_parked(const std::string& state);
/// The digest the machine runs or will boot: its image_ref's, else its config image's ("" unknown).
std::string digest_of(const fly::Machine& machine);

}  // namespace flypin::cmd::roll_machines
