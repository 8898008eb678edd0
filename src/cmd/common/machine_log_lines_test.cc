#include "cmd/common/machine_log_lines.h"

#include <gtest/gtest.h>

#include "support/doubles/captured_file.h"
#include "support/doubles/captured_log.h"

namespace flypin::cmd {
namespace {

fly::LogEntry line(const std::string& message, const std::string& provider = "app") {
  fly::LogEntry e;
  e.timestamp = "2026-04-16T14:00:00.5Z";
  e.message = message;
  e.level = "info";
  e.instance = "148ed123456789";
  e.region = "sin";
  e.provider = provider;
  return e;
}

fly::MachineLogs two_lines() {
  fly::MachineLogs logs;
  logs.lines = {line("sh: can't open '/app/start.sh'"), line("machine exited with exit code 2", "runner")};
  return logs;
}

// The log, and the workflow commands under Actions.
class PrintLastLines : public ::testing::Test {
 protected:
  std::string commands() const { return commands_.text(); }

  doubles::CapturedLog log_;
  doubles::CapturedFile commands_;
  gha::ActionsIO io_{core::Environment(std::map<std::string, std::string>{{"GITHUB_ACTIONS", "true"}}),
                     commands_.get()};
};

TEST_F(PrintLastLines, OldestFirstInACollapsedGroup) {
  print_last_lines(io_, "148ed123456789", two_lines());
  const auto log = log_.text();
  EXPECT_NE(log.find("last 2 log lines of machine 148ed123456789 (oldest first):\n"), std::string::npos) << log;
  const auto first = log.find("app[148ed123456789] sin [info] sh: can't open '/app/start.sh'");
  const auto second = log.find("runner[148ed123456789] sin [info] machine exited with exit code 2");
  ASSERT_NE(first, std::string::npos) << log;
  EXPECT_LT(first, second);
  EXPECT_NE(commands().find("::group::last 2 log lines of machine 148ed123456789"), std::string::npos) << commands();
  EXPECT_NE(commands().find("::endgroup::"), std::string::npos);
}

TEST_F(PrintLastLines, NoLinesAndANoteAreOneLineEach) {
  fly::MachineLogs logs;
  logs.note = "the logs may be incomplete";
  print_last_lines(io_, "m1", logs);
  EXPECT_EQ(log_.text(), "machine m1 printed nothing to its logs\nthe logs may be incomplete\n");
  logs.unavailable = core::Error::check("refused");
  log_.clear();
  print_last_lines(io_, "m1", logs);
  EXPECT_EQ(log_.text(), "the logs may be incomplete\n") << "unreadable logs are not an empty machine";
}

TEST(LastLinesMarkdown, ACollapsedBlockOfEscapedLinesAndTheNote) {
  auto logs = two_lines();
  logs.lines[0].message = "<script>&";
  logs.note = "the logs may be <incomplete>";
  const auto md = last_lines_markdown("148ed123456789", logs);
  EXPECT_NE(md.find("<details><summary>Last 2 log lines of machine <code>148ed123456789</code></summary>"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("&lt;script&gt;&amp;"), std::string::npos) << md;
  EXPECT_EQ(md.find("<script>"), std::string::npos) << md;
  EXPECT_NE(md.find("the logs may be &lt;incomplete&gt;"), std::string::npos) << md;
}

TEST(LastLinesMarkdown, NothingForNothing) { EXPECT_EQ(last_lines_markdown("m1", fly::MachineLogs{}), ""); }

}  // namespace
}  // namespace flypin::cmd
