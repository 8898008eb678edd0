#include "emulators/common/listen_address.h"

#include <cstdlib>

namespace flypin::emulators {

std::optional<ListenAddress> parse_listen_address(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size()) return std::nullopt;
  ListenAddress out{text.substr(0, colon), 0};
  if (out.host != "127.0.0.1" && out.host != "localhost") return std::nullopt;
  char* end = nullptr;
  const long value = std::strtol(text.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || value < 0 || value > 65535) return std::nullopt;
  out.port = static_cast<int>(value);
  return out;
}

}  // namespace flypin::emulators
