#pragma once
// pin-image --status: which image the secret names now, when and by whom it
// was pinned, and the earlier pins with whether each still exists.

#include "cmd/pin-image/context.h"

namespace flypin::cmd::pin_image {

/// At most this many earlier pins are listed (each costs a registry request).
inline constexpr int kMaxPreviousPins = 10;

/// Fills out.live and out.previous; writes nothing.
core::Status report_status(const Plan& plan, Context& context, Outcome& out);

}  // namespace flypin::cmd::pin_image
