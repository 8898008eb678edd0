#pragma once

#include "cmd/common/outputs.h"
#include "cmd/pin-image/pin_image.h"

namespace flypin::cmd::pin_image {

/// A pin: image, digest, secret-name, changed, verified, secret-digest,
/// build-time, deployment-id; a failed run's too (changed=true with
/// verified=false: written, not confirmed). --status: secret-name,
/// secret-digest, live-image, live-digest, live-build-time, pinned-at,
/// live-commit, live-run-url, previous-images (one "IMAGE exists|gone" a line).
OutputList outputs_of(const Plan& plan, const Result& result);

}  // namespace flypin::cmd::pin_image
