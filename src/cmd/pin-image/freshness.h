#pragma once
// The freshness guard: an image built before the live one is not pinned
// unless asked (--allow-older), so a re-run of an old workflow or the loser of
// a race cannot put an older image back. When the live image (or either build
// time) is unknown the guard cannot judge: a warning, or a failure with
// --require-known-live.

#include <cstdint>
#include <optional>
#include <string>

#include "cmd/pin-image/live_image.h"
#include "cmd/pin-image/plan.h"
#include "core/result.h"

namespace flypin::cmd::pin_image {

struct FreshnessInput {
  std::string image;  // what this run would write
  std::optional<std::int64_t> build_ms;
  bool secret_set = false;        // the secret names some image now
  std::optional<Candidate> live;  // which one, when identified
};

/// ok to write, or why not (kCheck, one line). Warnings are logged here.
core::Status check_freshness(const FreshnessInput& input, Freshness freshness, UnknownLive unknown_live);

/// "2026-01-02T03:04:05.123Z", or "unknown".
std::string build_time_text(const std::optional<std::int64_t>& build_ms);

}  // namespace flypin::cmd::pin_image
