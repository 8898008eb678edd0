#include "cmd/pin-image/tag_policy.h"

#include "registry/deployment_tag.h"

namespace flypin::cmd::pin_image {

bool is_immutable(const registry::Reference& ref) {
  return ref.pinned_by_digest() || registry::is_deployment_tag(ref.tag);
}

core::Status check_tag_policy(const registry::Reference& ref, MutableTags mutable_tags) {
  if (mutable_tags == MutableTags::kAllow || is_immutable(ref)) return core::ok_status();
  const std::string tag = ref.tag.empty() ? "latest" : ref.tag;
  return core::Error::usage("refusing mutable tag '" + tag + "' in " + ref.str() + ": " +
                            registry::mutable_tag_problem(tag) +
                            "; pin a deployment-<ULID> tag or a digest, or pass --allow-mutable-tag");
}

}  // namespace flypin::cmd::pin_image
