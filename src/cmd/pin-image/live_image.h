#pragma once
// Which image is live: the Supabase API lists a secret's value only as its
// SHA-256, so the live image is the candidate whose SHA-256 equals it.
// Candidates come from the deployment history (newest first) and from the
// registry's tag list of the repository, so that it also works without a
// GitHub token. Each candidate's build time: the ULID of a deployment-<ULID>
// tag, else the build time the history recorded.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cmd/pin-image/history.h"
#include "registry/reference.h"

namespace flypin::cmd::pin_image {

struct Candidate {
  std::string image;  // a secret value
  std::optional<std::int64_t> build_ms;
  const PinRecord* pin = nullptr;  // the history's record, when it has one
};

/// History pins first (newest first), then `repository`:<tag> for each tag; each image once.
std::vector<Candidate> candidates(const std::vector<PinRecord>& pins, const registry::Reference* repository,
                                  const std::vector<std::string>& tags);

/// The build time of a secret value: the ULID of its deployment tag, else what the history recorded.
std::optional<std::int64_t> build_time_of(const std::string& image, const std::vector<PinRecord>& pins);

/// The repositories whose earlier pins a run checks and may roll back to:
/// --image-repository and the live image's (proven by the secret's SHA-256;
/// "" when unknown). A pin of any other repository in the history is foreign:
/// whoever can create a deployment could have named it.
std::vector<registry::Reference> own_repositories(const std::optional<registry::Reference>& image_repository,
                                                  const std::string& live_image);

/// Whether `image` is an image of one of `repositories` (same registry and path).
bool of_repositories(const std::string& image, const std::vector<registry::Reference>& repositories);

/// The candidate whose sha256 hex is `value_sha256`.
std::optional<Candidate> find_live(const std::string& value_sha256, const std::vector<Candidate>& candidates);

}  // namespace flypin::cmd::pin_image
