// The Fly emulator against its ledger (tests/emulators/fly/FIDELITY.md): the
// documented answers it gives by default, each variant it offers where the
// real answer is unknown, and faults after the side effect. One emulator per
// variant set, started when a test first asks for it; one registry.
#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <memory>
#include <thread>

#include "core/curl_http_client.h"
#include "support/launchers/fly_emulator.h"
#include "support/testbed/testbed.h"

namespace flypin::e2e {
namespace {

using namespace std::chrono_literals;

constexpr const char* kToken = "fidelity-token";
constexpr const char* kApp = "fidelity-app";
const std::string kMachines = std::string("/v1/apps/") + kApp + "/machines";

std::string str(const rapidjson::Value& v, const char* key) {
  return v.IsObject() && v.HasMember(key) && v[key].IsString() ? v[key].GetString() : "";
}

class FlyFidelityE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    registry_ = new testbed::LocalRegistry(testbed::AuthMode::kBasic);
    testbed::ImageSpec serving;
    serving.files["/www/health"] = "ok";
    serving.cmd = {"/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www"};
    digest_ = registry_->push_image("flypin-fidelity/healthy", "deployment-test", serving);
  }
  static void TearDownTestSuite() {
    emulators_.clear();
    delete registry_;
  }
  void TearDown() override {
    if (HasFailure())
      for (auto& [set, e] : emulators_) std::cerr << "emulator [" << set << "] log:\n" << e->log() << "\n";
  }

  /// The emulator started with exactly these variants (over the ctest entry's set), rate limits off.
  static FlyEmulator& emu(const std::vector<std::string>& variants = {}) {
    std::string key;
    for (const auto& v : variants) key += v + ";";
    auto& slot = emulators_[key];
    if (!slot) {
      slot = std::make_unique<FlyEmulator>(*registry_,
                                           FlyEmulatorOptions{.tokens = {kToken},
                                                              .apps = {kApp},
                                                              .rate_limit = FlyRateLimit::kOff,
                                                              .registry = RegistryTransport::kInsecureEverywhere,
                                                              .variants = variants});
    }
    return *slot;
  }
  static std::string image() { return registry_->host() + "/flypin-fidelity/healthy:deployment-test"; }
  static std::string config(const std::string& extra = "") {
    return R"({"image":")" + image() + R"(","restart":{"policy":"no"})" + extra + "}";
  }
  static std::string checks(const std::string& grace = "0s") {
    return R"(,"checks":{"health":{"type":"http","port":8080,"path":"/health","interval":"300ms","timeout":"1s",)"
           R"("grace_period":")" +
           grace + R"("}})";
  }
  static std::string seed(FlyEmulator& e, const std::string& state = "stopped",
                          const std::string& metadata = R"({"role":"user"})") {
    auto r = e.admin("POST", "/_admin/seed",
                     std::string(R"({"app":")") + kApp + R"(","count":1,"image":")" + registry_->host() +
                         R"(/flypin-fidelity/healthy","digest":")" + digest_ + R"(","state":")" + state +
                         R"(","metadata":)" + metadata + "}");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["ids"][0].GetString();
  }
  static rapidjson::Document get(FlyEmulator& e, const std::string& id) {
    return e.call("GET", kMachines + "/" + id).json();
  }
  static std::string state(FlyEmulator& e, const std::string& id) { return str(get(e, id), "state"); }
  static std::string version(FlyEmulator& e, const std::string& id) { return str(get(e, id), "instance_id"); }
  static std::string update_body(FlyEmulator& e, const std::string& id, const std::string& extra = "") {
    return R"({"config":)" + config(R"(,"metadata":{"role":"user"},"env":{"V":")" + version(e, id) + R"("})") + extra +
           "}";
  }
  static void destroy(FlyEmulator& e, const std::string& id) { e.call("DELETE", kMachines + "/" + id + "?force=true"); }

  static testbed::LocalRegistry* registry_;
  static std::string digest_;
  static std::map<std::string, std::unique_ptr<FlyEmulator>> emulators_;
};

testbed::LocalRegistry* FlyFidelityE2E::registry_ = nullptr;
std::string FlyFidelityE2E::digest_;
std::map<std::string, std::unique_ptr<FlyEmulator>> FlyFidelityE2E::emulators_;

// FIDELITY "faults after the side effect": the change is made, then the answer is lost or replaced.
TEST_F(FlyFidelityE2E, FaultsAfterTheSideEffectApplyTheChangeThenLoseTheAnswer) {
  auto& e = emu();
  auto admin = e.admin_api();
  // create, answered 502: the machine exists.
  admin.fault({.path_prefix = kMachines, .method = "POST", .status = 502, .when = FaultWhen::kAfter});
  auto created = e.call("POST", kMachines,
                        R"({"name":"after-create","region":"sin","skip_launch":true,"config":)" + config() + "}");
  EXPECT_EQ(created.status, 502) << created.body;
  std::string id;
  const auto listed = e.call("GET", kMachines).json();
  for (const auto& m : listed.GetArray())
    if (str(m, "name") == "after-create") id = str(m, "id");
  ASSERT_FALSE(id.empty()) << "the create happened although its answer was a 502";
  // update, connection dropped: a new version.
  const std::string v1 = version(e, id);
  admin.fault(
      {.path_prefix = kMachines + "/" + id, .method = "POST", .drop_connection = true, .when = FaultWhen::kAfter});
  EXPECT_EQ(e.call("POST", kMachines + "/" + id, update_body(e, id, R"(,"skip_launch":true)")).status, 0);
  EXPECT_NE(version(e, id), v1) << "the update happened although its connection was cut";
  // lease, answered 408: it is held.
  admin.fault(
      {.path_prefix = kMachines + "/" + id + "/lease", .method = "POST", .status = 408, .when = FaultWhen::kAfter});
  EXPECT_EQ(e.call("POST", kMachines + "/" + id + "/lease", R"({"ttl":30})").status, 408);
  auto held = e.call("GET", kMachines + "/" + id + "/lease");
  ASSERT_EQ(held.status, 200) << held.body;
  const std::string nonce = str(held.json()["data"], "nonce");
  EXPECT_EQ(e.call("DELETE", kMachines + "/" + id + "/lease", "", "", {{"fly-machine-lease-nonce", nonce}}).status,
            200);
  // start, answered 503: it boots.
  admin.fault({.path_prefix = kMachines + "/" + id + "/start", .status = 503, .when = FaultWhen::kAfter});
  EXPECT_EQ(e.call("POST", kMachines + "/" + id + "/start").status, 503);
  EXPECT_EQ(e.call("GET", kMachines + "/" + id + "/wait?state=started&timeout=30").status, 200);
  // stop, connection dropped: it stops.
  admin.fault({.path_prefix = kMachines + "/" + id + "/stop", .drop_connection = true, .when = FaultWhen::kAfter});
  EXPECT_EQ(e.call("POST", kMachines + "/" + id + "/stop").status, 0);
  EXPECT_EQ(e.call("GET", kMachines + "/" + id + "/wait?state=stopped&timeout=30").status, 200);
  // destroy, answered 500: it is gone.
  admin.fault({.path_prefix = kMachines + "/" + id, .method = "DELETE", .status = 500, .when = FaultWhen::kAfter});
  EXPECT_EQ(e.call("DELETE", kMachines + "/" + id).status, 500);
  EXPECT_EQ(e.call("GET", kMachines + "/" + id + "/wait?state=destroyed&timeout=30").status, 200);
  // A refused request does not spend an after-fault: nothing happened to lose.
  admin.fault({.path_prefix = kMachines + "/ffffffffffffff", .status = 502, .when = FaultWhen::kAfter});
  EXPECT_EQ(e.call("POST", kMachines + "/ffffffffffffff/stop").status, 404);
  int after_faults = 0;
  for (const auto& r : admin.requests()) after_faults += r.fault.rfind("after:", 0) == 0;
  EXPECT_EQ(after_faults, 6) << "each after-fault is in the journal";
  admin.reset();
}

// FIDELITY R1, R2: Get Machine 5/s burst 10, every other action 1/s burst 3; no Retry-After unless the variant.
TEST_F(FlyFidelityE2E, RateLimitsFollowTheDocsWithoutRetryAfter) {
  for (const std::string retry_after : {"absent", "sent"}) {
    auto& e = emu({"retry-after=" + retry_after});
    e.admin("POST", "/_admin/behaviour", R"({"rate_limit":true})");
    const std::string id = seed(e);
    int lists = 0, gets = 0, waits = 0;
    for (int i = 0; i < 3; ++i) lists += e.call("GET", kMachines).status == 200;
    auto limited = e.call("GET", kMachines);
    for (int i = 0; i < 11; ++i) gets += e.call("GET", kMachines + "/" + id).status == 200;
    for (int i = 0; i < 4; ++i)
      waits += e.call("GET", kMachines + "/" + id + "/wait?state=stopped&timeout=1").status != 429;
    EXPECT_EQ(lists, 3) << "list: burst 3";
    EXPECT_EQ(limited.status, 429) << "list: the fourth at once";
    EXPECT_EQ(limited.headers.count("Retry-After"), retry_after == "sent" ? 1u : 0u) << retry_after;
    EXPECT_EQ(gets, 10) << "get: burst 10";
    EXPECT_EQ(waits, 3) << "wait: burst 3";
    e.admin("POST", "/_admin/reset");
    e.admin("POST", "/_admin/behaviour", R"({"rate_limit":false})");
  }
}

// FIDELITY U1, U2, U3: what an update leaves a machine that was not started, per variant.
TEST_F(FlyFidelityE2E, UpdatesOfMachinesThatWereNotStartedFollowTheirVariant) {
  struct Case {
    std::vector<std::string> variants;
    std::string from, skip_launch, expect;
  };
  const std::vector<Case> cases = {
      {{}, "stopped", "", "stopped"},
      {{"update-of-stopped=starts"}, "stopped", "", "started"},
      {{}, "created", "", "created"},
      {{"update-of-created=stopped"}, "created", "", "stopped"},
      {{"update-of-created=starts"}, "created", "", "started"},
      {{}, "stopped", R"(,"skip_launch":true)", "created"},
      {{"after-skip-launch=stopped"}, "stopped", R"(,"skip_launch":true)", "stopped"},
  };
  for (const auto& c : cases) {
    auto& e = emu(c.variants);
    const std::string id = seed(e, c.from);
    auto updated = e.call("POST", kMachines + "/" + id, update_body(e, id, c.skip_launch));
    ASSERT_EQ(updated.status, 200) << updated.body;
    if (c.expect == "started") {
      EXPECT_EQ(e.call("GET", kMachines + "/" + id + "/wait?state=started&timeout=30").status, 200) << c.from;
    } else {
      std::this_thread::sleep_for(300ms);  // nothing should happen: give it the time to, were it to
      EXPECT_EQ(state(e, id), c.expect) << c.from << c.skip_launch;
    }
    destroy(e, id);
  }
}

// FIDELITY U7: a stale current_version, per variant.
TEST_F(FlyFidelityE2E, AStaleCurrentVersionIsRefusedOrIgnoredPerVariant) {
  for (const auto& [variant, status] :
       std::vector<std::pair<std::string, int>>{{"412", 412}, {"400", 400}, {"ignored", 200}}) {
    auto& e = emu({"stale-current-version=" + variant});
    const std::string id = seed(e);
    const std::string v1 = version(e, id);
    ASSERT_EQ(e.call("POST", kMachines + "/" + id, update_body(e, id, R"(,"skip_launch":true)")).status, 200);
    auto stale = e.call("POST", kMachines + "/" + id,
                        update_body(e, id, R"(,"skip_launch":true,"current_version":")" + v1 + "\""));
    EXPECT_EQ(stale.status, status) << variant << ": " << stale.body;
  }
}

// FIDELITY M1, M2, H3: list filters and summaries, per variant.
TEST_F(FlyFidelityE2E, SummaryListingAndMetadataFilterPerVariant) {
  auto& honoured = emu();
  const std::string user = seed(honoured), admin = seed(honoured, "stopped", R"({"role":"admin"})");
  auto listed = honoured.call("GET", kMachines + "?summary=true&metadata.role=user").json();
  ASSERT_EQ(listed.Size(), 1u);
  EXPECT_EQ(str(listed[0], "id"), user);
  EXPECT_EQ(str(listed[0]["image_ref"], "digest"), digest_);
  EXPECT_FALSE(listed[0].HasMember("config"));
  EXPECT_FALSE(listed[0].HasMember("host_status")) << "summary leaves host_status out";

  auto& ignoring = emu({"metadata-filter=ignored", "summary-listing=without-image-ref"});
  seed(ignoring);
  seed(ignoring, "stopped", R"({"role":"admin"})");
  auto all = ignoring.call("GET", kMachines + "?summary=true&metadata.role=user").json();
  EXPECT_EQ(all.Size(), 2u) << "the filter is ignored";
  EXPECT_FALSE(all[0].HasMember("image_ref"));
  auto full = ignoring.call("GET", kMachines + "?metadata.role=user").json();
  EXPECT_EQ(full.Size(), 2u);
  EXPECT_EQ(str(full[0]["image_ref"], "digest"), digest_) << "a full listing keeps image_ref";
  (void)admin;
}

// FIDELITY H1, H2: a machine on a host that is not ok has no config, an empty image_ref, and is not updated.
TEST_F(FlyFidelityE2E, AMachineOnAnUnreachableHostHasNoConfig) {
  auto& e = emu();
  const std::string id = seed(e);
  ASSERT_EQ(e.admin("POST", "/_admin/machines/" + id + "/host", R"({"host_status":"unreachable"})").status, 200);
  auto m = get(e, id);
  EXPECT_EQ(str(m, "host_status"), "unreachable");
  EXPECT_FALSE(m.HasMember("config"));
  EXPECT_TRUE(m.HasMember("incomplete_config"));
  EXPECT_EQ(str(m["image_ref"], "digest"), "");
  EXPECT_EQ(e.call("POST", kMachines + "/" + id, update_body(e, id, R"(,"skip_launch":true)")).status, 503);
  e.admin("POST", "/_admin/machines/" + id + "/host", R"({"host_status":"ok"})");
  EXPECT_EQ(str(get(e, id), "host_status"), "ok");
}

// FIDELITY C1-C4: checks appear when they have run (or as warning: the variant), a status's
// updated_at moves only when the status changes, and flaps adds a bg_deployments_compat check.
TEST_F(FlyFidelityE2E, ChecksAppearWhenTheyRunStampStatusChangesAndCarryACompatCheck) {
  for (const std::string before : {"empty", "warning"}) {
    auto& e = emu({"checks-before-first-run=" + before, "compat-check-status=warning"});
    const std::string id = e.create(config(checks("2s")));
    ASSERT_EQ(e.call("GET", kMachines + "/" + id + "/wait?state=started&timeout=30").status, 200);
    auto early = get(e, id);
    std::vector<std::string> names;
    for (const auto& c : early["checks"].GetArray()) names.push_back(str(c, "name"));
    if (before == "empty") {
      EXPECT_EQ(names, std::vector<std::string>{"bg_deployments_compat_health"}) << "no result before the first run";
    } else {
      EXPECT_EQ(names, (std::vector<std::string>{"health", "bg_deployments_compat_health"}));
      EXPECT_EQ(str(early["checks"][0], "status"), "warning");
    }
    EXPECT_EQ(str(early["checks"][names.size() - 1], "status"), "warning") << "the compat check's variant";
    std::string passing_since;
    ASSERT_TRUE(e.poll(
        id,
        [&](const auto& m) {
          for (const auto& c : m["checks"].GetArray())
            if (str(c, "name") == "health" && str(c, "status") == "passing") passing_since = str(c, "updated_at");
          return !passing_since.empty();
        },
        15s));
    std::this_thread::sleep_for(1s);  // three more runs, all passing
    std::string later;
    const auto now = get(e, id);
    for (const auto& c : now["checks"].GetArray())
      if (str(c, "name") == "health") later = str(c, "updated_at");
    EXPECT_EQ(later, passing_since) << "updated_at is when the status last changed (C2)";
    destroy(e, id);
  }
}

// FIDELITY C7: across a restart, results are kept (with their updated_at) or reset, per variant.
TEST_F(FlyFidelityE2E, CheckResultsAcrossARestartPerVariant) {
  for (const std::string rule : {"kept", "reset"}) {
    auto& e = emu({"checks-after-restart=" + rule});
    const std::string id = e.create(config(checks("3s")));
    auto passing = [](const rapidjson::Document& m) {
      for (const auto& c : m["checks"].GetArray())
        if (str(c, "name") == "health") return str(c, "status") == "passing";
      return false;
    };
    auto starts = [](const rapidjson::Document& m) {
      int n = 0;
      for (const auto& ev : m["events"].GetArray()) n += str(ev, "type") == "start" && str(ev, "source") == "flyd";
      return n;
    };
    ASSERT_TRUE(e.poll(id, passing, 20s));
    const int before = starts(get(e, id));
    ASSERT_EQ(e.call("POST", kMachines + "/" + id + "/restart").status, 200);
    ASSERT_TRUE(e.poll(
        id, [&](const auto& m) { return str(m, "state") == "started" && starts(m) > before; }, 20s));
    // Within the 3 s grace period no check has run since the restart.
    EXPECT_EQ(passing(get(e, id)), rule == "kept") << rule;
    destroy(e, id);
  }
}

// FIDELITY R6: under read-after-start=lags, GET says starting for 2 s after the wait said started.
TEST_F(FlyFidelityE2E, ReadsMayLagBehindTheWait) {
  auto& e = emu({"read-after-start=lags"});
  const std::string id = e.create(config());
  ASSERT_EQ(e.call("GET", kMachines + "/" + id + "/wait?state=started&timeout=30").status, 200);
  EXPECT_EQ(state(e, id), "starting");
  EXPECT_TRUE(e.poll(
      id, [](const auto& m) { return str(m, "state") == "started"; }, 5s));
  destroy(e, id);
}

// FIDELITY G3: an empty logs page keeps the token asked with, or moves it past lines still in flight.
TEST_F(FlyFidelityE2E, AnEmptyLogsPageKeepsOrAdvancesTheToken) {
  for (const std::string rule : {"kept", "advanced"}) {
    auto& e = emu({"empty-logs-page-next-token=" + rule});
    const std::string id = e.create(config());
    ASSERT_EQ(e.call("GET", kMachines + "/" + id + "/wait?state=started&timeout=30").status, 200);
    core::CurlHttpClient http;
    auto page = [&](const std::string& token) {
      core::HttpRequest req;
      req.url = e.api_url() + "/api/v1/apps/" + kApp + "/logs?next_token=" + token;
      req.headers.add("Authorization", std::string("Bearer ") + kToken);
      rapidjson::Document doc;
      auto r = http.send(req);
      doc.Parse(r.ok() ? r->body.c_str() : "{}");
      return doc;
    };
    std::string token;
    for (auto p = page(""); p.IsObject() && p.HasMember("data") && p["data"].Size() > 0; p = page(token))
      token = str(p["meta"], "next_token");
    ASSERT_FALSE(token.empty()) << "the boot's lines";
    // New lines (the restart's), still in flight when the next page is asked for.
    e.admin("POST", "/_admin/behaviour", R"({"rate_limit":false,"logs_ingestion_delay_ms":2000})");
    ASSERT_EQ(e.call("POST", kMachines + "/" + id + "/restart").status, 200);
    std::this_thread::sleep_for(300ms);
    auto empty = page(token);
    ASSERT_TRUE(empty.IsObject() && empty["data"].IsArray());
    EXPECT_EQ(empty["data"].Size(), 0u) << "the restart's lines are still in flight";
    const std::string after_empty = str(empty["meta"], "next_token");
    EXPECT_EQ(after_empty == token, rule == "kept") << rule;
    std::this_thread::sleep_for(2500ms);
    const auto adopted = page(after_empty);
    const auto kept = page(token);
    EXPECT_EQ(adopted["data"].Size() > 0, rule == "kept")
        << rule << ": a client that adopts an advanced token skips the lines that were in flight";
    EXPECT_GT(kept["data"].Size(), 0u) << "a client that keeps its own token sees them";
    e.admin("POST", "/_admin/behaviour", R"({"rate_limit":false})");
    destroy(e, id);
  }
}

// FIDELITY P1, P3: the proxy balances an app's traffic over its started machines with services only.
TEST_F(FlyFidelityE2E, TheProxyBalancesOverMachinesWithServicesOnly) {
  auto& e = emu();
  const auto info = e.admin("GET", "/_admin/info").json();
  if (!info["netns"].GetBool()) GTEST_SKIP() << "network namespaces unavailable";
  const std::string with = e.create(config(R"(,"services":[{"protocol":"tcp","internal_port":8080}])"));
  const std::string without = e.create(config());
  for (const auto& id : {with, without})
    ASSERT_EQ(e.call("GET", kMachines + "/" + id + "/wait?state=started&timeout=30").status, 200);
  httplib::Client proxy(e.proxy_url());
  for (int i = 0; i < 6; ++i) {
    auto r = proxy.Get("/health", {{"Host", std::string(kApp) + ".fly.dev"}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  // Forced routing still reaches either.
  EXPECT_EQ(e.proxy("/health", without).status, 200);
  EXPECT_EQ(e.call("DELETE", kMachines + "/" + with + "?force=true").status, 200);
  e.call("GET", kMachines + "/" + with + "/wait?state=destroyed&timeout=30");
  auto none = proxy.Get("/health", {{"Host", std::string(kApp) + ".fly.dev"}});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 503) << "a started machine without services gets no proxy traffic: " << none->body;
  destroy(e, without);
}

}  // namespace
}  // namespace flypin::e2e
