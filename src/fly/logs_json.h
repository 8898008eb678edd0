#pragma once
// Decoding the Fly logs API's answer:
// {"data":[{"id","type","attributes":{"timestamp","message","level","instance","region",
//   "meta":{"event":{"provider"},"error":{"message"}}}}],"meta":{"next_token"}}.
// Entries without attributes are skipped; a missing field is empty. The
// document itself must be an object with a `data` array. A message longer than
// `max_line` is cut as it is read (capped_line), so a page of
// 1 MiB lines costs no more memory than its body.

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

#include "core/result.h"
#include "fly/log_entry.h"

namespace flypin::fly {

core::Result<LogPage> parse_log_page(std::string_view body,
                                     std::size_t max_line = std::numeric_limits<std::size_t>::max());

/// `text` cut to at most `max` bytes (on a UTF-8 boundary) followed by " [N bytes cut]", when longer.
std::string capped_line(std::string_view text, std::size_t max);

}  // namespace flypin::fly
