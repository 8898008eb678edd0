// Every real-client test binary starts here: into a network namespace that
// holds only loopback (before any thread exists), then GoogleTest.

#include <gtest/gtest.h>

#include <iostream>

#include "emulators/realclients/loopback_network.h"

int main(int argc, char** argv) {
  if (auto error = flypin::realclients::enter_loopback_only_network(); !error.empty()) {
    std::cerr << "realclients: cannot isolate the network: " << error << "\n";
    return 1;
  }
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
