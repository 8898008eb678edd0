#pragma once
// smoke-machine's own flag values that no library owns, checked before any
// request (usage errors, exit 2). Image references are registry::, app names
// and regions fly::, durations core:: — each rule has one home.

#include <string_view>

#include "core/result.h"

namespace flypin::cmd::smoke_machine {

/// The Fly proxy base URL: http or https, a host, no credentials, no query or
/// fragment, nothing that is not printable ASCII. `file:///etc/passwd` is not one.
core::Status validate_proxy_url(std::string_view url);
/// The same rules for any base URL; `what` names it in the error (--proxy-url, FLY_LOGS_API_URL).
core::Status validate_base_url(std::string_view url, std::string_view what);

/// An HTTP path: "/" then printable ASCII, no spaces or fragment.
core::Status validate_health_path(std::string_view path);

/// An environment variable name: [A-Za-z_][A-Za-z0-9_]*.
bool is_env_name(std::string_view name);

/// --scope: 1 to 64 of [A-Za-z0-9_.-].
core::Status validate_scope(std::string_view scope);

}  // namespace flypin::cmd::smoke_machine
