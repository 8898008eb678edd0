#include "cmd/pin-image/pin_image.h"

#include <gtest/gtest.h>

#include "cmd/pin-image/summary.h"
#include "cmd/pin-image/tag_policy.h"

namespace flypin::cmd::pin_image {
namespace {

const std::string kDigest = "sha256:" + std::string(64, 'b');

core::Environment with_token() {
  return core::Environment(std::map<std::string, std::string>{{"SUPABASE_ACCESS_TOKEN", "tok-123456"}});
}

Options options(std::string image) {
  Options o;
  o.image = std::move(image);
  o.project_ref = "abcdefghijklmnopqrst";
  return o;
}

TEST(TagPolicy, DeploymentTagsAndDigestsAreImmutable) {
  for (const char* ref : {"r.io/app:deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D", "r.io/app:v1@sha256:"}) {
    std::string image = ref;
    if (image.back() == ':') image += std::string(64, 'c');
    auto parsed = registry::parse_reference(image);
    ASSERT_TRUE(parsed.ok()) << image;
    EXPECT_TRUE(is_immutable(*parsed)) << image;
  }
}

TEST(TagPolicy, MutableTagsAreRefusedUnlessAllowed) {
  auto ref = registry::parse_reference("r.io/app:v1.2").value();
  auto st = check_tag_policy(ref, MutableTags::kRefuse);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, core::ErrorKind::kUsage);
  EXPECT_NE(st.error().message.find("--allow-mutable-tag"), std::string::npos);
  EXPECT_TRUE(check_tag_policy(ref, MutableTags::kAllow).ok());
}

TEST(Validate, AcceptsAGoodPlan) { EXPECT_TRUE(validate(options("r.io/app@" + kDigest), with_token()).ok()); }

TEST(Validate, DryRunNeedsNoToken) {
  auto o = options("r.io/app@" + kDigest);
  o.dry_run = true;
  EXPECT_TRUE(validate(o, core::Environment()).ok());
  o.dry_run = false;
  EXPECT_FALSE(validate(o, core::Environment()).ok());
}

TEST(Validate, DryRunAndCheckOnlyExcludeEachOther) {
  auto o = options("r.io/app@" + kDigest);
  o.dry_run = o.check_only = true;
  auto st = validate(o, with_token());
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, core::ErrorKind::kUsage);
}

TEST(Validate, EveryBadInputIsAUsageError) {
  std::vector<Options> bad;
  bad.push_back(options(""));
  bad.push_back(options("r.io/App:deployment-1"));
  bad.push_back(options("r.io/app:latest"));
  auto o = options("r.io/app@" + kDigest);
  o.project_ref = "too-short";
  bad.push_back(o);
  o = options("r.io/app@" + kDigest);
  o.secret_name = "SUPABASE_DB_URL";
  bad.push_back(o);
  o = options("r.io/app@" + kDigest);
  o.platform = "linux";
  bad.push_back(o);
  for (const auto& b : bad) {
    auto st = validate(b, with_token());
    ASSERT_FALSE(st.ok()) << b.image;
    EXPECT_EQ(st.error().kind, core::ErrorKind::kUsage) << st.error().message;
    EXPECT_EQ(st.error().message.find('\n'), std::string::npos) << "one line: " << st.error().message;
  }
}

TEST(Validate, BadFlagCombinationsAreUsageErrors) {
  const std::string image = "r.io/app@" + kDigest;
  auto with = [&](auto change) {
    Options o = options(image);
    change(o);
    return validate(o, with_token());
  };
  std::vector<core::Result<Plan>> bad;
  bad.push_back(with([](Options& o) { o.status = o.rollback = true; }));
  bad.push_back(with([](Options& o) { o.status = true; }));  // --status takes no --image
  bad.push_back(with([](Options& o) {
    o.image.clear();
    o.status = o.allow_older = true;
  }));
  bad.push_back(with([&](Options& o) { o.rollback_to = image; }));  // --to without --rollback
  bad.push_back(with([](Options& o) { o.image_repository = "r.io/app"; }));
  bad.push_back(with([](Options& o) {
    o.image.clear();
    o.rollback = true;  // no --to, and no GITHUB_TOKEN for the history
  }));
  bad.push_back(with([](Options& o) {
    o.image.clear();
    o.rollback = o.dry_run = true;
  }));
  for (const auto& b : bad) {
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.error().kind, core::ErrorKind::kUsage) << b.error().message;
    EXPECT_EQ(b.error().message.find('\n'), std::string::npos) << b.error().message;
  }
}

TEST(Validate, HistoryFromTheWorkflowEnvironment) {
  auto env = core::Environment(std::map<std::string, std::string>{{"SUPABASE_ACCESS_TOKEN", "t"},
                                                                  {"GITHUB_TOKEN", "ghs_x"},
                                                                  {"GITHUB_REPOSITORY", "o/r"},
                                                                  {"GITHUB_SHA", std::string(40, 'a')},
                                                                  {"GITHUB_SERVER_URL", "https://github.example"},
                                                                  {"GITHUB_RUN_ID", "77"}});
  auto plan = validate(options("r.io/app@" + kDigest), env).value();
  EXPECT_EQ(plan.history.environment, "supabase-abcdefghijklmnopqrst");
  EXPECT_EQ(plan.history.run_url, "https://github.example/o/r/actions/runs/77");
  EXPECT_EQ(plan.history.token, "ghs_x");
  EXPECT_EQ(plan.freshness, Freshness::kGuard);
  auto o = options("r.io/app@" + kDigest);
  o.environment = "prod";
  o.allow_older = true;
  plan = validate(o, with_token()).value();
  EXPECT_EQ(plan.history.environment, "prod");
  EXPECT_EQ(plan.history.token, "");
  EXPECT_EQ(plan.history.missing, "GITHUB_TOKEN is not set");
  EXPECT_EQ(plan.freshness, Freshness::kAllowOlder);
}

TEST(Summary, SaysWhatHappened) {
  const auto plan = validate(options("r.io/app@" + kDigest), with_token()).value();
  Result result;
  result.outcome.image = "r.io/app@" + kDigest;
  result.outcome.secret_name = "DOCKER_IMAGE";
  result.outcome.changed = true;
  EXPECT_NE(summary_markdown(plan, result).find("### pin-image: pinned"), std::string::npos);
  result.outcome.changed = false;
  EXPECT_NE(summary_markdown(plan, result).find("already pinned"), std::string::npos);
}

TEST(Summary, AFailureSaysWhetherTheSecretChanged) {
  const auto plan = validate(options("r.io/app@" + kDigest), with_token()).value();
  Result result;
  result.outcome.secret_name = "DOCKER_IMAGE";
  result.error = core::Error::check("read-back | failed\nbadly");
  EXPECT_NE(summary_markdown(plan, result).find("### pin-image: failed, secret unchanged"), std::string::npos);
  result.outcome.changed = true;
  const auto md = summary_markdown(plan, result);
  EXPECT_NE(md.find("### pin-image: changed, not verified"), std::string::npos) << md;
  EXPECT_NE(md.find("| error | read-back \\| failed badly |"), std::string::npos) << md;
}

TEST(TagPolicy, DeploymentPrefixWithoutAUlidIsMutable) {
  for (const char* image : {"r.io/app:deployment-latest", "r.io/app:deployment-"}) {
    auto ref = registry::parse_reference(image).value();
    EXPECT_FALSE(is_immutable(ref)) << image;
    auto st = check_tag_policy(ref, MutableTags::kRefuse);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().message.find("is not deployment-<ULID>"), std::string::npos) << st.error().message;
  }
}

}  // namespace
}  // namespace flypin::cmd::pin_image
