#include "builders/label_step.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace flypin::build {
namespace {

TEST(LabelInstruction, AllLabelsInOneInstruction) {
  auto line = label_instruction({{"org.opencontainers.image.created", "2026-01-01T00:00:00Z"}, {"team", "core"}});
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(*line, "LABEL \"org.opencontainers.image.created\"=\"2026-01-01T00:00:00Z\" \"team\"=\"core\"\n");
}

TEST(LabelInstruction, KeysAndValuesStayLiteral) {
  auto line = label_instruction({{"note", "say \"hi\" to $HOME and ${X} \\o/"}, {"empty", ""}});
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(*line, "LABEL \"note\"=\"say \\\"hi\\\" to \\$HOME and \\${X} \\\\o/\" \"empty\"=\"\"\n");
}

TEST(LabelInstruction, NoneWithoutLabelsOrWithALineBreak) {
  EXPECT_FALSE(label_instruction({}).has_value());
  EXPECT_FALSE(label_instruction({{"a", "1"}, {"b", "two\nlines"}}).has_value());
  EXPECT_FALSE(label_instruction({{"c\r", "1"}}).has_value());
}

TEST(DefaultContainerfile, ContainerfileBeforeDockerfile) {
  auto dir = std::filesystem::temp_directory_path() / ("flypin-label-step-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  EXPECT_EQ(default_containerfile(dir.string()), (dir / "Dockerfile").string());
  std::ofstream(dir / "Containerfile") << "FROM scratch\n";
  EXPECT_EQ(default_containerfile(dir.string()), (dir / "Containerfile").string());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace flypin::build
