#include <gtest/gtest.h>

#include <chrono>

#include "core/curl_http_client.h"
#include "core/process.h"
#include "support/hostile/private_hosts.h"
#include "support/hostile/scripted_server.h"
#include "support/hostile/test_ca.h"
#include "support/testbed/testbed.h"

namespace flypin::hostile {
namespace {

using namespace std::chrono_literals;

core::HttpRequest get(const std::string& url) {
  core::HttpRequest r;
  r.url = url;
  r.total_timeout = 5s;
  return r;
}

TEST(ScriptedServer, AnswersFromTheScriptAndJournalsWhatWasSent) {
  ScriptedServer server(Routes().on("GET", "/v2/", [](const Request& r, Conn& c) {
    c.respond(200, {{"Content-Type", "text/plain"}}, "path=" + r.path + " query=" + r.query);
  }));
  core::CurlHttpClient http;
  auto req = get(server.url() + "/v2/x?n=1");
  req.headers.add("Authorization", "Basic c2VjcmV0");
  auto resp = http.send(req);
  ASSERT_TRUE(resp.ok()) << resp.error().message;
  EXPECT_EQ(resp->status, 200);
  EXPECT_EQ(resp->body, "path=/v2/x query=n=1");
  EXPECT_TRUE(server.saw("c2VjcmV0"));
  EXPECT_FALSE(server.saw("elsewhere"));
  EXPECT_EQ(server.count("GET", "/v2/"), 1u);

  auto missing = http.send(get(server.url() + "/other"));
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 404);
}

TEST(ScriptedServer, DroppedConnectionIsATransportErrorForTheClient) {
  ScriptedServer server([](const Request&, Conn& c) { c.reset(); });
  core::CurlHttpClient http;
  auto resp = http.send(get(server.url() + "/"));
  EXPECT_FALSE(resp.ok());
  EXPECT_EQ(server.request_count(), 1u);
}

TEST(ScriptedServer, StopWakesAHandlerThatStreamsForever) {
  std::atomic<bool> streaming{false};
  auto server = std::make_unique<ScriptedServer>([&](const Request&, Conn& c) {
    c.respond_head(200, {{"Transfer-Encoding", "chunked"}});
    streaming = true;
    while (c.serving() && c.pause(10ms)) {
    }
  });
  core::SystemProcessRunner runner;
  core::ProcessSpec spec;
  spec.argv = {"curl", "-s", "-m", "1", server->url() + "/"};
  (void)runner.run(spec);  // gives up after 1 s
  EXPECT_TRUE(streaming.load());
  const auto before = std::chrono::steady_clock::now();
  server.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);
}

TEST(ScriptedServer, ServesTlsWithACertificateFromTheTestCa) {
  testbed::TempDir dir("flypin-kit");
  TestCa ca(dir.path());
  ScriptedServer server([](const Request&, Conn& c) { c.respond(200, {}, "over tls"); },
                        ca.issue("registry", {"registry.test"}));
  core::SystemProcessRunner runner;
  core::ProcessSpec trusted;
  trusted.argv = {"curl",
                  "-s",
                  "--cacert",
                  ca.ca_pem_path(),
                  "--resolve",
                  "registry.test:" + std::to_string(server.port()) + ":127.0.0.1",
                  "https://registry.test:" + std::to_string(server.port()) + "/"};
  auto ok = runner.run(trusted);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->stdout_data, "over tls");

  core::ProcessSpec untrusted = trusted;
  untrusted.argv = {"curl", "-s", "--resolve", "registry.test:" + std::to_string(server.port()) + ":127.0.0.1",
                    "https://registry.test:" + std::to_string(server.port()) + "/"};
  auto refused = runner.run(untrusted);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->exit_code, 60);  // peer certificate cannot be authenticated with known CA certificates
}

TEST(TlsTrust, CurlClientTrustsExactlyTheConfiguredBundle) {
  testbed::TempDir dir("flypin-kit");
  TestCa ca(dir.path());
  ScriptedServer server([](const Request&, Conn& c) { c.respond(200, {}, "ok"); }, ca.issue("api", {}));
  core::CurlHttpClient trusting(core::TlsTrust{.ca_file = ca.ca_pem_path()});
  auto ok = trusting.send(get(server.url() + "/"));
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->body, "ok");

  core::CurlHttpClient system_trust;
  auto refused = system_trust.send(get(server.url() + "/"));
  EXPECT_FALSE(refused.ok());
}

TEST(ScriptedServer, ServesPlainHttpBesideTlsWhenAskedTo) {
  testbed::TempDir dir("flypin-kit");
  TestCa ca(dir.path());
  ScriptedServer server([](const Request& r, Conn& c) { c.respond(200, {}, r.tls ? "tls" : "plain"); },
                        ca.issue("both", {}), PlainHttp::kServedToo);
  const std::string port = std::to_string(server.port());
  core::SystemProcessRunner runner;
  auto tls = runner.run({.argv = {"curl", "-s", "--cacert", ca.ca_pem_path(), "https://127.0.0.1:" + port + "/"}});
  auto plain = runner.run({.argv = {"curl", "-s", "http://127.0.0.1:" + port + "/"}});
  ASSERT_TRUE(tls.ok() && plain.ok());
  EXPECT_EQ(tls->stdout_data, "tls");
  EXPECT_EQ(plain->stdout_data, "plain");
  ASSERT_EQ(server.request_count(), 2u);
  EXPECT_TRUE(server.requests()[0].tls);
  EXPECT_FALSE(server.requests()[1].tls);
}

TEST(PrivateHosts, NamesResolveToLoopbackOnlyForTheWrappedProgram) {
  testbed::TempDir dir("flypin-kit");
  PrivateHosts hosts(dir.path(), {"registry.flypin.test"});
  core::SystemProcessRunner runner;
  auto inside = runner.run({.argv = hosts.wrap({"getent", "hosts", "registry.flypin.test"})});
  ASSERT_TRUE(inside.ok());
  EXPECT_EQ(inside->exit_code, 0) << inside->output;
  EXPECT_NE(inside->stdout_data.find("127.0.0.1"), std::string::npos) << inside->stdout_data;
  auto outside = runner.run({.argv = {"getent", "hosts", "registry.flypin.test"}});
  ASSERT_TRUE(outside.ok());
  EXPECT_NE(outside->exit_code, 0);

  TestCa ca(dir.path());
  ScriptedServer server([](const Request&, Conn& c) { c.respond(200, {}, "by name"); },
                        ca.issue("named", {"registry.flypin.test"}));
  auto https =
      runner.run({.argv = hosts.wrap({"curl", "-s", "--cacert", ca.ca_pem_path(),
                                      "https://registry.flypin.test:" + std::to_string(server.port()) + "/"})});
  ASSERT_TRUE(https.ok());
  EXPECT_EQ(https->stdout_data, "by name");
}

TEST(NestedJson, IsBalanced) { EXPECT_EQ(nested_json(3), "[[[]]]"); }

}  // namespace
}  // namespace flypin::hostile
