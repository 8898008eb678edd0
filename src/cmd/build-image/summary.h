#pragma once

#include <string>

#include "cmd/build-image/build_image.h"

namespace flypin::cmd::build_image {

/// A confirmed image; nothing for a failed run (its error is the last line of the log).
std::string summary_markdown(const Plan& plan, const Result& result);

}  // namespace flypin::cmd::build_image
