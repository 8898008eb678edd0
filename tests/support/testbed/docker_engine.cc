#include "support/testbed/docker_engine.h"

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "core/process.h"

namespace flypin::testbed {
namespace {

bool socket_accepts(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}

int pid_in(const std::string& path) {
  std::string text = read_file(path);
  return text.empty() ? 0 : std::atoi(text.c_str());
}

}  // namespace

std::string DockerEngine::client() { return "/usr/bin/docker"; }

DockerEngine::DockerEngine(DockerEngineOptions options) {
  dir_ = std::make_unique<TempDir>("flypin-docker");
  const std::string& d = dir_->path();
  client_dir_ = d + "/client";
  std::filesystem::create_directories(client_dir_);
  std::filesystem::create_symlink(client(), client_dir_ + "/docker");
  // An empty daemon.json: nothing of the machine's /etc/docker reaches this engine.
  write_file(d + "/daemon.json", "{}\n");
  std::vector<std::string> argv{"/usr/sbin/dockerd",
                                "--config-file",
                                d + "/daemon.json",
                                "--host",
                                "unix://" + d + "/docker.sock",
                                "--data-root",
                                d + "/data",
                                "--exec-root",
                                d + "/exec",
                                "--pidfile",
                                d + "/docker.pid",
                                "--storage-driver",
                                "vfs",
                                "--iptables=false",
                                "--ip-masq=false",
                                "--bridge=none"};
  if (options.wrap) argv = options.wrap(argv);
  dockerd_ = std::make_unique<ScopedProcess>(argv, options.env, d + "/dockerd.log");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!socket_accepts(d + "/docker.sock")) {
    if (!dockerd_->running() || std::chrono::steady_clock::now() > deadline) {
      std::string log = dockerd_->log();
      stop();
      throw std::runtime_error("dockerd did not come up:\n" + log);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

DockerEngine::~DockerEngine() { stop(); }

void DockerEngine::stop() {
  if (!dockerd_) return;
  // dockerd stops the containerd it started; a containerd that outlived it is ended by its pid.
  int containerd = pid_in(dir_->path() + "/exec/containerd/containerd.pid");
  dockerd_->stop();
  dockerd_.reset();
  if (containerd > 0 && ::kill(containerd, 0) == 0) {
    ::kill(containerd, SIGTERM);
    for (int i = 0; i < 50 && ::kill(containerd, 0) == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (::kill(containerd, 0) == 0) ::kill(containerd, SIGKILL);
  }
}

std::string DockerEngine::host() const { return "unix://" + dir_->path() + "/docker.sock"; }

std::string DockerEngine::docker(const std::vector<std::string>& args) const {
  core::ProcessSpec spec;
  spec.argv = {client()};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.extra_env = {{"DOCKER_HOST", host()}, {"DOCKER_CONFIG", dir_->path() + "/client-config"}};
  core::SystemProcessRunner runner;
  auto result = runner.run(spec);
  if (!result.ok() || result->exit_code != 0) {
    std::string args_text;
    for (const auto& a : args) args_text += " " + a;
    throw std::runtime_error("docker" + args_text +
                             " failed: " + (result.ok() ? result->output : result.error().message));
  }
  return result->stdout_data;
}

void DockerEngine::wipe() const {
  docker({"system", "prune", "--all", "--force"});
  docker({"builder", "prune", "--all", "--force"});
}

std::string DockerEngine::log() const { return read_file(dir_->path() + "/dockerd.log"); }

}  // namespace flypin::testbed
