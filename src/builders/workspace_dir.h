#pragma once
// A private temporary directory for a builder's side files (digest, metadata,
// authfile), removed with everything in it when the build ends.
#include <string>

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

/// Write a containers-auth.json for one registry, readable by the owner only.
core::Status write_auth_file(const std::string& path, const std::string& registry, const std::string& username,
                             const std::string& password);

}  // namespace flypin::build
