#pragma once
// A snapshot of the process environment, taken once in main and passed down,
// so tests can hand programs any environment they like.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace flypin::core {

class Environment {
 public:
  Environment() = default;
  explicit Environment(std::map<std::string, std::string> vars) : vars_(vars.begin(), vars.end()) {}
  static Environment from_process();

  /// The value, or nullopt when unset or empty.
  std::optional<std::string> get(std::string_view name) const;
  std::string get_or(std::string_view name, std::string fallback) const;
  bool is_true(std::string_view name) const;  // "1", "true", "yes"
  void set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }
  const std::map<std::string, std::string, std::less<>>& all() const { return vars_; }

 private:
  std::map<std::string, std::string, std::less<>> vars_;
};

}  // namespace flypin::core
