#pragma once
// What every program's run(const Plan&, Deps&) returns, and the one way it
// becomes what cmd::finish writes.

#include <optional>
#include <utility>

#include "cmd/common/outputs.h"
#include "core/error.h"
#include "core/result.h"

namespace flypin::cmd {

/// What a run did, also when it failed (a failure still says what happened:
/// whether a secret was changed, which machine is left), and why it failed.
template <class Outcome>
struct RunResult {
  Outcome outcome;
  std::optional<core::Error> error;

  bool ok() const { return !error.has_value(); }
};

/// The outcome a run filled as it went, with the status it ended on.
template <class Outcome>
RunResult<Outcome> run_result(Outcome outcome, core::Status status) {
  if (status.ok()) return {std::move(outcome), std::nullopt};
  return {std::move(outcome), std::move(status).error()};
}

/// The one way a result becomes a cmd::Finished: the program's own
/// outputs_of(plan, result) and summary_markdown(plan, result) (declared in
/// its outputs.h and summary.h, found in its namespace through the Plan), and
/// the error.
template <class Plan, class Outcome>
Finished finished(const Plan& plan, const RunResult<Outcome>& result) {
  return {outputs_of(plan, result), summary_markdown(plan, result), result.error};
}

}  // namespace flypin::cmd
