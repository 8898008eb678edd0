#include "gha/markdown.h"

#include <gtest/gtest.h>

namespace flypin::gha {
namespace {

TEST(MarkdownCell, KeepsTheTableIntact) {
  EXPECT_EQ(markdown_cell("read-back | failed\r\nbadly"), "read-back \\| failed  badly");
  EXPECT_EQ(markdown_cell("plain"), "plain");
}

}  // namespace
}  // namespace flypin::gha
