// Issue 24, item 16: what the builder prints is the build's text, not
// build-image's: a RUN step that prints "::error::", "::add-mask::",
// "::stop-commands::" (after blanks too) or "##[" must reach the workflow log
// as text, never as a command the runner obeys.

#include <gtest/gtest.h>

#include <filesystem>

#include "support/hostile/measured_run.h"
#include "support/hostile/output_checks.h"
#include "support/testbed/testbed.h"

namespace flypin::hostile {
namespace {

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

TEST(HostileBuilderOutput, WorkflowCommandsABuildPrintsAreText) {
  testbed::LocalRegistry registry(testbed::AuthMode::kBasic);
  testbed::TempDir dir("flypin-hostile-build");
  const std::string context = dir.file("ctx");
  std::filesystem::create_directories(context);
  std::filesystem::copy_file("/bin/busybox", context + "/busybox");
  const std::string m = kForged;
  testbed::write_file(context + "/Dockerfile",
                      "FROM scratch\n"
                      "COPY busybox /bin/busybox\n"
                      "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"echo '::error::" +
                          m + "'; echo '  ::add-mask::" + m + "'; echo '::stop-commands::" + m +
                          "'; printf '\\\\t::warning file=x::" + m + "\\\\n'; echo 'step ##[error]" + m + "'\"]\n");
  auto run = run_measured(
      "build-image",
      {"--builder", "buildah", "--repository", registry.host() + "/flypin-hostile/echo", "--context", context},
      {{"REGISTRY_USERNAME", registry.username()},
       {"REGISTRY_PASSWORD", registry.password()},
       {"FLYPIN_BUILDAH_ROOT", dir.file("buildah")},
       {"TMPDIR", dir.path()},
       {"HOME", dir.path()},
       {"GITHUB_ACTIONS", "true"},
       {"PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"}},
      std::chrono::seconds(240));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string all = run.out + run.err;
  EXPECT_EQ(forged_commands(all, kForged), std::vector<std::string>{}) << all;
  for (const std::string shown : {"error::", "add-mask::", "stop-commands::", "warning file=x::", "error]"}) {
    EXPECT_TRUE(has(all, shown + m)) << "the builder's line is still shown: " << shown << "\n" << all;
  }
}

}  // namespace
}  // namespace flypin::hostile
