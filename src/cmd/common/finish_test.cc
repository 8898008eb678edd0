#include "cmd/common/finish.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace flypin::cmd {
namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// A run's last step under Actions: GITHUB_OUTPUT and the step summary are
// files, workflow commands and --json's stdout are files too.
class Finish : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("flypin-finish-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    env_ = core::Environment({{"GITHUB_ACTIONS", "true"},
                              {"GITHUB_OUTPUT", (dir_ / "output").string()},
                              {"GITHUB_STEP_SUMMARY", (dir_ / "summary").string()}});
    commands_ = std::tmpfile();
    stdout_ = std::tmpfile();
    io_ = std::make_unique<gha::ActionsIO>(env_, commands_);
    previous_ = spdlog::default_logger();
    spdlog::set_default_logger(
        std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log_)));
    spdlog::set_pattern("%v");
  }
  void TearDown() override {
    spdlog::set_default_logger(previous_);
    io_.reset();
    std::fclose(commands_);
    std::fclose(stdout_);
    std::filesystem::remove_all(dir_);
  }

  Reporting reporting(JsonOutput json) const { return {.program = "demo", .json = json, .out = stdout_}; }
  static std::string text_of(std::FILE* f) {
    std::rewind(f);
    std::string text;
    for (int c = std::fgetc(f); c != EOF; c = std::fgetc(f)) text += static_cast<char>(c);
    return text;
  }
  std::string output_file() const { return slurp(dir_ / "output"); }
  std::string summary_file() const { return slurp(dir_ / "summary"); }

  const Finished kPinned{{{"image", std::string("r.io/app@sha256:abc")}, {"changed", true}}, "### pinned\n", {}};

  std::filesystem::path dir_;
  core::Environment env_;
  std::FILE* commands_ = nullptr;
  std::FILE* stdout_ = nullptr;
  std::unique_ptr<gha::ActionsIO> io_;
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream log_;
};

TEST_F(Finish, ASuccessWritesOutputsAndSummaryAndNothingOnStdout) {
  EXPECT_EQ(finish(*io_, reporting(JsonOutput::kNone), kPinned), 0);
  EXPECT_NE(output_file().find("image<<"), std::string::npos) << output_file();
  EXPECT_NE(output_file().find("\nr.io/app@sha256:abc\n"), std::string::npos) << output_file();
  EXPECT_NE(output_file().find("\ntrue\n"), std::string::npos) << output_file();
  EXPECT_EQ(summary_file(), "### pinned\n");
  EXPECT_EQ(text_of(stdout_), "");
  EXPECT_EQ(text_of(commands_).find("::error"), std::string::npos);
}

TEST_F(Finish, ASuccessWithJsonIsTheOutputsAsOneTypedObject) {
  EXPECT_EQ(finish(*io_, reporting(JsonOutput::kStdout), kPinned), 0);
  EXPECT_EQ(text_of(stdout_), R"({"image":"r.io/app@sha256:abc","changed":true})"
                              "\n");
}

TEST_F(Finish, AFailureExitsWithItsStatusAnnotatesAndStillWritesWhatItKnows) {
  Finished failed = kPinned;
  failed.error = core::Error::check("the read-back does not match");
  EXPECT_EQ(finish(*io_, reporting(JsonOutput::kNone), failed), 1);
  EXPECT_NE(output_file().find("image<<"), std::string::npos);
  EXPECT_EQ(summary_file(), "### pinned\n");
  EXPECT_NE(text_of(commands_).find("::error title=demo failed::the read-back does not match"), std::string::npos)
      << text_of(commands_);
  EXPECT_NE(log_.str().find("the read-back does not match"), std::string::npos);
  EXPECT_EQ(text_of(stdout_), "");
}

TEST_F(Finish, AFailureWithJsonAddsTheErrorToTheOutputs) {
  Finished failed = kPinned;
  failed.error = core::Error::usage("--image is required");
  EXPECT_EQ(finish(*io_, reporting(JsonOutput::kStdout), failed), 2);
  EXPECT_EQ(text_of(stdout_), R"({"image":"r.io/app@sha256:abc","changed":true,)"
                              R"("error":{"message":"--image is required","kind":"usage","exit-status":2}})"
                              "\n");
}

// The signal that cancelled a run decides its exit status (130, 143); none arrived here.
TEST_F(Finish, ACancelledRunIsNotAnnotated) {
  EXPECT_EQ(report_failure(*io_, reporting(JsonOutput::kNone), core::Error::cancelled()), 1);
  EXPECT_EQ(text_of(commands_).find("::error"), std::string::npos) << text_of(commands_);
}

TEST_F(Finish, ReportFailureIsAFailureWithoutResults) {
  EXPECT_EQ(report_failure(*io_, reporting(JsonOutput::kStdout), core::Error::usage("--app is required")), 2);
  EXPECT_EQ(output_file(), "");
  EXPECT_EQ(summary_file(), "");
  EXPECT_EQ(text_of(stdout_), R"({"error":{"message":"--app is required","kind":"usage","exit-status":2}})"
                              "\n");
}

TEST(ErrorJson, NamesTheApiAndHttpStatusWhenKnown) {
  core::Error e;
  e.kind = core::ErrorKind::kHttp;
  e.message = "list machines failed";
  e.api = "Fly Machines API";
  e.http_status = 403;
  const auto json = error_json(e, 1).str();
  EXPECT_NE(json.find(R"("kind":"http")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("exit-status":1)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("api":"Fly Machines API")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("http-status":403)"), std::string::npos) << json;
  EXPECT_EQ(error_json(core::Error::usage("x"), 2).str().find("api"), std::string::npos);
}

}  // namespace
}  // namespace flypin::cmd
