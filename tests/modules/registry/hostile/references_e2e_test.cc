// Image references end to end: pin-image refuses a digest it cannot verify
// before any request, verifies a sha512 digest instead of trusting it, and
// takes a path as long as the reference grammar allows.

#include <gtest/gtest.h>

#include "support/hostile/hostile_program.h"
#include "support/hostile/scripted_server.h"
#include "support/hostile/tiny_image.h"

namespace flypin::hostile {
namespace {

constexpr const char* kSupabaseToken = "sbp_CANARY_supabase_77d1";

class References : public ::testing::Test {
 protected:
  References() : world_({}) {}

  Finished pin(const std::string& image) {
    auto done = world_.run("pin-image", {"--image", image, "--project-ref", "abcdefghijklmnopqrst"},
                           {{"SUPABASE_ACCESS_TOKEN", kSupabaseToken}, {"SUPABASE_API_URL", supabase_.url()}});
    EXPECT_EQ(where_shown(kSupabaseToken, done.trace), "");
    return done;
  }

  HostileWorld world_;
  const TinyImage image_ = tiny_image();
  ScriptedServer registry_{Routes().on("GET", "/v2/team/app/manifests/", [this](const Request&, Conn& c) {
    c.respond(200, {{"Content-Type", TinyImage::kManifestType}}, image_.manifest);
  })};
  ScriptedServer supabase_{[](const Request&, Conn& c) { c.respond(401, {}, R"({"message":"unauthorized"})"); }};
};

TEST_F(References, DigestOfAnAlgorithmWeCannotVerifyIsRefusedBeforeAnyRequest) {
  const std::string repo = registry_.host() + "/team/app";
  for (const std::string& image : {repo + "@sha384:" + std::string(96, 'a'), repo + "@md5:" + std::string(32, 'a'),
                                   repo + ":deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D@blake3:" + std::string(64, 'a')}) {
    auto done = pin(image);
    EXPECT_EQ(done.exit_code, 2) << image << "\n" << done.trace.err;
    EXPECT_EQ(e2e::lines(done.trace.err).size(), 1u) << done.trace.err;
    EXPECT_NE(done.last_line().find("cannot be verified"), std::string::npos) << done.last_line();
  }
  EXPECT_EQ(registry_.request_count(), 0u);
  EXPECT_EQ(supabase_.request_count(), 0u);
}

TEST_F(References, Sha512DigestIsVerifiedNotTrusted) {
  auto done = pin(registry_.host() + "/team/app@sha512:" + std::string(128, 'f'));
  EXPECT_EQ(done.exit_code, 1) << done.trace.err;
  EXPECT_NE(done.last_line().find("does not match its digest"), std::string::npos) << done.trace.err;
  EXPECT_EQ(supabase_.request_count(), 0u);
}

TEST_F(References, PathMayHave255CharactersWhateverTheHost) {
  const std::string path = "team/" + std::string(240, 'a');  // 245 characters; host and path together exceed 255
  auto done = pin(registry_.host() + "/" + path + ":deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D");
  EXPECT_EQ(done.exit_code, 1) << done.trace.err;
  EXPECT_NE(done.last_line().find("not found in repository '" + path + "'"), std::string::npos) << done.trace.err;
  EXPECT_EQ(registry_.count("GET", "/v2/" + path + "/manifests/"), 1u);
}

}  // namespace
}  // namespace flypin::hostile
