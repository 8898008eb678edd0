// RegistryClient against the real docker-registry of the test bed, in Basic and
// token auth mode, over one keep-alive CurlHttpClient.

#include <gtest/gtest.h>

#include <array>
#include <memory>

#include "core/curl_http_client.h"
#include "core/environment.h"
#include "core/process.h"
#include "registry/registry_client.h"
#include "support/testbed/testbed.h"

namespace flypin::registry {
namespace {

using testbed::AuthMode;
using testbed::LocalRegistry;

struct Fixture {
  std::unique_ptr<LocalRegistry> registry;
  std::string image_digest;    // app:v1, single linux/amd64 manifest
  testbed::PushedIndex index;  // multi:v1, amd64 + arm64 + attestation
};

class RegistryE2E : public ::testing::TestWithParam<AuthMode> {
 protected:
  static void SetUpTestSuite() {
    for (auto mode : {AuthMode::kBasic, AuthMode::kToken}) {
      auto& f = fixtures()[static_cast<int>(mode)];
      f.registry = std::make_unique<LocalRegistry>(mode);
      f.image_digest = f.registry->push_image("app", "v1");
      testbed::ImageSpec arm64;
      arm64.architecture = "arm64";
      arm64.variant = "v8";
      f.index = f.registry->push_index("multi", "v1", {testbed::ImageSpec{}, arm64}, testbed::Attestation::kInclude);
    }
  }
  static void TearDownTestSuite() {
    for (auto& f : fixtures()) f = Fixture{};
  }
  static std::array<Fixture, 2>& fixtures() {
    static std::array<Fixture, 2> all;
    return all;
  }
  Fixture& fx() { return fixtures()[static_cast<int>(GetParam())]; }
  LocalRegistry& reg() { return *fx().registry; }

  core::Environment env(const std::string& password) {
    return core::Environment({{"REGISTRY_USERNAME", reg().username()}, {"REGISTRY_PASSWORD", password}});
  }
  Reference named(const std::string& rest) { return parse_reference(reg().host() + "/" + rest).value(); }

  // Total HTTP requests (registry + token service) spent by `fn`.
  template <typename F>
  size_t cost(F&& fn) {
    size_t before = reg().requests_seen() + reg().token_requests();
    fn();
    return reg().requests_seen() + reg().token_requests() - before;
  }

  core::CurlHttpClient http_;
  core::SystemProcessRunner runner_;
};

TEST_P(RegistryE2E, ResolvesExistingTagToBuildahDigest) {
  auto e = env(reg().password());
  CredentialResolver creds(e, runner_, CredentialScope::for_hosts({reg().host()}));
  RegistryClient client(http_, creds);
  core::Result<ResolvedImage> r = core::Error::internal("not run");
  size_t spent = cost([&] { r = client.resolve(named("app:v1"), std::nullopt); });
  ASSERT_TRUE(r.ok()) << r.error().describe() << "\n" << reg().log();
  EXPECT_EQ(r->digest, fx().image_digest);
  EXPECT_FALSE(r->is_index);
  EXPECT_EQ(r->credential_source, "REGISTRY_USERNAME/REGISTRY_PASSWORD");
  EXPECT_LE(spent, GetParam() == AuthMode::kBasic ? 1u : 3u);
}

TEST_P(RegistryE2E, SingleManifestWithPlatformCheck) {
  auto e = env(reg().password());
  CredentialResolver creds(e, runner_, CredentialScope::for_hosts({reg().host()}));
  RegistryClient client(http_, creds);
  core::Result<ResolvedImage> r = core::Error::internal("not run");
  size_t spent = cost([&] { r = client.resolve(named("app:v1"), Platform{"linux", "amd64", ""}); });
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->digest, fx().image_digest);
  EXPECT_EQ(r->platform_digest, fx().image_digest);
  // Measured cost of a single image manifest: manifest + config blob (+ 401 and token in token mode).
  EXPECT_EQ(spent, GetParam() == AuthMode::kBasic ? 2u : 4u);

  auto wrong = client.resolve(named("app:v1"), Platform{"linux", "arm64", ""});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, core::ErrorKind::kCheck);
  EXPECT_NE(wrong.error().message.find("linux/amd64"), std::string::npos);
}

TEST_P(RegistryE2E, IndexWithPlatformWithinBudget) {
  auto e = env(reg().password());
  CredentialResolver creds(e, runner_, CredentialScope::for_hosts({reg().host()}));
  RegistryClient client(http_, creds);
  core::Result<ResolvedImage> r = core::Error::internal("not run");
  size_t before_registry = reg().requests_seen();
  size_t spent = cost([&] { r = client.resolve(named("multi:v1"), Platform{"linux", "arm64", ""}); });
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->digest, fx().index.digest);
  EXPECT_TRUE(r->is_index);
  EXPECT_EQ(r->platform_digest, fx().index.manifests.at(1));
  EXPECT_EQ(r->platforms.size(), 2u);  // the attestation entry is not a platform
  auto seen = reg().requests();
  std::string trace;
  for (size_t i = before_registry; i < seen.size(); ++i) trace += seen[i] + "\n";
  // Budget: at most 2 (Basic) / 3 (token). Measured: 1 GET with preemptive Basic;
  // 401 + token + GET in token mode.
  EXPECT_LE(spent, GetParam() == AuthMode::kBasic ? 2u : 3u) << trace;
  EXPECT_EQ(spent, GetParam() == AuthMode::kBasic ? 1u : 3u) << trace;
}

TEST_P(RegistryE2E, IndexWithoutRequestedPlatformListsPlatforms) {
  auto e = env(reg().password());
  CredentialResolver creds(e, runner_, CredentialScope::for_hosts({reg().host()}));
  RegistryClient client(http_, creds);
  auto r = client.resolve(named("multi:v1"), Platform{"linux", "s390x", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, core::ErrorKind::kCheck);
  EXPECT_NE(r.error().message.find("linux/amd64, linux/arm64/v8"), std::string::npos) << r.error().message;
}

TEST_P(RegistryE2E, MissingTagIsNotFound) {
  auto e = env(reg().password());
  CredentialResolver creds(e, runner_, CredentialScope::for_hosts({reg().host()}));
  RegistryClient client(http_, creds);
  auto r = client.resolve(named("app:deployment-x"), Platform{"linux", "amd64", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, core::ErrorKind::kNotFound);
  EXPECT_EQ(r.error().message, "tag 'deployment-x' not found in repository 'app' on registry " + reg().host());
  EXPECT_FALSE(r.error().codes.empty());
}

TEST_P(RegistryE2E, WrongPasswordNamesSourceNotValue) {
  const std::string wrong = "wrong-password-" + reg().password();
  auto e = env(wrong);
  CredentialResolver creds(e, runner_, CredentialScope::for_hosts({reg().host()}));
  RegistryClient client(http_, creds);
  auto r = client.resolve(named("app:v1"), Platform{"linux", "amd64", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, core::ErrorKind::kHttp);
  EXPECT_EQ(r.error().http_status, 401);
  EXPECT_NE(r.error().message.find("REGISTRY_USERNAME/REGISTRY_PASSWORD"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().describe().find(wrong), std::string::npos);
}

TEST_P(RegistryE2E, AnonymousIsRefusedAndSaysSo) {
  core::Environment e;
  CredentialResolver creds(e, runner_, CredentialScope::for_hosts({reg().host()}));
  RegistryClient client(http_, creds);
  auto r = client.resolve(named("app:v1"), std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().http_status, 401);
  EXPECT_NE(r.error().message.find("anonymous"), std::string::npos) << r.error().message;
}

TEST_P(RegistryE2E, DigestReferenceResolves) {
  auto e = env(reg().password());
  CredentialResolver creds(e, runner_, CredentialScope::for_hosts({reg().host()}));
  RegistryClient client(http_, creds);
  auto r = client.resolve(named("app@" + fx().image_digest), std::nullopt);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->digest, fx().image_digest);
}

INSTANTIATE_TEST_SUITE_P(Modes, RegistryE2E, ::testing::Values(AuthMode::kBasic, AuthMode::kToken),
                         [](const auto& info) { return info.param == AuthMode::kBasic ? "Basic" : "Token"; });

}  // namespace
}  // namespace flypin::registry
