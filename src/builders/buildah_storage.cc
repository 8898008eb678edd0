#include "builders/buildah_storage.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace flypin::build {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string> storage_driver_in(std::string_view toml) {
  std::string_view table;
  while (!toml.empty()) {
    auto nl = toml.find('\n');
    std::string_view line = trim(toml.substr(0, nl));
    toml = nl == std::string_view::npos ? std::string_view{} : toml.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '[') {
      table = line;
      continue;
    }
    if (table != "[storage]") continue;
    auto eq = line.find('=');
    if (eq == std::string_view::npos || trim(line.substr(0, eq)) != "driver") continue;
    std::string_view value = trim(line.substr(eq + 1));
    if (auto hash = value.find('#'); hash != std::string_view::npos && value.front() != '"')
      value = value.substr(0, hash);
    value = trim(value);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    if (value.empty()) return std::nullopt;
    return std::string(value);
  }
  return std::nullopt;
}

std::vector<std::string> storage_conf_candidates(const core::Environment& env) {
  if (auto path = env.get("CONTAINERS_STORAGE_CONF")) return {*path};
  std::vector<std::string> paths;
  if (::geteuid() != 0) {
    if (auto xdg = env.get("XDG_CONFIG_HOME")) {
      paths.push_back(*xdg + "/containers/storage.conf");
    } else if (auto home = env.get("HOME")) {
      paths.push_back(*home + "/.config/containers/storage.conf");
    }
  }
  paths.push_back("/etc/containers/storage.conf");
  paths.push_back("/usr/share/containers/storage.conf");
  return paths;
}

std::optional<std::string> configured_storage_driver(const core::Environment& env) {
  if (auto driver = env.get("STORAGE_DRIVER"); driver && !driver->empty()) return *driver;
  for (const auto& path : storage_conf_candidates(env)) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) continue;
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return storage_driver_in(text.str());
  }
  return std::nullopt;
}

}  // namespace flypin::build
