#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace flypin::core {

/// Lowercase hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view data);
/// Lowercase hex SHA-512 of the bytes.
std::string sha512_hex(std::string_view data);
/// Standard base64 with padding.
std::string base64_encode(std::string_view data);
/// Decodes both the standard and the URL-safe alphabet, padding optional.
std::optional<std::string> base64_decode(std::string_view text);
/// `bytes` random bytes from the OS, hex encoded.
std::string random_hex(size_t bytes);

}  // namespace flypin::core
