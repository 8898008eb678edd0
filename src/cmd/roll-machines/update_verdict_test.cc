#include "cmd/roll-machines/update_verdict.h"

#include <gtest/gtest.h>

namespace flypin::cmd::roll_machines {
namespace {

fly::Machine machine(const std::string& image, const std::string& version) {
  fly::Machine m;
  m.config.image = image;
  m.instance_id = version;
  return m;
}

TEST(UpdateVerdict, TheMachineNotTheAnswerSaysWhetherAnUpdateWasApplied) {
  const std::string pin = "r/app@sha256:" + std::string(64, 'b');
  EXPECT_EQ(judge_update(machine(pin, "v2"), pin, "v1"), Applied::kYes) << "applied, its answer lost";
  EXPECT_EQ(judge_update(machine(pin, "v1"), pin, "v1"), Applied::kYes);
  EXPECT_EQ(judge_update(machine("r/app:old", "v1"), pin, "v1"), Applied::kNo);
  EXPECT_EQ(judge_update(machine("r/app:other", "v3"), pin, "v1"), Applied::kChangedMeanwhile);
}

TEST(UpdateVerdict, NoAnswerA408A5xxOrA412MayHaveBeenApplied) {
  core::Error e;
  e.kind = core::ErrorKind::kNetwork;
  EXPECT_TRUE(is_ambiguous(e));
  e.kind = core::ErrorKind::kTimeout;
  EXPECT_TRUE(is_ambiguous(e));
  e.kind = core::ErrorKind::kHttp;
  for (int s : {408, 412, 500, 502, 503, 504}) {
    e.http_status = s;
    EXPECT_TRUE(is_ambiguous(e)) << s;
  }
  for (int s : {400, 404, 409, 422}) {
    e.http_status = s;
    EXPECT_FALSE(is_ambiguous(e)) << s;
  }
}

}  // namespace
}  // namespace flypin::cmd::roll_machines
