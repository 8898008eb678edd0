#include "gha/actions_io.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/redact.h"

namespace flypin::gha {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST(OutputBlock, UsesHeredocWithRandomDelimiter) {
  auto block = output_block("digest", "line1\nline2");
  auto first_nl = block.find('\n');
  std::string header = block.substr(0, first_nl);
  ASSERT_EQ(header.rfind("digest<<ghadelimiter_", 0), 0u);
  std::string delim = header.substr(std::string("digest<<").size());
  EXPECT_EQ(block, "digest<<" + delim + "\nline1\nline2\n" + delim + "\n");
  EXPECT_NE(output_block("a", "x"), output_block("a", "x"));
}

TEST(EscapeData, EscapesCommandCharacters) {
  EXPECT_EQ(escape_data("50%\nnext"), "50%25%0Anext");
  EXPECT_EQ(escape_property("a:b,c"), "a%3Ab%2Cc");
}

TEST(ActionsIO, WritesOutputsSummaryAndMasks) {
  auto dir = std::filesystem::temp_directory_path() / ("flypin-gha-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  core::Environment env({{"GITHUB_ACTIONS", "true"},
                         {"GITHUB_OUTPUT", (dir / "out").string()},
                         {"GITHUB_STEP_SUMMARY", (dir / "sum").string()}});
  char* buf = nullptr;
  size_t len = 0;
  std::FILE* mem = open_memstream(&buf, &len);
  ActionsIO io(env, mem);
  io.mask("canary-secret-123");
  ASSERT_TRUE(io.set_output("image", "reg/app:deployment-1").ok());
  ASSERT_TRUE(io.append_summary("uses canary-secret-123").ok());
  io.error_annotation("pin-image failed", "bad: thing");
  std::fclose(mem);
  std::string commands(buf, len);
  free(buf);
  EXPECT_NE(commands.find("::add-mask::canary-secret-123"), std::string::npos);
  EXPECT_NE(commands.find("::error title=pin-image failed::bad: thing"), std::string::npos);
  EXPECT_NE(slurp((dir / "out").string()).find("\nreg/app:deployment-1\n"), std::string::npos);
  EXPECT_EQ(slurp((dir / "sum").string()), "uses ***\n");
  core::clear_registered_secrets();
  std::filesystem::remove_all(dir);
}

TEST(ActionsIO, MasksSecretsRegisteredAnywhereWhileItLives) {
  core::register_secret("registered-earlier");
  core::Environment env(std::map<std::string, std::string>{{"GITHUB_ACTIONS", "true"}});
  char* buf = nullptr;
  size_t len = 0;
  std::FILE* mem = open_memstream(&buf, &len);
  {
    ActionsIO io(env, mem);
    core::register_credential("user", "deep-in-a-library");
  }
  core::register_secret("after-it-is-gone");
  std::fclose(mem);
  std::string commands(buf, len);
  free(buf);
  for (const char* masked :
       {"registered-earlier", "deep-in-a-library", "user:deep-in-a-library", "dXNlcjpkZWVwLWluLWEtbGlicmFyeQ=="}) {
    EXPECT_NE(commands.find(std::string("::add-mask::") + masked + "\n"), std::string::npos) << masked;
  }
  EXPECT_EQ(commands.find("after-it-is-gone"), std::string::npos);
  core::clear_registered_secrets();
}

TEST(ActionsIO, OutsideActionsPrintsNoCommands) {
  core::Environment env;
  char* buf = nullptr;
  size_t len = 0;
  std::FILE* mem = open_memstream(&buf, &len);
  ActionsIO io(env, mem);
  io.mask("another-secret");
  io.group_begin("x");
  std::fclose(mem);
  EXPECT_EQ(len, 0u);
  free(buf);
  core::clear_registered_secrets();
}

}  // namespace
}  // namespace flypin::gha
