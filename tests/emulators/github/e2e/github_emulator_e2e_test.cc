// flypin-github-emulator over loopback HTTP, driven with core::CurlHttpClient
// as the programs drive GitHub: every Deployments operation, Link pagination,
// auto-inactive, permissions, credentials, errors, rate limits and faults.

#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "core/crypto.h"
#include "core/curl_http_client.h"
#include "core/json.h"
#include "support/launchers/github_emulator.h"
#include "support/launchers/program_run.h"

namespace flypin::e2e {
namespace {

using std::chrono::milliseconds;

constexpr const char* kDeployments = "/repos/flypin-e2e/app/deployments";
const std::string kOtherSha = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";

struct Answer {
  int status = 0;
  core::Headers headers;
  std::string body;
  rapidjson::Document json;

  std::string header(const char* name) const { return headers.get(name).value_or(""); }
  std::string text(const char* key) const { return core::json::get_string(json, key).value_or(""); }
  long long id() const { return core::json::get_int(json, "id").value_or(0); }
};

class GitHubEmulatorE2E : public ::testing::Test {
 protected:
  Answer call(const std::string& method, const std::string& path, const std::string& body = "",
              const std::string& token = kGitHubWriteToken, core::Headers extra = {}) {
    core::HttpRequest req;
    req.method = method;
    req.url = path.starts_with("http") ? path : github.url() + path;
    req.body = body;
    req.api = "github";
    req.headers.add("Accept", "application/vnd.github+json");
    req.headers.add("X-GitHub-Api-Version", "2022-11-28");
    if (!token.empty()) req.headers.add("Authorization", "Bearer " + token);
    if (!body.empty()) req.headers.add("Content-Type", "application/json");
    for (const auto& [name, value] : extra.items()) req.headers.set(name, value);
    auto response = http.send(req);
    if (!response.ok()) {
      ADD_FAILURE() << method << " " << path << ": " << response.error().describe();
      return {};
    }
    Answer out{response->status, response->headers, response->body, {}};
    if (!out.body.empty()) out.json.Parse(out.body.c_str());
    return out;
  }

  Answer deploy(const std::string& environment, const std::string& extra_fields = "") {
    auto created = call("POST", kDeployments,
                        R"({"ref":"main","environment":")" + environment +
                            R"(","auto_merge":false,"required_contexts":[])" + extra_fields + "}");
    EXPECT_EQ(created.status, 201) << created.body;
    return created;
  }

  Answer set_status(long long id, const std::string& state, const std::string& extra_fields = "") {
    auto created = call("POST", std::string(kDeployments) + "/" + std::to_string(id) + "/statuses",
                        R"({"state":")" + state + "\"" + extra_fields + "}");
    EXPECT_EQ(created.status, 201) << created.body;
    return created;
  }

  std::string latest_state(long long id) {
    auto statuses = call("GET", std::string(kDeployments) + "/" + std::to_string(id) + "/statuses");
    if (!statuses.json.IsArray() || statuses.json.Empty()) return "";
    return statuses.json[0]["state"].GetString();
  }

  std::vector<long long> ids_of(const Answer& list) {
    std::vector<long long> out;
    for (const auto& d : list.json.GetArray()) out.push_back(d["id"].GetInt64());
    return out;
  }

  GitHubEmulator github;
  core::CurlHttpClient http;
};

TEST_F(GitHubEmulatorE2E, CreatesAndReadsBackADeploymentShapedAsGitHubShapesIt) {
  auto created = deploy(
      "supabase-abcdefghijklmnopqrst",
      R"(,"task":"deploy","description":"pin image","payload":{"image":"r/app:deployment-01J","digest":"sha256:ab"})");
  ASSERT_TRUE(created.json.IsObject());
  EXPECT_GT(created.id(), 2147483647LL) << "ids beyond 32 bits, as GitHub's";
  const std::string url = github.url() + kDeployments + "/" + std::to_string(created.id());
  EXPECT_EQ(created.text("url"), url);
  EXPECT_EQ(created.text("statuses_url"), url + "/statuses");
  EXPECT_EQ(created.text("repository_url"), github.url() + "/repos/flypin-e2e/app");
  EXPECT_EQ(created.text("sha"), kGitHubSha);
  EXPECT_EQ(created.text("ref"), "main");
  EXPECT_EQ(created.text("task"), "deploy");
  EXPECT_EQ(created.text("environment"), "supabase-abcdefghijklmnopqrst");
  EXPECT_EQ(created.text("original_environment"), "supabase-abcdefghijklmnopqrst");
  EXPECT_EQ(created.text("description"), "pin image");
  EXPECT_STREQ(created.json["payload"]["digest"].GetString(), "sha256:ab");
  EXPECT_FALSE(created.json["production_environment"].GetBool());
  EXPECT_FALSE(created.json["transient_environment"].GetBool());
  EXPECT_STREQ(created.json["creator"]["login"].GetString(), "github-actions[bot]");
  EXPECT_TRUE(std::regex_match(created.text("created_at"), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  EXPECT_EQ(created.header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(created.header("X-GitHub-Api-Version-Selected"), "2022-11-28");

  auto read = call("GET", url);
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.body, created.body);

  auto string_payload = deploy("production", R"(,"payload":"{\"a\":1}")");
  EXPECT_STREQ(string_payload.json["payload"].GetString(), R"({"a":1})") << "a string payload stays a string";
  EXPECT_TRUE(string_payload.json["production_environment"].GetBool()) << "default for the production environment";
  auto no_payload = call("POST", kDeployments, R"({"ref":")" + kOtherSha + R"("})");
  EXPECT_EQ(no_payload.status, 201);
  EXPECT_TRUE(no_payload.json["payload"].IsObject());
  EXPECT_EQ(no_payload.text("sha"), kOtherSha) << "any full sha is a ref";
  EXPECT_EQ(no_payload.text("environment"), "production");
}

TEST_F(GitHubEmulatorE2E, RefsMustResolve) {
  auto missing = call("POST", kDeployments, R"({"ref":"release"})");
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(missing.text("message"), "No ref found for: release");
  EXPECT_FALSE(missing.json.HasMember("errors"));
  EXPECT_EQ(missing.text("documentation_url"),
            "https://docs.github.com/rest/deployments/deployments#create-a-deployment");
  EXPECT_EQ(missing.text("status"), "422");
  github.seed_ref("release", kOtherSha);
  auto tagged = call("POST", kDeployments, R"({"ref":"release"})");
  EXPECT_EQ(tagged.status, 201);
  EXPECT_EQ(tagged.text("sha"), kOtherSha);
}

TEST_F(GitHubEmulatorE2E, ListsNewestFirstWithFilters) {
  const auto a = deploy("staging").id();
  const auto b = call("POST", kDeployments, R"({"ref":")" + kOtherSha + R"(","task":"deploy:migrate"})").id();
  const auto c = deploy("staging").id();
  EXPECT_EQ(ids_of(call("GET", kDeployments)), (std::vector<long long>{c, b, a}));
  EXPECT_EQ(ids_of(call("GET", std::string(kDeployments) + "?environment=staging")), (std::vector<long long>{c, a}));
  EXPECT_EQ(ids_of(call("GET", std::string(kDeployments) + "?sha=" + kOtherSha)), (std::vector<long long>{b}));
  EXPECT_EQ(ids_of(call("GET", std::string(kDeployments) + "?ref=main")), (std::vector<long long>{c, a}));
  EXPECT_EQ(ids_of(call("GET", std::string(kDeployments) + "?task=deploy%3Amigrate")), (std::vector<long long>{b}));
  EXPECT_EQ(ids_of(call("GET", std::string(kDeployments) + "?environment=")).size(), 3u) << "blank filters are ignored";
}

TEST_F(GitHubEmulatorE2E, PaginatesWithLinkHeadersAsGitHubWritesThem) {
  std::vector<long long> created;
  for (int i = 0; i < 5; ++i) created.insert(created.begin(), deploy("pages").id());
  deploy("elsewhere");

  auto first = call("GET", std::string(kDeployments) + "?environment=pages&per_page=2");
  std::smatch m;
  const std::string link = first.header("Link");
  ASSERT_TRUE(std::regex_match(
      link, m,
      std::regex(
          R"(<(http://127\.0\.0\.1:\d+/repositories/\d+/deployments)\?environment=pages&per_page=2&page=2>; rel="next", <\1\?environment=pages&per_page=2&page=3>; rel="last")")))
      << link;
  const std::string collection = m[1];

  std::vector<long long> seen;
  std::string next = github.url() + std::string(kDeployments) + "?environment=pages&per_page=2";
  std::vector<std::string> links;
  while (!next.empty()) {
    auto page = call("GET", next);
    ASSERT_EQ(page.status, 200) << next;
    for (auto id : ids_of(page)) seen.push_back(id);
    links.push_back(page.header("Link"));
    std::smatch n;
    const std::string page_link = page.header("Link");
    next = std::regex_search(page_link, n, std::regex(R"(<([^>]+)>; rel="next")")) ? std::string(n[1]) : "";
  }
  EXPECT_EQ(seen, created) << "every deployment once, newest first, following the links";
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[1], "<" + collection + "?environment=pages&per_page=2&page=1>; rel=\"prev\", <" + collection +
                          "?environment=pages&per_page=2&page=3>; rel=\"next\", <" + collection +
                          "?environment=pages&per_page=2&page=3>; rel=\"last\", <" + collection +
                          "?environment=pages&per_page=2&page=1>; rel=\"first\"");
  EXPECT_EQ(links[2], "<" + collection + "?environment=pages&per_page=2&page=2>; rel=\"prev\", <" + collection +
                          "?environment=pages&per_page=2&page=1>; rel=\"first\"");

  auto beyond = call("GET", std::string(kDeployments) + "?environment=pages&per_page=2&page=9");
  EXPECT_EQ(beyond.status, 200);
  EXPECT_TRUE(beyond.json.IsArray() && beyond.json.Empty());
  auto everything = call("GET", std::string(kDeployments) + "?per_page=500");
  EXPECT_EQ(everything.json.Size(), 6u);
  EXPECT_EQ(everything.header("Link"), "") << "no Link when one page holds everything";
  EXPECT_EQ(call("GET", std::string(kDeployments) + "?per_page=1").json.Size(), 1u);
}

TEST_F(GitHubEmulatorE2E, StatusesAreCreatedListedNewestFirstAndReadBack) {
  const auto id = deploy("supabase-x").id();
  set_status(id, "in_progress", R"(,"log_url":"http://127.0.0.1:1/run/1")");
  auto success = set_status(
      id, "success",
      R"(,"log_url":"http://127.0.0.1:1/run/1","environment_url":"http://127.0.0.1:1/app","description":"pinned")");
  EXPECT_EQ(success.header("Location"), success.text("url"));
  EXPECT_EQ(success.text("target_url"), "http://127.0.0.1:1/run/1");
  EXPECT_EQ(success.text("log_url"), "http://127.0.0.1:1/run/1");
  EXPECT_EQ(success.text("environment"), "supabase-x");
  EXPECT_EQ(success.text("environment_url"), "http://127.0.0.1:1/app");
  EXPECT_EQ(success.text("deployment_url"), github.url() + kDeployments + "/" + std::to_string(id));

  const std::string statuses = std::string(kDeployments) + "/" + std::to_string(id) + "/statuses";
  auto listed = call("GET", statuses);
  ASSERT_EQ(listed.json.Size(), 2u);
  EXPECT_STREQ(listed.json[0]["state"].GetString(), "success");
  EXPECT_STREQ(listed.json[1]["state"].GetString(), "in_progress");
  auto paged = call("GET", statuses + "?per_page=1");
  EXPECT_EQ(paged.json.Size(), 1u);
  EXPECT_NE(paged.header("Link").find("/statuses?per_page=1&page=2>; rel=\"next\""), std::string::npos)
      << paged.header("Link");
  auto one = call("GET", success.text("url"));
  EXPECT_EQ(one.status, 200);
  EXPECT_EQ(one.body, success.body);
  EXPECT_EQ(call("GET", statuses + "/1").status, 404);

  auto moved = set_status(id, "queued", R"(,"environment":"supabase-y")");
  EXPECT_EQ(call("GET", std::string(kDeployments) + "/" + std::to_string(id)).text("environment"), "supabase-y");
}

TEST_F(GitHubEmulatorE2E, SuccessInactivatesEarlierDeploymentsOfTheEnvironment) {
  const auto previous = deploy("supabase-x").id();
  set_status(previous, "success");
  const auto failed = deploy("supabase-x").id();
  set_status(failed, "failure");
  const auto review = deploy("supabase-x", R"(,"transient_environment":true)").id();
  set_status(review, "success");
  const auto current = deploy("supabase-x").id();
  set_status(current, "success");

  EXPECT_EQ(latest_state(previous), "inactive");
  EXPECT_EQ(latest_state(failed), "failure");
  EXPECT_EQ(latest_state(review), "success") << "transient deployments keep their state";
  EXPECT_EQ(latest_state(current), "success");

  const auto kept = deploy("supabase-x").id();
  set_status(kept, "success", R"(,"auto_inactive":false)");
  EXPECT_EQ(latest_state(current), "success") << "auto_inactive: false";
}

TEST_F(GitHubEmulatorE2E, DelayedAutoInactiveArrivesLater) {
  github.delay_auto_inactive(milliseconds(300));
  const auto previous = deploy("env").id();
  set_status(previous, "success");
  set_status(deploy("env").id(), "success");
  EXPECT_EQ(latest_state(previous), "success") << "not yet: GitHub inactivates in a background job";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (latest_state(previous) != "inactive" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(20));  // polling for a condition
  }
  EXPECT_EQ(latest_state(previous), "inactive");
}

TEST_F(GitHubEmulatorE2E, DeletesOnlyInactiveDeployments) {
  const auto first = deploy("env").id();
  set_status(first, "success");
  const auto second = deploy("env").id();
  auto refused = call("DELETE", std::string(kDeployments) + "/" + std::to_string(first));
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.text("message"), "Validation Failed");
  ASSERT_TRUE(refused.json["errors"].IsArray());
  EXPECT_STREQ(refused.json["errors"][0].GetString(),
               "We cannot delete an active deployment unless it is the only deployment in a given environment.");
  set_status(second, "success");
  auto deleted = call("DELETE", std::string(kDeployments) + "/" + std::to_string(first));
  EXPECT_EQ(deleted.status, 204);
  EXPECT_EQ(call("GET", std::string(kDeployments) + "/" + std::to_string(first)).status, 404);
  EXPECT_EQ(call("DELETE", std::string(kDeployments) + "/" + std::to_string(first)).status, 404);
}

TEST_F(GitHubEmulatorE2E, PermissionsAndCredentials) {
  const auto id = deploy("env").id();
  auto forbidden = call("POST", kDeployments, R"({"ref":"main"})", kGitHubReadToken);
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(forbidden.text("message"), "Resource not accessible by integration");
  EXPECT_EQ(forbidden.text("documentation_url"),
            "https://docs.github.com/rest/deployments/deployments#create-a-deployment");
  EXPECT_EQ(call("POST", std::string(kDeployments) + "/" + std::to_string(id) + "/statuses", R"({"state":"success"})",
                 kGitHubReadToken)
                .status,
            403);
  EXPECT_EQ(call("DELETE", std::string(kDeployments) + "/" + std::to_string(id), "", kGitHubReadToken).status, 403);
  EXPECT_EQ(call("GET", kDeployments, "", kGitHubReadToken).status, 200);
  EXPECT_EQ(call("GET", kDeployments, "", kGitHubNoDeploymentsToken).status, 403);

  auto bad = call("GET", kDeployments, "", "ghs_not_a_token");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.text("message"), "Bad credentials");
  EXPECT_EQ(bad.text("documentation_url"), "https://docs.github.com/rest");
  EXPECT_EQ(bad.text("status"), "401");
  EXPECT_EQ(call("GET", kDeployments, "", "", {{"Authorization", "Bearer"}}).status, 401);
  EXPECT_EQ(call("GET", kDeployments, "", "").status, 404) << "a private repository does not exist without a token";
  EXPECT_EQ(call("GET", kDeployments, "", "", {{"Authorization", std::string("token ") + kGitHubReadToken}}).status,
            200);
  EXPECT_EQ(call("GET", kDeployments, "", "",
                 {{"Authorization", "Basic " + core::base64_encode(std::string("x-access-token:") + kGitHubReadToken)}})
                .status,
            200);

  auto unknown_repo = call("GET", "/repos/flypin-e2e/other/deployments");
  EXPECT_EQ(unknown_repo.status, 404);
  EXPECT_EQ(unknown_repo.text("message"), "Not Found");
  EXPECT_EQ(call("GET", "/repos/FLYPIN-E2E/App/deployments").status, 200) << "names are not case sensitive";
  EXPECT_EQ(call("GET", std::string(kDeployments) + "/12345").status, 404);
  EXPECT_EQ(call("GET", "/user").status, 404);
  EXPECT_EQ(call("PATCH", std::string(kDeployments) + "/" + std::to_string(id), "{}").status, 404);

  const std::string journal = github.admin("GET", "/_admin/requests");
  EXPECT_EQ(journal.find(kGitHubWriteToken), std::string::npos) << "the journal never keeps a token";
  EXPECT_EQ(journal.find(kGitHubReadToken), std::string::npos);
}

TEST_F(GitHubEmulatorE2E, ValidationErrorsAndFailedCommitStatuses) {
  auto no_ref = call("POST", kDeployments, R"({"environment":"x"})");
  EXPECT_EQ(no_ref.status, 422);
  EXPECT_EQ(no_ref.text("message"), "Invalid request.\n\n\"ref\" wasn't supplied.");
  EXPECT_EQ(call("POST", kDeployments, R"({"ref":"main","auto_merge":"false"})").status, 422);
  auto not_json = call("POST", kDeployments, "{ref:");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(not_json.text("message"), "Problems parsing JSON");

  const auto id = deploy("env").id();
  auto bad_state =
      call("POST", std::string(kDeployments) + "/" + std::to_string(id) + "/statuses", R"({"state":"done"})");
  EXPECT_EQ(bad_state.status, 422);
  EXPECT_EQ(bad_state.text("message"), "Validation Failed");
  EXPECT_STREQ(bad_state.json["errors"][0]["field"].GetString(), "state");
  EXPECT_EQ(call("POST", std::string(kDeployments) + "/12345/statuses", R"({"state":"done"})").status, 404)
      << "an unknown deployment before a bad body";

  github.seed_commit_status(kGitHubSha, "ci/build", "failure");
  auto conflict = call("POST", kDeployments, R"({"ref":"main"})");
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.text("message"), "Conflict: Commit status checks failed for main.");
  EXPECT_STREQ(conflict.json["errors"][0]["field"].GetString(), "required_contexts");
  EXPECT_STREQ(conflict.json["errors"][0]["contexts"][0]["state"].GetString(), "failure");
  EXPECT_EQ(call("POST", kDeployments, R"({"ref":"main","required_contexts":["ci/lint"]})").status, 409)
      << "a required context that never reported fails too";
  EXPECT_EQ(call("POST", kDeployments, R"({"ref":"main","required_contexts":[]})").status, 201);
}

TEST_F(GitHubEmulatorE2E, RateLimitHeadersOnEveryAnswerAndBothLimits) {
  auto first = call("GET", kDeployments);
  auto second = call("GET", "/repos/flypin-e2e/other/deployments");
  for (const auto* answer : {&first, &second}) {
    EXPECT_EQ(answer->header("x-ratelimit-limit"), "1000");
    EXPECT_EQ(answer->header("x-ratelimit-resource"), "core");
  }
  EXPECT_EQ(first.header("x-ratelimit-used"), "1");
  EXPECT_EQ(first.header("x-ratelimit-remaining"), "999");
  EXPECT_EQ(second.header("x-ratelimit-used"), "2") << "404s count";
  const long long reset = std::stoll(first.header("x-ratelimit-reset"));
  const long long now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_GT(reset, now);
  EXPECT_LE(reset, now + 3600);
  auto unauthenticated = call("GET", kDeployments, "", "ghs_wrong");
  EXPECT_EQ(unauthenticated.header("x-ratelimit-limit"), "60") << "bad credentials count against the address";

  github.secondary_rate_limit(1, 429, 7);
  auto secondary = call("GET", kDeployments);
  EXPECT_EQ(secondary.status, 429);
  EXPECT_EQ(secondary.header("retry-after"), "7");
  EXPECT_NE(secondary.text("message").find("secondary rate limit"), std::string::npos);
  EXPECT_EQ(call("GET", kDeployments).status, 200) << "armed for one request only";

  github.primary_rate_limit(2);
  EXPECT_EQ(call("GET", kDeployments).status, 200);
  EXPECT_EQ(call("GET", kDeployments).status, 200);
  auto exhausted = call("GET", kDeployments);
  EXPECT_EQ(exhausted.status, 403);
  EXPECT_EQ(exhausted.header("x-ratelimit-remaining"), "0");
  EXPECT_TRUE(exhausted.text("message").starts_with("API rate limit exceeded for installation ID")) << exhausted.body;
  EXPECT_EQ(call("GET", kDeployments, "", kGitHubReadToken).status, 200) << "limits are per token";
}

TEST_F(GitHubEmulatorE2E, ApiVersionAndUserAgent) {
  auto unversioned = call("GET", kDeployments, "", kGitHubWriteToken, {{"X-GitHub-Api-Version", ""}});
  EXPECT_EQ(unversioned.status, 200);
  EXPECT_EQ(unversioned.header("X-GitHub-Api-Version-Selected"), "2022-11-28");
  auto future = call("GET", kDeployments, "", kGitHubWriteToken, {{"X-GitHub-Api-Version", "2099-01-01"}});
  EXPECT_EQ(future.status, 400);
  EXPECT_EQ(future.text("status"), "400");
  auto anonymous_agent = call("GET", kDeployments, "", kGitHubWriteToken, {{"User-Agent", ""}});
  EXPECT_EQ(anonymous_agent.status, 403);
  EXPECT_NE(anonymous_agent.body.find("User-Agent"), std::string::npos);
}

TEST_F(GitHubEmulatorE2E, InjectedFaultsAndTheJournal) {
  github.inject_fault(R"({"path_prefix":"/repos/flypin-e2e/app/deployments","method":"POST","status":502,"count":1})");
  EXPECT_EQ(call("POST", kDeployments, R"({"ref":"main"})").status, 502);
  EXPECT_EQ(call("POST", kDeployments, R"({"ref":"main","environment":"after"})").status, 201);

  github.inject_fault(R"({"drop_connection":true,"count":1})");
  core::HttpRequest req;
  req.url = github.url() + kDeployments;
  req.headers.add("Authorization", std::string("Bearer ") + kGitHubWriteToken);
  // A fresh connection: on a reused one libcurl would quietly retry the request.
  core::CurlHttpClient fresh;
  EXPECT_FALSE(fresh.send(req).ok()) << "the connection drops with no answer";

  const auto seen = github.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].fault, "status");
  EXPECT_EQ(seen[0].status, 502);
  EXPECT_EQ(seen[1].status, 201);
  EXPECT_EQ(seen[1].body, R"({"ref":"main","environment":"after"})");
  EXPECT_TRUE(seen[1].authorization);
  EXPECT_EQ(seen[1].auth_scheme, "bearer");
  EXPECT_EQ(seen[1].headers.at("x-github-api-version"), "2022-11-28");
  EXPECT_EQ(seen[1].headers.at("accept"), "application/vnd.github+json");
  EXPECT_TRUE(seen[1].headers.at("user-agent").starts_with("flypin/"));
  EXPECT_EQ(seen[2].fault, "drop");
  EXPECT_EQ(seen[2].status, 0);

  github.reset();
  EXPECT_TRUE(github.requests().empty());
  EXPECT_TRUE(call("GET", kDeployments).json.Empty()) << "reset forgets deployments";
}

TEST(GitHubEmulatorState, DeploymentsSurviveARestart) {
  testbed::TempDir dir("flypin-github-state");
  GitHubEmulatorOptions options;
  options.state_file = dir.file("state.json");
  long long id = 0;
  {
    GitHubEmulator first(options);
    core::CurlHttpClient http;
    core::HttpRequest req;
    req.method = "POST";
    req.url = first.url() + kDeployments;
    req.body = R"({"ref":"main","environment":"kept"})";
    req.headers.add("Authorization", std::string("Bearer ") + kGitHubWriteToken);
    auto created = http.send(req);
    ASSERT_TRUE(created.ok());
    ASSERT_EQ(created->status, 201);
    id = core::json::get_int(*core::json::parse(created->body, "deployment"), "id").value_or(0);
  }
  GitHubEmulator second(options);
  core::CurlHttpClient http;
  core::HttpRequest req;
  req.url = second.url() + kDeployments + "/" + std::to_string(id);
  req.headers.add("Authorization", std::string("Bearer ") + kGitHubReadToken);
  auto read = http.send(req);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->status, 200);
  EXPECT_NE(read->body.find(second.url()), std::string::npos) << "URLs name the running emulator";
}

TEST(GitHubEmulatorCli, BadArgumentsExitTwoWithOneLine) {
  const std::vector<std::vector<std::string>> cases = {
      {"--token", "t"},
      {"--repo", "no-slash", "--token", "t"},
      {"--repo", "a/b/c", "--token", "t"},
      {"--repo", "o/r"},
      {"--repo", "o/r", "--token", ":deployments=read"},
      {"--repo", "o/r", "--token", "t:deployments=admin"},
      {"--repo", "o/r", "--token", "t", "--ref", "main=abc"},
      {"--repo", "o/r", "--token", "t", "--listen", "0.0.0.0:80"},
      {"--repo", "o/r", "--token", "t", "--rate-limit", "0"},
  };
  for (const auto& args : cases) {
    const auto run = run_program("flypin-github-emulator", args, {});
    EXPECT_EQ(run.exit_code, 2) << args[0] << " " << args[1] << ": " << run.err;
    EXPECT_EQ(lines(run.err).size(), 1u) << run.err;
    EXPECT_TRUE(run.err.starts_with("flypin-github-emulator: ")) << run.err;
    EXPECT_EQ(run.out, "") << "it never started listening";
  }
}

// FIDELITY D6, D7: a success inactivates earlier non-production deployments; production ones only
// under the auto-inactive-scope variant.
TEST_F(GitHubEmulatorE2E, SuccessInactivatesEarlierNonProductionDeploymentsOnly) {
  const auto first = deploy("production").id();
  set_status(first, "success");
  const auto second = deploy("production").id();
  set_status(second, "success");
  EXPECT_EQ(latest_state(first), "success") << "the docs: non-production environment deployments";
  const auto staging = deploy("staging").id();
  set_status(staging, "success");
  set_status(deploy("staging").id(), "success");
  EXPECT_EQ(latest_state(staging), "inactive");

  GitHubEmulator too({.extra_args = {"--variant", "auto-inactive-scope=production-too"}});
  EXPECT_NE(too.admin("GET", "/_admin/variants").find(R"("auto-inactive-scope":{"value":"production-too")"),
            std::string::npos);
  core::HttpRequest req;
  auto post = [&](const std::string& path, const std::string& body) {
    core::HttpRequest r;
    r.method = "POST";
    r.url = too.url() + path;
    r.body = body;
    r.headers.add("Authorization", std::string("Bearer ") + kGitHubWriteToken);
    r.headers.add("Content-Type", "application/json");
    auto answer = http.send(r);
    rapidjson::Document doc;
    doc.Parse(answer.ok() ? answer->body.c_str() : "{}");
    return core::json::get_int(doc, "id").value_or(0);
  };
  const std::string make = R"({"ref":"main","environment":"production","auto_merge":false,"required_contexts":[]})";
  const auto a = post(kDeployments, make);
  post(std::string(kDeployments) + "/" + std::to_string(a) + "/statuses", R"({"state":"success"})");
  const auto b = post(kDeployments, make);
  post(std::string(kDeployments) + "/" + std::to_string(b) + "/statuses", R"({"state":"success"})");
  const std::string state = too.state_json();
  EXPECT_NE(state.find("inactive"), std::string::npos) << state;
}

// Faults after the side effect: the deployment is made, then its answer is lost.
TEST_F(GitHubEmulatorE2E, AFaultAfterTheSideEffectCreatesTheDeploymentThenLosesTheAnswer) {
  github.admin_api().fault({.path_prefix = kDeployments, .method = "POST", .status = 502, .when = FaultWhen::kAfter});
  auto lost =
      call("POST", kDeployments, R"({"ref":"main","environment":"env","auto_merge":false,"required_contexts":[]})");
  EXPECT_EQ(lost.status, 502);
  auto listed = call("GET", kDeployments);
  ASSERT_TRUE(listed.json.IsArray());
  EXPECT_EQ(listed.json.Size(), 1u) << "the deployment exists although its answer was a 502";
  github.admin_api().fault(
      {.path_prefix = kDeployments, .method = "POST", .drop_connection = true, .when = FaultWhen::kAfter});
  core::HttpRequest req;
  req.method = "POST";
  req.url = github.url() + kDeployments;
  req.body = R"({"ref":"main","environment":"env","auto_merge":false,"required_contexts":[]})";
  req.headers.add("Authorization", std::string("Bearer ") + kGitHubWriteToken);
  req.headers.add("User-Agent", "e2e");
  // A connection of its own: on a reused one, libcurl would send the request again by itself.
  core::CurlHttpClient fresh;
  EXPECT_FALSE(fresh.send(req).ok()) << "no answer at all";
  EXPECT_EQ(call("GET", kDeployments).json.Size(), 2u);
  const auto seen = github.requests();
  EXPECT_EQ(seen[0].fault, "after:status");
  EXPECT_EQ(seen[2].fault, "after:drop");
  EXPECT_EQ(seen[2].status, 0);
}

// FIDELITY D11: the order of lists is undocumented; the list-order variant turns it around.
TEST_F(GitHubEmulatorE2E, ListOrderVariantTurnsListsAround) {
  GitHubEmulator oldest({.extra_args = {"--variant", "list-order=oldest-first"}});
  auto send = [&](const std::string& method, const std::string& path, const std::string& body) {
    core::HttpRequest r;
    r.method = method;
    r.url = oldest.url() + path;
    r.body = body;
    r.headers.add("Authorization", std::string("Bearer ") + kGitHubWriteToken);
    if (!body.empty()) r.headers.add("Content-Type", "application/json");
    auto answer = http.send(r);
    rapidjson::Document doc;
    doc.Parse(answer.ok() ? answer->body.c_str() : "null");
    return doc;
  };
  const std::string make = R"({"ref":"main","environment":"env","auto_merge":false,"required_contexts":[]})";
  const auto first = core::json::get_int(send("POST", kDeployments, make), "id").value_or(0);
  const auto second = core::json::get_int(send("POST", kDeployments, make), "id").value_or(0);
  ASSERT_LT(first, second);
  const auto listed = send("GET", kDeployments, "");
  ASSERT_TRUE(listed.IsArray());
  ASSERT_EQ(listed.Size(), 2u);
  EXPECT_EQ(listed[0]["id"].GetInt64(), first) << "oldest first";
  const auto newest = call("GET", kDeployments);  // this fixture's own emulator: the default
  EXPECT_TRUE(newest.json.IsArray());
}

}  // namespace
}  // namespace flypin::e2e
