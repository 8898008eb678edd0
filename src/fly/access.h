#pragma once
// How a program reaches Fly, from its environment: the token (core::fly_token)
// for both APIs, the Machines API at FLY_API_URL and the logs API at
// FLY_LOGS_API_URL.

#include <chrono>
#include <string>

#include "core/environment.h"
#include "core/result.h"
#include "fly/client.h"
#include "fly/logs_client.h"

namespace flypin::fly {

/// FLY_LOGS_API_URL, else Fly's own (kDefaultLogsApiUrl).
std::string logs_api_url(const core::Environment& env);

/// Sets the token, the name of the variable it came from, and the base URL of
/// `api` and `logs`, and how a program reads logs: they explain a failure and
/// never hold up its verdict, so each read is one short try (5 s, once) — a
/// reader polls again on its own, and a failure path reads once (a logs API
/// that never answers costs one timeout, not five). Leaves the other settings
/// alone. No token: a usage error.
core::Status configure_access(const core::Environment& env, ClientSettings& api, LogsSettings& logs);

}  // namespace flypin::fly
