#include "fly/markers.h"

namespace flypin::fly::markers {

namespace {
constexpr const char* kTrue = "true";
}  // namespace

std::map<std::string, std::string> smoke_filter() { return {{kSmoke, kTrue}}; }

bool is_smoke(const Machine& machine) {
  const auto it = machine.config.metadata.find(kSmoke);
  return it != machine.config.metadata.end() && it->second == kTrue;
}

}  // namespace flypin::fly::markers
