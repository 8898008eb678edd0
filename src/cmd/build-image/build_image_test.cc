#include "cmd/build-image/build_image.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "core/crypto.h"
#include "support/doubles/fake_clock.h"
#include "support/doubles/recording_process_runner.h"
#include "support/doubles/scripted_http_client.h"

namespace flypin::cmd::build_image {
namespace {

using namespace std::chrono_literals;
using Vars = std::map<std::string, std::string>;

bool has(const std::vector<std::string>& argv, const std::string& arg) {
  return std::find(argv.begin(), argv.end(), arg) != argv.end();
}

// The build step prints twenty lines and exits with `build_exit` (or, with
// `cache_push_fails`, fails as buildah does when it cannot push its cache); a
// --digestfile gets a digest.
struct BuildahScript {
  int build_exit = 0;
  bool cache_push_fails = false;
  std::string digest = "sha256:" + std::string(64, 'd');
  std::shared_ptr<std::string> authfile = std::make_shared<std::string>();  // what the build step's --authfile held
  core::ProcessResult operator()(const core::ProcessSpec& spec) const {
    core::ProcessResult r;
    r.exit_code = 0;
    if (has(spec.argv, "build")) {
      r.output += "STEP 1/2: FROM scratch\nSTEP 2/2: COPY busybox /bin/busybox\n";
      for (int i = 1; i <= 20; ++i) r.output += "step line " + std::to_string(i) + "\n";
      r.exit_code = build_exit;
      if (cache_push_fails && has(spec.argv, "--cache-to")) {
        r.output += R"(Error: failed pushing cache to {{{"127.0.0.1:5999" "team/app-buildcache"} "0a1b"}}: 500)";
        r.exit_code = 125;
      }
    }
    for (size_t i = 0; i + 1 < spec.argv.size(); ++i) {
      if (spec.argv[i] == "--digestfile") std::ofstream(spec.argv[i + 1]) << digest;
      if (spec.argv[i] == "--authfile" && has(spec.argv, "build")) {
        std::ifstream in(spec.argv[i + 1]);
        authfile->assign(std::istreambuf_iterator<char>(in), {});
      }
    }
    return r;
  }
};

core::Result<core::HttpResponse> manifest_unknown(const core::HttpRequest&) {
  return core::HttpResponse{404, {}, R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]})"};
}

// A registry holding one linux/amd64 image under every tag.
struct OneImage {
  std::string config = R"({"architecture":"amd64","os":"linux","config":{}})";
  std::string manifest = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
                         R"("config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":)" +
                         std::to_string(config.size()) + R"(,"digest":"sha256:)" + core::sha256_hex(config) +
                         R"("},"layers":[]})";
  std::string digest = "sha256:" + core::sha256_hex(manifest);
  core::Result<core::HttpResponse> operator()(const core::HttpRequest& r) const {
    if (r.url.find("/blobs/") != std::string::npos) return core::HttpResponse{200, {}, config};
    return core::HttpResponse{
        200,
        {{"Content-Type", "application/vnd.oci.image.manifest.v1+json"}, {"Docker-Content-Digest", digest}},
        manifest};
  }
};

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

  // The registry holds `image` under every tag and no cache image yet (404 MANIFEST_UNKNOWN under `cache_path`).
  void serve(const OneImage& image, std::string cache_path) {
    registry_ = [&image, cache_path](const core::HttpRequest& r) -> core::Result<core::HttpResponse> {
      if (r.url.find(cache_path) != std::string::npos) return manifest_unknown(r);
      return image(r);
    };
  }

  // Whether `change` to the options makes a usage error (exit 2).
  template <typename Change>
  bool usage_error(Change change) const {
    Options o = options_;
    change(o);
    auto plan = validate(o, env_);
    return !plan.ok() && plan.error().kind == core::ErrorKind::kUsage;
  }

  std::filesystem::path dir_;
  core::Environment env_;
  Options options_;
  BuildahScript buildah_;
  doubles::RecordingProcessRunner runner_{[this](const core::ProcessSpec& spec) { return buildah_(spec); }};
  doubles::ScriptedHttpClient::Responder registry_ = manifest_unknown;
  doubles::ScriptedHttpClient http_{[this](const core::HttpRequest& r) { return registry_(r); }};
  gha::ActionsIO io_{core::Environment{}, stderr};
  doubles::FakeClock clock_;
  std::FILE* sink_ = nullptr;
};

TEST_F(BuildImageRun, ValidOptionsPass) { EXPECT_TRUE(validate(options_, env_).ok()); }

TEST_F(BuildImageRun, UsageErrorsNeedNoBuilder) {
  auto bad = [&](auto change) { return usage_error(change); };
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
  options_.cache = "none";
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
  // buildah: the labels as one LABEL step, a Containerfile on stdin.
  EXPECT_NE(argv.find(" -f - "), std::string::npos) << argv;
  std::string labels = runner_.specs[0].stdin_data.value_or("");
  EXPECT_NE(labels.find("\"org.opencontainers.image.revision\"=\"abc\""), std::string::npos) << labels;
  EXPECT_NE(labels.find("\"team\"=\"core\""), std::string::npos) << labels;
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

std::string argv_of(const std::vector<std::string>& argv) {
  std::string text;
  for (const auto& a : argv) text += a + " ";
  return text;
}

TEST_F(BuildImageRun, RegistryCacheIsTheDefaultNextToTheRepository) {
  OneImage image;
  buildah_.digest = image.digest;
  serve(image, "-buildcache/manifests/");
  auto d = deps();
  auto out = run(validate(options_, env_).value(), d);
  ASSERT_TRUE(out.ok()) << out.error->describe();
  EXPECT_EQ(out.outcome.digest, image.digest);
  EXPECT_EQ(out.outcome.cache, "registry 127.0.0.1:5999/team/app-buildcache:buildcache");
  std::string build = argv_of(runner_.calls.at(0));
  EXPECT_NE(build.find("--layers --cache-from 127.0.0.1:5999/team/app-buildcache --cache-to "
                       "127.0.0.1:5999/team/app-buildcache "),
            std::string::npos)
      << build;
  EXPECT_EQ(http_.line(0), "HEAD http://127.0.0.1:5999/v2/team/app-buildcache/manifests/buildcache");
  ASSERT_EQ(out.outcome.steps.size(), 1u);
  EXPECT_EQ(out.outcome.steps[0].step, "2/2 COPY busybox /bin/busybox");
}

TEST_F(BuildImageRun, CacheRegistryThatRefusesOrFailsIsSkippedWithAWarning) {
  OneImage image;
  buildah_.digest = image.digest;
  for (int status : {401, 500}) {
    runner_.calls.clear();
    registry_ = [&](const core::HttpRequest& r) -> core::Result<core::HttpResponse> {
      if (r.url.find("-buildcache/") != std::string::npos) return core::HttpResponse{status, {}, "{}"};
      return image(r);
    };
    auto d = deps();
    auto out = run(validate(options_, env_).value(), d);
    ASSERT_TRUE(out.ok()) << status << ": " << out.error->describe();
    EXPECT_EQ(out.outcome.cache, "none");
    EXPECT_EQ(argv_of(runner_.calls.at(0)).find("--cache"), std::string::npos) << status;
  }
}

TEST_F(BuildImageRun, BuildThatFailsOnItsCacheIsBuiltAgainUncached) {
  OneImage image;
  buildah_.digest = image.digest;
  serve(image, "-buildcache/");
  buildah_.cache_push_fails = true;
  auto d = deps();
  auto out = run(validate(options_, env_).value(), d);
  ASSERT_TRUE(out.ok()) << out.error->describe();
  ASSERT_EQ(runner_.calls.size(), 3u);  // build with cache, build without, push
  EXPECT_NE(argv_of(runner_.calls[0]).find("--cache-to"), std::string::npos);
  EXPECT_EQ(argv_of(runner_.calls[1]).find("--cache"), std::string::npos);
  EXPECT_EQ(out.outcome.cache, "none (the cache failed)");
}

TEST_F(BuildImageRun, AFailureThatIsNotTheCacheIsNotBuiltAgain) {
  registry_ = [](const core::HttpRequest& r) { return manifest_unknown(r); };
  buildah_.build_exit = 1;
  auto d = deps();
  auto out = run(validate(options_, env_).value(), d);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(runner_.calls.size(), 1u);
}

TEST_F(BuildImageRun, ManifestUnknownRightAfterThePushIsWaitedOut) {
  OneImage image;
  buildah_.digest = image.digest;
  int unknown_reads = 0;
  registry_ = [&](const core::HttpRequest& r) -> core::Result<core::HttpResponse> {
    if (r.url.find("/manifests/deployment-01JD7W5Q9R2M4X8Y6Z0A1B2V03") != std::string::npos &&
        clock_.now() < core::Clock::TimePoint{} + 3s) {
      ++unknown_reads;
      return manifest_unknown(r);
    }
    return image(r);
  };
  options_.tag = "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2V03";
  options_.cache = "none";
  auto d = deps();
  auto out = run(validate(options_, env_).value(), d);
  ASSERT_TRUE(out.ok()) << out.error->describe();
  EXPECT_EQ(out.outcome.digest, image.digest);
  EXPECT_GE(unknown_reads, 5);
}

TEST_F(BuildImageRun, ManifestUnknownIsWaitedOutForFifteenSecondsAtMost) {
  options_.tag = "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2V04";
  options_.cache = "none";
  auto d = deps();
  auto start = clock_.now();
  auto out = run(validate(options_, env_).value(), d);
  ASSERT_FALSE(out.ok());
  EXPECT_LE(clock_.now() - start, 15s);
  EXPECT_GE(clock_.now() - start, 14s);
}

// REGISTRY_USERNAME/PASSWORD go only to registries the user named (issue 24):
// the repository's, a --cache-ref's, REGISTRY_HOST's. The builder's authfile
// holds the credential for those and for no other.
TEST_F(BuildImageRun, TheCredentialReachesTheCacheRefTheUserNamedAndNoOtherRegistry) {
  env_.set("REGISTRY_USERNAME", "team");
  env_.set("REGISTRY_PASSWORD", "cache-and-image-password");
  options_.cache = "registry";
  options_.cache_ref = "127.0.0.2:5000/cache/app:buildcache";
  auto plan = validate(options_, env_);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_TRUE(plan->credentials.covers("127.0.0.1:5999"));
  EXPECT_TRUE(plan->credentials.covers("127.0.0.2:5000"));
  EXPECT_FALSE(plan->credentials.covers("127.0.0.3:5000"));

  OneImage image;
  buildah_.digest = image.digest;
  serve(image, "/cache/app/");
  auto d = deps();
  auto out = run(*plan, d);
  ASSERT_TRUE(out.ok()) << out.error->describe();
  const std::string auth = core::base64_encode("team:cache-and-image-password");
  EXPECT_NE(buildah_.authfile->find("\"127.0.0.1:5999\":{\"auth\":\"" + auth), std::string::npos) << *buildah_.authfile;
  EXPECT_NE(buildah_.authfile->find("\"127.0.0.2:5000\":{\"auth\":\"" + auth), std::string::npos) << *buildah_.authfile;

  // Without --cache-ref the default cache sits in the repository's registry: one entry.
  options_.cache_ref.clear();
  plan = validate(options_, env_);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->credentials.covers("127.0.0.2:5000"));
  serve(image, "-buildcache/");
  auto d2 = deps();
  out = run(*plan, d2);
  ASSERT_TRUE(out.ok()) << out.error->describe();
  EXPECT_EQ(buildah_.authfile->find("127.0.0.2"), std::string::npos) << *buildah_.authfile;

  env_.set("REGISTRY_HOST", "not a host");
  auto bad = validate(options_, env_);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, core::ErrorKind::kUsage);
}

TEST_F(BuildImageRun, CacheFlagsThatCannotMeanAnythingExitTwo) {
  auto usage = [&](auto change) { return usage_error(change); };
  EXPECT_TRUE(usage([](Options& o) { o.cache = "redis"; }));
  EXPECT_TRUE(usage([](Options& o) { o.cache = "local:"; }));
  EXPECT_TRUE(usage([](Options& o) { o.cache = "gha"; }));  // --builder buildah
  EXPECT_TRUE(usage([](Options& o) {
    o.cache = "none";
    o.cache_ref = "127.0.0.1:5999/c:x";
  }));
  EXPECT_TRUE(usage([](Options& o) { o.cache_ref = "Not A Ref"; }));
  EXPECT_TRUE(usage([](Options& o) {
    o.repository = "registry.fly.io/app";
    o.cache = "registry";
  }));
  EXPECT_TRUE(usage([](Options& o) { o.cache_ref = "registry.fly.io/app:cache"; }));
  EXPECT_FALSE(usage([](Options& o) {
    o.repository = "registry.fly.io/app";
    o.cache_ref = "ghcr.io/acme/cache:app";
  }));
  EXPECT_FALSE(usage([](Options& o) { o.cache = "local:relative/dir"; }));
  EXPECT_TRUE(runner_.calls.empty());
}

}  // namespace
}  // namespace flypin::cmd::build_image
