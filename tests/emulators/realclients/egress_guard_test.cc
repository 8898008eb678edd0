// The guard every real-client test relies on: the tests run where only
// loopback exists, and the tracer catches any attempt to reach further.

#include <gtest/gtest.h>

#include "emulators/realclients/loopback_network.h"
#include "emulators/realclients/traced_client.h"
#include "support/testbed/testbed.h"

namespace flypin::realclients {
namespace {

TEST(EgressGuard, OnlyLoopbackExistsInTheTestNetwork) {
  EXPECT_EQ(network_interfaces(), std::vector<std::string>{"lo"});
}

TEST(EgressGuard, TracerSeesAnAttemptBeyondLoopbackAndANameLookup) {
  testbed::TempDir home("flypin-egress");
  // 192.0.2.1 is TEST-NET-1; with no route out of this namespace the attempt
  // fails at once (ENETUNREACH) and no packet leaves.
  auto run = run_traced({"node", "-e",
                         "const net = require('node:net');"
                         "net.connect(443, '192.0.2.1').on('error', () => {});"
                         "require('node:dns').lookup('example.com', () => {});"},
                        {}, home.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_GE(run.egress.size(), 1u);
  // Node resolves on its thread pool, so either attempt may come first.
  bool connect_seen = false, lookup_seen = false;
  for (const auto& line : run.egress) {
    connect_seen = connect_seen || line.find("192.0.2.1") != std::string::npos;
    lookup_seen = lookup_seen || line.find("htons(53)") != std::string::npos;
  }
  EXPECT_TRUE(connect_seen) << "the connection attempt was not caught";
  EXPECT_TRUE(lookup_seen) << "the name lookup was not caught";
}

TEST(EgressGuard, LoopbackTrafficIsCountedButNotFlagged) {
  const std::string trace =
      "12 connect(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0\n"
      "12 connect(4, {sa_family=AF_INET6, sin6_port=htons(8080), sin6_flowinfo=htonl(0), "
      "inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = 0\n"
      "12 connect(5, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), "
      "inet_pton(AF_INET6, \"2001:db8::1\", &sin6_addr), sin6_scope_id=0}, 28) = -1 ENETUNREACH\n"
      "12 connect(6, {sa_family=AF_UNIX, sun_path=\"/run/x\"}, 110) = 0\n";
  int connects = 0;
  auto egress = egress_in_trace(trace, &connects);
  EXPECT_EQ(connects, 3);
  ASSERT_EQ(egress.size(), 1u);
  EXPECT_NE(egress[0].find("2001:db8::1"), std::string::npos);
}

}  // namespace
}  // namespace flypin::realclients
