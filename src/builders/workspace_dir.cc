#include "builders/workspace_dir.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.h"
#include "core/json.h"
#include "registry/reference.h"

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

namespace {

core::Status write_private_file(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return core::Error::internal("cannot write the registry auth file " + path);
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!ok) return core::Error::internal("cannot write the registry auth file " + path);
  return core::ok_status();
}

std::string auths_json(const std::vector<RegistryLogin>& logins, const std::string& docker_hub_key) {
  std::string entries;
  for (const auto& login : logins) {
    std::string auth =
        "{\"auth\":" + core::json::quote(core::base64_encode(login.username + ":" + login.password)) + "}";
    std::vector<std::string> keys{login.registry};
    if (!docker_hub_key.empty() && registry::is_docker_hub_host(login.registry)) keys.push_back(docker_hub_key);
    for (const auto& key : keys) entries += (entries.empty() ? "" : ",") + core::json::quote(key) + ":" + auth;
  }
  return "{\"auths\":{" + entries + "}}\n";
}

}  // namespace

core::Status write_auth_file(const std::string& path, const std::vector<RegistryLogin>& logins) {
  return write_private_file(path, auths_json(logins, ""));
}

core::Status write_docker_config(const Workspace& workspace, const std::vector<RegistryLogin>& logins,
                                 const std::optional<std::string>& user_config_dir) {
  const std::string dir = workspace.docker_config_dir();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return core::Error::internal("cannot create a docker configuration directory in " + workspace.dir);
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  // docker keys Docker Hub by its v1 index URL.
  if (auto st = write_private_file(dir + "/config.json", auths_json(logins, "https://index.docker.io/v1/")); !st.ok()) {
    return st;
  }
  if (user_config_dir && std::filesystem::is_directory(*user_config_dir + "/cli-plugins", ec)) {
    std::filesystem::create_directory_symlink(*user_config_dir + "/cli-plugins", dir + "/cli-plugins", ec);
  }
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
