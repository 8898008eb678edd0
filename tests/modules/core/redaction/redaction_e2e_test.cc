// Redaction end to end: secrets in every derived form are registered (and,
// under GitHub Actions, ::add-mask::ed) before anything runs, whatever prints
// them: a builder showing its auth file, a Fly tool showing one macaroon of
// its token, a failing credential helper, a signed storage URL in an error.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "core/crypto.h"
#include "support/hostile/hostile_program.h"
#include "support/hostile/scripted_server.h"
#include "support/hostile/tiny_image.h"

namespace flypin::hostile {
namespace {

constexpr const char* kSupabaseToken = "sbp_CANARY_supabase_90ab";
const std::string kTag = "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D";

class Redaction : public ::testing::Test {
 protected:
  Redaction() : world_({"registry.fly.io", "api.fly.io", "api.machines.dev"}) {
    std::filesystem::create_directories(world_.dir() + "/bin");
    std::filesystem::create_directories(world_.dir() + "/context");
    std::filesystem::create_directories(world_.dir() + "/docker");
    testbed::write_file(world_.dir() + "/context/Dockerfile", "FROM scratch\n");
  }

  void executable(const std::string& name, const std::string& script) {
    const std::string path = world_.dir() + "/bin/" + name;
    testbed::write_file(path, script);
    ::chmod(path.c_str(), 0755);
  }
  std::string docker_config(const std::string& json) {
    testbed::write_file(world_.dir() + "/docker/config.json", json);
    return world_.dir() + "/docker";
  }
  std::string path() const { return world_.dir() + "/bin:/usr/local/bin:/usr/bin:/bin"; }

  Finished build(const std::vector<std::string>& args, std::map<std::string, std::string> env) {
    std::vector<std::string> all = {"--context", world_.dir() + "/context", "--tag", kTag};
    all.insert(all.end(), args.begin(), args.end());
    env.emplace("PATH", path());
    return world_.run("build-image", all, std::move(env));
  }
  Finished pin(const std::string& image, std::map<std::string, std::string> env) {
    env.emplace("PATH", path());
    env.emplace("SUPABASE_ACCESS_TOKEN", kSupabaseToken);
    env.emplace("SUPABASE_API_URL", supabase_.url());
    auto done = world_.run("pin-image", {"--image", image, "--project-ref", "abcdefghijklmnopqrst"}, std::move(env));
    EXPECT_EQ(where_shown(kSupabaseToken, done.trace), "");
    return done;
  }

  static std::string b64(const std::string& user, const std::string& password) {
    return core::base64_encode(user + ":" + password);
  }

  HostileWorld world_;
  const TinyImage image_ = tiny_image();
  ScriptedServer supabase_{[](const Request&, Conn& c) { c.respond(401, {}, R"({"message":"unauthorized"})"); }};
};

TEST_F(Redaction, BuilderPrintingItsAuthFileShowsNoCredential) {
  const std::string password = "CANARY-builder-pw-41c7";
  const std::string auth = b64("robot", password);
  executable("buildah",
             "#!/bin/sh\n"
             "case \" $* \" in *' build '*) ;; *) exit 0 ;; esac\n"
             "while [ $# -gt 0 ]; do\n"
             "  if [ \"$1\" = --authfile ]; then echo \"auth file: $(cat \"$2\")\"; fi\n"
             "  shift\n"
             "done\n"
             "echo 'Error: building at STEP \"FROM scratch\": simulated failure' >&2\n"
             "exit 1\n");
  ScriptedServer registry([](const Request&, Conn& c) { c.respond(500); });
  // No cache, so that nothing but the failed build could reach the registry (a registry cache is checked first).
  auto done = build({"--repository", registry.host() + "/team/app", "--builder", "buildah", "--cache", "none"},
                    {{"REGISTRY_USERNAME", "robot"}, {"REGISTRY_PASSWORD", password}});
  EXPECT_EQ(done.exit_code, 1) << done.trace.err;
  EXPECT_NE(done.trace.err.find("auth file: {\"auths\":{\"" + registry.host() + "\":{\"auth\":\"***\"}}}"),
            std::string::npos)
      << done.trace.err;
  EXPECT_EQ(where_shown(auth, done.trace), "");
  EXPECT_EQ(where_shown(password, done.trace), "");
  EXPECT_TRUE(masked(auth, done.trace)) << done.trace.out;
  EXPECT_TRUE(masked(password, done.trace)) << done.trace.out;
  EXPECT_EQ(registry.request_count(), 0u);
}

TEST_F(Redaction, EachMacaroonOfAFlyTokenIsASecret) {
  const std::string first = "fm2_CANARYlJPECAAAAAAAAF8VxBBfirst";
  const std::string second = "fm2_CANARYlJPETSecondMacaroon0x2";
  executable("fly",
             "#!/bin/sh\n"
             "echo \"$FLY_API_TOKEN\" | sed 's/^FlyV1 //' | tr ',' '\\n' | sed 's/^/using macaroon /'\n"
             "echo 'Error: failed to fetch an image or build from source: unauthorized' >&2\n"
             "exit 1\n");
  for (const std::string& token : {"FlyV1 " + first + "," + second, first + "," + second}) {
    auto done = build({"--builder", "flyctl", "--app", "my-app"}, {{"FLY_API_TOKEN", token}});
    EXPECT_EQ(done.exit_code, 1) << done.trace.err;
    EXPECT_NE(done.trace.err.find("using macaroon ***"), std::string::npos) << done.trace.err;
    for (const std::string& secret : {first, second, token}) {
      EXPECT_EQ(where_shown(secret, done.trace), "") << token << " / " << secret;
      EXPECT_TRUE(masked(secret, done.trace)) << secret << "\n" << done.trace.out;
    }
  }
}

TEST_F(Redaction, SignedStorageUrlShowsNoQueryValues) {
  const std::vector<std::string> secrets = {"CANARYcred20240101", "CANARYsig0a1b2c3d", "CANARYapikey77",
                                            "CANARYsigv4e5f", "CANARYkey1234"};
  std::string storage;
  ScriptedServer registry(
      Routes()
          .on("GET", "/v2/team/app/manifests/",
              [&](const Request&, Conn& c) {
                c.respond(200, {{"Content-Type", TinyImage::kManifestType}}, image_.manifest);
              })
          .on("GET", "/v2/team/app/blobs/",
              [&](const Request&, Conn& c) {
                c.respond(307, {{"Location", storage}});
              })
          .on("GET", "/storage/", [](const Request&, Conn& c) {
            c.respond(403, {{"Content-Type", "application/xml"}}, "<Error><Code>AccessDenied</Code></Error>");
          }));
  storage = registry.url() + "/storage/" + image_.config_digest +
            "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + secrets[0] + "&X-Amz-Signature=" + secrets[1] +
            "&apikey=" + secrets[2] + "&sig=" + secrets[3] + "&key=" + secrets[4];
  auto done = pin(registry.host() + "/team/app:" + kTag, {});
  EXPECT_EQ(done.exit_code, 1) << done.trace.err;
  EXPECT_NE(done.last_line().find("HTTP 403"), std::string::npos) << done.trace.err;
  EXPECT_NE(done.last_line().find("X-Amz-Signature=***"), std::string::npos) << done.last_line();
  for (const auto& secret : secrets) EXPECT_EQ(where_shown(secret, done.trace), "") << secret;
  EXPECT_EQ(registry.count("GET", "/storage/"), 1u);
}

TEST_F(Redaction, FailingCredentialHelperOutputIsNotShown) {
  const std::string secret = "CANARY-half-handed-secret-9e";
  executable("docker-credential-leaky",
             "#!/bin/sh\n"
             "read server\n"
             "echo 'keychain: item found, then the agent died' >&2\n"
             "echo \"{\\\"ServerURL\\\":\\\"$server\\\",\\\"Username\\\":\\\"robot\\\",\\\"Secret\\\":\\\"" +
                 secret +
                 "\\\"\"\n"
                 "exit 1\n");
  ScriptedServer registry([](const Request&, Conn& c) { c.respond(404); });
  auto config = docker_config(R"({"credHelpers":{")" + registry.host() + R"(":"leaky"}})");
  auto done = pin(registry.host() + "/team/app:" + kTag, {{"DOCKER_CONFIG", config}});
  EXPECT_EQ(done.exit_code, 2) << done.trace.err;
  EXPECT_EQ(e2e::lines(done.trace.err).size(), 2u) << done.trace.err;  // "resolving ..." and the error
  EXPECT_NE(done.last_line().find("docker-credential-leaky (credHelpers[" + registry.host() + "]) failed (exit 1)"),
            std::string::npos)
      << done.last_line();
  EXPECT_EQ(where_shown(secret, done.trace), "");
  EXPECT_EQ(registry.request_count(), 0u);
}

TEST_F(Redaction, DockerConfigAndHelperSecretsAreMaskedBeforeUse) {
  // A registry that echoes the Authorization it was sent.
  ScriptedServer registry([](const Request& r, Conn& c) {
    c.respond(404, {{"Content-Type", "application/json"}},
              R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"not for )" + r.header("Authorization") + R"("}]})");
  });
  const std::string config_password = "CANARY-config-pw-18d2";
  auto from_auths = pin(registry.host() + "/team/app:" + kTag,
                        {{"DOCKER_CONFIG", docker_config(R"({"auths":{")" + registry.host() + R"(":{"auth":")" +
                                                         b64("robot", config_password) + R"("}}})")}});
  EXPECT_EQ(from_auths.exit_code, 1) << from_auths.trace.err;
  for (const auto& secret : {config_password, b64("robot", config_password)}) {
    EXPECT_TRUE(masked(secret, from_auths.trace)) << secret << "\n" << from_auths.trace.out;
    EXPECT_EQ(where_shown(secret, from_auths.trace), "") << secret;
  }

  const std::string helper_secret = "CANARY-helper-secret-6a0f";
  executable("docker-credential-keeper",
             "#!/bin/sh\nread server\necho \"{\\\"Username\\\":\\\"robot\\\",\\\"Secret\\\":\\\"" + helper_secret +
                 "\\\"}\"\n");
  auto from_helper =
      pin(registry.host() + "/team/app:" + kTag,
          {{"DOCKER_CONFIG", docker_config(R"({"credHelpers":{")" + registry.host() + R"(":"keeper"}})")}});
  EXPECT_EQ(from_helper.exit_code, 1) << from_helper.trace.err;
  for (const auto& secret : {helper_secret, b64("robot", helper_secret)}) {
    EXPECT_TRUE(masked(secret, from_helper.trace)) << secret << "\n" << from_helper.trace.out;
    EXPECT_EQ(where_shown(secret, from_helper.trace), "") << secret;
  }
  EXPECT_TRUE(registry.saw(b64("robot", helper_secret)));
}

}  // namespace
}  // namespace flypin::hostile
