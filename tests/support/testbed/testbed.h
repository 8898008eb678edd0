#pragma once
// The flypin test bed: loopback-only helpers for end-to-end tests. A real
// registry (Debian's docker-registry, distribution 2.8) in Basic or token auth
// mode, images built and pushed with real buildah, request counters for budget
// assertions. Failures to set up throw std::runtime_error with the log attached.
// See tests/support/README.md.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace flypin::testbed {

/// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
int free_loopback_port();

/// Polls a TCP connect to 127.0.0.1:port until it succeeds or the timeout passes.
bool port_accepts(int port, std::chrono::milliseconds timeout);

/// Whole content of a file ("" when missing).
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& content);

/// A directory made with mkdtemp under $TMPDIR (or /tmp), removed recursively on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "flypin-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  /// path() + "/" + name
  std::string file(const std::string& name) const;

 private:
  std::string path_;
};

/// A child process in its own process group, stdout+stderr to a log file. The
/// destructor sends SIGTERM to the group, waits up to 5 s, then SIGKILL.
class ScopedProcess {
 public:
  ScopedProcess(std::vector<std::string> argv, std::map<std::string, std::string> extra_env, std::string log_path);
  ~ScopedProcess();
  ScopedProcess(const ScopedProcess&) = delete;
  ScopedProcess& operator=(const ScopedProcess&) = delete;

  /// True once 127.0.0.1:port accepts connections; false on timeout or if the process exited.
  bool wait_for_port(int port, std::chrono::milliseconds timeout);
  /// True while the process has not exited.
  bool running();
  /// Stops the process group now (what the destructor does).
  void stop();

  int pid() const { return pid_; }
  std::string log() const;
  const std::string& log_path() const { return log_path_; }

 private:
  int pid_ = -1;
  bool reaped_ = false;
  std::string log_path_;
};

enum class AuthMode { kBasic, kToken };

/// What goes into a test image. The image is built FROM scratch with
/// /bin/busybox (static) copied in, so `cmd` can use any busybox applet.
struct ImageSpec {
  std::vector<std::string> cmd = {"/bin/busybox", "sleep", "3600"};
  std::vector<std::string> entrypoint;
  std::map<std::string, std::string> env;
  std::map<std::string, std::string> labels;
  /// Extra files: absolute path in the image -> content (mode 0755).
  std::map<std::string, std::string> files;
  std::string os = "linux";
  std::string architecture = "amd64";
  std::string variant;
  std::string workdir;
  std::string port;  // e.g. "8080": becomes an exposed port
};

enum class Attestation { kNone, kInclude };

struct PushedIndex {
  std::string digest;                  // digest of the index
  std::vector<std::string> manifests;  // digest of each platform manifest, in spec order
  std::string attestation;             // digest of the attestation-like entry, when included
};

class CountingProxy;

/// docker-registry serving on a loopback port, filesystem storage in a TempDir,
/// deletes enabled. Requests go through a counting proxy at host().
class LocalRegistry {
 public:
  explicit LocalRegistry(AuthMode mode);
  ~LocalRegistry();
  LocalRegistry(const LocalRegistry&) = delete;
  LocalRegistry& operator=(const LocalRegistry&) = delete;

  /// "127.0.0.1:PORT"
  std::string host() const;
  const std::string& username() const { return username_; }
  const std::string& password() const { return password_; }
  AuthMode auth_mode() const { return mode_; }

  /// Builds (cached per spec within the process) and pushes `host()/repo:tag`;
  /// returns the manifest digest buildah reported ("sha256:...").
  std::string push_image(const std::string& repo, const std::string& tag, const ImageSpec& spec = {});

  /// Pushes one image per spec and an index over them at repo:tag (OCI media
  /// types). With Attestation::kInclude an `unknown/unknown` entry annotated
  /// `vnd.docker.reference.type: attestation-manifest` is added.
  PushedIndex push_index(const std::string& repo, const std::string& tag, const std::vector<ImageSpec>& platforms,
                         Attestation attestation = Attestation::kNone);

  /// HTTP requests that reached the registry (counted by the proxy before forwarding).
  size_t requests_seen() const;
  /// "METHOD /path" of every request seen, in order (for failure messages).
  std::vector<std::string> requests() const;
  /// Blob uploads of `digest` the registry was asked to complete (PUT .../blobs/uploads/... naming its
  /// hex, which docker escapes differently from buildah), from request number `since` on.
  size_t blob_uploads(const std::string& digest, size_t since = 0) const;
  /// Blob uploads of any digest completed from request number `since` on.
  size_t blob_uploads(size_t since) const;
  /// Layer digests of the image manifest `image` ("HOST/REPO:TAG") names, in order, read with skopeo (a client
  /// independent of the programs); empty when it cannot be read.
  std::vector<std::string> layers(const std::string& image) const;
  /// GET /token requests answered by the token server (0 in Basic mode).
  size_t token_requests() const;
  /// "http://127.0.0.1:PORT/token" in token mode, "" otherwise.
  std::string token_realm() const;
  /// Registry process log plus token server log.
  std::string log() const;
  /// Filesystem storage root of the registry.
  std::string storage_dir() const;

 private:
  AuthMode mode_;
  std::string username_ = "flypin";
  std::string password_;
  std::unique_ptr<TempDir> dir_;
  int registry_port_ = 0;
  int token_port_ = 0;
  std::unique_ptr<ScopedProcess> token_server_;
  std::unique_ptr<ScopedProcess> registry_;
  std::unique_ptr<CountingProxy> proxy_;
};

/// Path of the flypin-token-server executable (next to the programs in the build's bin/).
std::string token_server_path();

}  // namespace flypin::testbed
