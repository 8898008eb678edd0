#pragma once
// The shared ground of the hostile Fly tests: one real registry and one Fly
// emulator per test binary, a tampering front (FlyFront) before the emulator
// for each test, and smoke-machine started against the front.

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/hostile/fly_front.h"
#include "support/hostile/output_checks.h"
#include "support/launchers/fly_emulator.h"
#include "support/launchers/spawned_program.h"
#include "support/testbed/testbed.h"

namespace flypin::hostile {

inline constexpr const char* kToken = "fly-hostile-token-3b9d1e";
inline constexpr const char* kApp = "smoke-app";

using Env = std::map<std::string, std::string>;

class HostileFlyTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  static testbed::LocalRegistry& registry();
  static e2e::FlyEmulator& emulator();
  /// busybox httpd answering /health on 8080.
  static std::string healthy_image();
  /// Sleeps $BOOT_DELAY seconds (default 3) before serving /health.
  static std::string slow_image();

  /// Environment of a smoke-machine run talking to the front.
  Env env() const;
  std::vector<std::string> smoke_args(const std::string& image, std::vector<std::string> extra = {}) const;
  std::unique_ptr<e2e::SpawnedProgram> start(const std::string& program, const std::vector<std::string>& args,
                                             const Env& extra_env = {}) const;

  /// Machines in the emulator not yet destroyed (the truth, whatever the program said).
  int alive() const { return emulator().machines_alive(); }
  bool await_alive(int n, std::chrono::milliseconds timeout) const;
  /// Ids of machines alive in the emulator.
  std::vector<std::string> alive_ids() const;

  std::unique_ptr<FlyFront> front_;
  std::unique_ptr<testbed::TempDir> dir_;
};

bool has(const std::string& text, const std::string& what);
/// The last line of `text` that is not blank.
std::string last_line(const std::string& text);

}  // namespace flypin::hostile
