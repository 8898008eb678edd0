#include "core/environment.h"

extern char** environ;

namespace flypin::core {

Environment Environment::from_process() {
  Environment env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    env.vars_.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return env;
}

std::optional<std::string> Environment::get(std::string_view name) const {
  auto it = vars_.find(name);
  if (it == vars_.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::string Environment::get_or(std::string_view name, std::string fallback) const {
  auto v = get(name);
  return v ? *v : std::move(fallback);
}

bool Environment::is_true(std::string_view name) const {
  auto v = get(name);
  return v && (*v == "1" || *v == "true" || *v == "TRUE" || *v == "yes");
}

}  // namespace flypin::core
