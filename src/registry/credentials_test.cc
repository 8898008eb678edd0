#include "registry/credentials.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/crypto.h"
#include "core/redact.h"

namespace flypin::registry {
namespace {

class CredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/flypin-creds-XXXXXX";
    dir_ = mkdtemp(tmpl);
    env_.set("DOCKER_CONFIG", dir_);
    env_.set("PATH", dir_ + "/bin");
    std::filesystem::create_directories(dir_ + "/bin");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void write(const std::string& name, const std::string& content, bool executable = false) {
    std::ofstream(dir_ + "/" + name) << content;
    if (executable) chmod((dir_ + "/" + name).c_str(), 0755);
  }
  // As a program does for the registry of the image it was given.
  Credential resolve(const std::string& domain) {
    CredentialResolver resolver(env_, runner_, CredentialScope::for_hosts({domain}));
    auto c = resolver.resolve(domain);
    EXPECT_TRUE(c.ok()) << c.error().message;
    return c.ok() ? *c : Credential{};
  }

  std::string dir_;
  core::Environment env_;
  core::SystemProcessRunner runner_;
};

TEST_F(CredentialsTest, EnvironmentWinsAndIsNamedBySource) {
  env_.set("REGISTRY_USERNAME", "u");
  env_.set("REGISTRY_PASSWORD", "env-secret-1");
  write("config.json", R"({"auths":{"r.example":{"auth":")" + core::base64_encode("a:b") + R"("}}})");
  auto c = resolve("r.example");
  EXPECT_EQ(c.username, "u");
  EXPECT_EQ(c.password, "env-secret-1");
  EXPECT_EQ(c.source, "REGISTRY_USERNAME/REGISTRY_PASSWORD");
  EXPECT_EQ(core::redact("x env-secret-1 y"), "x *** y");
}

TEST_F(CredentialsTest, HalfSetEnvironmentIsAUsageError) {
  env_.set("REGISTRY_USERNAME", "u");
  CredentialResolver resolver(env_, runner_, CredentialScope::for_hosts({"r.example"}));
  auto c = resolver.resolve("r.example");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, core::ErrorKind::kUsage);
}

TEST_F(CredentialsTest, DockerConfigAuthsInBothBase64Alphabets) {
  // "user:p?>~" encodes to "dXNlcjpwPz5+" in standard base64 and "dXNlcjpwPz5-" in URL-safe base64.
  write("config.json", R"({"auths":{"https://127.0.0.1:5000/v1/":{"auth":"dXNlcjpwPz5-"},
                                     "other.example":{"auth":"dXNlcjpwPz5+"}}})");
  auto a = resolve("127.0.0.1:5000");
  EXPECT_EQ(a.username, "user");
  EXPECT_EQ(a.password, "p?>~");
  EXPECT_EQ(a.source, "docker config auths[https://127.0.0.1:5000/v1/]");
  auto b = resolve("other.example");
  EXPECT_EQ(b.password, "p?>~");
  EXPECT_TRUE(resolve("third.example").anonymous());
}

TEST_F(CredentialsTest, DockerHubKeyMatchesDockerIo) {
  write("config.json",
        R"({"auths":{"https://index.docker.io/v1/":{"auth":")" + core::base64_encode("hub:pw12") + R"("}}})");
  auto c = resolve("docker.io");
  EXPECT_EQ(c.username, "hub");
  EXPECT_EQ(c.password, "pw12");
}

TEST_F(CredentialsTest, CredHelperGetsServerOnStdin) {
  write("bin/docker-credential-fake",
        "#!/bin/sh\nread server\n[ \"$1\" = get ] || exit 9\n"
        "echo "
        "\"{\\\"ServerURL\\\":\\\"$server\\\",\\\"Username\\\":\\\"helper-$server\\\",\\\"Secret\\\":\\\"s3cret-h\\\"}"
        "\"\n",
        true);
  write("config.json", R"({"credHelpers":{"r.example":"fake"}})");
  auto c = resolve("r.example");
  EXPECT_EQ(c.username, "helper-r.example");
  EXPECT_EQ(c.password, "s3cret-h");
  EXPECT_EQ(c.source, "docker credential helper docker-credential-fake (credHelpers[r.example])");
}

TEST_F(CredentialsTest, CredsStoreUsedForAnyRegistryAndNotFoundFallsThrough) {
  write("bin/docker-credential-store",
        "#!/bin/sh\nread server\nif [ \"$server\" = known.example ]; then "
        "echo '{\"Username\":\"s\",\"Secret\":\"store-pw\"}'; else echo 'credentials not found in native keychain'; "
        "exit 1; fi\n",
        true);
  write("config.json", R"({"credsStore":"store"})");
  auto c = resolve("known.example");
  EXPECT_EQ(c.password, "store-pw");
  EXPECT_EQ(c.source, "docker credential helper docker-credential-store (credsStore)");
  EXPECT_TRUE(resolve("unknown.example").anonymous());
}

TEST_F(CredentialsTest, FailingHelperOutputIsNeverEchoed) {
  write("bin/docker-credential-leaky",
        "#!/bin/sh\necho '{\"Username\":\"u\",\"Secret\":\"half-handed-secret\"}'\necho 'and boom' >&2\nexit 3\n",
        true);
  write("config.json", R"({"credHelpers":{"r.example":"leaky"}})");
  CredentialResolver resolver(env_, runner_, CredentialScope::for_hosts({"r.example"}));
  auto c = resolver.resolve("r.example");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, core::ErrorKind::kUsage);
  EXPECT_NE(c.error().message.find("(credHelpers[r.example]) failed (exit 3)"), std::string::npos) << c.error().message;
  EXPECT_EQ(c.error().message.find("half-handed-secret"), std::string::npos);
  EXPECT_EQ(c.error().message.find("boom"), std::string::npos);
}

TEST_F(CredentialsTest, EveryFormOfAResolvedCredentialIsRegistered) {
  write("config.json", R"({"auths":{"r.example":{"username":"robot","password":"config-pw-1"}}})");
  auto c = resolve("r.example");
  EXPECT_EQ(c.password, "config-pw-1");
  EXPECT_EQ(core::redact("Basic " + core::base64_encode("robot:config-pw-1")), "Basic ***");
  EXPECT_EQ(core::redact("robot:config-pw-1"), "***");
}

TEST_F(CredentialsTest, MissingHelperIsAUsageError) {
  write("config.json", R"({"credHelpers":{"r.example":"absent"}})");
  CredentialResolver resolver(env_, runner_, CredentialScope::for_hosts({"r.example"}));
  auto c = resolver.resolve("r.example");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("docker-credential-absent"), std::string::npos);
}

TEST_F(CredentialsTest, FlyRegistryUsesFlyToken) {
  env_.set("FLY_ACCESS_TOKEN", "fly-token-abc");
  auto c = resolve("registry.fly.io");
  EXPECT_EQ(c.username, "x");
  EXPECT_EQ(c.password, "fly-token-abc");
  EXPECT_EQ(c.source, "FLY_ACCESS_TOKEN");
  EXPECT_TRUE(resolve("ghcr.io").anonymous());
  env_.set("FLY_API_TOKEN", "fly-token-api");
  EXPECT_EQ(resolve("registry.fly.io").source, "FLY_API_TOKEN");
}

TEST_F(CredentialsTest, NoConfigMeansAnonymous) {
  auto c = resolve("ghcr.io");
  EXPECT_TRUE(c.anonymous());
  EXPECT_EQ(c.source, "anonymous");
}

TEST_F(CredentialsTest, TheEnvironmentsCredentialGoesOnlyToTheRegistriesItIsFor) {
  env_.set("REGISTRY_USERNAME", "u");
  env_.set("REGISTRY_PASSWORD", "env-secret-2");
  write("config.json", R"({"auths":{"own.example":{"auth":")" + core::base64_encode("cfg:pw-own") + R"("}}})");
  CredentialResolver resolver(env_, runner_, CredentialScope::for_hosts({"127.0.0.1:5000"}));
  EXPECT_EQ(resolver.resolve("127.0.0.1:5000")->password, "env-secret-2");
  // Any other registry: its own docker-config entry, else anonymous, saying why.
  EXPECT_EQ(resolver.resolve("own.example")->password, "pw-own");
  auto other = resolver.resolve("evil.example");
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->anonymous());
  EXPECT_NE(other->source.find("REGISTRY_HOST"), std::string::npos) << other->source;
  EXPECT_TRUE(resolver.resolve("127.0.0.2:5000")->anonymous());
}

TEST_F(CredentialsTest, RegistryHostListsMoreRegistries) {
  env_.set("REGISTRY_HOST", " ghcr.io , 127.0.0.1:5000,");
  auto scope = CredentialScope::of(env_, {"docker.io"});
  ASSERT_TRUE(scope.ok()) << scope.error().message;
  EXPECT_TRUE(scope->covers("ghcr.io"));
  EXPECT_TRUE(scope->covers("127.0.0.1:5000"));
  EXPECT_TRUE(scope->covers("index.docker.io"));
  EXPECT_FALSE(scope->covers("quay.io"));
  EXPECT_EQ(scope->describe(), "docker.io, ghcr.io, 127.0.0.1:5000");
  for (const char* bad : {"https://ghcr.io", "ghcr.io/team", "a b"}) {
    env_.set("REGISTRY_HOST", bad);
    auto refused = CredentialScope::of(env_, {});
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().kind, core::ErrorKind::kUsage);
  }
}

}  // namespace
}  // namespace flypin::registry
