#include "emulators/fly/fleet/variants.h"

namespace flypin::emulators::fly {

Variants fly_variant_catalogue() {
  return Variants({
      {"update-of-stopped",
       {"stays-stopped", "starts"},
       "update of a stopped machine without skip_launch (FIDELITY U1: current flyd leaves it stopped)"},
      {"update-of-created",
       {"stays-created", "stopped", "starts"},
       "update of a never-started machine without skip_launch (U2, unverified)"},
      {"after-skip-launch", {"created", "stopped"}, "state after an update with skip_launch (U3, unverified)"},
      {"stale-current-version",
       {"412", "400", "ignored"},
       "an update whose current_version is not the machine's (U7, unverified)"},
      {"summary-listing",
       {"with-image-ref", "without-image-ref"},
       "whether list?summary=true keeps image_ref (M2, unverified)"},
      {"metadata-filter",
       {"honoured", "ignored"},
       "whether list honours metadata.KEY=VALUE (M1: documented, not in the spec)"},
      {"empty-logs-page-next-token",
       {"kept", "advanced"},
       "the logs API's next_token on an empty page (G3, unverified)"},
      {"retry-after", {"absent", "sent"}, "Retry-After on a 429 (R2, undocumented)"},
      {"checks-before-first-run",
       {"empty", "warning"},
       "a machine's checks before each has run (C3: empty for fresh machines)"},
      {"checks-after-restart", {"kept", "reset"}, "check results across a restart or an update (C7, unverified)"},
      {"compat-check-status",
       {"passing", "warning"},
       "status of the bg_deployments_compat checks flaps inserts (C4, unverified)"},
      {"read-after-start",
       {"consistent", "lags"},
       "GET still says starting for 2 s after a wait said started (R6: eventually consistent)"},
  });
}

FlyVariants typed(const Variants& v) {
  FlyVariants t;
  t.update_of_stopped = v.is("update-of-stopped", "starts") ? UpdateOfStopped::kStarts : UpdateOfStopped::kStaysStopped;
  t.update_of_created = v.is("update-of-created", "starts")    ? UpdateOfCreated::kStarts
                        : v.is("update-of-created", "stopped") ? UpdateOfCreated::kStopped
                                                               : UpdateOfCreated::kStaysCreated;
  t.after_skip_launch = v.is("after-skip-launch", "stopped") ? AfterSkipLaunch::kStopped : AfterSkipLaunch::kCreated;
  t.stale_current_version = v.is("stale-current-version", "400")       ? StaleCurrentVersion::k400
                            : v.is("stale-current-version", "ignored") ? StaleCurrentVersion::kIgnored
                                                                       : StaleCurrentVersion::k412;
  t.summary_listing =
      v.is("summary-listing", "without-image-ref") ? SummaryListing::kWithoutImageRef : SummaryListing::kWithImageRef;
  t.metadata_filter = v.is("metadata-filter", "ignored") ? MetadataFilter::kIgnored : MetadataFilter::kHonoured;
  t.empty_logs_page_token =
      v.is("empty-logs-page-next-token", "advanced") ? EmptyLogsPageToken::kAdvanced : EmptyLogsPageToken::kKept;
  t.retry_after = v.is("retry-after", "sent") ? RetryAfter::kSent : RetryAfter::kAbsent;
  t.checks_before_first_run =
      v.is("checks-before-first-run", "warning") ? ChecksBeforeFirstRun::kWarning : ChecksBeforeFirstRun::kEmpty;
  t.checks_after_restart =
      v.is("checks-after-restart", "reset") ? ChecksAfterRestart::kReset : ChecksAfterRestart::kKept;
  t.compat_check_status =
      v.is("compat-check-status", "warning") ? CompatCheckStatus::kWarning : CompatCheckStatus::kPassing;
  t.read_after_start = v.is("read-after-start", "lags") ? ReadAfterStart::kLags : ReadAfterStart::kConsistent;
  return t;
}

}  // namespace flypin::emulators::fly
