#include "cmd/build-image/build_image.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/doubles/fake_clock.h"
#include "support/doubles/recording_process_runner.h"
#include "support/doubles/scripted_http_client.h"

namespace flypin::cmd::build_image {
namespace {

using Vars = std::map<std::string, std::string>;

// The build step prints twenty lines and exits with `build_exit`; a
// --digestfile gets a digest.
struct BuildahScript {
  int build_exit = 0;
  core::ProcessResult operator()(const core::ProcessSpec& spec) const {
    core::ProcessResult r;
    r.exit_code = 0;
    bool is_build = std::find(spec.argv.begin(), spec.argv.end(), "build") != spec.argv.end();
    if (is_build) {
      for (int i = 1; i <= 20; ++i) r.output += "step line " + std::to_string(i) + "\n";
      r.exit_code = build_exit;
    }
    for (size_t i = 0; i + 1 < spec.argv.size(); ++i) {
      if (spec.argv[i] == "--digestfile") std::ofstream(spec.argv[i + 1]) << "sha256:" << std::string(64, 'd');
    }
    return r;
  }
};

core::Result<core::HttpResponse> manifest_unknown(const core::HttpRequest&) {
  return core::HttpResponse{404, {}, R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]})"};
}

class BuildImageRun : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("flypin-build-image-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_ / "bin");
    std::filesystem::create_directories(dir_ / "ctx");
    std::ofstream(dir_ / "bin" / "buildah") << "#!/bin/sh\n";
    std::filesystem::permissions(dir_ / "bin" / "buildah", std::filesystem::perms::owner_all);
    env_ = core::Environment(Vars{{"PATH", (dir_ / "bin").string()}, {"GITHUB_SHA", "abc"}});
    options_.repository = "127.0.0.1:5999/team/app";
    options_.context = (dir_ / "ctx").string();
    options_.builder = "buildah";
    sink_ = std::tmpfile();
  }
  void TearDown() override {
    std::fclose(sink_);
    std::filesystem::remove_all(dir_);
  }
  Deps deps() { return Deps{runner_, http_, env_, io_, clock_, sink_}; }

  std::filesystem::path dir_;
  core::Environment env_;
  Options options_;
  BuildahScript buildah_;
  doubles::RecordingProcessRunner runner_{[this](const core::ProcessSpec& spec) { return buildah_(spec); }};
  doubles::ScriptedHttpClient http_{manifest_unknown};
  gha::ActionsIO io_{core::Environment{}, stderr};
  doubles::FakeClock clock_;
  std::FILE* sink_ = nullptr;
};

TEST_F(BuildImageRun, ValidOptionsPass) { EXPECT_TRUE(validate(options_, env_).ok()); }

TEST_F(BuildImageRun, UsageErrorsNeedNoBuilder) {
  auto bad = [&](auto change) {
    Options o = options_;
    change(o);
    auto st = validate(o, env_);
    return !st.ok() && st.error().kind == core::ErrorKind::kUsage;
  };
  EXPECT_TRUE(bad([](Options& o) { o.tag = "latest"; }));
  EXPECT_TRUE(bad([](Options& o) { o.tag = "no/slash"; }));
  EXPECT_TRUE(bad([](Options& o) { o.tag = "v1"; }));  // pin-image would refuse it as mutable
  EXPECT_TRUE(bad([](Options& o) { o.tag_prefix = "release-"; }));
  EXPECT_TRUE(bad([](Options& o) { o.tag_prefix = ".dot-"; }));
  EXPECT_TRUE(bad([](Options& o) { o.repository.clear(); }));
  EXPECT_TRUE(bad([](Options& o) { o.repository = "Upper/Case"; }));
  EXPECT_TRUE(bad([](Options& o) { o.repository += "@sha256:" + std::string(64, 'a'); }));
  EXPECT_TRUE(bad([](Options& o) { o.context = "/does/not/exist"; }));
  EXPECT_TRUE(bad([](Options& o) { o.file = "/does/not/exist/Dockerfile"; }));
  EXPECT_TRUE(bad([](Options& o) { o.labels = {"nokey"}; }));
  EXPECT_TRUE(bad([](Options& o) {
    o.builder = "flyctl";
    o.app = "a";
  }));  // no FLY_API_TOKEN
  EXPECT_TRUE(bad([](Options& o) {
    o.builder = "flyctl";
    o.repository.clear();
  }));
  EXPECT_TRUE(bad([](Options& o) { o.platform = "amd64"; }));
  EXPECT_TRUE(runner_.calls.empty());
}

TEST_F(BuildImageRun, BuilderFailureCarriesExitStatusAndLastLines) {
  buildah_.build_exit = 3;
  auto d = deps();
  auto out = run(validate(options_, env_).value(), d);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error->kind, core::ErrorKind::kCheck);
  EXPECT_NE(out.error->message.find("buildah build exited with status 3"), std::string::npos) << out.error->message;
  EXPECT_NE(out.error->message.find("step line 20"), std::string::npos);
  EXPECT_NE(out.error->message.find("step line 6"), std::string::npos);
  EXPECT_EQ(out.error->message.find("step line 5\n"), std::string::npos);
  EXPECT_EQ(runner_.calls.size(), 1u);  // no push after a failed build
  EXPECT_EQ(http_.calls(), 0u);
}

TEST_F(BuildImageRun, BuildArgsAndLabelsReachTheBuilder) {
  options_.tag = "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2V01";
  options_.build_args = {"A=1"};
  options_.labels = {"team=core"};
  auto d = deps();
  (void)run(validate(options_, env_).value(), d);
  ASSERT_GE(runner_.calls.size(), 1u);
  std::string argv;
  for (const auto& a : runner_.calls[0]) argv += a + " ";
  EXPECT_NE(argv.find("--build-arg IMAGE_TAG=deployment-01JD7W5Q9R2M4X8Y6Z0A1B2V01 --build-arg A=1 "),
            std::string::npos)
      << argv;
  EXPECT_NE(argv.find("--label org.opencontainers.image.revision=abc "), std::string::npos) << argv;
  EXPECT_NE(argv.find("--label team=core "), std::string::npos) << argv;
  EXPECT_NE(argv.find("--tls-verify=false"), std::string::npos) << argv;  // loopback registry
}

TEST_F(BuildImageRun, UnconfirmedTagFailsAfterThePush) {
  options_.tag = "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2V02";
  auto d = deps();
  auto out = run(validate(options_, env_).value(), d);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(runner_.calls.size(), 2u);  // build and push ran
  EXPECT_GT(http_.calls(), 0u);
  EXPECT_NE(out.error->message.find("does not confirm 127.0.0.1:5999/team/app:deployment-01JD7W5Q9R2M4X8Y6Z0A1B2V02"),
            std::string::npos)
      << out.error->message;
}

}  // namespace
}  // namespace flypin::cmd::build_image
