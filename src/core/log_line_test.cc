#include "core/log_line.h"

#include <gtest/gtest.h>

namespace flypin::core {
namespace {

TEST(OneLogLine, PlainTextPassesUnchanged) {
  EXPECT_EQ(one_log_line("machine 148ed193b95c89 is started\t(1.2s) ünïcode"),
            "machine 148ed193b95c89 is started\t(1.2s) ünïcode");
}

TEST(OneLogLine, LineBreaksCannotStartAWorkflowCommand) {
  EXPECT_EQ(one_log_line("id 1\n::error::forged"), "id 1\\n::error::forged");
  EXPECT_EQ(one_log_line("a\r::warning::b\r\nc"), "a\\r::warning::b\\r\\nc");
  EXPECT_EQ(one_log_line("\x1b[31mred\x1b[0m\x7f"), "\\x1b[31mred\\x1b[0m\\x7f");
}

TEST(OneLogLine, LegacyCommandsAnywhereAreDefused) {
  EXPECT_EQ(one_log_line("output ##[error]forged"), "output ##\\[error]forged");
  EXPECT_EQ(one_log_line("###[x] ## [y] #[z]"), "###\\[x] ## [y] #[z]");
}

TEST(OneLogLine, AWorkflowCommandAtTheStartIsDefused) {
  EXPECT_EQ(one_log_line("::error::forged"), ":\\:error::forged");
  EXPECT_EQ(one_log_line("  \t::add-mask::x"), "  \t:\\:add-mask::x");
  EXPECT_EQ(one_log_line("::stop-commands::tok"), ":\\:stop-commands::tok");
  // Not at the start, "::" is ordinary text (IPv6 addresses, C++ names).
  EXPECT_EQ(one_log_line("listening on [::1]:5000, core::redact"), "listening on [::1]:5000, core::redact");
  EXPECT_EQ(one_log_line(":: x"), ":\\: x");
}

TEST(CommandFreeJson, LegacyCommandsBecomeUnicodeEscapesOfTheSameValue) {
  EXPECT_EQ(command_free_json(R"({"a":"##[error]x","b":"#[ok] ##x"})"), R"({"a":"##\u005berror]x","b":"#[ok] ##x"})");
  EXPECT_EQ(command_free_json(R"({"n":1})"), R"({"n":1})");
}

}  // namespace
}  // namespace flypin::core
