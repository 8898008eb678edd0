#pragma once
// The ground of pin-image's hostile tests: a scripted Supabase secrets API
// and a scripted GitHub Deployments API (whatever history a collaborator could
// have written), and pin-image run as a workflow step under Actions
// (support/hostile/measured_run.h: run_step).

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "support/hostile/measured_run.h"
#include "support/hostile/scripted_apis.h"
#include "support/hostile/scripted_github.h"
#include "support/testbed/testbed.h"

namespace flypin::hostile {

inline constexpr const char* kEnvironment = "supabase-abcdefghijklmnopqrst";
inline constexpr const char* kSecret = "DOCKER_IMAGE";
// deployment-<ULID> tags built one after another (2024-11-21, 2024-12-29, 2025-02-10).
inline constexpr const char* kOldestTag = "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D";
inline constexpr const char* kOlderTag = "deployment-01JG9B3K7N5P2Q4R6S8T0V1W2X";
inline constexpr const char* kLiveTag = "deployment-01JKR2M4X8Y6Z0A1B2C3D4E5F6";

class PinWorld {
 public:
  SupabaseServer supabase;
  GitHubServer github;

  /// A pin recorded in the history: deployment `id` of kEnvironment naming `image`.
  void pinned(std::int64_t id, const std::string& image, std::map<std::string, std::string> payload = {});

  /// pin-image --project-ref kProjectRef `args...` as a workflow step, with the APIs above, a GitHub token, and `env`.
  StepRun run(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {},
              std::chrono::milliseconds limit = std::chrono::seconds(150));

 private:
  testbed::TempDir dir_{"flypin-pin-hostile"};
};

}  // namespace flypin::hostile
