#pragma once
// What a program said with --json, read the one way every suite reads it: the
// object is the last stdout line that starts with '{' and parses as one
// (workflow commands such as ::add-mask:: and ::group:: may come before it).
// A value that is not there reads as a marker no output carries, so that an
// assertion's message says which of the two went wrong.

#include <optional>
#include <string>

namespace flypin::e2e {

/// The string `key` of the --json object in `out`; "<missing>" when the
/// object has no such string, "<no json>" when `out` holds no object.
std::string json_field(const std::string& out, const std::string& key);

/// The boolean `key` of the --json object; nullopt when it is not there.
std::optional<bool> json_bool(const std::string& out, const std::string& key);

/// The whole number `key` of the --json object; nullopt when it is not there.
std::optional<long long> json_int(const std::string& out, const std::string& key);

}  // namespace flypin::e2e
