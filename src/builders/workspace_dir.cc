#include "builders/workspace_dir.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.h"
#include "core/json.h"

namespace flypin::build {

core::Result<WorkspaceDir> WorkspaceDir::create() {
  std::string pattern = (std::filesystem::temp_directory_path() / "flypin-build-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) return core::Error::internal("cannot create a temporary directory");
  return WorkspaceDir(pattern);
}

WorkspaceDir::~WorkspaceDir() {
  if (path_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

core::Status write_auth_file(const std::string& path, const std::string& registry, const std::string& username,
                             const std::string& password) {
  std::string text = "{\"auths\":{" + core::json::quote(registry) +
                     ":{\"auth\":" + core::json::quote(core::base64_encode(username + ":" + password)) + "}}}\n";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return core::Error::internal("cannot write the registry auth file");
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!ok) return core::Error::internal("cannot write the registry auth file");
  return core::ok_status();
}

core::Result<std::string> read_side_file(const std::string& path, const std::string& missing) {
  std::ifstream in(path);
  if (!in) return core::Error::internal(missing);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace flypin::build
