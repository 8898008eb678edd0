#include "fly/markers.h"

namespace flypin::fly::markers {

namespace {

constexpr const char* kTrue = "true";

bool marked(const Machine& machine, const char* key) {
  const auto it = machine.config.metadata.find(key);
  return it != machine.config.metadata.end() && it->second == kTrue;
}

}  // namespace

std::map<std::string, std::string> smoke_filter() { return {{kSmoke, kTrue}}; }

bool is_smoke(const Machine& machine) { return marked(machine, kSmoke); }

std::map<std::string, std::string> keeper_filter() { return {{kKeeper, kTrue}}; }

bool is_keeper(const Machine& machine) { return marked(machine, kKeeper); }

}  // namespace flypin::fly::markers
