#pragma once
// What nobody outside Fly knows for sure, as variants chosen at start
// (--variant NAME=VALUE or FLYPIN_FLY_VARIANTS): each names the FIDELITY.md
// row it stands for; the first value is the default. The programs must be
// correct under every one.

#include "emulators/common/variants.h"

namespace flypin::emulators::fly {

inline constexpr const char* kVariantsEnv = "FLYPIN_FLY_VARIANTS";

enum class UpdateOfStopped { kStaysStopped, kStarts };
enum class UpdateOfCreated { kStaysCreated, kStopped, kStarts };
enum class AfterSkipLaunch { kCreated, kStopped };
enum class StaleCurrentVersion { k412, k400, kIgnored };
enum class SummaryListing { kWithImageRef, kWithoutImageRef };
enum class MetadataFilter { kHonoured, kIgnored };
enum class EmptyLogsPageToken { kKept, kAdvanced };
enum class RetryAfter { kAbsent, kSent };
enum class ChecksBeforeFirstRun { kEmpty, kWarning };
enum class ChecksAfterRestart { kKept, kReset };
enum class CompatCheckStatus { kPassing, kWarning };
enum class ReadAfterStart { kConsistent, kLags };

struct FlyVariants {
  UpdateOfStopped update_of_stopped = UpdateOfStopped::kStaysStopped;
  UpdateOfCreated update_of_created = UpdateOfCreated::kStaysCreated;
  AfterSkipLaunch after_skip_launch = AfterSkipLaunch::kCreated;
  StaleCurrentVersion stale_current_version = StaleCurrentVersion::k412;
  SummaryListing summary_listing = SummaryListing::kWithImageRef;
  MetadataFilter metadata_filter = MetadataFilter::kHonoured;
  EmptyLogsPageToken empty_logs_page_token = EmptyLogsPageToken::kKept;
  RetryAfter retry_after = RetryAfter::kAbsent;
  ChecksBeforeFirstRun checks_before_first_run = ChecksBeforeFirstRun::kEmpty;
  ChecksAfterRestart checks_after_restart = ChecksAfterRestart::kKept;
  CompatCheckStatus compat_check_status = CompatCheckStatus::kPassing;
  ReadAfterStart read_after_start = ReadAfterStart::kConsistent;
};

/// Every Fly variant, its values (default first) and why it exists.
Variants fly_variant_catalogue();
/// The typed view of what was chosen.
FlyVariants typed(const Variants& chosen);

}  // namespace flypin::emulators::fly
