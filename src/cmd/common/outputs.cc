#include "cmd/common/outputs.h"

namespace flypin::cmd {

std::string output_text(const OutputValue& value) {
  struct Text {
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(long long n) const { return std::to_string(n); }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(const OutputRecords& records) const { return core::json::array_text(records); }
  };
  return std::visit(Text{}, value);
}

core::json::FlatObject outputs_json(const OutputList& outputs) {
  core::json::FlatObject object;
  for (const auto& output : outputs) {
    std::visit([&](const auto& v) { object.add(output.name, v); }, output.value);
  }
  return object;
}

}  // namespace flypin::cmd
