#include "core/process.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <thread>

#include "core/interrupt.h"

namespace flypin::core {
namespace {

TEST(SystemProcessRunner, CapturesOutputExitCodeAndLines) {
  SystemProcessRunner runner;
  std::vector<std::string> lines;
  ProcessSpec spec{.argv = {"/bin/sh", "-c", "echo one; echo two >&2; read x; echo got=$x; exit 3"},
                   .stdin_data = "hello\n",
                   .extra_env = {},
                   .working_dir = std::nullopt,
                   .on_line = [&](const std::string& l) { lines.push_back(l); }};
  auto r = runner.run(spec);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_NE(r->stdout_data.find("got=hello"), std::string::npos);
  EXPECT_EQ(r->stdout_data.find("two"), std::string::npos);
  EXPECT_EQ(lines.size(), 3u);
}

TEST(SystemProcessRunner, PassesExtraEnvironment) {
  SystemProcessRunner runner;
  auto r = runner.run(ProcessSpec{.argv = {"/bin/sh", "-c", "printf %s \"$FLYPIN_X\""},
                                  .stdin_data = std::nullopt,
                                  .extra_env = {{"FLYPIN_X", "42"}},
                                  .working_dir = std::nullopt,
                                  .on_line = nullptr});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->stdout_data, "42");
}

TEST(SystemProcessRunner, MissingExecutableIsAnError) {
  SystemProcessRunner runner;
  auto r = runner.run(ProcessSpec{.argv = {"/nonexistent/flypin-tool"}});
  EXPECT_FALSE(r.ok());
}

// The runner's cancel sequence: a child that ignores the SIGTERM passed on after the first signal
// is killed after the second, so the program can still write what it leaves behind.
TEST(SystemProcessRunner, AChildIgnoringSigtermIsKilledAfterTheSecondSignal) {
  install_interrupt_handlers();
  reset_interrupt();
  SystemProcessRunner runner;
  std::thread runner_cancels([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the child is up by then
    std::raise(SIGINT);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    std::raise(SIGTERM);
  });
  const auto started = std::chrono::steady_clock::now();
  auto r = runner.run({.argv = {"/bin/sh", "-c", "trap '' TERM; while :; do sleep 0.1; done"}});
  runner_cancels.join();
  reset_interrupt();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->term_signal, SIGKILL);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST(LastLines, KeepsTail) {
  EXPECT_EQ(last_lines("a\nb\nc\nd\n", 2), "c\nd");
  EXPECT_EQ(last_lines("a", 5), "a");
}

TEST(FindOnPath, FindsShell) {
  EXPECT_TRUE(find_on_path("sh", "/nonexistent:/bin:/usr/bin").has_value());
  EXPECT_FALSE(find_on_path("no-such-flypin-tool", "/bin:/usr/bin").has_value());
}

}  // namespace
}  // namespace flypin::core
