#pragma once
// A page of the logs API as fly-go decodes it (resource_logs.go):
// {"data":[{"id","type":"logs","attributes":{timestamp, message, level,
// instance, region, meta:{instance, region, event:{provider}, error}}}],
// "meta":{"next_token"}}.

#include <string>

#include "emulators/fly/model/log_entry.h"

namespace flypin::emulators::fly {

/// RFC 3339 UTC with nanoseconds ("2026-04-16T14:00:00.123456789Z").
std::string rfc3339_ns(long long unix_ns);

std::string log_page_json(const LogPage& page);

}  // namespace flypin::emulators::fly
