#pragma once
// Decoding the Fly logs API's answer:
// {"data":[{"id","type","attributes":{"timestamp","message","level","instance","region",
//   "meta":{"event":{"provider"},"error":{"message"}}}}],"meta":{"next_token"}}.
// Entries without attributes are skipped; a missing field is empty. The
// document itself must be an object with a `data` array.

#include <string_view>

#include "core/result.h"
#include "fly/log_entry.h"

namespace flypin::fly {

core::Result<LogPage> parse_log_page(std::string_view body);

}  // namespace flypin::fly
