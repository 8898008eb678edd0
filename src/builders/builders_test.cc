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
#include "builders/workspace_dir.h"
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
  EXPECT_THAT(cmds[0].spec.argv, ElementsAreArray<std::string>({"buildah",
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
                                                                "-f",
                                                                "-",
                                                                "-t",
                                                                "127.0.0.1:5000/app:deployment-X",
                                                                "--build-arg",
                                                                "IMAGE_TAG=deployment-X",
                                                                "--build-arg",
                                                                "A=1",
                                                                "ctx"}));
  EXPECT_EQ(cmds[0].spec.stdin_data.value_or(""),
            "LABEL \"org.opencontainers.image.created\"=\"2026-01-01T00:00:00Z\"\n");
  EXPECT_THAT(cmds[1].spec.argv,
              ElementsAreArray<std::string>({"buildah", "--root", "/r/root", "--runroot", "/r/run", "--storage-driver",
                                             "vfs", "push", "--tls-verify=false", "--authfile", "/w/auth.json",
                                             "--digestfile", "/w/digest", "127.0.0.1:5000/app:deployment-X",
                                             "docker://127.0.0.1:5000/app:deployment-X"}));
}

TEST(BuildahBuilder, MinimalSettingsAddNoGlobalFlags) {
  BuildahBuilder builder(BuildahSettings{});
  auto r = sample_request();
  r.dockerfile.clear();
  r.labels.clear();
  auto cmds = builder.commands(r, Workspace{"/w"});
  EXPECT_THAT(std::vector<std::string>(cmds[0].spec.argv.begin(), cmds[0].spec.argv.begin() + 4),
              ElementsAre("buildah", "build", "--platform", "linux/amd64"));
  EXPECT_EQ(std::count(cmds[0].spec.argv.begin(), cmds[0].spec.argv.end(), "-f"), 0);
  EXPECT_FALSE(cmds[0].spec.stdin_data.has_value());
  EXPECT_THAT(cmds[1].spec.argv,
              ElementsAre("buildah", "push", "--digestfile", "/w/digest", r.image, "docker://" + r.image));
}

TEST(BuildahBuilder, LabelsAreOneStepAfterTheContainerfileBuildahWouldFind) {
  BuildahBuilder builder(BuildahSettings{});
  auto r = sample_request();
  r.dockerfile.clear();
  r.context = "/no/such/ctx";
  r.labels.push_back({"team", "core"});
  auto cmds = builder.commands(r, Workspace{"/w"});
  const auto& argv = cmds[0].spec.argv;
  auto f = std::find(argv.begin(), argv.end(), "-f");
  ASSERT_NE(f, argv.end());
  EXPECT_THAT(std::vector<std::string>(f, f + 4), ElementsAre("-f", "/no/such/ctx/Dockerfile", "-f", "-"));
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "--label"), 0);
  EXPECT_EQ(cmds[0].spec.stdin_data.value_or(""),
            "LABEL \"org.opencontainers.image.created\"=\"2026-01-01T00:00:00Z\" \"team\"=\"core\"\n");
}

TEST(BuildahBuilder, ALabelWithALineBreakGoesAsFlags) {
  BuildahBuilder builder(BuildahSettings{});
  auto r = sample_request();
  r.labels.push_back({"note", "two\nlines"});
  auto cmds = builder.commands(r, Workspace{"/w"});
  const auto& argv = cmds[0].spec.argv;
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "-"), 0);
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "--label"), 2);
  EXPECT_NE(std::find(argv.begin(), argv.end(), "note=two\nlines"), argv.end());
  EXPECT_FALSE(cmds[0].spec.stdin_data.has_value());
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
  DockerBuilder builder(DockerSettings{.executable = "/usr/bin/docker"});
  auto cmds = builder.commands(sample_request(), Workspace{"/w"});
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_THAT(cmds[0].spec.argv,
              ElementsAreArray<std::string>({"/usr/bin/docker", "buildx", "build", "--push", "--platform",
                                             "linux/amd64", "--metadata-file", "/w/metadata.json", "-f",
                                             "ctx/Dockerfile", "-t", "127.0.0.1:5000/app:deployment-X", "--build-arg",
                                             "IMAGE_TAG=deployment-X", "--build-arg", "A=1", "--label",
                                             "org.opencontainers.image.created=2026-01-01T00:00:00Z", "ctx"}));
}

std::string joined(const std::vector<std::string>& argv) {
  std::string text;
  for (const auto& a : argv) text += a + " ";
  return text;
}

Cache registry_cache(const std::string& ref) {
  return Cache{CacheMode::kRegistry, registry::parse_reference(ref).value(), ""};
}

TEST(DockerBuilder, BuildxReadsOnlyItsOwnConfigAndTheUsersBuilders) {
  DockerBuilder builder(DockerSettings{.executable = "docker", .buildx_config = "/home/u/.docker/buildx"});
  auto cmds = builder.commands(sample_request(), Workspace{"/w"});
  EXPECT_EQ(cmds[0].spec.extra_env.at("DOCKER_CONFIG"), "/w/docker");
  EXPECT_EQ(cmds[0].spec.extra_env.at("BUILDX_CONFIG"), "/home/u/.docker/buildx");
}

TEST(DockerBuilder, BuildxCacheExportersIgnoreErrors) {
  DockerBuilder builder(DockerSettings{});
  auto r = sample_request();
  r.cache = registry_cache("127.0.0.1:5000/app:buildcache");
  EXPECT_NE(joined(builder.commands(r, Workspace{"/w"})[0].spec.argv)
                .find("--cache-from type=registry,ref=127.0.0.1:5000/app:buildcache --cache-to "
                      "type=registry,ref=127.0.0.1:5000/app:buildcache,mode=max,ignore-error=true "),
            std::string::npos);
  r.cache = Cache{CacheMode::kGha, {}, ""};
  EXPECT_NE(joined(builder.commands(r, Workspace{"/w"})[0].spec.argv)
                .find("--cache-from type=gha,scope=127.0.0.1:5000/app --cache-to "
                      "type=gha,scope=127.0.0.1:5000/app,mode=max,ignore-error=true "),
            std::string::npos);
  r.cache = Cache{CacheMode::kLocal, {}, "/nonexistent/cache"};
  std::string local = joined(builder.commands(r, Workspace{"/w"})[0].spec.argv);
  EXPECT_EQ(local.find("--cache-from"), std::string::npos) << "nothing to import yet: " << local;
  EXPECT_NE(local.find("--cache-to type=local,dest=/nonexistent/cache,mode=max,ignore-error=true "), std::string::npos);
}

TEST(DockerBuilder, BuildxDockerDriverUsesAnInlineCacheImage) {
  DockerBuilder builder(DockerSettings{.buildx_driver = "docker"});
  EXPECT_EQ(builder.cache_support(), CacheSupport::kInlineBuildx);
  auto r = sample_request();
  r.cache = registry_cache("127.0.0.1:5000/app:buildcache");
  std::string argv = joined(builder.commands(r, Workspace{"/w"})[0].spec.argv);
  EXPECT_NE(argv.find("--cache-from type=registry,ref=127.0.0.1:5000/app:buildcache --cache-to type=inline "),
            std::string::npos)
      << argv;
  EXPECT_NE(argv.find("-t 127.0.0.1:5000/app:deployment-X -t 127.0.0.1:5000/app:buildcache "), std::string::npos);
}

TEST(DockerBuilder, NoAttestationsForFlysRegistry) {
  auto r = sample_request();
  r.attestations = Attestations::kOff;
  std::string recent = joined(DockerBuilder(DockerSettings{}).commands(r, Workspace{"/w"})[0].spec.argv);
  EXPECT_NE(recent.find("--provenance=false --sbom=false"), std::string::npos) << recent;
  // buildx before 0.10 adds none and does not know the flags.
  DockerBuilder old(DockerSettings{.attestation_flags = AttestationFlags::kUnknown});
  EXPECT_EQ(joined(old.commands(r, Workspace{"/w"})[0].spec.argv).find("--provenance"), std::string::npos);
  r.attestations = Attestations::kBuilderDefault;
  EXPECT_EQ(joined(DockerBuilder(DockerSettings{}).commands(r, Workspace{"/w"})[0].spec.argv).find("--provenance"),
            std::string::npos);
  EXPECT_EQ(attestation_flags_of("github.com/docker/buildx v0.9.1 ed00243"), AttestationFlags::kUnknown);
  EXPECT_EQ(attestation_flags_of("github.com/docker/buildx v0.10.0 876462897"), AttestationFlags::kKnown);
  EXPECT_EQ(attestation_flags_of("github.com/docker/buildx 0.12.1+ds1 0.12.1"), AttestationFlags::kKnown);
  EXPECT_EQ(buildx_driver_of("Name:   default\nDriver: docker\n\nNodes:\n"), "docker");
  EXPECT_EQ(buildx_driver_of("Name: b\nDriver:        docker-container\n"), "docker-container");
}

TEST(DockerBuilder, BuildKitBuildsThenPushesWithAnInlineCache) {
  DockerBuilder builder(DockerSettings{.executable = "docker", .frontend = DockerFrontend::kBuildKit});
  EXPECT_EQ(builder.cache_support(), CacheSupport::kInlineBuildKit);
  auto r = sample_request();
  r.cache = registry_cache("127.0.0.1:5000/app:buildcache");
  auto cmds = builder.commands(r, Workspace{"/w"});
  ASSERT_EQ(cmds.size(), 3u);
  EXPECT_EQ(cmds[0].spec.extra_env.at("DOCKER_BUILDKIT"), "1");
  EXPECT_EQ(cmds[0].spec.extra_env.at("DOCKER_CONFIG"), "/w/docker");
  EXPECT_THAT(cmds[0].spec.argv,
              ElementsAreArray<std::string>({"docker",       "build",
                                             "--platform",   "linux/amd64",
                                             "--progress",   "plain",
                                             "--cache-from", "127.0.0.1:5000/app:buildcache",
                                             "-f",           "ctx/Dockerfile",
                                             "-t",           "127.0.0.1:5000/app:deployment-X",
                                             "-t",           "127.0.0.1:5000/app:buildcache",
                                             "--build-arg",  "IMAGE_TAG=deployment-X",
                                             "--build-arg",  "A=1",
                                             "--build-arg",  "BUILDKIT_INLINE_CACHE=1",
                                             "--label",      "org.opencontainers.image.created=2026-01-01T00:00:00Z",
                                             "ctx"}));
  EXPECT_THAT(cmds[1].spec.argv, ElementsAre("docker", "push", "127.0.0.1:5000/app:deployment-X"));
  EXPECT_EQ(cmds[1].role, StepRole::kPush);
  EXPECT_THAT(cmds[2].spec.argv, ElementsAre("docker", "push", "127.0.0.1:5000/app:buildcache"));
  EXPECT_EQ(cmds[2].role, StepRole::kCache);
  EXPECT_EQ(cmds[2].save, CacheSave::kUnlessHits);
  r.cache = Cache{};
  auto uncached = builder.commands(r, Workspace{"/w"});
  ASSERT_EQ(uncached.size(), 2u);
  EXPECT_EQ(joined(uncached[0].spec.argv).find("cache"), std::string::npos);
  EXPECT_EQ(builder.reported_digest("Pushed\ndeployment-X: digest: " + kDigest + " size: 528\n", Workspace{"/w"})
                .value()
                .value_or(""),
            kDigest);
}

TEST(DockerBuilder, BuildKitKeepsALocalCacheAsAnImageArchive) {
  auto dir = std::filesystem::temp_directory_path() / ("flypin-docker-cache-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  DockerBuilder builder(DockerSettings{.executable = "docker", .frontend = DockerFrontend::kBuildKit});
  auto r = sample_request();
  r.cache = Cache{CacheMode::kLocal, {}, dir.string()};
  auto first = builder.commands(r, Workspace{"/w"});
  ASSERT_EQ(first.size(), 3u);  // nothing to load yet
  EXPECT_THAT(first[2].spec.argv,
              ElementsAre("docker", "save", "-o", docker_cache_archive(dir.string()), "flypin-build-cache:local"));
  std::ofstream(docker_cache_archive(dir.string())) << "tar";
  auto later = builder.commands(r, Workspace{"/w"});
  ASSERT_EQ(later.size(), 4u);
  EXPECT_THAT(later[0].spec.argv, ElementsAre("docker", "load", "-i", docker_cache_archive(dir.string())));
  EXPECT_EQ(later[0].role, StepRole::kCache);
  EXPECT_NE(joined(later[1].spec.argv).find("--cache-from flypin-build-cache:local "), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(BuildahBuilder, CacheInARepositoryOrInItsOwnStorage) {
  BuildahBuilder builder(BuildahSettings{.root = "/r/root", .runroot = "/r/run"});
  auto r = sample_request();
  r.cache = registry_cache("127.0.0.1:5000/app-buildcache:buildcache");
  std::string build = joined(builder.commands(r, Workspace{"/w"})[0].spec.argv);
  EXPECT_NE(build.find("--layers --cache-from 127.0.0.1:5000/app-buildcache --cache-to 127.0.0.1:5000/app-buildcache "),
            std::string::npos)
      << build;
  r.cache = Cache{CacheMode::kLocal, {}, "/keep"};
  auto cmds = builder.commands(r, Workspace{"/w"});
  for (const auto& step : cmds) {
    EXPECT_NE(joined(step.spec.argv).find("buildah --root /keep/storage --runroot /w/buildah-run "), std::string::npos)
        << joined(step.spec.argv);
  }
  EXPECT_NE(joined(cmds[0].spec.argv).find("--layers "), std::string::npos);
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
  EXPECT_THAT(cmds[0].spec.argv,
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
    auto choice = choose_builder(kind, env, runner, FlyApp::kGiven, "/w/docker");
    ASSERT_FALSE(choice.ok());
    EXPECT_EQ(choice.error().kind, core::ErrorKind::kUsage);
  }
  EXPECT_TRUE(runner.calls.empty());
}

TEST(BuilderChoice, DockerProbesRunWithOurConfigurationNeverTheUsers) {
  auto dir = std::filesystem::temp_directory_path() / ("flypin-probe-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "docker") << "#!/bin/sh\n";
  std::filesystem::permissions(dir / "docker", std::filesystem::perms::owner_all);
  doubles::RecordingProcessRunner runner([](const core::ProcessSpec& spec) {
    core::ProcessResult r;
    r.exit_code = 0;
    if (spec.argv.size() > 2 && spec.argv[2] == "version") r.stdout_data = "github.com/docker/buildx v0.12.1 abc";
    if (spec.argv.size() > 2 && spec.argv[2] == "inspect") r.stdout_data = "Name: b\nDriver: docker-container\n";
    return r;
  });
  core::Environment env(Vars{{"PATH", dir.string()}, {"HOME", "/home/u"}});
  for (auto kind : {BuilderKind::kDocker, BuilderKind::kAuto}) {
    auto choice = choose_builder(kind, env, runner, FlyApp::kNone, "/w/docker");
    ASSERT_TRUE(choice.ok()) << choice.error().message;
    EXPECT_EQ(choice->kind, BuilderKind::kDocker);
  }
  ASSERT_EQ(runner.specs.size(), 5u);  // buildx version and inspect, twice; docker info for auto
  for (const auto& spec : runner.specs) {
    EXPECT_EQ(spec.extra_env.at("DOCKER_CONFIG"), "/w/docker") << spec.argv[1];
    EXPECT_EQ(spec.extra_env.at("BUILDX_CONFIG"), "/home/u/.docker/buildx") << spec.argv[1];
  }
  std::filesystem::remove_all(dir);
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

TEST(BuildahSettings, ChrootWhicheverRuntimeIsInstalled) {
  // A PATH holding runc and crun: the isolation does not follow what is installed.
  auto dir = std::filesystem::temp_directory_path() / ("flypin-runtimes-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (const char* runtime : {"runc", "crun"}) {
    std::ofstream(dir / runtime) << "#!/bin/sh\n";
    std::filesystem::permissions(dir / runtime, std::filesystem::perms::owner_all);
  }
  auto s = detect_buildah_settings(core::Environment(Vars{{"PATH", dir.string()}}), "buildah", "");
  EXPECT_EQ(s.isolation, "chroot");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace flypin::build
