// A change (POST) goes out on a fresh connection, so that libcurl never sends
// it again on its own; that connection is closed after its answer. Kept open,
// each change left one more idle connection behind (up to five a client):
// roll-machines' 16 workers held 80 of them, more than the Fly emulator's
// workers, and 1,000 machines took 167 s instead of 2.6 s.

#include <gtest/gtest.h>

#include "core/curl_http_client.h"
#include "support/hostile/scripted_server.h"

namespace flypin::hostile {
namespace {

using namespace std::chrono_literals;

core::HttpRequest request(const ScriptedServer& server, const std::string& method) {
  core::HttpRequest req;
  req.method = method;
  req.url = server.url() + "/v1/thing";
  if (method == "POST") req.body = "{}";
  return req;
}

TEST(ConnectionReuse, AChangeGoesOutOnAFreshConnectionThatIsClosedAfterItsAnswer) {
  ScriptedServer server([](const Request&, Conn& conn) { conn.respond(200, {}, "{}"); });
  core::CurlHttpClient client;
  for (int i = 0; i < 10; ++i) {
    auto answer = client.send(request(server, "POST"));
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    EXPECT_EQ(answer->status, 200);
  }
  EXPECT_EQ(server.connections(), 10) << "each change on a connection of its own";
  EXPECT_TRUE(server.await_open_connections(0, 5s)) << "changes left idle connections open";

  // Reads keep theirs: one connection for all three, still open for the next.
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.send(request(server, "GET")).ok());
  EXPECT_EQ(server.connections(), 11);
  EXPECT_FALSE(server.await_open_connections(0, 200ms)) << "a read's connection is kept for the next read";
}

}  // namespace
}  // namespace flypin::hostile
