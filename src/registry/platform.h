#pragma once
// An image platform: os/architecture[/variant], as in "linux/amd64" or "linux/arm64/v8".

#include <string>
#include <string_view>

#include "core/result.h"

namespace flypin::registry {

struct Platform {
  std::string os, architecture, variant;

  static core::Result<Platform> parse(std::string_view text);
  std::string str() const;
  /// True when `available` satisfies this requested platform. An empty requested
  /// variant matches any variant; arm64 treats a missing variant as v8.
  bool matched_by(const Platform& available) const;
};

}  // namespace flypin::registry
