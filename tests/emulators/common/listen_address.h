#pragma once
// The --listen value every emulator takes: loopback only.

#include <optional>
#include <string>

namespace flypin::emulators {

struct ListenAddress {
  std::string host;
  int port = 0;  // 0: pick a free one
};

/// Parses "127.0.0.1:PORT" or "localhost:PORT"; nullopt for anything else.
std::optional<ListenAddress> parse_listen_address(const std::string& text);

}  // namespace flypin::emulators
