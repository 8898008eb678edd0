#include "support/testbed/testbed.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <filesystem>

#include "support/testbed/http_request_counter.h"

namespace flypin::testbed {
namespace {

TEST(HttpRequestCounter, CountsKeepAliveRequestsWithBodies) {
  std::vector<std::string> seen;
  HttpRequestCounter counter([&](std::string line) { seen.push_back(std::move(line)); });
  std::string stream =
      "GET /v2/ HTTP/1.1\r\nHost: x\r\n\r\n"
      "PUT /v2/a/manifests/t HTTP/1.1\r\nContent-Length: 5\r\n\r\nGET /"
      "PATCH /v2/a/blobs/uploads/u HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "4\r\nHEAD\r\n0\r\n\r\n"
      "HEAD /v2/a/manifests/t HTTP/1.1\r\n\r\n";
  // Byte by byte, to prove split reads are handled.
  for (char c : stream) counter.feed(std::string_view(&c, 1));
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0], "GET /v2/");
  EXPECT_EQ(seen[1], "PUT /v2/a/manifests/t");
  EXPECT_EQ(seen[2], "PATCH /v2/a/blobs/uploads/u");
  EXPECT_EQ(seen[3], "HEAD /v2/a/manifests/t");
}

TEST(TempDir, IsRemovedOnDestruction) {
  std::string path;
  {
    TempDir dir;
    path = dir.path();
    write_file(dir.file("a"), "x");
    EXPECT_TRUE(std::filesystem::exists(dir.file("a")));
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(ScopedProcess, WaitsForPortAndKillsGroup) {
  TempDir dir;
  int port = free_loopback_port();
  int pid = 0;
  {
    ScopedProcess proc({"/bin/busybox", "httpd", "-f", "-p", "127.0.0.1:" + std::to_string(port), "-h", dir.path()},
                       {{"X", "1"}}, dir.file("log"));
    pid = proc.pid();
    ASSERT_TRUE(proc.wait_for_port(port, std::chrono::seconds(10))) << proc.log();
    EXPECT_TRUE(proc.running());
  }
  EXPECT_NE(kill(pid, 0), 0);
}

TEST(ScopedProcess, WaitForPortFailsFastWhenProcessExits) {
  TempDir dir;
  ScopedProcess proc({"/bin/busybox", "sh", "-c", "echo bye; exit 3"}, {}, dir.file("log"));
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(proc.wait_for_port(free_loopback_port(), std::chrono::seconds(20)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_NE(proc.log().find("bye"), std::string::npos);
}

class LocalRegistryTest : public ::testing::TestWithParam<AuthMode> {};

TEST_P(LocalRegistryTest, PushesAndCountsRequests) {
  LocalRegistry registry(GetParam());
  EXPECT_EQ(registry.requests_seen(), 0u);
  auto digest = registry.push_image("smoke/app", "v1");
  EXPECT_EQ(digest.rfind("sha256:", 0), 0u) << digest;
  EXPECT_EQ(digest.size(), 71u);
  size_t after_push = registry.requests_seen();
  EXPECT_GT(after_push, 3u);
  if (GetParam() == AuthMode::kToken) {
    EXPECT_GT(registry.token_requests(), 0u);
  }

  httplib::Client client(registry.host());
  auto res = client.Get("/v2/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(registry.requests_seen(), after_push + 1);
  EXPECT_EQ(registry.requests().back(), "GET /v2/");
}

TEST_P(LocalRegistryTest, PushesIndexWithAttestation) {
  LocalRegistry registry(GetParam());
  ImageSpec amd64;
  ImageSpec arm64;
  arm64.architecture = "arm64";
  auto index = registry.push_index("smoke/multi", "v1", {amd64, arm64}, Attestation::kInclude);
  EXPECT_EQ(index.digest.rfind("sha256:", 0), 0u);
  ASSERT_EQ(index.manifests.size(), 2u);
  EXPECT_NE(index.manifests[0], index.manifests[1]);
  EXPECT_FALSE(index.attestation.empty());
}

INSTANTIATE_TEST_SUITE_P(Modes, LocalRegistryTest, ::testing::Values(AuthMode::kBasic, AuthMode::kToken),
                         [](const auto& info) { return info.param == AuthMode::kBasic ? "Basic" : "Token"; });

}  // namespace
}  // namespace flypin::testbed
