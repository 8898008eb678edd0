#include "registry/digest.h"

#include <array>
#include <cctype>

#include "core/crypto.h"

namespace flypin::registry {

namespace {

struct AlgorithmInfo {
  DigestAlgorithm algorithm;
  std::string_view name;
  size_t hex_length;
};

constexpr std::array kVerifiable = {AlgorithmInfo{DigestAlgorithm::kSha256, "sha256", 64},
                                    AlgorithmInfo{DigestAlgorithm::kSha512, "sha512", 128}};

const AlgorithmInfo& info(DigestAlgorithm algorithm) {
  for (const auto& a : kVerifiable) {
    if (a.algorithm == algorithm) return a;
  }
  return kVerifiable.front();
}

// go-digest's algorithm grammar: [a-z0-9]+ components joined by [+._-].
bool valid_algorithm_name(std::string_view name) {
  if (name.empty()) return false;
  bool after_separator = true;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      after_separator = false;
    } else if (c == '+' || c == '.' || c == '_' || c == '-') {
      if (after_separator) return false;
      after_separator = true;
    } else {
      return false;
    }
  }
  return !after_separator;
}

std::string hash_hex(DigestAlgorithm algorithm, std::string_view content) {
  return algorithm == DigestAlgorithm::kSha512 ? core::sha512_hex(content) : core::sha256_hex(content);
}

}  // namespace

std::string Digest::str() const { return std::string(info(algorithm).name) + ":" + hex; }

bool Digest::matches(std::string_view content) const { return digest_of(content, algorithm).hex == hex; }

core::Result<Digest> parse_digest(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) {
    return core::Error::usage("digest must be algorithm:hex");
  }
  std::string_view name = text.substr(0, colon);
  std::string_view hex = text.substr(colon + 1);
  if (!valid_algorithm_name(name)) return core::Error::usage("invalid digest algorithm '" + std::string(name) + "'");
  const AlgorithmInfo* algorithm = nullptr;
  for (const auto& a : kVerifiable) {
    if (a.name == name) algorithm = &a;
  }
  if (algorithm == nullptr) {
    return core::Error::usage("digest algorithm '" + std::string(name) +
                              "' cannot be verified: use a sha256 or sha512 digest");
  }
  if (hex.size() != algorithm->hex_length) {
    return core::Error::usage(std::string(algorithm->name) + " digest must have " +
                              std::to_string(algorithm->hex_length) + " hex digits");
  }
  for (char c : hex) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return core::Error::usage("digest must be hex");
    if (std::isupper(static_cast<unsigned char>(c))) return core::Error::usage("digest must be lowercase hex");
  }
  return Digest{algorithm->algorithm, std::string(hex)};
}

Digest digest_of(std::string_view content, DigestAlgorithm algorithm) {
  return Digest{algorithm, hash_hex(algorithm, content)};
}

}  // namespace flypin::registry
