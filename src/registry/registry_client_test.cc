#include "registry/registry_client.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "registry/manifest.h"
#include "support/doubles/scripted_http_client.h"

namespace flypin::registry {
namespace {

using doubles::ScriptedHttpClient;

class FixedCreds : public CredentialResolver {
 public:
  explicit FixedCreds(Credential c) : CredentialResolver(env_, runner_, {}), c_(std::move(c)) {}
  core::Result<Credential> resolve(const std::string&) override { return c_; }

 private:
  core::Environment env_;
  core::SystemProcessRunner runner_;
  Credential c_;
};

const std::string kIndex = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:)" +
                           std::string(64, '1') +
                           R"(","size":1,"platform":{"os":"linux","architecture":"amd64"}},
 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:)" +
                           std::string(64, '2') +
                           R"(","size":1,"platform":{"os":"linux","architecture":"arm64","variant":"v8"}},
 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:)" +
                           std::string(64, '3') +
                           R"(","size":1,"platform":{"os":"unknown","architecture":"unknown"},
  "annotations":{"vnd.docker.reference.type":"attestation-manifest"}}]})";

const std::string kConfig = R"({"os":"linux","architecture":"arm64","config":{}})";
const std::string kImage = R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
 "config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:)" +
                           core::sha256_hex(kConfig) + R"(","size":10},"layers":[]})";

core::HttpResponse ok(const std::string& body, const std::string& type) {
  return {200, {{"Content-Type", type}, {"Docker-Content-Digest", "sha256:" + core::sha256_hex(body)}}, body};
}

Credential user() { return {"u", "pw-secret", "docker config auths[r.example]"}; }
Reference named(const std::string& s) { return parse_reference(s).value(); }

TEST(RegistryClient, IndexWithPlatformIsOneGetWithPreemptiveBasic) {
  ScriptedHttpClient http;
  FixedCreds creds(user());
  http.replies.push_back(ok(kIndex, "application/vnd.oci.image.index.v1+json"));
  RegistryClient client(http, creds);
  auto r = client.resolve(named("r.example/app:v1"), Platform{"linux", "arm64", ""});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(http.requests.size(), 1u);
  EXPECT_EQ(http.line(0), "GET https://r.example/v2/app/manifests/v1");
  EXPECT_EQ(http.requests[0].headers.get("Authorization").value_or(""), "Basic " + core::base64_encode("u:pw-secret"));
  auto accept = http.requests[0].headers.get("Accept").value_or("");
  for (auto mt : {kOciIndex, kOciManifest, kDockerList, kDockerManifest}) {
    EXPECT_NE(accept.find(mt), std::string::npos) << mt;
  }
  EXPECT_EQ(r->digest, "sha256:" + core::sha256_hex(kIndex));
  EXPECT_TRUE(r->is_index);
  ASSERT_EQ(r->platforms.size(), 2u);  // attestation entry ignored
  EXPECT_EQ(r->platform_digest, "sha256:" + std::string(64, '2'));
  EXPECT_EQ(r->credential_source, "docker config auths[r.example]");
}

TEST(RegistryClient, MissingPlatformListsWhatIsThere) {
  ScriptedHttpClient http;
  FixedCreds creds(user());
  http.replies.push_back(ok(kIndex, "application/vnd.oci.image.index.v1+json"));
  RegistryClient client(http, creds);
  auto r = client.resolve(named("r.example/app:v1"), Platform{"linux", "s390x", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, core::ErrorKind::kCheck);
  EXPECT_NE(r.error().message.find("linux/amd64, linux/arm64/v8"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("unknown"), std::string::npos);
}

TEST(RegistryClient, BearerFlowFetchesTokenAndRetries) {
  ScriptedHttpClient http;
  FixedCreds creds(user());
  http.replies.push_back(core::HttpResponse{
      401,
      {{"WWW-Authenticate", R"(Bearer realm="https://auth.example/token",service="reg",scope="repository:app:pull")"}},
      R"({"errors":[{"code":"UNAUTHORIZED","message":"x"}]})"});
  http.replies.push_back(core::HttpResponse{200, {}, R"({"access_token":"tok-123456"})"});
  http.replies.push_back(ok(kIndex, "application/vnd.oci.image.index.v1+json"));
  RegistryClient client(http, creds);
  auto r = client.resolve(named("r.example/app:v1"), Platform{"linux", "amd64", ""});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(http.requests.size(), 3u);
  EXPECT_EQ(http.line(1), "GET https://auth.example/token?service=reg&scope=repository%3Aapp%3Apull");
  EXPECT_EQ(http.requests[1].headers.get("Authorization").value_or(""), "Basic " + core::base64_encode("u:pw-secret"));
  EXPECT_EQ(http.requests[2].headers.get("Authorization").value_or(""), "Bearer tok-123456");

  // The token is kept: a second resolution is one request.
  http.replies.push_back(ok(kIndex, "application/vnd.oci.image.index.v1+json"));
  ASSERT_TRUE(client.resolve(named("r.example/app:v1"), Platform{"linux", "amd64", ""}).ok());
  EXPECT_EQ(http.requests.size(), 4u);
}

TEST(RegistryClient, RefusesPlainHttpRealmOffLoopback) {
  ScriptedHttpClient http;
  FixedCreds creds(user());
  http.replies.push_back(
      core::HttpResponse{401, {{"WWW-Authenticate", R"(Bearer realm="http://auth.example/token",service="reg")"}}, ""});
  RegistryClient client(http, creds);
  auto r = client.resolve(named("r.example/app:v1"), std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(http.requests.size(), 1u);
}

TEST(RegistryClient, SingleManifestReadsConfigForPlatform) {
  ScriptedHttpClient http;
  FixedCreds creds(user());
  http.replies.push_back(ok(kImage, "application/vnd.docker.distribution.manifest.v2+json"));
  http.replies.push_back(core::HttpResponse{200, {}, kConfig});
  RegistryClient client(http, creds);
  auto r = client.resolve(named("r.example/app:v1"), Platform{"linux", "amd64", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, core::ErrorKind::kCheck);
  EXPECT_NE(r.error().message.find("linux/arm64"), std::string::npos);
  ASSERT_EQ(http.requests.size(), 2u);
  EXPECT_EQ(http.line(1), "GET https://r.example/v2/app/blobs/sha256:" + core::sha256_hex(kConfig));
}

TEST(RegistryClient, NoPlatformUsesHeadAndFallsBackToGet) {
  ScriptedHttpClient http;
  FixedCreds creds(Credential{"", "", "anonymous"});
  http.replies.push_back(core::HttpResponse{405, {}, ""});
  http.replies.push_back(ok(kImage, "application/vnd.docker.distribution.manifest.v2+json"));
  RegistryClient client(http, creds);
  auto r = client.resolve(named("localhost:5000/app:v1"), std::nullopt);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(http.requests.size(), 2u);
  EXPECT_EQ(http.line(0), "HEAD http://localhost:5000/v2/app/manifests/v1");
  EXPECT_EQ(http.line(1), "GET http://localhost:5000/v2/app/manifests/v1");
  EXPECT_FALSE(http.requests[0].headers.get("Authorization"));
  EXPECT_EQ(r->digest, "sha256:" + core::sha256_hex(kImage));
}

TEST(RegistryClient, DigestMismatchIsRejected) {
  ScriptedHttpClient http;
  FixedCreds creds(user());
  auto reply = ok(kIndex, "application/vnd.oci.image.index.v1+json");
  http.replies.push_back(reply);
  RegistryClient client(http, creds);
  auto r = client.resolve(named("r.example/app@sha256:" + std::string(64, 'f')), Platform{"linux", "amd64", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, core::ErrorKind::kCheck);
}

TEST(RegistryClient, NotFoundNamesTagRepositoryAndRegistry) {
  ScriptedHttpClient http;
  FixedCreds creds(user());
  http.replies.push_back(
      core::HttpResponse{404, {}, R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]})"});
  RegistryClient client(http, creds);
  auto r = client.resolve(named("127.0.0.1:5000/app:deployment-x"), Platform{"linux", "amd64", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, core::ErrorKind::kNotFound);
  EXPECT_EQ(r.error().message, "tag 'deployment-x' not found in repository 'app' on registry 127.0.0.1:5000");
  EXPECT_EQ(r.error().codes, std::vector<std::string>{"MANIFEST_UNKNOWN"});
}

TEST(RegistryClient, UnauthorizedNamesCredentialSourceNotValue) {
  ScriptedHttpClient http;
  FixedCreds creds(user());
  http.replies.push_back(
      core::HttpResponse{401, {{"WWW-Authenticate", R"(Basic realm="r")"}}, R"({"errors":[{"code":"UNAUTHORIZED"}]})"});
  RegistryClient client(http, creds);
  auto r = client.resolve(named("r.example/app:v1"), std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, core::ErrorKind::kHttp);
  EXPECT_EQ(r.error().http_status, 401);
  EXPECT_EQ(r.error().api, "registry");
  EXPECT_NE(r.error().message.find("docker config auths[r.example]"), std::string::npos);
  EXPECT_EQ(r.error().describe().find("pw-secret"), std::string::npos);
  EXPECT_EQ(http.requests.size(), 1u);  // Basic was already sent: no pointless retry
}

const std::string kBasicHeader = "Basic " + core::base64_encode("u:pw-secret");

std::string blob_url(const std::string& base) { return base + "/v2/app/blobs/sha256:" + core::sha256_hex(kConfig); }

TEST(RegistryClient, AuthorizationGoesOnlyToTheRegistrysOwnOrigin) {
  ScriptedHttpClient http;
  FixedCreds creds(user());
  http.replies.push_back(ok(kImage, "application/vnd.docker.distribution.manifest.v2+json"));
  http.replies.push_back(core::HttpResponse{307, {{"Location", "https://r.example:8443/elsewhere"}}, ""});
  http.replies.push_back(
      core::HttpResponse{307, {{"Location", "https://blobs.example/b?X-Amz-Signature=s1gn4ture"}}, ""});
  http.replies.push_back(core::HttpResponse{200, {}, kConfig});
  RegistryClient client(http, creds);
  ASSERT_FALSE(client.resolve(named("r.example/app:v1"), Platform{"linux", "amd64", ""}).ok());  // arm64 config
  ASSERT_EQ(http.requests.size(), 4u);
  EXPECT_EQ(http.requests[1].url, blob_url("https://r.example"));
  EXPECT_EQ(http.requests[1].headers.get("Authorization").value_or(""), kBasicHeader);
  EXPECT_FALSE(http.requests[2].headers.get("Authorization"));  // same host, another port
  EXPECT_FALSE(http.requests[3].headers.get("Authorization"));  // blob storage
}

TEST(RegistryClient, RedirectFromHttpsToHttpIsRefusedBeforeAnyRequest) {
  ScriptedHttpClient http;
  FixedCreds creds(user());
  http.replies.push_back(ok(kImage, "application/vnd.docker.distribution.manifest.v2+json"));
  http.replies.push_back(core::HttpResponse{307, {{"Location", "http://r.example/v2/app/blobs/x"}}, ""});
  RegistryClient client(http, creds);
  auto r = client.resolve(named("r.example/app:v1"), Platform{"linux", "arm64", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("refusing to downgrade"), std::string::npos) << r.error().message;
  EXPECT_EQ(http.requests.size(), 2u);
}

TEST(RegistryClient, ChallengeFromARedirectTargetGetsNoCredentials) {
  ScriptedHttpClient http;
  FixedCreds creds(user());
  http.replies.push_back(ok(kImage, "application/vnd.docker.distribution.manifest.v2+json"));
  http.replies.push_back(core::HttpResponse{307, {{"Location", "https://blobs.example/b"}}, ""});
  http.replies.push_back(core::HttpResponse{
      401, {{"WWW-Authenticate", R"(Bearer realm="https://blobs.example/token",service="blobs")"}}, ""});
  RegistryClient client(http, creds);
  auto r = client.resolve(named("r.example/app:v1"), Platform{"linux", "arm64", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().http_status, 401);
  ASSERT_EQ(http.requests.size(), 3u);  // no token request to blobs.example
  EXPECT_FALSE(http.requests[2].headers.get("Authorization"));
}

TEST(RegistryClient, RefusesAPlainHttpRealmForAnHttpsRegistryEvenOnLoopback) {
  for (const char* realm : {"http://127.0.0.1:9/token", "http://localhost/token", "ftp://auth.example/t", "/token"}) {
    ScriptedHttpClient http;
    FixedCreds creds(user());
    http.replies.push_back(
        core::HttpResponse{401, {{"WWW-Authenticate", std::string("Bearer realm=\"") + realm + "\""}}, ""});
    RegistryClient client(http, creds);
    auto r = client.resolve(named("r.example/app:v1"), std::nullopt);
    ASSERT_FALSE(r.ok()) << realm;
    EXPECT_NE(r.error().message.find("refusing to send it credentials"), std::string::npos) << r.error().message;
    EXPECT_EQ(http.requests.size(), 1u) << realm;
  }
}

TEST(RegistryClient, LoopbackRegistryMayUseALoopbackHttpRealm) {
  ScriptedHttpClient http;
  FixedCreds creds(user());
  http.replies.push_back(
      core::HttpResponse{401, {{"WWW-Authenticate", R"(Bearer realm="http://127.0.0.1:9/token")"}}, ""});
  http.replies.push_back(core::HttpResponse{200, {}, R"({"token":"tok-loopback"})"});
  http.replies.push_back(ok(kIndex, "application/vnd.oci.image.index.v1+json"));
  RegistryClient client(http, creds);
  ASSERT_TRUE(client.resolve(named("127.0.0.1:5000/app:v1"), Platform{"linux", "amd64", ""}).ok());
  EXPECT_EQ(http.requests[1].headers.get("Authorization").value_or(""), kBasicHeader);
}

TEST(RegistryClient, ConfigDigestOfAnUnverifiableAlgorithmIsNeverFetched) {
  const std::string image = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
    "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"md5:)" +
                            std::string(32, 'a') + R"(","size":10},"layers":[]})";
  ScriptedHttpClient http;
  FixedCreds creds(user());
  http.replies.push_back(ok(image, "application/vnd.oci.image.manifest.v1+json"));
  RegistryClient client(http, creds);
  auto r = client.resolve(named("r.example/app:v1"), Platform{"linux", "amd64", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("cannot be verified"), std::string::npos) << r.error().message;
  EXPECT_EQ(http.requests.size(), 1u);
}

TEST(RegistryClient, Sha512DigestIsVerified) {
  ScriptedHttpClient http;
  FixedCreds creds(user());
  http.replies.push_back(core::HttpResponse{200, {{"Content-Type", std::string(kOciIndex)}}, kIndex});
  RegistryClient client(http, creds);
  auto r = client.resolve(named("r.example/app@sha512:" + std::string(128, 'f')), Platform{"linux", "amd64", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("does not match its digest"), std::string::npos) << r.error().message;
}

TEST(RegistryClient, HeadDigestOfAnUnverifiableAlgorithmIsRefused) {
  ScriptedHttpClient http;
  FixedCreds creds(user());
  http.replies.push_back(core::HttpResponse{200, {{"Docker-Content-Digest", "sha1:" + std::string(40, 'a')}}, ""});
  RegistryClient client(http, creds);
  auto r = client.resolve(named("r.example/app:v1"), std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("cannot be verified"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace flypin::registry
