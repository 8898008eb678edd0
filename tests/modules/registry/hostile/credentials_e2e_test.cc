// Registry credentials against hostile servers, end to end: pin-image speaks
// HTTPS to scripted registries under real-looking names, and the registry's
// user:password must reach nothing but the registry's own origin (and the
// token realm its own challenge names), never in clear text.

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "support/hostile/hostile_program.h"
#include "support/hostile/scripted_server.h"
#include "support/hostile/tiny_image.h"

namespace flypin::hostile {
namespace {

constexpr const char* kRegistryName = "registry.flypin.test";
constexpr const char* kBlobsName = "blobs.flypin.test";
constexpr const char* kUser = "robot";
constexpr const char* kPassword = "CANARY-registry-pw-5b1e";
constexpr const char* kSupabaseToken = "sbp_CANARY_supabase_3c9a";
const std::string kBasic = core::base64_encode(std::string(kUser) + ":" + kPassword);
const std::string kTag = "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D";

class RegistryCredentials : public ::testing::Test {
 protected:
  RegistryCredentials() : world_({kRegistryName, kBlobsName}) {}

  static std::string named(const ScriptedServer& server, const char* name) {
    return std::string(name) + ":" + std::to_string(server.port());
  }

  Finished pin(const ScriptedServer& registry) {
    auto done = world_.run(
        "pin-image",
        {"--image", named(registry, kRegistryName) + "/team/app:" + kTag, "--project-ref", "abcdefghijklmnopqrst"},
        {{"REGISTRY_USERNAME", kUser},
         {"REGISTRY_PASSWORD", kPassword},
         {"SUPABASE_ACCESS_TOKEN", kSupabaseToken},
         {"SUPABASE_API_URL", supabase_.url()}});
    for (const std::string& secret : {std::string(kPassword), kBasic, std::string(kSupabaseToken)}) {
      EXPECT_EQ(where_shown(secret, done.trace), "") << "shown: " << secret;
    }
    return done;
  }

  // A registry that asks for the credential it is given, and serves a tiny image.
  static void serve_manifest(const TinyImage& image, const Request& r, Conn& c) {
    if (r.header("Authorization") != "Basic " + kBasic) {
      c.respond(401, {{"WWW-Authenticate", R"(Basic realm="registry")"}}, R"({"errors":[{"code":"UNAUTHORIZED"}]})");
      return;
    }
    c.respond(200, {{"Content-Type", TinyImage::kManifestType}}, image.manifest);
  }

  HostileWorld world_;
  const TinyImage image_ = tiny_image();
  // Never the point here: every call is refused, and a run that got this far failed to stop earlier.
  ScriptedServer supabase_{[](const Request&, Conn& c) { c.respond(401, {}, R"({"message":"unauthorized"})"); }};
};

TEST_F(RegistryCredentials, RedirectToPlainHttpOnTheSameHostAndPortIsRefused) {
  std::string self;
  ScriptedServer registry(
      Routes()
          .on("GET", "/v2/team/app/manifests/", [&](const Request& r, Conn& c) { serve_manifest(image_, r, c); })
          .on("GET", "/v2/team/app/blobs/",
              [&](const Request& r, Conn& c) {
                if (r.tls) {
                  c.respond(307, {{"Location", "http://" + self + r.target}});
                } else {
                  c.respond(200, {}, image_.config);
                }
              }),
      world_.ca().issue("registry", {kRegistryName}), PlainHttp::kServedToo);
  self = named(registry, kRegistryName);

  auto done = pin(registry);
  EXPECT_EQ(done.exit_code, 1) << done.trace.err;
  EXPECT_NE(done.last_line().find("refusing to downgrade to plain http"), std::string::npos) << done.trace.err;
  for (const auto& r : registry.requests()) {
    EXPECT_TRUE(r.tls) << "plain-http request " << r.method << " " << r.target
                       << (r.has_header("Authorization") ? " carrying Authorization" : "");
  }
  EXPECT_TRUE(registry.saw(kBasic));  // over TLS, to the registry itself
  EXPECT_EQ(supabase_.request_count(), 0u);
}

TEST_F(RegistryCredentials, ChallengeFromBlobStorageGetsNoCredentials) {
  std::string blobs_host;
  ScriptedServer blobs(
      Routes()
          .on("GET", "/token", [](const Request&, Conn& c) { c.respond(200, {}, R"({"token":"storage-token"})"); })
          .on("GET", "/storage/",
              [&](const Request&, Conn& c) {
                c.respond(
                    401,
                    {{"WWW-Authenticate", R"(Bearer realm="https://)" + blobs_host + R"(/token",service="storage")"}},
                    R"({"errors":[{"code":"UNAUTHORIZED"}]})");
              }),
      world_.ca().issue("blobs", {kBlobsName}));
  blobs_host = named(blobs, kBlobsName);
  ScriptedServer registry(
      Routes()
          .on("GET", "/v2/team/app/manifests/", [&](const Request& r, Conn& c) { serve_manifest(image_, r, c); })
          .on("GET", "/v2/team/app/blobs/",
              [&](const Request&, Conn& c) {
                c.respond(307, {{"Location", "https://" + blobs_host + "/storage/" + image_.config_digest}});
              }),
      world_.ca().issue("registry", {kRegistryName}));

  auto done = pin(registry);
  EXPECT_EQ(done.exit_code, 1) << done.trace.err;
  EXPECT_NE(done.last_line().find("HTTP 401"), std::string::npos) << done.trace.err;
  EXPECT_EQ(blobs.count("GET", "/token"), 0u);
  EXPECT_FALSE(blobs.saw(kBasic));
  EXPECT_FALSE(blobs.saw(kPassword));
  EXPECT_EQ(blobs.count("GET", "/storage/"), 1u);
  EXPECT_TRUE(registry.saw(kBasic));
}

TEST_F(RegistryCredentials, PlainHttpTokenRealmOnLoopbackGetsNoPassword) {
  ScriptedServer realm([](const Request&, Conn& c) { c.respond(200, {}, R"({"token":"realm-token"})"); });
  const std::string challenge = R"(Bearer realm=")" + realm.url() + R"(/token",service="registry")";
  auto bearer_only = [&](const Request& r, Conn& c, const std::string& body) {
    if (r.header("Authorization") != "Bearer realm-token") {
      c.respond(401, {{"WWW-Authenticate", challenge}}, R"({"errors":[{"code":"UNAUTHORIZED"}]})");
    } else {
      c.respond(200, {{"Content-Type", TinyImage::kManifestType}}, body);
    }
  };
  ScriptedServer registry(
      Routes()
          .on("GET", "/v2/team/app/manifests/", [&](const Request& r, Conn& c) { bearer_only(r, c, image_.manifest); })
          .on("GET", "/v2/team/app/blobs/", [&](const Request& r, Conn& c) { bearer_only(r, c, image_.config); }),
      world_.ca().issue("registry", {kRegistryName}));

  auto done = pin(registry);
  EXPECT_EQ(done.exit_code, 1) << done.trace.err;
  EXPECT_NE(done.last_line().find("which is plain http: refusing to send it credentials"), std::string::npos)
      << done.trace.err;
  EXPECT_EQ(realm.request_count(), 0u);
  EXPECT_FALSE(realm.saw(kBasic));
  EXPECT_EQ(supabase_.request_count(), 0u);
}

}  // namespace
}  // namespace flypin::hostile
