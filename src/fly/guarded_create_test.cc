#include "fly/guarded_create.h"

#include <gtest/gtest.h>

#include "support/doubles/fake_clock.h"
#include "support/doubles/fake_fly_api.h"

namespace flypin::fly {
namespace {

using namespace std::chrono_literals;
using doubles::FakeFlyApi;

struct GuardedCreateTest : ::testing::Test {
  FakeFlyApi api;
  doubles::FakeClock clock;
  Client client{api, clock, ClientSettings{.base_url = "http://127.0.0.1:1", .token = "t"}};
  GuardedCreate create{client, clock};
  CreateMachineRequest request{.name = "smoke-local-abcdef", .region = "sin", .image = "127.0.0.1:5000/app:t"};

  core::Result<Machine> run() { return create.run("app1", request, clock.now() + 60s); }
  int posts() const { return api.count("POST", "/v1/apps/app1/machines"); }
  int lists() const { return api.count("GET", "/v1/apps/app1/machines?"); }
};

TEST_F(GuardedCreateTest, EveryCreateCarriesItsOwnMarker) {
  ASSERT_TRUE(run().ok());
  EXPECT_EQ(create.marker().size(), 16u);
  EXPECT_NE(api.created_body.find(std::string(R"("flypin_create":")") + create.marker()), std::string::npos)
      << api.created_body;
  EXPECT_NE(GuardedCreate(client, clock).marker(), create.marker());
  EXPECT_EQ(lists(), 0) << "a clean create needs no search";
}

TEST_F(GuardedCreateTest, AMachineCreatedBehindA500IsFoundByItsMarkerNotCreatedTwice) {
  for (int status : {500, 502, 200}) {
    api = FakeFlyApi();
    api.garbled_creates = 1;
    api.garbled_status = status;
    api.garbled_body = status == 200 ? "<html>not json</html>" : R"({"error":"internal"})";
    auto m = run();
    ASSERT_TRUE(m.ok()) << status << ": " << m.error().describe();
    EXPECT_EQ(m->id, "148ed123456789");
    EXPECT_EQ(posts(), 1) << status;
    EXPECT_GE(lists(), 1) << status;
  }
}

TEST_F(GuardedCreateTest, A5xxThatCreatedNothingIsSentAgainWithTheSameNameAndMarker) {
  api.queue("POST", 502, "<html>bad gateway</html>");
  auto m = run();
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_EQ(posts(), 2);
  EXPECT_EQ(lists(), 1);
  EXPECT_NE(api.seen.back().body.find(create.marker()), std::string::npos);
  EXPECT_NE(api.seen.back().body.find(request.name), std::string::npos);
}

TEST_F(GuardedCreateTest, AnAPIThatCannotBeReachedCreatedNothingAndIsNotSearched) {
  api.unreachable = true;
  auto m = run();
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(create.existence(), Existence::kNone);
  EXPECT_NE(m.error().message.find("no machine was created"), std::string::npos) << m.error().message;
  EXPECT_EQ(posts(), 1);
  EXPECT_EQ(lists(), 0);
  EXPECT_EQ(clock.slept(), 0ms);
}

TEST_F(GuardedCreateTest, ASearchThatCannotReachTheAPIEndsBeforeTheDeadline) {
  // The create is answered 502 (it may have happened), then the API goes away:
  // the search returns instead of asking every second until the deadline, and
  // whether the machine exists stays for the caller's cleanup to find out.
  api.queue("POST", 502, "<html>bad gateway</html>");
  api.unreachable_after = 1;
  auto m = run();
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(create.existence(), Existence::kUnknown) << "a 502 was an answer: the create may have landed";
  EXPECT_EQ(lists(), 1);
  EXPECT_LT(clock.slept(), 5s);
}

TEST_F(GuardedCreateTest, ANameTakenByAMachineWithoutOurMarkerIsNotOurs) {
  api.state = "started";  // a machine exists, but its metadata has no marker of ours
  api.queue("POST", 409, R"({"error":"a machine with the name \"smoke-local-abcdef\" already exists"})");
  auto m = run();
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, core::ErrorKind::kCheck);
  EXPECT_EQ(create.existence(), Existence::kNone);
  EXPECT_EQ(posts(), 1);
  EXPECT_EQ(api.count("DELETE", ""), 0);
}

TEST_F(GuardedCreateTest, ARefusalIsFinalAndNeedsNoSearch) {
  api.queue("POST", 422, R"({"error":"invalid image"})");
  auto m = run();
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().http_status, 422);
  EXPECT_EQ(posts(), 1);
  EXPECT_EQ(lists(), 0);
  EXPECT_EQ(create.existence(), Existence::kNone);
}

TEST_F(GuardedCreateTest, RateLimitedCreatesAreWaitedOutAndSentAgain) {
  api.queue("POST", 429, R"({"error":"rate limit exceeded"})");
  api.queue("POST", 429, R"({"error":"rate limit exceeded"})");
  ASSERT_TRUE(run().ok());
  EXPECT_EQ(posts(), 3);
  EXPECT_EQ(lists(), 0);
  EXPECT_GE(clock.slept(), 3s);
}

TEST_F(GuardedCreateTest, WhenTheListCannotBeReadTheMachineMayExist) {
  api.garbled_creates = 1;
  for (int i = 0; i < 200; ++i) api.queue("/machines?include_deleted", 503, R"({"error":"unavailable"})");
  auto m = run();
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(create.existence(), Existence::kUnknown);
  EXPECT_EQ(posts(), 1) << "never create again while the first one's fate is unknown";
  EXPECT_NE(m.error().message.find("could not be found out"), std::string::npos) << m.error().message;
}

TEST_F(GuardedCreateTest, A200WithoutAUsableIdThatTheListDoesNotShowMayExist) {
  api.queue("POST", 200, R"({"id":"148ed1\n::error::forged","state":"created"})");
  auto m = run();
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, core::ErrorKind::kDecode);
  EXPECT_EQ(create.existence(), Existence::kUnknown);
  EXPECT_EQ(posts(), 1);
  EXPECT_GE(clock.slept(), 5s) << "the list was given time to catch up";
}

TEST_F(GuardedCreateTest, FindCreatedMatchesMarkerAndName) {
  ASSERT_TRUE(run().ok());
  auto found = find_created(client, "app1", request.name, create.marker());
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  auto other = find_created(client, "app1", request.name, "0000000000000000");
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->has_value());
}

}  // namespace
}  // namespace flypin::fly
