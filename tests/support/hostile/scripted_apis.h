#pragma once
// The well-behaved halves of a hostile scenario, scripted with the kit: a
// registry that serves one linux/amd64 image anonymously, and a Supabase
// secrets API that stores what it is told. A test takes these routes and
// replaces the one answer it wants to turn hostile.

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "support/hostile/measured_run.h"
#include "support/hostile/scripted_server.h"

namespace flypin::hostile {

inline constexpr const char* kProjectRef = "abcdefghijklmnopqrst";
inline constexpr const char* kSupabaseToken = "sbp_CANARY_hostile_5e1d";
inline constexpr const char* kDeploymentTag = "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D";
inline constexpr const char* kRepository = "team/app";

/// One OCI image (manifest + config blob) for linux/amd64.
struct ScriptedImage {
  std::string manifest;
  std::string manifest_digest;
  std::string config;
  std::string config_digest;

  ScriptedImage();
};

/// Routes for GET/HEAD manifests and GET blobs of kRepository, anonymous.
Routes& serve_image(Routes& routes, const ScriptedImage& image);

/// Supabase Management API secrets endpoints for kProjectRef over a map.
class ScriptedSupabase {
 public:
  /// GET lists name + sha256(value); POST upserts; both need kSupabaseToken.
  Routes& serve(Routes& routes);
  void list(const Request& request, Conn& conn);
  void upsert(const Request& request, Conn& conn);
  std::string value(const std::string& name) const;
  /// A secret as if another run had written it.
  void seed(const std::string& name, const std::string& value);
  /// The `updated_at` every listed secret carries ("" leaves it out), as the server chooses it.
  void set_updated_at(std::string text);
  /// POSTs that wrote a secret.
  int writes() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> secrets_;
  std::string updated_at_;
  int writes_ = 0;
};

/// A ScriptedSupabase on its own loopback server.
struct SupabaseServer {
  ScriptedSupabase store;
  Routes routes;
  ScriptedServer server{store.serve(routes)};
};

inline std::string secrets_path() { return std::string("/v1/projects/") + kProjectRef + "/secrets"; }

/// "127.0.0.1:PORT/team/app:deployment-<ULID>" on `registry`.
std::string image_ref(const ScriptedServer& registry);

/// Environment for pin-image against the Supabase API at `supabase_url`.
std::map<std::string, std::string> pin_env(const std::string& supabase_url);

/// pin-image --image `image` --project-ref kProjectRef `extra_args...`, with pin_env(supabase_url) + `extra_env`.
MeasuredRun run_pin_image(const std::string& image, const std::string& supabase_url,
                          const std::vector<std::string>& extra_args = {},
                          const std::map<std::string, std::string>& extra_env = {});

}  // namespace flypin::hostile
