#include "builders/tag.h"

#include <cctype>

#include "builders/ulid.h"

namespace flypin::build {
namespace {

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

core::Status validate_tag(const std::string& tag) {
  if (tag.empty()) return core::Error::usage("the image tag is empty");
  if (tag.size() > 128) return core::Error::usage("image tag '" + tag + "' is longer than 128 characters");
  if (!is_word_char(tag.front())) {
    return core::Error::usage("image tag '" + tag + "' must start with a letter, digit or '_'");
  }
  for (char c : tag) {
    if (!is_word_char(c) && c != '.' && c != '-') {
      return core::Error::usage("image tag '" + tag + "' may only contain letters, digits, '_', '.' and '-'");
    }
  }
  if (tag == "latest") {
    return core::Error::usage("refusing the mutable tag 'latest': machines would run whatever it points to later");
  }
  if (registry::looks_like_deployment_tag(tag) && !registry::is_deployment_tag(tag)) {
    return core::Error::usage("the tag " + registry::deployment_tag_problem(tag) +
                              ": pin-image would refuse it as mutable; leave --tag out to get a new deployment-<ULID>");
  }
  return core::ok_status();
}

core::Result<std::string> choose_tag(const std::string& tag, const std::string& prefix) {
  std::string chosen = tag.empty() ? prefix + new_ulid() : tag;
  if (auto st = validate_tag(chosen); !st.ok()) {
    if (tag.empty())
      return core::Error::usage("--tag-prefix '" + prefix + "' makes an invalid tag: " + st.error().message);
    return st.error();
  }
  return chosen;
}

}  // namespace flypin::build
