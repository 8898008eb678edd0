#pragma once
// pin-image: prove the image exists in its registry, then pin it in the
// Edge Function secret, and read the secret back.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cmd/common/run_result.h"
#include "cmd/pin-image/deps.h"
#include "cmd/pin-image/keepers.h"
#include "cmd/pin-image/plan.h"

namespace flypin::cmd::pin_image {

/// Whether an image is still in its registry, as far as --status could tell.
enum class Presence {
  kExists,
  kGone,       // its registry answered 404
  kUnchecked,  // its registry did not answer (in time), or refused
  kForeign,    // another repository than the live image's or --image-repository: never asked, never pinned
};

/// "exists", "gone", "unchecked", "foreign": the words of the previous-images output.
const char* presence_word(Presence presence);

/// Whether --platform is in an image that exists (its index, or its config).
enum class PlatformCheck { kPresent, kAbsent, kUnchecked };
/// "present", "absent", "unchecked".
const char* platform_word(PlatformCheck platform);

/// What --status found of one image in its registry and among the keepers.
struct ImageCheck {
  Presence presence = Presence::kUnchecked;
  std::string digest;  // "" unless it exists
  PlatformCheck platform = PlatformCheck::kUnchecked;
  /// The keeper machine referencing it: its id, "" for none; nullopt when keepers were not listed.
  std::optional<std::string> keeper;
};

/// The image the secret names now, as --status reports it.
struct LiveImage {
  std::string image;
  ImageCheck check;
  std::string build_time;  // RFC 3339 or "unknown"
  std::string pinned_at;   // the secret's updated_at
  std::string commit;      // from the deployment history, when it knows the pin
  std::string run_url;
};

struct PreviousPin {
  std::string image;
  std::string build_time;
  std::string pinned_at;   // the deployment's created_at ("" when the keepers, not the history, name it)
  ImageCheck check;        // Fly's registry prunes images that no machine references
  bool in_window = false;  // one of the --keep newest earlier pins of the live image's repository
};

struct Outcome {
  std::string image;   // the value written (or that would be written)
  std::string digest;  // resolved manifest digest ("" on --dry-run)
  std::string secret_name;
  bool changed = false;            // the secret was written, whether or not the read-back confirmed it
  bool verified = false;           // the API lists sha256(image) for the secret
  std::string secret_digest;       // sha256 hex of the value, as the API lists it
  bool in_sync = false;            // the secret already named this image
  std::string build_time;          // of the image written, RFC 3339 or "unknown"
  std::int64_t deployment_id = 0;  // the GitHub deployment recording this pin, 0 for none
  /// --status: the live image (nullopt when the secret is unset or names no known image) and earlier pins.
  std::optional<LiveImage> live;
  std::string live_sha256;  // --status: what the API lists ("" when unset)
  std::vector<PreviousPin> previous;
  /// --status: the window's images that are gone (the live one first), and those without a keeper.
  std::vector<std::string> missing;
  std::vector<std::string> unkept;
  /// A pin with --keep: what the keeper upkeep did.
  std::optional<KeeperReport> keepers;
};

/// What a run did, and what stopped it: a failure still says whether the
/// secret was changed (F7: never leave the reader guessing).
using Result = RunResult<Outcome>;

/// The whole flow for a validated Plan.
Result run(const Plan& plan, Deps& deps);

}  // namespace flypin::cmd::pin_image
