#pragma once
// The JSON shapes of the secrets endpoints (CreateSecretBody, DeleteSecretsBody,
// and the array of SecretResponse), built and checked with RapidJSON.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace flypin::supabase {

/// One listed secret. The API never returns a value, only its SHA-256 hex.
struct SecretDigest {
  std::string name;
  std::string value_sha256;
  std::optional<std::string> updated_at;
};

/// [{"name":..., "value":...}, ...]
std::string encode_create_body(const std::vector<std::pair<std::string, std::string>>& secrets);
/// ["NAME", ...]
std::string encode_delete_body(const std::vector<std::string>& names);
/// Decodes a list response; anything but an array of objects with string
/// name and value is an error (the caller fills in the request details).
core::Result<std::vector<SecretDigest>> decode_secret_list(std::string_view body);

}  // namespace flypin::supabase
