// Issue 24, item 1: the deployment history is input. Anyone who can create a
// deployment in the repository can name any image in its payload; the
// registry credential given for the user's registry never goes to another
// registry a deployment names, and --rollback never pins an image of another
// repository than the live one (or --image-repository). Such pins are listed
// as foreign.

#include <gtest/gtest.h>

#include <memory>

#include "core/crypto.h"
#include "programs/pin-image/hostile/pin_world.h"
#include "support/launchers/program_json.h"

namespace flypin::hostile {
namespace {

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

struct Registries {
  testbed::LocalRegistry own{testbed::AuthMode::kBasic};  // the user's, with its credential
  ScriptedImage image;
  Routes foreign_routes;
  ScriptedServer foreign{serve_image(foreign_routes, image)};  // serves any tag of team/app to anyone

  Registries() {
    own.push_image("team/app", kOldestTag);
    own.push_image("team/app", kLiveTag);
  }
  std::string own_image(const std::string& tag) const { return own.host() + "/team/app:" + tag; }
  std::string foreign_image() const { return foreign.host() + "/team/app:" + kOlderTag; }

  // Every form the credential travels in: the password and the Basic header's base64.
  bool foreign_saw_credential() const {
    return foreign.saw(own.password()) || foreign.saw(core::base64_encode(own.username() + ":" + own.password()));
  }
  std::map<std::string, std::string> env() const {
    return {{"REGISTRY_USERNAME", own.username()}, {"REGISTRY_PASSWORD", own.password()}};
  }
};

Registries& registries() {
  static auto* r = new Registries;
  return *r;
}

// History, newest first: the live pin, a collaborator's deployment naming another
// registry (reached success), the pin before the live one.
void lay_down(PinWorld& world) {
  auto& r = registries();
  world.supabase.store.seed(kSecret, r.own_image(kLiveTag));
  world.pinned(3, r.own_image(kLiveTag));
  world.pinned(2, r.foreign_image());
  world.pinned(1, r.own_image(kOldestTag));
}

TEST(HostileHistory, StatusSendsNoCredentialToARegistryADeploymentNames) {
  auto& r = registries();
  PinWorld world;
  lay_down(world);
  const size_t before = r.foreign.request_count();
  auto status = world.run({"--status", "--json", "--image-repository", r.own.host() + "/team/app"}, r.env());
  EXPECT_EQ(status.run.exit_code, 0) << status.run.err;
  EXPECT_FALSE(r.foreign_saw_credential()) << "the registry password went to " << r.foreign.host();
  EXPECT_EQ(r.foreign.request_count(), before) << "a foreign pin is listed, not checked";
  EXPECT_EQ(e2e::json_field(status.run.out, "live-image"), r.own_image(kLiveTag)) << status.run.out;
  EXPECT_NE(e2e::json_field(status.run.out, "live-digest").rfind("sha256:", 0), std::string::npos) << status.run.err;
  const std::string previous = e2e::json_field(status.run.out, "previous-images");
  EXPECT_TRUE(has(previous, r.foreign_image() + " foreign\n")) << previous;
  EXPECT_TRUE(has(previous, r.own_image(kOldestTag) + " exists\n")) << previous;
}

TEST(HostileHistory, RollbackNeverPinsAnImageOfAnotherRegistry) {
  auto& r = registries();
  PinWorld world;
  lay_down(world);
  auto rollback = world.run({"--rollback", "--image-repository", r.own.host() + "/team/app"}, r.env());
  EXPECT_FALSE(r.foreign_saw_credential()) << "the registry password went to " << r.foreign.host();
  EXPECT_EQ(world.supabase.store.value(kSecret), r.own_image(kOldestTag)) << rollback.run.err;
  EXPECT_EQ(rollback.run.exit_code, 0) << rollback.run.err;
  EXPECT_TRUE(has(rollback.run.err, r.foreign_image())) << "the foreign pin is named as skipped\n" << rollback.run.err;
}

}  // namespace
}  // namespace flypin::hostile
