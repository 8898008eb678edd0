#pragma once
// A front before a real registry (tests/support/testbed's LocalRegistry) that
// relays every request, optionally over TLS under a name of the test's own
// (registry.fly.io through hostile::PrivateHosts), and can answer
// MANIFEST_UNKNOWN for reads of a manifest during a window after the first
// manifest was pushed, as eventually consistent registries do. The registry
// learns the front's scheme and host (X-Forwarded-Proto/-Host), so upload
// locations it hands out lead back through the front.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "support/hostile/scripted_server.h"

namespace flypin::e2e {

class RegistryFront {
 public:
  /// `upstream`: "127.0.0.1:PORT" of the registry; `tls`: serve https with these files.
  explicit RegistryFront(std::string upstream, std::optional<hostile::TlsFiles> tls = std::nullopt);

  /// The host:port clients use (default 127.0.0.1:PORT); a name must resolve to 127.0.0.1 for them.
  void name(const std::string& host_name);
  std::string host() const;
  int port() const { return server_->port(); }

  /// From the first manifest PUT on, GET and HEAD of manifests answer 404 MANIFEST_UNKNOWN for `window`.
  void unknown_after_push(std::chrono::milliseconds window);
  int unknown_answers() const { return unknown_answers_.load(); }

  /// Every request seen (hostile::ScriptedServer's journal).
  const hostile::ScriptedServer& server() const { return *server_; }

 private:
  void handle(const hostile::Request& request, hostile::Conn& conn);
  bool answer_unknown(const hostile::Request& request);

  std::string upstream_;
  bool tls_ = false;
  mutable std::mutex mutex_;
  std::string host_;
  std::optional<std::chrono::milliseconds> window_;
  std::optional<std::chrono::steady_clock::time_point> pushed_at_;
  std::atomic<int> unknown_answers_{0};
  std::unique_ptr<hostile::ScriptedServer> server_;
};

}  // namespace flypin::e2e
