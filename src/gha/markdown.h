#pragma once
// Step-summary Markdown.

#include <string>

namespace flypin::gha {

/// One table cell: line breaks become spaces, column separators are escaped.
std::string markdown_cell(std::string text);

}  // namespace flypin::gha
