#pragma once
// Input checks made before any network call, so a bad flag is a usage error
// (exit 2) and never a 400 from the API.

#include <string_view>

#include "core/result.h"

namespace flypin::supabase {

/// A project ref is exactly 20 lowercase ASCII letters.
core::Status validate_project_ref(std::string_view ref);

/// A secret name: non-empty, at most 256 bytes, letters/digits/underscore,
/// not starting with a digit, and not starting with the reserved SUPABASE_ prefix.
core::Status validate_secret_name(std::string_view name);

/// A secret value: at most 24576 bytes (the API's limit).
core::Status validate_secret_value(std::string_view name, std::string_view value);

inline constexpr size_t kMaxSecretNameLength = 256;
inline constexpr size_t kMaxSecretValueLength = 24576;

}  // namespace flypin::supabase
