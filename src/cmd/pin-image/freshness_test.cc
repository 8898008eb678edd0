#include "cmd/pin-image/freshness.h"

#include <gtest/gtest.h>

#include "core/crypto.h"

namespace flypin::cmd::pin_image {
namespace {

const std::string kOld = "r.io/app:deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D";
const std::string kNew = "r.io/app:deployment-01JG9B3K7N5P2Q4R6S8T0V1W2X";

FreshnessInput input(const std::string& ours, const std::optional<Candidate>& live) {
  return {.image = ours, .build_ms = build_time_of(ours, {}), .secret_set = true, .live = live};
}
Candidate candidate(const std::string& image) { return {.image = image, .build_ms = build_time_of(image, {})}; }

TEST(Freshness, AnOlderImageIsRefusedNamingBothBuildTimes) {
  auto st = check_freshness(input(kOld, candidate(kNew)), Freshness::kGuard, UnknownLive::kWarn);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, core::ErrorKind::kCheck);
  EXPECT_NE(st.error().message.find("2024-11-21T17:26:30.968Z"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("2024-12-29T13:53:49.813Z"), std::string::npos) << st.error().message;
  EXPECT_EQ(st.error().message.find('\n'), std::string::npos);
  EXPECT_TRUE(check_freshness(input(kOld, candidate(kNew)), Freshness::kAllowOlder, UnknownLive::kWarn).ok());
}

TEST(Freshness, NewerOrFirstPinsPass) {
  EXPECT_TRUE(check_freshness(input(kNew, candidate(kOld)), Freshness::kGuard, UnknownLive::kFail).ok());
  auto first = input(kOld, std::nullopt);
  first.secret_set = false;
  EXPECT_TRUE(check_freshness(first, Freshness::kGuard, UnknownLive::kFail).ok());
}

TEST(Freshness, UnknownLiveWarnsOrFails) {
  EXPECT_TRUE(check_freshness(input(kOld, std::nullopt), Freshness::kGuard, UnknownLive::kWarn).ok());
  auto st = check_freshness(input(kOld, std::nullopt), Freshness::kGuard, UnknownLive::kFail);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("--require-known-live"), std::string::npos);
  // A live image with no build time is as unknown as no live image.
  EXPECT_FALSE(check_freshness(input(kNew, candidate("r.io/app@sha256:" + std::string(64, 'a'))), Freshness::kGuard,
                               UnknownLive::kFail)
                   .ok());
}

TEST(LiveImage, TheHistoryComesFirstAndTagsFillIn) {
  PinRecord pin{.deployment_id = 7, .image = "r.io/app@sha256:" + std::string(64, 'a'), .build_ms = 1000};
  auto repo = registry::parse_reference("r.io/app").value();
  const std::vector<PinRecord> pins = {pin};
  auto all = candidates(pins, &repo, {"deployment-01JG9B3K7N5P2Q4R6S8T0V1W2X", "latest"});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].build_ms, 1000);
  EXPECT_EQ(all[0].pin->deployment_id, 7);
  auto live = find_live(core::sha256_hex(kNew), all);
  ASSERT_TRUE(live);
  EXPECT_EQ(live->image, kNew);
  EXPECT_EQ(live->build_ms, 1735480429813);
  EXPECT_FALSE(find_live(core::sha256_hex("r.io/other:x"), all));
}

TEST(History, PayloadRoundTrips) {
  github::Deployment d;
  d.id = 9;
  d.sha = "abc";
  auto payload = pin_payload({.image = kNew, .digest = "sha256:d", .build_ms = 1735480429813}, "https://run");
  for (const auto& [k, v] : payload.raw()) d.payload[k] = v.substr(1, v.size() - 2);  // JSON strings, unquoted
  auto pin = pin_record(d);
  ASSERT_TRUE(pin);
  EXPECT_EQ(pin->image, kNew);
  EXPECT_EQ(pin->build_ms, 1735480429813);
  EXPECT_EQ(pin->run_url, "https://run");
  EXPECT_EQ(pin->commit, "abc");
  EXPECT_FALSE(pin_record(github::Deployment{}));
  // A payload's image is input: one that is no reference is no pin.
  d.payload["image"] = kNew + "\nevil.test/x:v1 exists";
  EXPECT_FALSE(pin_record(d));
}

}  // namespace
}  // namespace flypin::cmd::pin_image
