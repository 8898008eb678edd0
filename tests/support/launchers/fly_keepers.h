#pragma once
// The keepers of pin-image --keep as the Fly emulator holds them, read one way
// for every suite: a keeper (metadata flypin_keeper=true) must never have run
// (state created or stopped, or destroying once released; no start event),
// restart "no", the smallest size (shared, 1 CPU, 256 MB). What breaks that
// rule comes back as data, one line a finding, for the test to assert empty.

#include <set>
#include <string>
#include <vector>

#include "support/launchers/fly_emulator.h"

namespace flypin::e2e {

struct KeeperCensus {
  std::multiset<std::string> kept;     // the image of each keeper
  std::vector<std::string> releasing;  // the id of each keeper being destroyed: no keeper any more, as pin-image counts
  std::multiset<std::string> others;   // the image of each machine of the app that is no keeper
  std::vector<std::string> problems;   // a keeper that ran or is not made as a keeper is; an unreadable answer
};

/// Every machine of `app`, listed and each keeper's events read through the emulator's Machines API.
KeeperCensus keeper_census(FlyEmulator& fly, const std::string& app);

}  // namespace flypin::e2e
