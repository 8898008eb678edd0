#pragma once
// The real-client tests run in a network namespace of their own that holds
// only a loopback interface: whatever a third-party client tries, nothing it
// sends can leave this machine.

#include <string>
#include <vector>

namespace flypin::realclients {

/// Moves the calling process (before it starts any thread) into a new network
/// namespace and brings its `lo` up. Returns "" or what failed.
std::string enter_loopback_only_network();

/// Names of the network interfaces the process sees (from /proc/net/dev).
std::vector<std::string> network_interfaces();

}  // namespace flypin::realclients
