#include "registry/platform.h"

#include <cctype>
#include <vector>

namespace flypin::registry {

core::Result<Platform> Platform::parse(std::string_view text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    auto slash = text.find('/', start);
    parts.emplace_back(text.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  auto bad = [&] {
    return core::Error::usage("invalid platform '" + std::string(text) +
                              "': expected os/architecture[/variant], e.g. linux/amd64");
  };
  if (parts.size() < 2 || parts.size() > 3) return bad();
  for (const auto& p : parts) {
    if (p.empty()) return bad();
    for (char c : p) {
      if (!std::islower(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c)) && c != '_' &&
          c != '-' && c != '.') {
        return bad();
      }
    }
  }
  return Platform{parts[0], parts[1], parts.size() == 3 ? parts[2] : ""};
}

std::string Platform::str() const { return os + "/" + architecture + (variant.empty() ? "" : "/" + variant); }

bool Platform::matched_by(const Platform& available) const {
  if (os != available.os || architecture != available.architecture) return false;
  if (variant.empty()) return true;
  auto normal = [&](const std::string& v) { return v.empty() && architecture == "arm64" ? std::string("v8") : v; };
  return normal(variant) == normal(available.variant);
}

}  // namespace flypin::registry
