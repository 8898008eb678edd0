// build-image end to end: the real program, real buildah, a real registry
// with Basic auth on loopback; docker and fly through the fake programs in tests/support/doubles/programs.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "core/curl_http_client.h"
#include "core/environment.h"
#include "core/json.h"
#include "core/process.h"
#include "registry/credentials.h"
#include "registry/reference.h"
#include "registry/registry_client.h"
#include "support/testbed/testbed.h"

namespace flypin {
namespace {

using Env = std::map<std::string, std::string>;

const std::string kProgram = std::string(FLYPIN_BIN_DIR) + "/build-image";
const std::string kFakes = std::string(FLYPIN_SOURCE_DIR) + "/tests/support/doubles/programs";

struct ProgramRun {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

class BuildImageE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { registry_ = new testbed::LocalRegistry(testbed::AuthMode::kBasic); }
  static void TearDownTestSuite() {
    delete registry_;
    registry_ = nullptr;
  }

  void SetUp() override {
    std::filesystem::create_directories(context());
    std::filesystem::copy_file("/bin/busybox", context() + "/busybox");
  }

  std::string context() const { return dir_.file("ctx"); }
  std::string repo(const std::string& name) const { return registry_->host() + "/e2e/" + name; }

  void write_dockerfile(const std::string& text) const { testbed::write_file(context() + "/Dockerfile", text); }

  Env base_env() const {
    return {{"REGISTRY_USERNAME", registry_->username()},
            {"REGISTRY_PASSWORD", registry_->password()},
            {"FLYPIN_BUILDAH_ROOT", dir_.file("buildah")},
            {"GITHUB_OUTPUT", dir_.file("github_output")},
            {"GITHUB_STEP_SUMMARY", dir_.file("summary.md")},
            {"GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567"},
            {"GITHUB_REPOSITORY", "acme/shop"},
            {"GITHUB_SERVER_URL", "https://github.com"},
            {"GITHUB_ACTIONS", ""}};
  }

  ProgramRun run(std::vector<std::string> args, Env env) const {
    core::ProcessSpec spec;
    spec.argv = {kProgram};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.extra_env = std::move(env);
    core::SystemProcessRunner runner;
    auto result = runner.run(spec);
    if (!result.ok()) return {};
    return {result->exit_code, result->stdout_data, result->stderr_data};
  }

  std::string registry_digest(const std::string& image) const {
    core::Environment env(
        Env{{"REGISTRY_USERNAME", registry_->username()}, {"REGISTRY_PASSWORD", registry_->password()}});
    core::SystemProcessRunner processes;
    core::CurlHttpClient http;
    registry::CredentialResolver creds(env, processes, registry::CredentialScope::for_hosts({registry_->host()}));
    registry::RegistryClient client(http, creds);
    auto ref = registry::parse_reference(image);
    if (!ref.ok()) return "bad reference: " + ref.error().message;
    auto resolved = client.resolve(*ref, registry::Platform::parse("linux/amd64").value());
    if (!resolved.ok()) return "not resolved: " + resolved.error().describe();
    return resolved->digest;
  }

  // The image config, read with skopeo (an independent client).
  std::string image_config(const std::string& image) const {
    core::ProcessSpec spec;
    spec.argv = {"skopeo",           "inspect",
                 "--config",         "--tls-verify=false",
                 "--creds",          registry_->username() + ":" + registry_->password(),
                 "docker://" + image};
    core::SystemProcessRunner runner;
    auto result = runner.run(spec);
    return result.ok() ? result->stdout_data : "";
  }

  static testbed::LocalRegistry* registry_;
  testbed::TempDir dir_{"flypin-build-e2e"};
};

testbed::LocalRegistry* BuildImageE2E::registry_ = nullptr;

// The --json object is the last stdout line starting with '{' (workflow
// commands such as ::group:: may precede it under Actions).
std::string json_field(const std::string& out, const char* key) {
  std::string text;
  for (size_t start = 0; start < out.size();) {
    size_t nl = out.find('\n', start);
    std::string line = out.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!line.empty() && line.front() == '{') text = line;
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  auto doc = core::json::parse(text, "build-image --json");
  if (!doc.ok() || !doc->IsObject()) return "<no json: " + text + ">";
  return core::json::get_string(*doc, key).value_or("<missing " + std::string(key) + ">");
}

TEST_F(BuildImageE2E, BuildahBuildsPushesAndTheRegistryConfirms) {
  write_dockerfile(
      "FROM scratch\n"
      "ARG IMAGE_TAG\n"
      "ENV IMAGE_TAG=$IMAGE_TAG\n"
      "COPY busybox /bin/busybox\n"
      "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"echo built > /built.txt\"]\n"
      "CMD [\"/bin/busybox\", \"cat\", \"/built.txt\"]\n");
  auto r = run({"--builder", "buildah", "--repository", repo("app"), "--context", context(), "--label", "team=core",
                "--label", "note=say \"hi\" to $HOME and ${PATH} \\o/", "--build-arg", "UNUSED=1", "--json"},
               base_env());
  ASSERT_EQ(r.exit_code, 0) << r.err;

  std::string tag = json_field(r.out, "tag");
  EXPECT_EQ(tag.rfind("deployment-", 0), 0u) << tag;
  EXPECT_EQ(tag.size(), std::string("deployment-").size() + 26);
  EXPECT_EQ(json_field(r.out, "image"), repo("app") + ":" + tag);
  std::string digest = json_field(r.out, "digest");
  EXPECT_EQ(digest, registry_digest(repo("app") + ":" + tag));
  EXPECT_EQ(json_field(r.out, "image-pinned"), repo("app") + "@" + digest);

  std::string config_text = image_config(repo("app") + ":" + tag);
  auto config = core::json::parse(config_text, "image config");
  ASSERT_TRUE(config.ok()) << config_text;
  const auto* inner = core::json::get_object(*config, "config");
  ASSERT_NE(inner, nullptr) << config_text;
  const auto* labels = core::json::get_object(*inner, "Labels");
  ASSERT_NE(labels, nullptr) << config_text;
  EXPECT_EQ(core::json::get_string(*labels, "org.opencontainers.image.revision").value_or(""),
            "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(core::json::get_string(*labels, "org.opencontainers.image.source").value_or(""),
            "https://github.com/acme/shop");
  EXPECT_EQ(core::json::get_string(*labels, "org.opencontainers.image.created").value_or("").size(), 20u);
  EXPECT_EQ(core::json::get_string(*labels, "team").value_or(""), "core");
  // Labels are literal, as docker's --label: nothing in them is expanded or unquoted.
  EXPECT_EQ(core::json::get_string(*labels, "note").value_or(""), "say \"hi\" to $HOME and ${PATH} \\o/");
  bool tag_in_env = false;
  if (const auto* env = core::json::get_array(*inner, "Env")) {
    for (const auto& e : env->GetArray()) tag_in_env |= e.IsString() && e.GetString() == "IMAGE_TAG=" + tag;
  }
  EXPECT_TRUE(tag_in_env) << config_text;

  std::string outputs = testbed::read_file(dir_.file("github_output"));
  EXPECT_NE(outputs.find(digest), std::string::npos);
  EXPECT_NE(outputs.find("image-pinned<<"), std::string::npos);
  EXPECT_NE(testbed::read_file(dir_.file("summary.md")).find(digest), std::string::npos);
  EXPECT_EQ(r.err.find(registry_->password()), std::string::npos);
  EXPECT_EQ(r.out.find(registry_->password()), std::string::npos);
}

TEST_F(BuildImageE2E, FailingRunStepExitsOneWithItsOutput) {
  write_dockerfile(
      "FROM scratch\n"
      "COPY busybox /bin/busybox\n"
      "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"echo flypin-step-marker: cannot find module; exit 3\"]\n");
  auto r = run({"--builder", "buildah", "--repository", repo("broken"), "--context", context(), "--tag",
                "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2T01"},
               base_env());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto error_at = r.err.find("buildah build exited with status");
  ASSERT_NE(error_at, std::string::npos) << r.err;
  EXPECT_NE(r.err.find("flypin-step-marker: cannot find module", error_at), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.file("github_output")) &&
               !testbed::read_file(dir_.file("github_output")).empty());
}

TEST_F(BuildImageE2E, LatestAndBadTagsExitTwoWithoutRunningABuilder) {
  write_dockerfile("FROM scratch\nCOPY busybox /bin/busybox\n");
  // A PATH where every builder records that it ran.
  std::string bin = dir_.file("bin");
  std::filesystem::create_directories(bin);
  for (std::string tool : {"buildah", "docker", "fly"}) {
    testbed::write_file(bin + "/" + tool, "#!/bin/sh\necho ran >> " + dir_.file("ran") + "\n");
    std::filesystem::permissions(bin + "/" + tool, std::filesystem::perms::owner_all);
  }
  Env env = base_env();
  env["PATH"] = bin;
  // Tags pin-image would refuse as mutable are never made (F1): --tag X, --tag-prefix release-.
  for (std::vector<std::string> bad : std::vector<std::vector<std::string>>{{"--tag", "latest"},
                                                                            {"--tag", "has space"},
                                                                            {"--tag", "-dash"},
                                                                            {"--tag", "v1.2.3"},
                                                                            {"--tag-prefix", "release-"},
                                                                            {"--tag-prefix", "bad/prefix-"},
                                                                            {"--build-arg", "NOEQUALS"},
                                                                            {"--builder", "kaniko"}}) {
    std::vector<std::string> args{"--repository", repo("app"), "--context", context()};
    args.insert(args.end(), bad.begin(), bad.end());
    auto r = run(args, env);
    EXPECT_EQ(r.exit_code, 2) << bad[0] << " " << bad[1] << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
  }
  auto no_repo = run({"--context", context(), "--builder", "buildah"}, env);
  EXPECT_EQ(no_repo.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir_.file("ran")));
}

TEST_F(BuildImageE2E, DockerBuildxPathWithFakeDocker) {
  write_dockerfile("FROM scratch\nCOPY busybox /bin/busybox\n");
  std::string digest = registry_->push_image("e2e/docker", "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2D01");
  Env env = base_env();
  env["PATH"] = kFakes + ":/usr/bin:/bin";
  env["FAKE_ARGV_FILE"] = dir_.file("argv");
  env["FAKE_DOCKER_DIGEST"] = digest;
  auto r = run({"--builder", "auto", "--repository", repo("docker"), "--context", context(), "--tag",
                "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2D01", "--json"},
               env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json_field(r.out, "digest"), digest);
  EXPECT_NE(r.err.find("docker with buildx"), std::string::npos) << r.err;
  std::string argv = testbed::read_file(dir_.file("argv"));
  EXPECT_NE(argv.find("docker buildx build --push --platform linux/amd64 --metadata-file "), std::string::npos) << argv;
  EXPECT_NE(
      argv.find("-t " + repo("docker") +
                ":deployment-01JD7W5Q9R2M4X8Y6Z0A1B2D01 --build-arg IMAGE_TAG=deployment-01JD7W5Q9R2M4X8Y6Z0A1B2D01"),
      std::string::npos)
      << argv;
  EXPECT_NE(argv.find("--label org.opencontainers.image.revision=0123456789abcdef"), std::string::npos);
}

TEST_F(BuildImageE2E, BuilderDigestThatDisagreesWithTheRegistryFails) {
  write_dockerfile("FROM scratch\nCOPY busybox /bin/busybox\n");
  std::string digest = registry_->push_image("e2e/docker", "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2D02");
  std::string wrong = "sha256:" + std::string(64, '0');
  Env env = base_env();
  env["PATH"] = kFakes + ":/usr/bin:/bin";
  env["FAKE_DOCKER_DIGEST"] = wrong;
  auto r = run({"--builder", "docker", "--repository", repo("docker"), "--context", context(), "--tag",
                "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2D02"},
               env);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(wrong), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(digest), std::string::npos) << r.err;
}

TEST_F(BuildImageE2E, AutoFallsBackToBuildahWithoutADockerDaemon) {
  write_dockerfile("FROM scratch\nCOPY busybox /bin/busybox\n");
  Env env = base_env();
  env["PATH"] = kFakes + ":/usr/bin:/bin";
  env["FAKE_DOCKER_DAEMON"] = "down";
  auto r = run({"--repository", repo("auto"), "--context", context(), "--tag", "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2A01",
                "--json"},
               env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("buildah is usable (docker daemon not reachable)"), std::string::npos) << r.err;
  EXPECT_EQ(json_field(r.out, "digest"), registry_digest(repo("auto") + ":deployment-01JD7W5Q9R2M4X8Y6Z0A1B2A01"));
}

TEST_F(BuildImageE2E, FlyctlPathWithFakeFly) {
  write_dockerfile("FROM scratch\nCOPY busybox /bin/busybox\n");
  testbed::write_file(context() + "/fly.toml", "app = \"shop\"\n");
  std::string digest = registry_->push_image("e2e/fly", "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2F1Y");
  const std::string token = "fly-secret-token-value-123";
  Env env = base_env();
  env["PATH"] = kFakes + ":/usr/bin:/bin";
  env["FAKE_ARGV_FILE"] = dir_.file("argv");
  env["FAKE_FLY_DIGEST"] = digest;
  env["FLY_API_TOKEN"] = token;
  auto r = run({"--builder", "flyctl", "--app", "shop", "--repository", repo("fly"), "--context", context(), "--tag",
                "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2F1Y", "--fly-config", context() + "/fly.toml", "--json"},
               env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json_field(r.out, "digest"), digest);
  std::string argv = testbed::read_file(dir_.file("argv"));
  EXPECT_NE(argv.find("fly deploy --build-only --push --image-label deployment-01JD7W5Q9R2M4X8Y6Z0A1B2F1Y -a shop -c "),
            std::string::npos)
      << argv;
  EXPECT_NE(argv.find("token: present"), std::string::npos);
  EXPECT_EQ(r.err.find(token), std::string::npos);
  EXPECT_EQ(r.out.find(token), std::string::npos);

  env.erase("FLY_API_TOKEN");
  auto no_token = run({"--builder", "flyctl", "--app", "shop", "--context", context()}, env);
  EXPECT_EQ(no_token.exit_code, 2);
}

}  // namespace
}  // namespace flypin
