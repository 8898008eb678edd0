// `Link` headers (src/core/link_header) as GitHub and registries send them, the
// targets resolved against an API URL, and RFC 3339 times (src/core/rfc3339).
// A resolved target must keep the base's origin unless it is absolute.
#include "core/link_header.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/rfc3339.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string value(reinterpret_cast<const char*>(data), size);
  const std::string base = "https://api.github.com/repos/o/r/deployments?per_page=100";
  flypin::core::Headers headers{{"Link", value}};
  if (auto next = flypin::core::link_target(headers, "next")) {
    if (auto resolved = flypin::core::resolve_link(base, *next); resolved && next->front() == '/') {
      if (flypin::core::url_origin(*resolved) != flypin::core::url_origin(base)) std::abort();
    }
  }
  (void)flypin::core::url_origin(value);
  (void)flypin::core::parse_rfc3339_nanos(value);
  return 0;
}
