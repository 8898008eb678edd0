// build-image stopped mid-build by SIGINT or SIGTERM (a cancelled workflow),
// with the real docker builder: a Docker engine of the test's own and a
// registry on loopback. Afterwards nothing it made is left: not the
// DOCKER_CONFIG it wrote for docker (its temporary directory is gone), not the
// docker client, not the RUN step the engine was running. The user's
// ~/.docker/config.json is never opened, by docker or anyone, nor written.
#include <gtest/gtest.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/launchers/spawned_program.h"
#include "support/testbed/docker_engine.h"
#include "support/testbed/testbed.h"

namespace flypin {
namespace {

using namespace std::chrono_literals;

struct Suite {
  std::unique_ptr<testbed::LocalRegistry> registry;
  std::unique_ptr<testbed::DockerEngine> engine;
};
Suite* suite = nullptr;

// Whole /proc/<pid>/<file> of every process, NULs as spaces ("" for one that went away).
std::vector<std::string> every_process(const std::string& file) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    std::replace(s.begin(), s.end(), '\0', ' ');
    out.push_back(s);
  }
  return out;
}

size_t processes_holding(const std::string& file, const std::string& needle) {
  auto all = every_process(file);
  return std::count_if(all.begin(), all.end(), [&](const auto& s) { return s.find(needle) != std::string::npos; });
}

// Records every open, write and replacement of the user's docker configuration.
class Watch {
 public:
  explicit Watch(const std::string& config) : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
    inotify_add_watch(fd_, config.c_str(), IN_OPEN | IN_ACCESS | IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE);
    inotify_add_watch(fd_, std::filesystem::path(config).parent_path().c_str(),
                      IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO);
  }
  ~Watch() { close(fd_); }
  Watch(const Watch&) = delete;
  Watch& operator=(const Watch&) = delete;

  size_t events() const {
    alignas(inotify_event) char buf[4096];
    size_t n = 0;
    for (ssize_t len; (len = read(fd_, buf, sizeof buf)) > 0;) {
      for (char* p = buf; p < buf + len; p += sizeof(inotify_event) + reinterpret_cast<inotify_event*>(p)->len) ++n;
    }
    return n;
  }

 private:
  int fd_;
};

class BuildImageSignalE2E : public ::testing::TestWithParam<int> {
 protected:
  static void SetUpTestSuite() {
    suite = new Suite;
    suite->registry = std::make_unique<testbed::LocalRegistry>(testbed::AuthMode::kBasic);
    suite->engine = std::make_unique<testbed::DockerEngine>();
    suite->registry->push_image("e2e/base", "1");
  }
  static void TearDownTestSuite() {
    delete suite;
    suite = nullptr;
  }

  void SetUp() override {
    for (const char* d : {"ctx", "home/.docker", "tmp"}) std::filesystem::create_directories(dir_.file(d));
    testbed::write_file(user_config(), "{\"auths\":{},\"credsStore\":\"flypin-never\"}\n");
  }

  std::string user_config() const { return dir_.file("home/.docker/config.json"); }
  std::string tmp() const { return dir_.file("tmp"); }

  std::map<std::string, std::string> env() const {
    return {{"REGISTRY_USERNAME", suite->registry->username()},
            {"REGISTRY_PASSWORD", suite->registry->password()},
            {"HOME", dir_.file("home")},
            {"TMPDIR", tmp()},
            {"DOCKER_HOST", suite->engine->host()},
            {"PATH", suite->engine->client_dir() + ":/usr/sbin:/usr/bin:/sbin:/bin"}};
  }

  testbed::TempDir dir_{"flypin-signal-e2e"};
};

TEST_P(BuildImageSignalE2E, MidBuildNothingIsLeftAndTheUserConfigIsUntouched) {
  const int sig = GetParam();
  // The RUN step says it started (a word only its shell computes, not the Dockerfile's text), then waits.
  const std::string started = "started-" + std::to_string(4000 + sig);
  // A sleep of this run's own, so that no other run's process is taken for it.
  const std::string sleeper = "sleep " + std::to_string(::getpid()) + std::to_string(sig);
  testbed::write_file(dir_.file("ctx/Dockerfile"),
                      "FROM " + suite->registry->host() +
                          "/e2e/base:1\n"
                          "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"echo started-$((4000+" +
                          std::to_string(sig) + ")); /bin/busybox " + sleeper + "; echo done\"]\n");
  const std::string before = testbed::read_file(user_config());
  const auto written = std::filesystem::last_write_time(user_config());
  Watch watch(user_config());

  // The engine has no bridge: RUN steps on the host's (loopback only) network.
  e2e::SpawnedProgram p("build-image",
                        {"--builder", "docker", "--repository", suite->registry->host() + "/e2e/signal", "--context",
                         dir_.file("ctx"), "--cache", "none", "--builder-arg", "--network=host"},
                        env(), dir_.path());
  ASSERT_TRUE(p.await([&] { return p.err().find(started) != std::string::npos; }, 120s)) << p.err();
  // Mid-build: the docker configuration build-image wrote is there, and docker is running with it.
  bool config_written = false;
  for (const auto& ws : std::filesystem::directory_iterator(tmp())) {
    config_written |= std::filesystem::exists(ws.path() / "docker/config.json");
  }
  EXPECT_TRUE(config_written);
  EXPECT_GE(processes_holding("environ", "DOCKER_CONFIG=" + tmp()), 1u);

  p.signal(sig);
  EXPECT_EQ(p.wait(60s), 128 + sig) << p.err();
  EXPECT_NE(p.err().find("interrupted"), std::string::npos) << p.err();
  EXPECT_TRUE(std::filesystem::is_empty(tmp())) << "the temporary DOCKER_CONFIG outlived build-image";
  EXPECT_EQ(processes_holding("environ", "TMPDIR=" + tmp()), 0u) << "a process build-image started outlived it";
  EXPECT_EQ(processes_holding("cmdline", sleeper), 0u) << "the RUN step outlived build-image";
  // Before the test itself reads it.
  EXPECT_EQ(watch.events(), 0u) << "the user's docker configuration was opened or changed";
  EXPECT_EQ(testbed::read_file(user_config()), before);
  EXPECT_EQ(std::filesystem::last_write_time(user_config()), written);
}

INSTANTIATE_TEST_SUITE_P(Signals, BuildImageSignalE2E, ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& info) { return info.param == SIGINT ? "SIGINT" : "SIGTERM"; });

}  // namespace
}  // namespace flypin
