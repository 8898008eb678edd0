#pragma once
// A private temporary directory for a builder's side files (digest, metadata,
// authfile), removed with everything in it when the build ends.
#include <optional>
#include <string>
#include <vector>

#include "builders/build_request.h"
#include "core/result.h"

namespace flypin::build {

class WorkspaceDir {
 public:
  static core::Result<WorkspaceDir> create();
  WorkspaceDir(WorkspaceDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  WorkspaceDir(const WorkspaceDir&) = delete;
  WorkspaceDir& operator=(const WorkspaceDir&) = delete;
  WorkspaceDir& operator=(WorkspaceDir&&) = delete;
  ~WorkspaceDir();
  Workspace workspace() const { return Workspace{path_}; }

 private:
  explicit WorkspaceDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

/// The whole text of a file a builder wrote; `missing` is the error when it did not.
core::Result<std::string> read_side_file(const std::string& path, const std::string& missing);

/// A credential for one registry (its domain, "ghcr.io", "127.0.0.1:5000").
struct RegistryLogin {
  std::string registry;
  std::string username;
  std::string password;
};

/// Write a containers-auth.json holding `logins`, readable by the owner only.
core::Status write_auth_file(const std::string& path, const std::vector<RegistryLogin>& logins);

/// A docker configuration of build-image's own in `workspace.docker_config_dir()`:
/// config.json with `logins` and nothing else, and the user's cli-plugins
/// (where buildx may be installed) linked in. The user's own is never written.
core::Status write_docker_config(const Workspace& workspace, const std::vector<RegistryLogin>& logins,
                                 const std::optional<std::string>& user_config_dir);

}  // namespace flypin::build
