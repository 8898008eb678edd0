#pragma once

#include <string>

#include "cmd/pin-image/options.h"
#include "cmd/pin-image/pin_image.h"

namespace flypin::cmd::pin {

std::string summary_markdown(const Options& options, const Outcome& outcome);

}  // namespace flypin::cmd::pin
