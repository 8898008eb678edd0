#include "builders/label_step.h"

#include <filesystem>

namespace flypin::build {
namespace {

// A double-quoted Containerfile word: the escape character, the quote and `$`
// (which would expand a variable) are escaped.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"' || c == '$') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::optional<std::string> label_instruction(const std::vector<KeyValue>& labels) {
  if (labels.empty()) return std::nullopt;
  std::string line = "LABEL";
  for (const auto& label : labels) {
    if (label.key.find_first_of("\r\n") != std::string::npos ||
        label.value.find_first_of("\r\n") != std::string::npos) {
      return std::nullopt;
    }
    line += " " + quoted(label.key) + "=" + quoted(label.value);
  }
  return line + "\n";
}

std::string default_containerfile(const std::string& context) {
  const std::string containerfile = (std::filesystem::path(context) / "Containerfile").string();
  std::error_code ec;
  if (std::filesystem::exists(containerfile, ec)) return containerfile;
  return (std::filesystem::path(context) / "Dockerfile").string();
}

}  // namespace flypin::build
