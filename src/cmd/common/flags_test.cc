#include "cmd/common/flags.h"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <vector>

#include "core/json.h"
#include "support/doubles/captured_file.h"
#include "support/doubles/captured_log.h"

namespace flypin::cmd {
namespace {

// A program with one flag of each kind, its log and its stdout captured.
class ParseFlags : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = make_app("demo", "A demo program.");
    app_->add_option("--image", image_, "An image");
    app_->add_option("--env", env_, "K=V (repeatable)")->take_all();
    app_->add_flag("--reap", reap_, "Reap");
  }
  ParsedFlags parse(std::vector<std::string> args) {
    args.insert(args.begin(), "demo");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    return parse_flags(*app_, static_cast<int>(argv.size()), argv.data(), out_.get());
  }
  std::string out() const { return out_.text(); }
  std::string log() const { return log_.text(); }
  static long lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

  // The `error` object of the one JSON line on stdout.
  const rapidjson::Value* json_error(rapidjson::Document& doc) const {
    const auto text = out();
    EXPECT_EQ(lines(text), 1) << text;
    auto parsed = core::json::parse(text, "stdout");
    EXPECT_TRUE(parsed.ok()) << text;
    if (!parsed.ok()) return nullptr;
    doc = std::move(*parsed);
    return core::json::get_object(doc, "error");
  }

  doubles::CapturedLog log_;
  doubles::CapturedFile out_;
  AppPtr app_;
  std::string image_;
  std::vector<std::string> env_;
  bool reap_ = false;
};

TEST_F(ParseFlags, GoodFlagsGoOnWithoutJson) {
  auto parsed = parse({"--image", "r.io/app:t", "--reap"});
  EXPECT_FALSE(parsed.exit.has_value());
  EXPECT_EQ(parsed.json, JsonOutput::kNone);
  EXPECT_EQ(image_, "r.io/app:t");
  EXPECT_TRUE(reap_);
  EXPECT_EQ(out(), "");
}

TEST_F(ParseFlags, JsonIsEveryProgramsFlag) {
  auto parsed = parse({"--json"});
  EXPECT_FALSE(parsed.exit.has_value());
  EXPECT_EQ(parsed.json, JsonOutput::kStdout);
}

TEST_F(ParseFlags, JsonFalseIsNoJson) { EXPECT_EQ(parse({"--json=false"}).json, JsonOutput::kNone); }

TEST_F(ParseFlags, ABadFlagIsExit2AndOneLineWithNothingOnStdout) {
  auto parsed = parse({"--image", "x", "--no-such-flag"});
  ASSERT_TRUE(parsed.exit.has_value());
  EXPECT_EQ(*parsed.exit, 2);
  EXPECT_EQ(lines(log()), 1) << log();
  EXPECT_NE(log().find("--no-such-flag"), std::string::npos) << log();
  EXPECT_NE(log().find("(see --help)"), std::string::npos) << log();
  EXPECT_EQ(out(), "");
}

// CLI11 reads every argument before it throws: --json counts before and after the bad flag.
void expect_json_usage_error(const rapidjson::Value* error, const std::string& text) {
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(core::json::get_string(*error, "kind").value_or(""), "usage");
  EXPECT_EQ(core::json::get_int(*error, "exit-status").value_or(0), 2);
  EXPECT_NE(core::json::get_string(*error, "message").value_or("").find(text), std::string::npos);
}

TEST_F(ParseFlags, ABadFlagAfterJsonIsOneJsonObject) {
  auto parsed = parse({"--json", "--no-such-flag"});
  EXPECT_EQ(parsed.exit.value_or(0), 2);
  EXPECT_EQ(parsed.json, JsonOutput::kStdout);
  rapidjson::Document doc;
  expect_json_usage_error(json_error(doc), "--no-such-flag");
}

TEST_F(ParseFlags, ABadFlagBeforeJsonIsOneJsonObject) {
  auto parsed = parse({"--no-such-flag", "--json"});
  EXPECT_EQ(parsed.exit.value_or(0), 2);
  rapidjson::Document doc;
  expect_json_usage_error(json_error(doc), "--no-such-flag");
}

TEST_F(ParseFlags, AMissingValueWithJsonIsOneJsonObject) {
  auto parsed = parse({"--json", "--image"});
  EXPECT_EQ(parsed.exit.value_or(0), 2);
  rapidjson::Document doc;
  expect_json_usage_error(json_error(doc), "--image needs a value");
}

TEST_F(ParseFlags, AFlagGivenTwiceIsSaidInTheUsersWords) {
  auto parsed = parse({"--image", "a", "--image", "b"});
  EXPECT_EQ(parsed.exit.value_or(0), 2);
  EXPECT_NE(log().find("--image was given 2 times: give it once"), std::string::npos) << log();
  EXPECT_EQ(log().find("At Most"), std::string::npos) << log();
  EXPECT_EQ(lines(log()), 1) << log();
}

TEST_F(ParseFlags, AFlagWithoutItsValueIsSaidInTheUsersWords) {
  auto parsed = parse({"--reap", "--image"});
  EXPECT_EQ(parsed.exit.value_or(0), 2);
  EXPECT_NE(log().find("--image needs a value"), std::string::npos) << log();
  EXPECT_EQ(log().find("required"), std::string::npos) << log();
}

TEST_F(ParseFlags, JsonWithAValueThatIsNoBooleanIsABadFlagReportedAsJson) {
  auto parsed = parse({"--json=maybe"});
  EXPECT_EQ(parsed.exit.value_or(0), 2);
  rapidjson::Document doc;
  const auto* error = json_error(doc);
  ASSERT_NE(error, nullptr);
  EXPECT_NE(core::json::get_string(*error, "message").value_or("").find("--json"), std::string::npos);
}

TEST_F(ParseFlags, HelpListsJsonAfterTheProgramsFlagsAndExits0) {
  auto parsed = parse({"--help"});
  EXPECT_EQ(parsed.exit.value_or(-1), 0);
  const auto help = out();
  ASSERT_NE(help.find("--json"), std::string::npos) << help;
  EXPECT_LT(help.find("--reap"), help.find("--json")) << help;
  EXPECT_EQ(log(), "");
}

TEST_F(ParseFlags, VersionExits0) {
  auto parsed = parse({"--version"});
  EXPECT_EQ(parsed.exit.value_or(-1), 0);
  EXPECT_EQ(out().rfind("demo ", 0), 0u) << out();
}

}  // namespace
}  // namespace flypin::cmd
