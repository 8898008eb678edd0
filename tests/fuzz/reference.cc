// Image references (src/registry/reference): anything a workflow input holds.
// A parsed reference printed in full must parse back to itself.
#include "registry/reference.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "registry/digest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto ref = flypin::registry::parse_reference(text);
  if (!ref.ok()) return 0;
  (void)ref->api_base();
  (void)flypin::registry::is_loopback_host(ref->domain);
  if (!ref->digest.empty() && !flypin::registry::parse_digest(ref->digest).ok()) std::abort();
  auto again = flypin::registry::parse_reference(ref->str());
  if (!again.ok() || again->str() != ref->str()) std::abort();
  return 0;
}
