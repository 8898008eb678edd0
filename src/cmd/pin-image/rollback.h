#pragma once
// pin-image --rollback: the pin made before the live one. That is the newest
// earlier deployment of the environment that reached `success` (GitHub has
// since marked it inactive) and whose image still exists in its registry,
// whatever its build time; --to IMAGE names one instead. The target is then
// pinned like any image (proven in its registry, recorded as a new deployment).

#include "cmd/pin-image/context.h"

namespace flypin::cmd::pin_image {

/// Earlier deployments looked at before giving up (each costs a GitHub and a registry request).
inline constexpr int kMaxRollbackCandidates = 20;

core::Result<registry::Reference> rollback_target(const Plan& plan, Context& context);

}  // namespace flypin::cmd::pin_image
