#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "builders/buildah_builder.h"
#include "builders/builder_choice.h"
#include "builders/docker_builder.h"
#include "builders/flyctl_builder.h"
#include "builders/oci_labels.h"
#include "support/doubles/recording_process_runner.h"

namespace flypin::build {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using Vars = std::map<std::string, std::string>;

const std::string kDigest = "sha256:" + std::string(64, 'a');

BuildRequest sample_request() {
  BuildRequest r;
  r.image = "127.0.0.1:5000/app:deployment-X";
  r.tag = "deployment-X";
  r.context = "ctx";
  r.dockerfile = "ctx/Dockerfile";
  r.build_args = {{"IMAGE_TAG", "deployment-X"}, {"A", "1"}};
  r.labels = {{"org.opencontainers.image.created", "2026-01-01T00:00:00Z"}};
  r.app = "myapp";
  return r;
}

TEST(BuildahBuilder, BuildsThenPushesWithDigestFile) {
  BuildahSettings s;
  s.root = "/r/root";
  s.runroot = "/r/run";
  s.storage_driver = "vfs";
  s.isolation = "chroot";
  s.tls_verify = TlsVerify::kOff;
  s.auth_file = AuthFile::kInWorkspace;
  BuildahBuilder builder(s);
  auto cmds = builder.commands(sample_request(), Workspace{"/w"});
  ASSERT_EQ(cmds.size(), 2u);
  EXPECT_THAT(cmds[0].argv, ElementsAreArray<std::string>({"buildah",
                                                           "--root",
                                                           "/r/root",
                                                           "--runroot",
                                                           "/r/run",
                                                           "--storage-driver",
                                                           "vfs",
                                                           "build",
                                                           "--platform",
                                                           "linux/amd64",
                                                           "--isolation",
                                                           "chroot",
                                                           "--authfile",
                                                           "/w/auth.json",
                                                           "--tls-verify=false",
                                                           "-f",
                                                           "ctx/Dockerfile",
                                                           "-t",
                                                           "127.0.0.1:5000/app:deployment-X",
                                                           "--build-arg",
                                                           "IMAGE_TAG=deployment-X",
                                                           "--build-arg",
                                                           "A=1",
                                                           "--label",
                                                           "org.opencontainers.image.created=2026-01-01T00:00:00Z",
                                                           "ctx"}));
  EXPECT_THAT(cmds[1].argv,
              ElementsAreArray<std::string>({"buildah", "--root", "/r/root", "--runroot", "/r/run", "--storage-driver",
                                             "vfs", "push", "--tls-verify=false", "--authfile", "/w/auth.json",
                                             "--digestfile", "/w/digest", "127.0.0.1:5000/app:deployment-X",
                                             "docker://127.0.0.1:5000/app:deployment-X"}));
}

TEST(BuildahBuilder, MinimalSettingsAddNoGlobalFlags) {
  BuildahBuilder builder(BuildahSettings{});
  auto r = sample_request();
  r.dockerfile.clear();
  auto cmds = builder.commands(r, Workspace{"/w"});
  EXPECT_THAT(std::vector<std::string>(cmds[0].argv.begin(), cmds[0].argv.begin() + 4),
              ElementsAre("buildah", "build", "--platform", "linux/amd64"));
  EXPECT_EQ(std::count(cmds[0].argv.begin(), cmds[0].argv.end(), "-f"), 0);
  EXPECT_THAT(cmds[1].argv,
              ElementsAre("buildah", "push", "--digestfile", "/w/digest", r.image, "docker://" + r.image));
}

TEST(BuildahBuilder, ReadsTheDigestFile) {
  auto dir = std::filesystem::temp_directory_path() / ("flypin-build-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  Workspace ws{dir.string()};
  BuildahBuilder builder(BuildahSettings{});
  EXPECT_FALSE(builder.reported_digest("", ws).ok());
  std::ofstream(ws.digest_file()) << kDigest;
  auto digest = builder.reported_digest("", ws);
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(digest->value(), kDigest);
  std::filesystem::remove_all(dir);
}

TEST(DockerBuilder, OneBuildxPushWithMetadataFile) {
  DockerBuilder builder("/usr/bin/docker");
  auto cmds = builder.commands(sample_request(), Workspace{"/w"});
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_THAT(cmds[0].argv,
              ElementsAreArray<std::string>({"/usr/bin/docker", "buildx", "build", "--push", "--platform",
                                             "linux/amd64", "--metadata-file", "/w/metadata.json", "-f",
                                             "ctx/Dockerfile", "-t", "127.0.0.1:5000/app:deployment-X", "--build-arg",
                                             "IMAGE_TAG=deployment-X", "--build-arg", "A=1", "--label",
                                             "org.opencontainers.image.created=2026-01-01T00:00:00Z", "ctx"}));
}

TEST(DockerBuilder, ParsesBuildxMetadata) {
  std::string metadata = R"({"buildx.build.ref":"b/b/x","containerimage.config.digest":"sha256:)" +
                         std::string(64, 'c') + R"(","containerimage.digest":")" + kDigest +
                         R"(","image.name":"r/app:t"})";
  EXPECT_EQ(digest_from_buildx_metadata(metadata).value(), kDigest);
  EXPECT_FALSE(digest_from_buildx_metadata("{}").ok());
  EXPECT_FALSE(digest_from_buildx_metadata("not json").ok());
}

TEST(FlyctlBuilder, DeployBuildOnlyWithImageLabel) {
  FlyctlBuilder builder("/bin/fly");
  auto r = sample_request();
  r.fly_config = "fly.toml";
  r.dockerfile.clear();
  r.labels.clear();
  auto cmds = builder.commands(r, Workspace{"/w"});
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_THAT(cmds[0].argv,
              ElementsAreArray<std::string>({"/bin/fly", "deploy", "--build-only", "--push", "--image-label",
                                             "deployment-X", "-a", "myapp", "-c", "fly.toml", "--build-arg",
                                             "IMAGE_TAG=deployment-X", "--build-arg", "A=1", "ctx"}));
  EXPECT_EQ(fly_repository("myapp"), "registry.fly.io/myapp");
}

TEST(FlyctlBuilder, DigestFromPushOutput) {
  FlyctlBuilder builder;
  std::string layer = "sha256:" + std::string(64, 'b');
  std::string out = "#5 " + layer + " 0.1s done\n" + "deployment-X: digest: " + kDigest + " size: 1573\n";
  EXPECT_EQ(builder.reported_digest(out, Workspace{}).value(), kDigest);
  EXPECT_FALSE(builder.reported_digest("image size: 4 MB\n", Workspace{}).value().has_value());
}

TEST(Labels, OciLabelsFromGithubContext) {
  core::Environment env(
      Vars{{"GITHUB_SHA", "abc123"}, {"GITHUB_REPOSITORY", "o/r"}, {"GITHUB_SERVER_URL", "https://ghe.x"}});
  auto labels = oci_labels(env, 1'700'000'000);
  ASSERT_EQ(labels.size(), 3u);
  EXPECT_EQ(labels[0].str(), "org.opencontainers.image.created=2023-11-14T22:13:20Z");
  EXPECT_EQ(labels[1].str(), "org.opencontainers.image.revision=abc123");
  EXPECT_EQ(labels[2].str(), "org.opencontainers.image.source=https://ghe.x/o/r");
  EXPECT_EQ(oci_labels(core::Environment{}, 0).size(), 1u);
}

TEST(Labels, KeyValueParsing) {
  auto ok = parse_key_values({"A=1", "B=x=y", "C="}, "--label");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)[1].value, "x=y");
  EXPECT_EQ((*ok)[2].value, "");
  EXPECT_FALSE(parse_key_values({"novalue"}, "--label").ok());
  EXPECT_FALSE(parse_key_values({"=v"}, "--label").ok());
}

TEST(BuilderChoice, ExplicitBuilderMissingIsUsageError) {
  doubles::RecordingProcessRunner runner;
  core::Environment env(Vars{{"PATH", "/nonexistent"}});
  for (auto kind : {BuilderKind::kDocker, BuilderKind::kBuildah, BuilderKind::kFlyctl, BuilderKind::kAuto}) {
    auto choice = choose_builder(kind, env, runner, FlyApp::kGiven);
    ASSERT_FALSE(choice.ok());
    EXPECT_EQ(choice.error().kind, core::ErrorKind::kUsage);
  }
  EXPECT_TRUE(runner.calls.empty());
}

TEST(BuilderChoice, ParsesNames) {
  EXPECT_EQ(parse_builder_kind("fly").value(), BuilderKind::kFlyctl);
  EXPECT_EQ(parse_builder_kind("buildah").value(), BuilderKind::kBuildah);
  EXPECT_FALSE(parse_builder_kind("kaniko").ok());
}

TEST(BuildahSettings, EnvironmentChoosesStorageDriverAndRoot) {
  core::Environment env(Vars{{"FLYPIN_BUILDAH_STORAGE_DRIVER", "vfs"}, {"BUILDAH_ISOLATION", "oci"}});
  auto s = detect_buildah_settings(env, "/usr/bin/buildah", "/tmp/x");
  EXPECT_EQ(s.storage_driver, "vfs");
  EXPECT_EQ(s.root, "/tmp/x/root");
  EXPECT_EQ(s.runroot, "/tmp/x/run");
  EXPECT_EQ(s.isolation, "");  // buildah reads BUILDAH_ISOLATION itself
  auto chroot = detect_buildah_settings(core::Environment(Vars{{"PATH", "/nonexistent"}}), "buildah", "");
  EXPECT_EQ(chroot.isolation, "chroot");
}

}  // namespace
}  // namespace flypin::build
