#include "core/log_line.h"

namespace flypin::core {

std::string one_log_line(std::string_view text) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  const auto first = text.find_first_not_of(" \t");
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else if (c == '#' && text.substr(i, 3) == "##[") {
      out += "##\\[";
      i += 2;
    } else if (i == first && text.substr(i, 2) == "::") {
      out += ":\\:";
      i += 1;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string command_free_json(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '#' && json.substr(i, 3) == "##[") {
      out += "##\\u005b";
      i += 2;
    } else {
      out += json[i];
    }
  }
  return out;
}

}  // namespace flypin::core
