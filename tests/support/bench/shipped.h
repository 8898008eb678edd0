#pragma once
// Benchmarks time the programs users get: the release build
// (scripts/build-release.sh: static, optimised, no sanitizer), which ctest's
// fixture release.build makes in FLYPIN_SHIPPED_BIN_DIR. The emulators and
// servers around them come from the test tree (both the program and its peer
// talk to the same ones).

#include <string>

namespace flypin::bench {

/// The path of a shipped program; exits 1 with one line when it was not built.
std::string shipped_program(const std::string& name);

}  // namespace flypin::bench
