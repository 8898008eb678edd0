#pragma once
// Secret redaction. Every secret value is registered before anything could
// print it; every log line, error and output passes through redact().

#include <string>
#include <string_view>

namespace flypin::core {

/// Remember a secret so redact() replaces it with "***". Values shorter than
/// 4 characters are ignored (they would redact ordinary words).
void register_secret(std::string_view value);

/// Replace every registered secret, URL userinfo passwords and the values of
/// token-like query parameters and Authorization headers with "***".
std::string redact(std::string_view text);

/// Redact a URL for display: drops userinfo and masks sensitive query values.
std::string redact_url(std::string_view url);

/// For tests: forget all registered secrets.
void clear_registered_secrets();

}  // namespace flypin::core
