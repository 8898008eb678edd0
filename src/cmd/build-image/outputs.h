#pragma once

#include "cmd/build-image/build_image.h"
#include "cmd/common/outputs.h"

namespace flypin::cmd::build_image {

/// image, tag, digest, image-pinned (a failed run has none).
OutputList outputs_of(const Plan& plan, const Result& result);

}  // namespace flypin::cmd::build_image
