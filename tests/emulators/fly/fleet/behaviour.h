#pragma once
// Knobs the admin API turns (POST /_admin/behaviour); {} resets to defaults.

#include <optional>
#include <set>
#include <string>

namespace flypin::emulators::fly {

struct Behaviour {
  int boot_delay_ms = 0;
  std::string force_region;
  std::string force_cpu_kind;
  std::optional<int> force_cpus;
  std::optional<int> force_memory_mb;
  std::string force_digest;
  bool rate_limit = true;
  int destroy_delay_ms = 0;
  int stop_delay_ms = 0;
  /// How long an update (POST /machines/{id}) takes before it is applied.
  int update_delay_ms = 0;
  /// How long GET still answers for a destroyed machine (state "destroyed") before 404.
  int destroyed_retention_ms = 60000;
  /// How late a log line shows up on the logs API.
  int logs_ingestion_delay_ms = 0;
  /// Tokens the logs API answers 401 (the Machines API still takes them).
  std::set<std::string> logs_refused_tokens;
};

}  // namespace flypin::emulators::fly
