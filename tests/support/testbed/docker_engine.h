#pragma once
// A Docker engine of the test's own: Debian's docker.io (dockerd 20.10, BuildKit
// built in) on a private socket, data root and exec root in a TempDir, vfs
// storage, no iptables and no bridge (so builds run with --network host or
// none, and see loopback only). Registries on 127.0.0.0/8 are plain HTTP to it
// (dockerd's default). Stopped, with its containerd, when destroyed: nothing
// outlives the test. Start one per suite: ~2 s.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/testbed/testbed.h"

namespace flypin::testbed {

struct DockerEngineOptions {
  /// Wraps dockerd's command line (e.g. hostile::PrivateHosts::wrap for names of our own).
  std::function<std::vector<std::string>(std::vector<std::string>)> wrap;
  /// Extra environment for dockerd (e.g. SSL_CERT_FILE naming a test CA).
  std::map<std::string, std::string> env;
};

class DockerEngine {
 public:
  /// Throws std::runtime_error (with dockerd's log) when the engine does not come up in 60 s.
  explicit DockerEngine(DockerEngineOptions options = {});
  ~DockerEngine();
  DockerEngine(const DockerEngine&) = delete;
  DockerEngine& operator=(const DockerEngine&) = delete;

  /// "unix:///.../docker.sock": the DOCKER_HOST of every client of this engine.
  std::string host() const;
  /// Debian's client (/usr/bin/docker, 20.10: BuildKit without buildx), whatever else is on PATH.
  static std::string client();
  /// A directory holding only `docker` (a link to client()), to put first on a PATH.
  const std::string& client_dir() const { return client_dir_; }
  /// Runs the client against this engine; throws with its output when it fails. Returns stdout.
  std::string docker(const std::vector<std::string>& args) const;
  /// Forgets every image, container and build cache, as a fresh runner has none.
  void wipe() const;
  std::string log() const;

 private:
  void stop();
  std::unique_ptr<TempDir> dir_;
  std::string client_dir_;
  std::unique_ptr<ScopedProcess> dockerd_;
};

}  // namespace flypin::testbed
