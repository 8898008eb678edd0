#pragma once
// The metadata flypin writes on the machines it creates and reads back, one
// home for every key: the machine smoke-machine marks is the one
// roll-machines leaves alone and --reap destroys. Values are strings, as the
// Machines API keeps them.

#include <map>
#include <string>

#include "fly/machine.h"

namespace flypin::fly::markers {

/// "true" on every throwaway machine of smoke-machine: never rolled, reaped when old.
inline constexpr const char* kSmoke = "flypin_smoke";
/// The workflow run that made it: GITHUB_RUN_ID/GITHUB_RUN_ATTEMPT ("local/1" outside Actions).
inline constexpr const char* kRun = "flypin_run";
/// GITHUB_REPOSITORY and GITHUB_JOB of that run.
inline constexpr const char* kRepository = "flypin_repo";
inline constexpr const char* kJob = "flypin_job";
/// --smoke-app: the app a smoke machine in a separate app is for (smoke-machine's --app).
inline constexpr const char* kForApp = "flypin_for_app";
/// --scope: one step of a job, so that one matrix job's --reap never touches a sibling's machine.
inline constexpr const char* kScope = "flypin_scope";
/// When it was made, unix seconds by our clock (the API's created_at is the fallback).
inline constexpr const char* kCreated = "flypin_created";
/// A create's own marker (fly/guarded_create.h): finds the machine a create whose answer was lost made.
inline constexpr const char* kCreate = "flypin_create";
/// "true" on a keeper of pin-image --keep: a machine that never runs and only
/// references an image so that the registry keeps it. Never rolled, never reaped.
inline constexpr const char* kKeeper = "flypin_keeper";

/// The metadata filter that lists smoke machines.
std::map<std::string, std::string> smoke_filter();

/// The machine carries flypin_smoke=true.
bool is_smoke(const Machine& machine);

/// The metadata filter that lists keepers.
std::map<std::string, std::string> keeper_filter();

/// The machine carries flypin_keeper=true.
bool is_keeper(const Machine& machine);

}  // namespace flypin::fly::markers
