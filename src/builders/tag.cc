#include "builders/tag.h"

#include "builders/ulid.h"
#include "registry/reference.h"

namespace flypin::build {

core::Status validate_tag(const std::string& tag) {
  if (auto st = registry::check_tag(tag); !st.ok()) return core::Error::usage("--tag: " + st.error().message);
  if (auto why = registry::mutable_tag_problem(tag); !why.empty()) {
    return core::Error::usage("refusing to make the mutable tag '" + tag + "': " + why +
                              "; pin-image would refuse it (leave --tag out to get a new deployment-<ULID>)");
  }
  return core::ok_status();
}

core::Status validate_tag_prefix(const std::string& prefix) {
  // A generated tag is the prefix and a ULID: judge the prefix by one.
  const std::string example = prefix + "01ARZ3NDEKTSV4RRFFQ69G5FAV";
  if (auto st = registry::check_tag(example); !st.ok()) {
    return core::Error::usage("--tag-prefix '" + prefix + "' makes invalid tags: " + st.error().message);
  }
  if (auto why = registry::mutable_tag_problem(example); !why.empty()) {
    return core::Error::usage("refusing --tag-prefix '" + prefix + "': it makes mutable tags such as " + example +
                              " (" + why + "), which pin-image would refuse; leave it out");
  }
  return core::ok_status();
}

core::Result<std::string> choose_tag(const std::string& tag, const std::string& prefix) {
  if (!tag.empty()) {
    if (auto st = validate_tag(tag); !st.ok()) return st.error();
    return tag;
  }
  if (auto st = validate_tag_prefix(prefix); !st.ok()) return st.error();
  return prefix + new_ulid();
}

}  // namespace flypin::build
