// build-image's cache and its docker builder, end to end: the real program,
// real buildah and a real Docker engine of the suite's own (Debian's dockerd
// 20.10, BuildKit without buildx), one registry with Basic auth on loopback.
// The builder's local storage is wiped between builds, as on a fresh runner.
// One engine and one registry for the whole suite (one ctest entry).
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "core/process.h"
#include "programs/build-image/e2e/registry_front.h"
#include "support/hostile/output_checks.h"
#include "support/hostile/private_hosts.h"
#include "support/hostile/test_ca.h"
#include "support/testbed/docker_engine.h"
#include "support/testbed/testbed.h"

namespace flypin {
namespace {

using namespace std::chrono_literals;
using Env = std::map<std::string, std::string>;

const std::string kProgram = std::string(FLYPIN_BIN_DIR) + "/build-image";

enum class Tool { kBuildah, kDocker };

std::string name_of(Tool tool) { return tool == Tool::kBuildah ? "buildah" : "docker"; }

struct Built {
  int exit_code = -1;
  std::string out, err, summary;
};

struct Suite {
  std::unique_ptr<testbed::LocalRegistry> registry;
  std::unique_ptr<testbed::DockerEngine> engine;
};
Suite* suite = nullptr;

class BuildCacheE2E : public ::testing::TestWithParam<Tool> {
 protected:
  static void SetUpTestSuite() {
    suite = new Suite;
    suite->registry = std::make_unique<testbed::LocalRegistry>(testbed::AuthMode::kBasic);
    suite->engine = std::make_unique<testbed::DockerEngine>();
    suite->registry->push_image("e2e/base", "1");  // what every Dockerfile starts FROM
  }
  static void TearDownTestSuite() {
    delete suite;
    suite = nullptr;
  }

  void SetUp() override {
    std::filesystem::create_directories(context());
    std::filesystem::create_directories(dir_.file("home"));
    std::filesystem::create_directories(dir_.file("tmp"));
    write_dockerfile(suite->registry->host());
    testbed::write_file(context() + "/app.txt", "version 1\n");
  }

  // FROM the base image in the registry as `host` reaches it: the builder holds the credential of the
  // registry it pushes to, and of no other.
  void write_dockerfile(const std::string& host) const {
    testbed::write_file(context() + "/Dockerfile",
                        "FROM " + host +
                            "/e2e/base:1"
                            "\n"
                            "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"/bin/busybox dd if=/dev/urandom of=/deps "
                            "bs=1024 count=256 2>/dev/null\"]\n"
                            "COPY app.txt /app.txt\n"
                            "CMD [\"/bin/busybox\", \"cat\", \"/app.txt\"]\n");
  }

  Tool tool() const { return GetParam(); }
  std::string context() const { return dir_.file("ctx"); }
  std::string repo(const std::string& name) const {
    return suite->registry->host() + "/" + name_of(tool()) + "/" + name;
  }

  // The builder's storage as a fresh runner has it: a new buildah root, or an engine with no images.
  void wipe_builder() {
    ++buildah_generation_;
    if (tool() == Tool::kDocker) suite->engine->wipe();
  }

  Env env() const {
    Env e{{"REGISTRY_USERNAME", suite->registry->username()},
          {"REGISTRY_PASSWORD", suite->registry->password()},
          {"HOME", dir_.file("home")},
          {"TMPDIR", dir_.file("tmp")},
          {"GITHUB_ACTIONS", "true"},
          {"GITHUB_STEP_SUMMARY", dir_.file("summary.md")}};
    if (tool() == Tool::kBuildah) {
      // No sbin: buildah's RUN steps need neither an OCI runtime nor iptables.
      e["PATH"] = "/usr/bin:/bin";
      e["FLYPIN_BUILDAH_ROOT"] = dir_.file("buildah-" + std::to_string(buildah_generation_));
    } else {
      e["PATH"] = suite->engine->client_dir() + ":/usr/sbin:/usr/bin:/sbin:/bin";
      e["DOCKER_HOST"] = suite->engine->host();
    }
    return e;
  }

  Built build(const std::string& repository, std::vector<std::string> extra, Env env_vars) const {
    std::filesystem::remove(dir_.file("summary.md"));
    core::ProcessSpec spec;
    spec.argv = {kProgram, "--builder", name_of(tool()), "--repository", repository, "--context", context()};
    // docker: RUN steps on the host's (loopback only) network, as the test engine has no bridge.
    // buildah runs them in a chroot on the host's network of itself.
    if (tool() == Tool::kDocker) spec.argv.insert(spec.argv.end(), {"--builder-arg", "--network=host"});
    spec.argv.insert(spec.argv.end(), extra.begin(), extra.end());
    spec.extra_env = std::move(env_vars);
    spec.env_mode = core::EnvMode::kOnlyExtra;
    core::SystemProcessRunner runner;
    auto result = runner.run(spec);
    if (!result.ok()) return {};
    return {result->exit_code, result->stdout_data, result->stderr_data, testbed::read_file(dir_.file("summary.md"))};
  }
  Built build(const std::string& repository, std::vector<std::string> extra = {}) const {
    return build(repository, std::move(extra), env());
  }

  std::vector<std::string> layers(const std::string& image) const { return suite->registry->layers(image); }

  bool tmp_is_empty() const { return std::filesystem::is_empty(dir_.file("tmp")); }

  testbed::TempDir dir_{"flypin-cache-e2e"};
  int buildah_generation_ = 0;
};

std::string tag_of(const std::string& out) {
  auto at = out.rfind("\"tag\":\"");
  if (at == std::string::npos) return "";
  at += 7;
  return out.substr(at, out.find('"', at) - at);
}

TEST_P(BuildCacheE2E, RegistryCacheSurvivesAWipedBuilder) {
  auto first = build(repo("reg"), {"--cache", "registry", "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.summary.find("| cache | registry "), std::string::npos) << first.summary;
  auto deps_layer = layers(repo("reg") + ":" + tag_of(first.out)).at(1);

  wipe_builder();
  testbed::write_file(context() + "/app.txt", "version 2\n");
  size_t before = suite->registry->requests_seen();
  auto second = build(repo("reg"), {"--cache", "registry", "--json"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  // The step as the summary shows it: Markdown syntax escaped (gha/markdown.h).
  EXPECT_NE(second.summary.find("RUN \\[\"/bin/busybox\", \"sh\", \"-c\", \"/bin/busybox dd"), std::string::npos)
      << second.summary;
  EXPECT_NE(second.summary.find(" | hit |"), std::string::npos) << second.summary;
  EXPECT_NE(second.summary.find("COPY app.txt /app.txt | built |"), std::string::npos) << second.summary;
  auto second_layers = layers(repo("reg") + ":" + tag_of(second.out));
  ASSERT_EQ(second_layers.size(), 3u);
  EXPECT_EQ(second_layers.at(1), deps_layer) << "the dependency layer came from the cache";
  EXPECT_EQ(suite->registry->blob_uploads(deps_layer, before), 0u)
      << testing::PrintToString(suite->registry->requests());
  EXPECT_TRUE(tmp_is_empty());
}

TEST_P(BuildCacheE2E, LocalCacheSurvivesAWipedBuilder) {
  const std::string cache = "local:" + dir_.file("cache");
  wipe_builder();
  auto first = build(repo("local"), {"--cache", cache});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  wipe_builder();
  testbed::write_file(context() + "/app.txt", "version 2\n");
  auto second = build(repo("local"), {"--cache", cache});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.summary.find("| cache | local " + dir_.file("cache")), std::string::npos) << second.summary;
  EXPECT_NE(second.summary.find(" | hit |"), std::string::npos) << second.summary << second.err;
}

TEST_P(BuildCacheE2E, NoneUsesNoCache) {
  wipe_builder();
  size_t before = suite->registry->requests_seen();
  auto r = build(repo("none"), {"--cache", "none"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.summary.find("| cache | none |"), std::string::npos) << r.summary;
  EXPECT_EQ(r.summary.find(" | hit |"), std::string::npos) << r.summary;
  auto seen = suite->registry->requests();
  for (size_t i = before; i < seen.size(); ++i) EXPECT_EQ(seen[i].find("buildcache"), std::string::npos) << seen[i];
}

TEST_P(BuildCacheE2E, GhaWithoutBuildxIsAWarningAndAGoodBuild) {
  if (tool() == Tool::kBuildah) {
    auto r = build(repo("gha"), {"--cache", "gha"});
    EXPECT_EQ(r.exit_code, 2) << "gha can never work with buildah: " << r.err;
    return;
  }
  auto r = build(repo("gha"), {"--cache", "gha"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("::warning title=build cache::--cache gha needs docker buildx"), std::string::npos) << r.out;
  EXPECT_NE(r.summary.find("| cache | none |"), std::string::npos) << r.summary;
}

TEST_P(BuildCacheE2E, CacheRegistryDownOrRefusingIsAWarningAndAGoodBuild) {
  hostile::Routes refuse401, fail500;
  refuse401.on("*", "/", [](const hostile::Request&, hostile::Conn& c) {
    c.respond(401, {{"WWW-Authenticate", "Basic realm=\"cache\""}, {"Content-Type", "application/json"}},
              R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]})");
  });
  fail500.on("*", "/", [](const hostile::Request&, hostile::Conn& c) { c.respond(500, {}, "internal error"); });
  hostile::ScriptedServer refusing(refuse401), failing(fail500);
  const std::string down = "127.0.0.1:" + std::to_string(testbed::free_loopback_port());
  for (const auto& [what, host] : std::vector<std::pair<std::string, std::string>>{
           {"down", down}, {"401", refusing.host()}, {"500", failing.host()}}) {
    auto r = build(repo("cache-" + what), {"--cache", "registry", "--cache-ref", host + "/cache/app:buildcache"});
    EXPECT_EQ(r.exit_code, 0) << what << ": " << r.err;
    EXPECT_NE(r.out.find("::warning title=build cache::build cache " + host + "/cache/app:buildcache is not usable"),
              std::string::npos)
        << what << ": " << r.out << r.err;
    EXPECT_NE(r.summary.find("| cache | none |"), std::string::npos) << what;
  }
  EXPECT_GE(refusing.request_count(), 1u);
  EXPECT_GE(failing.request_count(), 1u);
}

TEST_P(BuildCacheE2E, ManifestUnknownForThreeSecondsAfterThePushIsWaitedOut) {
  e2e::RegistryFront front(suite->registry->host());
  front.unknown_after_push(3s);
  write_dockerfile(front.host());
  auto start = std::chrono::steady_clock::now();
  auto r = build(front.host() + "/" + name_of(tool()) + "/late", {"--cache", "none", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GE(front.unknown_answers(), 2);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 3s);
  // build-image itself waited (not only the builder): read_back says so once.
  EXPECT_NE(r.err.find("does not show " + front.host()), std::string::npos) << r.err;
}

// Issue 24's rule for the docker builder too: what a build prints is text, never a workflow command, and
// the steps in the summary (the Dockerfile's text) render as text.
TEST_P(BuildCacheE2E, WorkflowCommandsTheBuildPrintsAreText) {
  const std::string m = hostile::kForged;
  testbed::write_file(context() + "/Dockerfile", "FROM " + suite->registry->host() +
                                                     "/e2e/base:1\n"
                                                     "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"echo '::error::" +
                                                     m + "'; echo '  ::add-mask::" + m + "'; echo 'step ##[error]" + m +
                                                     "'; echo 'x |" + m + "'\"]\n");
  wipe_builder();
  auto r = build(repo("hostile"), {"--cache", "registry"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string all = r.out + r.err;
  EXPECT_EQ(hostile::forged_commands(all, m), std::vector<std::string>{}) << all;
  EXPECT_NE(all.find("error::" + m), std::string::npos) << "the builder's line is still shown\n" << all;
  EXPECT_EQ(hostile::markdown_injections(r.summary, m), std::vector<std::string>{}) << r.summary;
}

INSTANTIATE_TEST_SUITE_P(Builders, BuildCacheE2E, ::testing::Values(Tool::kBuildah, Tool::kDocker),
                         [](const auto& info) { return name_of(info.param); });

// The docker builder pushes with the credential build-image resolved, from a
// configuration of its own: the user's docker config names a wrong password
// for this registry, and is neither used nor written.
class DockerCredentialE2E : public BuildCacheE2E {};

TEST_P(DockerCredentialE2E, OnlyTheResolvedCredentialReachesTheRegistry) {
  const std::string user_config = dir_.file("home") + "/.docker/config.json";
  std::filesystem::create_directories(dir_.file("home") + "/.docker");
  const std::string wrong = "{\"auths\":{\"" + suite->registry->host() +
                            "\":{\"auth\":\"Zmx5cGluOndyb25nLXBhc3N3b3Jk\"}},\"credsStore\":\"\"}\n";
  testbed::write_file(user_config, wrong);
  auto before = std::filesystem::last_write_time(user_config);

  auto r = build(repo("creds"), {"--cache", "none", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(layers(repo("creds") + ":" + tag_of(r.out)).empty());
  EXPECT_EQ(testbed::read_file(user_config), wrong);
  EXPECT_EQ(std::filesystem::last_write_time(user_config), before);
  EXPECT_TRUE(tmp_is_empty()) << "the temporary configuration was removed";
  EXPECT_EQ(r.err.find(suite->registry->password()), std::string::npos);
  EXPECT_NE(r.out.find("::add-mask::" + suite->registry->password()), std::string::npos);
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("::add-mask::", 0) != 0) {
      EXPECT_EQ(line.find(suite->registry->password()), std::string::npos) << line;
    }
  }

  // Without the resolved credential the registry refuses docker: the wrong one is all it would have.
  Env no_creds = env();
  no_creds.erase("REGISTRY_USERNAME");
  no_creds.erase("REGISTRY_PASSWORD");
  testbed::write_file(user_config, "{}\n");
  auto refused = build(repo("creds"), {"--cache", "none"}, no_creds);
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_TRUE(tmp_is_empty());
}

INSTANTIATE_TEST_SUITE_P(Docker, DockerCredentialE2E, ::testing::Values(Tool::kDocker),
                         [](const auto& info) { return name_of(info.param); });

// Fly's registry takes the image and nothing else: a registry reached as
// registry.fly.io (a TLS front before the test registry, names of our own,
// the test CA) sees one manifest pushed, an image manifest, no index and no
// attestation.
class FlyRegistryE2E : public BuildCacheE2E {};

TEST_P(FlyRegistryE2E, NothingButTheImageIsPushed) {
  testbed::TempDir world("flypin-fly-registry");
  hostile::TestCa ca(world.path());
  hostile::PrivateHosts hosts(world.path(), {"registry.fly.io"});
  e2e::RegistryFront front(suite->registry->host(), ca.issue("fly", {"registry.fly.io"}));
  front.name("registry.fly.io");
  write_dockerfile(front.host());
  Env e = env();
  e["SSL_CERT_FILE"] = ca.ca_pem_path();
  std::unique_ptr<testbed::DockerEngine> engine;
  if (tool() == Tool::kDocker) {
    // dockerd itself resolves and trusts the name: an engine in the same private hosts, trusting the test CA.
    engine = std::make_unique<testbed::DockerEngine>(testbed::DockerEngineOptions{
        [&](std::vector<std::string> argv) { return hosts.wrap(argv); }, {{"SSL_CERT_FILE", ca.ca_pem_path()}}});
    e["DOCKER_HOST"] = engine->host();
  }
  core::ProcessSpec spec;
  spec.argv = hosts.wrap({kProgram, "--builder", name_of(tool()), "--repository",
                          front.host() + "/" + name_of(tool()) + "-fly", "--context", context(), "--json"});
  if (tool() == Tool::kDocker) spec.argv.insert(spec.argv.end(), {"--builder-arg", "--network=host"});
  spec.extra_env = e;
  spec.env_mode = core::EnvMode::kOnlyExtra;
  core::SystemProcessRunner runner;
  auto r = runner.run(spec);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->exit_code, 0) << r->stderr_data;
  EXPECT_NE(r->stderr_data.find("Fly's registry takes only the image"), std::string::npos) << r->stderr_data;
  size_t manifests = 0;
  for (const auto& request : front.server().requests()) {
    if (request.method != "PUT" || request.path.find("/manifests/") == std::string::npos) continue;
    ++manifests;
    EXPECT_NE(request.path.find("/manifests/deployment-"), std::string::npos) << request.path;
    std::string type = request.header("Content-Type");
    EXPECT_EQ(type.find("index"), std::string::npos) << type;
    EXPECT_EQ(type.find("list"), std::string::npos) << type;
    EXPECT_EQ(request.body.find("attestation"), std::string::npos);
  }
  EXPECT_EQ(manifests, 1u);
  for (const auto& request : front.server().requests()) EXPECT_EQ(request.path.find("buildcache"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Builders, FlyRegistryE2E, ::testing::Values(Tool::kBuildah, Tool::kDocker),
                         [](const auto& info) { return name_of(info.param); });

}  // namespace
}  // namespace flypin
