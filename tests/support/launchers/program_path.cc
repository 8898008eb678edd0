#include "support/launchers/program_path.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string_view>

namespace flypin::e2e {
namespace {

constexpr std::array<std::string_view, 4> kPrograms{"build-image", "pin-image", "smoke-machine", "roll-machines"};

}  // namespace

std::string program_path(const std::string& name) {
  if (!name.empty() && name.front() == '/') return name;
  const char* other = std::getenv("FLYPIN_PROGRAM_DIR");
  const bool is_program = std::find(kPrograms.begin(), kPrograms.end(), name) != kPrograms.end();
  if (is_program && other != nullptr && *other != '\0') return std::string(other) + "/" + name;
  return std::string(FLYPIN_BIN_DIR) + "/" + name;
}

}  // namespace flypin::e2e
