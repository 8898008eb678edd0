// Issue #10 item 18: a certificate that fails verification was retried like a
// dropped connection (about 3 s). It is final: one attempt, and an error that
// names the host and the reason.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/hostile/measured_run.h"
#include "support/hostile/scripted_apis.h"
#include "support/hostile/scripted_server.h"
#include "support/hostile/test_ca.h"
#include "support/testbed/testbed.h"

namespace flypin::hostile {
namespace {

class TlsFinality : public ::testing::Test {
 protected:
  // pin-image against a well-behaved registry and a Supabase API over TLS
  // with `cert`, trusting only `trusted_ca`.
  MeasuredRun pin_against(const TlsFiles& cert, const std::string& trusted_ca) {
    serve_image(registry_routes_, image_);
    ScriptedServer registry(registry_routes_);
    image_ref_ = image_ref(registry);
    supabase_ = std::make_unique<ScriptedServer>(store_.serve(supabase_routes_), cert);
    auto env = pin_env(supabase_->url());
    env["SSL_CERT_FILE"] = trusted_ca;
    return run_measured("pin-image", {"--image", image_ref_, "--project-ref", kProjectRef}, env);
  }

  void expect_final(const MeasuredRun& run, const std::string& reason) {
    EXPECT_EQ(run.exit_code, 1) << run.err;
    EXPECT_EQ(supabase_->connections(), 1) << "a certificate failure is not retried:\n" << run.err;
    EXPECT_EQ(run.err.find("retrying"), std::string::npos) << run.err;
    auto lines = nonblank_lines(run.err);
    ASSERT_FALSE(lines.empty());
    const std::string& last = lines.back();
    EXPECT_NE(last.find("TLS certificate of " + supabase_->host()), std::string::npos) << last;
    EXPECT_NE(last.find(reason), std::string::npos) << last;
    EXPECT_NE(last.find("not retried"), std::string::npos) << last;
    EXPECT_EQ(supabase_->request_count(), 0u) << "no request reaches a server that failed verification";
  }

  testbed::TempDir dir_{"flypin-tls"};
  TestCa ca_{dir_.path(), "flypin hostile CA"};
  ScriptedImage image_;
  Routes registry_routes_, supabase_routes_;
  ScriptedSupabase store_;
  std::unique_ptr<ScriptedServer> supabase_;
  std::string image_ref_;
};

TEST_F(TlsFinality, UntrustedIssuerFailsAtOnce) {
  testbed::TempDir other("flypin-tls-other");
  TestCa stranger(other.path(), "some other CA");
  auto run = pin_against(stranger.issue("api", {}), ca_.ca_pem_path());
  expect_final(run, "issuer");
}

TEST_F(TlsFinality, NameMismatchFailsAtOnce) {
  auto run = pin_against(ca_.issue("api", {"elsewhere.test"}, {}), ca_.ca_pem_path());
  expect_final(run, "does not match");
}

TEST_F(TlsFinality, ExpiredCertificateFailsAtOnce) {
  auto run = pin_against(ca_.issue_expired("api", {}), ca_.ca_pem_path());
  expect_final(run, "expired");
}

TEST_F(TlsFinality, TrustedCertificateStillWorks) {
  auto run = pin_against(ca_.issue("api", {}), ca_.ca_pem_path());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(store_.value("DOCKER_IMAGE"), image_ref_);
}

}  // namespace
}  // namespace flypin::hostile
