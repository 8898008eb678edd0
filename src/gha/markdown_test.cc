#include "gha/markdown.h"

#include <gtest/gtest.h>

namespace flypin::gha {
namespace {

TEST(MarkdownCell, KeepsTheTableIntact) {
  EXPECT_EQ(markdown_cell("read-back | failed\r\nbadly"), "read-back \\| failed  badly");
  EXPECT_EQ(markdown_cell("plain text (HTTP 404), DOCKER_IMAGE"), "plain text (HTTP 404), DOCKER_IMAGE");
}

TEST(MarkdownCell, NoImageLinkOrTagComesOutOfIt) {
  EXPECT_EQ(markdown_cell("![p](http://x.test/p.png) [a](u) <img src=x> `c` *e* ~s~ &lt; \\"),
            "!\\[p\\](http://x.test/p.png) \\[a\\](u) \\<img src=x\\> \\`c\\` \\*e\\* \\~s\\~ \\&lt; \\\\");
}

TEST(MarkdownCode, CannotBeClosedEarly) {
  EXPECT_EQ(markdown_code("team/app:v1"), "`team/app:v1`");
  EXPECT_EQ(markdown_code("a`b``c"), "``` a`b``c ```");
  EXPECT_EQ(markdown_code("`x"), "`` `x ``");
  EXPECT_EQ(markdown_code("a|b\nc"), "`a\\|b c`");
  EXPECT_EQ(markdown_code("a|b", Within::kText), "`a|b`");
}

TEST(HtmlText, NoTagComesOutOfIt) {
  EXPECT_EQ(html_text("</pre><img src=x> & more"), "&lt;/pre&gt;&lt;img src=x&gt; &amp; more");
}

TEST(CappedSummary, FitsAndSaysWhatWasCut) {
  EXPECT_EQ(capped_summary("### short\n", 1024), "### short\n");
  std::string md = "### report\n\n<details><summary>logs</summary>\n\n<pre>\n";
  for (int i = 0; i < 100; ++i) md += std::string(100, 'x') + "\n";
  md += "</pre>\n</details>\n";
  const auto cut = capped_summary(md, 4096);
  EXPECT_LE(cut.size(), 4096u);
  EXPECT_NE(cut.find("</pre>\n</details>\n"), std::string::npos) << cut;
  EXPECT_NE(cut.find("This summary was cut:"), std::string::npos) << cut;
  EXPECT_NE(cut.find(" of " + std::to_string(md.size()) + " bytes"), std::string::npos) << cut;
}

}  // namespace
}  // namespace flypin::gha
