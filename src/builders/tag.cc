#include "builders/tag.h"

#include "builders/ulid.h"
#include "registry/reference.h"

namespace flypin::build {

core::Status validate_tag(const std::string& tag) {
  if (auto st = registry::check_tag(tag); !st.ok()) return st;
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
