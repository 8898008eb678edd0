// Item 2 of issue 10: `program ... 2>&1 | head -n 2`. Once head has its lines
// and leaves, every write meets a closed pipe. A program must live through
// that, finish its cleanup (destroy the machine; stop the builder, remove its
// auth file) and exit with the status of what it did — not die of SIGPIPE.

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "programs/smoke-machine/hostile/hostile_fly_test.h"
#include "support/hostile/piped_program.h"

namespace flypin::hostile {
namespace {

using namespace std::chrono_literals;

/// Processes whose command line mentions `needle` (the test's own temp dir).
std::vector<std::string> processes_mentioning(const std::string& needle) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const auto pid = entry.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (has(cmdline, needle)) found.push_back(pid + ": " + cmdline);
  }
  return found;
}

std::vector<std::string> entries_starting(const std::string& dir, const std::string& prefix) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind(prefix, 0) == 0) found.push_back(entry.path().string());
  }
  return found;
}

TEST_F(HostileFlyTest, SmokeMachineIntoAClosedPipeStillDestroysItsMachineAndExitsZero) {
  const auto img = slow_image();
  auto e = env();
  PipedProgram p("smoke-machine", smoke_args(img, {"--env", "BOOT_DELAY=1"}), e);
  const auto head = p.read_lines(2, 30s);
  ASSERT_TRUE(has(head, "creating machine")) << head;
  p.close_reader();
  const int exit = p.wait(120s);
  EXPECT_EQ(exit, 0) << "141 is death by SIGPIPE";
  EXPECT_EQ(alive(), 0) << "left behind: " << emulator().admin("GET", "/_admin/machines").body;
  EXPECT_GE(front_->server().count("DELETE", "/v1/apps/"), 1u);
}

TEST_F(HostileFlyTest, BuildImageIntoAClosedPipeFinishesStopsNothingHalfwayAndRemovesItsAuthFile) {
  const auto context = dir_->file("ctx");
  std::filesystem::create_directories(context);
  std::filesystem::copy_file("/bin/busybox", context + "/busybox");
  testbed::write_file(context + "/Dockerfile",
                      "FROM scratch\n"
                      "COPY busybox /bin/busybox\n"
                      "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"for i in 1 2 3 4 5 6; do echo step $i; "
                      "/bin/busybox sleep 0.2; done\"]\n");
  Env e{{"REGISTRY_USERNAME", registry().username()},
        {"REGISTRY_PASSWORD", registry().password()},
        {"FLYPIN_BUILDAH_ROOT", dir_->file("buildah")},
        {"TMPDIR", dir_->path()},
        {"HOME", dir_->path()},
        {"PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"}};
  PipedProgram p(
      "build-image",
      {"--builder", "buildah", "--repository", registry().host() + "/flypin-hostile/piped", "--context", context}, e);
  const auto head = p.read_lines(2, 60s);
  ASSERT_FALSE(head.empty());
  p.close_reader();
  const int exit = p.wait(240s);
  EXPECT_EQ(exit, 0) << "141 is death by SIGPIPE";
  EXPECT_EQ(processes_mentioning(context), std::vector<std::string>{}) << "the builder outlived build-image";
  EXPECT_EQ(entries_starting(dir_->path(), "flypin-build-"), std::vector<std::string>{})
      << "the workspace with the registry auth file was left in TMPDIR";
}

}  // namespace
}  // namespace flypin::hostile
