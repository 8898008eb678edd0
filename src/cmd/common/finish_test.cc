#include "cmd/common/finish.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/doubles/captured_file.h"
#include "support/doubles/captured_log.h"

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
    io_ = std::make_unique<gha::ActionsIO>(env_, commands_.get());
  }
  void TearDown() override {
    io_.reset();
    std::filesystem::remove_all(dir_);
  }

  Reporting reporting(JsonOutput json) const { return {.program = "demo", .json = json, .out = stdout_.get()}; }
  std::string output_file() const { return slurp(dir_ / "output"); }
  std::string summary_file() const { return slurp(dir_ / "summary"); }

  const Finished kPinned{{{"image", std::string("r.io/app@sha256:abc")}, {"changed", true}}, "### pinned\n", {}};

  std::filesystem::path dir_;
  core::Environment env_;
  doubles::CapturedFile commands_;
  doubles::CapturedFile stdout_;
  std::unique_ptr<gha::ActionsIO> io_;
  doubles::CapturedLog log_;
};

TEST_F(Finish, ASuccessWritesOutputsAndSummaryAndNothingOnStdout) {
  EXPECT_EQ(finish(*io_, reporting(JsonOutput::kNone), kPinned), 0);
  EXPECT_NE(output_file().find("image<<"), std::string::npos) << output_file();
  EXPECT_NE(output_file().find("\nr.io/app@sha256:abc\n"), std::string::npos) << output_file();
  EXPECT_NE(output_file().find("\ntrue\n"), std::string::npos) << output_file();
  EXPECT_EQ(summary_file(), "### pinned\n");
  EXPECT_EQ(stdout_.text(), "");
  EXPECT_EQ(commands_.text().find("::error"), std::string::npos);
}

TEST_F(Finish, ASuccessWithJsonIsTheOutputsAsOneTypedObject) {
  EXPECT_EQ(finish(*io_, reporting(JsonOutput::kStdout), kPinned), 0);
  EXPECT_EQ(stdout_.text(), R"({"image":"r.io/app@sha256:abc","changed":true})"
                            "\n");
}

TEST_F(Finish, AFailureExitsWithItsStatusAnnotatesAndStillWritesWhatItKnows) {
  Finished failed = kPinned;
  failed.error = core::Error::check("the read-back does not match");
  EXPECT_EQ(finish(*io_, reporting(JsonOutput::kNone), failed), 1);
  EXPECT_NE(output_file().find("image<<"), std::string::npos);
  EXPECT_EQ(summary_file(), "### pinned\n");
  EXPECT_NE(commands_.text().find("::error title=demo failed::the read-back does not match"), std::string::npos)
      << commands_.text();
  EXPECT_NE(log_.text().find("the read-back does not match"), std::string::npos);
  EXPECT_EQ(stdout_.text(), "");
}

TEST_F(Finish, AFailureWithJsonAddsTheErrorToTheOutputs) {
  Finished failed = kPinned;
  failed.error = core::Error::usage("--image is required");
  EXPECT_EQ(finish(*io_, reporting(JsonOutput::kStdout), failed), 2);
  EXPECT_EQ(stdout_.text(), R"({"image":"r.io/app@sha256:abc","changed":true,)"
                            R"("error":{"message":"--image is required","kind":"usage","exit-status":2}})"
                            "\n");
}

// Stdout is read for workflow commands too: a server's "##[" stays the same
// JSON value and is no command.
TEST_F(Finish, TheJsonLineCarriesNoWorkflowCommand) {
  Finished forged{{{"state", std::string("##[error]forged")}}, "", {}};
  EXPECT_EQ(finish(*io_, reporting(JsonOutput::kStdout), forged), 0);
  EXPECT_EQ(stdout_.text(), R"({"state":"##\u005berror]forged"})"
                            "\n");
}

// The signal that cancelled a run decides its exit status (130, 143); none arrived here.
TEST_F(Finish, ACancelledRunIsNotAnnotated) {
  EXPECT_EQ(report_failure(*io_, reporting(JsonOutput::kNone), core::Error::cancelled()), 1);
  EXPECT_EQ(commands_.text().find("::error"), std::string::npos) << commands_.text();
}

TEST_F(Finish, ReportFailureIsAFailureWithoutResults) {
  EXPECT_EQ(report_failure(*io_, reporting(JsonOutput::kStdout), core::Error::usage("--app is required")), 2);
  EXPECT_EQ(output_file(), "");
  EXPECT_EQ(summary_file(), "");
  EXPECT_EQ(stdout_.text(), R"({"error":{"message":"--app is required","kind":"usage","exit-status":2}})"
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
