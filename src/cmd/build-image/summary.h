#pragma once

#include <string>

#include "cmd/build-image/build_image.h"

namespace flypin::cmd::build_image {

std::string summary_markdown(const Outcome& outcome);

}  // namespace flypin::cmd::build_image
