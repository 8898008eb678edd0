#pragma once
// Content digests ("algorithm:hex"), validated the way go-digest validates
// them, but accepting only the algorithms flypin can verify itself: sha256 and
// sha512 (the two the OCI image spec registers). A digest of any other
// algorithm is refused, never trusted on the registry's word.

#include <string>
#include <string_view>

#include "core/result.h"

namespace flypin::registry {

enum class DigestAlgorithm { kSha256, kSha512 };

struct Digest {
  DigestAlgorithm algorithm = DigestAlgorithm::kSha256;
  std::string hex;  // lowercase, 64 (sha256) or 128 (sha512) digits

  /// "sha256:<hex>"
  std::string str() const;
  /// True when `content` hashes to this digest.
  bool matches(std::string_view content) const;
};

/// Parses "algorithm:hex". Errors (usage kind) say what is wrong: the form, an
/// algorithm flypin cannot verify, the length for the algorithm, or uppercase hex.
core::Result<Digest> parse_digest(std::string_view text);

/// The digest of `content` (sha256 unless told otherwise).
Digest digest_of(std::string_view content, DigestAlgorithm algorithm = DigestAlgorithm::kSha256);

}  // namespace flypin::registry
