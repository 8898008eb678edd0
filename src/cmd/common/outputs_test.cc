#include "cmd/common/outputs.h"

#include <gtest/gtest.h>

namespace flypin::cmd {
namespace {

TEST(OutputText, IsWhatGithubOutputGets) {
  EXPECT_EQ(output_text(std::string("r.io/app:t")), "r.io/app:t");
  EXPECT_EQ(output_text(42LL), "42");
  EXPECT_EQ(output_text(false), "false");
  OutputRecords records{core::json::FlatObject().add("id", "m1")};
  EXPECT_EQ(output_text(records), R"([{"id":"m1"}])");
}

TEST(OutputsJson, KeepsTheOrderAndTheTypes) {
  const OutputList outputs{{"machine-id", std::string("m1")}, {"boot-ms", 1200LL}, {"destroyed", true}};
  EXPECT_EQ(outputs_json(outputs).str(), R"({"machine-id":"m1","boot-ms":1200,"destroyed":true})");
}

}  // namespace
}  // namespace flypin::cmd
