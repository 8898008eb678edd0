// Issue 24, item 11: a registry's token service answers a token that is
// public text ("sha256"). Masking it would turn every digest in every output
// into "***:...": a token is masked only when it is long and random enough to
// be one.

#include <gtest/gtest.h>

#include "programs/pin-image/hostile/pin_world.h"
#include "support/launchers/program_json.h"

namespace flypin::hostile {
namespace {

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

TEST(HostileRegistryToken, ATokenThatIsPublicTextIsNotMaskedIntoEveryOutput) {
  ScriptedImage image;
  Routes images;
  serve_image(images, image);
  std::string realm;
  ScriptedServer registry([&](const Request& r, Conn& c) {
    if (r.path == "/token") {
      c.respond(200, {{"Content-Type", "application/json"}}, R"({"token":"sha256","expires_in":300})");
    } else if (r.header("Authorization") != "Bearer sha256") {
      c.respond(401, {{"WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"registry\""}},
                R"({"errors":[{"code":"UNAUTHORIZED"}]})");
    } else {
      images(r, c);
    }
  });
  realm = registry.url() + "/token";
  PinWorld world;
  auto pin = world.run({"--image", image_ref(registry), "--json"});
  ASSERT_EQ(pin.run.exit_code, 0) << pin.run.err;
  EXPECT_EQ(e2e::json_field(pin.run.out, "digest"), image.manifest_digest) << pin.run.out;
  EXPECT_EQ(pin.outputs["digest"], image.manifest_digest);
  EXPECT_TRUE(has(pin.summary, image.manifest_digest)) << pin.summary;
  EXPECT_FALSE(has(pin.run.out, "::add-mask::sha256\n")) << pin.run.out;
  EXPECT_TRUE(registry.saw("Bearer sha256")) << "the token was used where it belongs";
}

}  // namespace
}  // namespace flypin::hostile
