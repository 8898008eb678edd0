#pragma once
// Secret redaction. Every secret value is registered before anything could
// print it; every log line, error and output passes through redact().

#include <functional>
#include <string>
#include <string_view>

namespace flypin::core {

/// Remember a secret so redact() replaces it with "***", together with the
/// forms it takes elsewhere: a Fly token ("FlyV1 fm2_a,fm2_b") without its
/// scheme and each of its macaroons alone. Values shorter than 4 characters
/// are ignored (they would redact ordinary words).
void register_secret(std::string_view value);

/// A token a server issued (a registry's bearer token): masked like a secret
/// only when it is long and random enough to be one (at least 16 characters
/// and 48 bits of character entropy). A hostile or careless token service that
/// answers public text ("sha256", "latest") must not turn every digest or tag
/// in every output into "***"; such a "token" protects nothing anyway.
/// Returns whether it was registered.
bool register_issued_token(std::string_view token);

/// Whether `text` is long and random enough to be a token (register_issued_token's rule).
bool looks_like_a_token(std::string_view text);

/// A user:password credential: the password, "user:password" and its base64
/// (standard and URL-safe alphabets, padded or not), which is what Basic
/// authorization headers and docker auth files carry.
void register_credential(std::string_view username, std::string_view password);

/// Called once for every secret registered so far and then for each new one,
/// as it is registered: how GitHub Actions masking learns every secret, even
/// one read deep inside a library, before anything could print it. An empty
/// function stops the calls.
void observe_secrets(std::function<void(const std::string&)> observer);

/// Replace every registered secret, URL userinfo passwords, Authorization
/// header values and query parameter values with "***". Query values are kept
/// only for the protocol parameters flypin itself sends (scope, service, n,
/// state, force...): a signed URL or an API key can carry any other name.
std::string redact(std::string_view text);

/// Redact a URL for display: drops userinfo and masks sensitive query values.
std::string redact_url(std::string_view url);

/// For tests: forget all registered secrets.
void clear_registered_secrets();

}  // namespace flypin::core
