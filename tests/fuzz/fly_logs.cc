// Fly logs API pages (src/fly/logs_json): entries, their RFC 3339 timestamps, next_token.
#include <cstdint>
#include <string_view>

#include "fly/logs_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  if (auto page = flypin::fly::parse_log_page(body); page.ok()) {
    for (const auto& e : page->entries) (void)e.text();
  }
  return 0;
}
