#include "registry/deployment_tag.h"

#include <algorithm>

namespace flypin::registry {
namespace {

constexpr size_t kUlidLength = 26;

bool is_crockford(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U');
}

}  // namespace

bool is_ulid(std::string_view text) {
  // The first character carries the top 3 bits of the 48-bit time: past 7 it overflows.
  return text.size() == kUlidLength && text.front() >= '0' && text.front() <= '7' &&
         std::all_of(text.begin(), text.end(), is_crockford);
}

bool is_deployment_tag(std::string_view tag) {
  return looks_like_deployment_tag(tag) && is_ulid(tag.substr(kDeploymentTagPrefix.size()));
}

bool looks_like_deployment_tag(std::string_view tag) { return tag.starts_with(kDeploymentTagPrefix); }

std::string deployment_tag(std::string_view ulid) { return std::string(kDeploymentTagPrefix) + std::string(ulid); }

std::string mutable_tag_problem(std::string_view tag) {
  if (is_deployment_tag(tag)) return "";
  if (tag == "latest") return "it can move, and machines would run whatever it points to later";
  if (looks_like_deployment_tag(tag)) return deployment_tag_problem(tag);
  return "only deployment-<ULID> tags are immutable";
}

std::string deployment_tag_problem(std::string_view tag) {
  if (is_deployment_tag(tag)) return "";
  return "'" + std::string(tag) +
         "' is not deployment-<ULID> (a ULID is 26 Crockford base32 characters, the first 0-7)";
}

}  // namespace flypin::registry
