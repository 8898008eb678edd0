#include "builders/oci_labels.h"

#include <ctime>

namespace flypin::build {

std::string rfc3339_utc(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::vector<KeyValue> oci_labels(const core::Environment& env, std::int64_t unix_seconds) {
  std::vector<KeyValue> labels{{"org.opencontainers.image.created", rfc3339_utc(unix_seconds)}};
  if (auto sha = env.get("GITHUB_SHA")) labels.push_back({"org.opencontainers.image.revision", *sha});
  if (auto repo = env.get("GITHUB_REPOSITORY")) {
    std::string server = env.get_or("GITHUB_SERVER_URL", "https://github.com");
    labels.push_back({"org.opencontainers.image.source", server + "/" + *repo});
  }
  return labels;
}

core::Result<std::vector<KeyValue>> parse_key_values(const std::vector<std::string>& items, const std::string& flag) {
  std::vector<KeyValue> out;
  for (const auto& item : items) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      return core::Error::usage(flag + " wants KEY=VALUE (got '" + item + "')");
    }
    out.push_back({item.substr(0, eq), item.substr(eq + 1)});
  }
  return out;
}

}  // namespace flypin::build
