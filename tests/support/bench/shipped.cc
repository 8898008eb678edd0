#include "support/bench/shipped.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace flypin::bench {

std::string shipped_program(const std::string& name) {
  const std::string path = std::string(FLYPIN_SHIPPED_BIN_DIR) + "/" + name;
  if (!std::filesystem::exists(path)) {
    std::fprintf(stderr, "bench: %s is missing: the release build makes it (ctest -R release.build)\n", path.c_str());
    std::exit(1);
  }
  return path;
}

}  // namespace flypin::bench
