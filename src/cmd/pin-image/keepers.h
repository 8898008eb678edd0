#pragma once
// Keeper machines (pin-image --keep): Fly's registry may prune an image no
// machine references, and flypin's users pin images `fly deploy` never sees.
// A keeper is a machine that references one image and never runs: created
// with skip_launch, the smallest size, restart "no", metadata
// flypin_keeper=true (fly/markers.h), so roll-machines never selects it and
// smoke-machine never reaps it. A stopped machine costs its rootfs storage only.
// Upkeep never fails a pin: what it cannot do is a warning.

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "fly/client.h"

namespace flypin::cmd::pin_image {

/// One keeper as the Machines API lists it.
struct Keeper {
  std::string id;
  std::string image;  // config.image: the reference it keeps
  std::string state;
  std::string created_at;
};

/// The app's keepers that are not destroyed.
core::Result<std::vector<Keeper>> list_keepers(fly::Client& fly, const std::string& app);

/// The machine name of `image`'s keeper: one name per image, so that a second
/// keeper of the same image is refused by the API (409) instead of doubled.
std::string keeper_name(const std::string& image);

/// The create request of `image`'s keeper.
fly::CreateMachineRequest keeper_request(const std::string& image, long long now_unix);

/// What upkeep did to one image of the window.
struct KeptImage {
  std::string image;
  std::string keeper;  // machine id, "" when it has none
  std::string note;    // "kept" (already), "made", or why it has none
};

struct KeeperReport {
  std::vector<KeptImage> kept;        // the window, in order
  std::vector<std::string> released;  // images whose keepers were destroyed
  std::vector<std::string> warnings;  // one line each, also logged
};

/// Makes a keeper for each image of `window` that has none, then destroys the
/// keepers of every other image of the app; gives up at `deadline`.
KeeperReport keep_window(fly::Client& fly, core::Clock& clock, const std::string& app,
                         const std::vector<std::string>& window, const std::vector<Keeper>& existing,
                         core::Clock::TimePoint deadline);

}  // namespace flypin::cmd::pin_image
