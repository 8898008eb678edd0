#pragma once

#include "cmd/common/outputs.h"
#include "cmd/pin-image/pin_image.h"

namespace flypin::cmd::pin_image {

/// image, digest, secret-name, changed, verified, secret-digest; a failed
/// run's too (changed=true with verified=false: written, not confirmed).
OutputList outputs_of(const Outcome& outcome);

}  // namespace flypin::cmd::pin_image
