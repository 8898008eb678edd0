#pragma once

#include <string>

#include "cmd/pin-image/pin_image.h"

namespace flypin::cmd::pin_image {

/// The step summary of a run, failed or not: a failure says whether the
/// secret was changed.
std::string summary_markdown(const Plan& plan, const Result& result);

}  // namespace flypin::cmd::pin_image
