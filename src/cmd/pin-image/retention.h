#pragma once
// Which images a pin keeps (--keep N): the live one and the N newest earlier
// pins that could be rolled back to — the deployment history's pins that
// reached success, of the live image's repository (or --image-repository).
// Without a readable history the keepers themselves are the record: the
// images they reference, newest build first.

#include <optional>
#include <string>
#include <vector>

#include "cmd/pin-image/context.h"
#include "cmd/pin-image/keepers.h"

namespace flypin::cmd::pin_image {

/// Where the earlier pins of a window came from.
enum class EarlierFrom { kHistory, kKeepers };

struct Window {
  std::vector<std::string> images;  // the live image first, then the earlier pins, newest first
  EarlierFrom from = EarlierFrom::kHistory;
};

/// The live image and up to `keep` earlier pins.
Window window_of(const std::string& live, int keep, Context& context,
                 const std::optional<registry::Reference>& image_repository, const std::vector<Keeper>& keepers);

/// The earlier pins the keepers reference, newest build first (the record when there is no history).
std::vector<std::string> kept_earlier(const std::string& live, const std::vector<Keeper>& keepers,
                                      const std::vector<registry::Reference>& own);

/// The Machines API client of keeper calls, retrying (429, 5xx) until `deadline`.
fly::Client keeper_client(const Plan& plan, Context& context, core::Clock::TimePoint deadline);

/// pin-image's upkeep after the secret names `live`: lists the keepers, makes
/// and releases them (keepers.h). Never fails: what it cannot do is a warning.
KeeperReport keep_pinned(const Plan& plan, Context& context, const std::string& live);

}  // namespace flypin::cmd::pin_image
