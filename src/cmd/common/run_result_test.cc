#include "cmd/common/run_result.h"

#include <gtest/gtest.h>

#include <string>

namespace flypin::cmd {
namespace demo {

// A program as cmd::finished sees it: a Plan, an Outcome, and its own
// outputs_of and summary_markdown beside them.
struct Plan {
  std::string app = "app1";
};
struct Outcome {
  std::string machine_id;
};
using Result = RunResult<Outcome>;

OutputList outputs_of(const Plan&, const Result& result) { return {{"machine-id", result.outcome.machine_id}}; }
std::string summary_markdown(const Plan& plan, const Result& result) {
  return "### " + plan.app + (result.ok() ? ": healthy" : ": failed") + "\n";
}

}  // namespace demo
namespace {

TEST(RunResult, KeepsTheOutcomeOfAFailedRun) {
  auto failed = run_result(demo::Outcome{"m1"}, core::Error::check("unhealthy"));
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(failed.outcome.machine_id, "m1");
  EXPECT_EQ(failed.error->message, "unhealthy");
  auto passed = run_result(demo::Outcome{"m2"}, core::ok_status());
  EXPECT_TRUE(passed.ok());
  EXPECT_FALSE(passed.error.has_value());
}

TEST(Finished, IsTheProgramsOutputsAndSummaryAndTheError) {
  const demo::Plan plan;
  auto done = finished(plan, run_result(demo::Outcome{"m1"}, core::ok_status()));
  ASSERT_EQ(done.outputs.size(), 1u);
  EXPECT_EQ(done.outputs[0].name, "machine-id");
  EXPECT_EQ(output_text(done.outputs[0].value), "m1");
  EXPECT_EQ(done.summary, "### app1: healthy\n");
  EXPECT_FALSE(done.error.has_value());

  done = finished(plan, run_result(demo::Outcome{"m1"}, core::Error::usage("--app is required")));
  EXPECT_EQ(done.summary, "### app1: failed\n");
  ASSERT_TRUE(done.error.has_value());
  EXPECT_EQ(done.error->kind, core::ErrorKind::kUsage);
  EXPECT_EQ(done.outputs.size(), 1u) << "a failed run still says what it knows";
}

}  // namespace
}  // namespace flypin::cmd
