// Issue 24, items 4, 5 and 12 for smoke-machine: a failure report carries
// what servers said — the region the Machines API reports, the app's own log
// lines. In the step summary that is text (no image, link, tag, heading or
// row comes out of it); on stdout's --json line no "##[" makes the runner obey
// it; and however long the lines, the summary stays under GitHub's 1 MiB (or
// GitHub drops all of it), and so do the outputs.

#include <rapidjson/document.h>

#include <functional>

#include "core/json.h"
#include "programs/smoke-machine/hostile/hostile_fly_test.h"
#include "support/hostile/measured_run.h"

namespace flypin::hostile {
namespace {

using namespace std::chrono_literals;

// One logs API entry of the app, stamped far ahead so that it counts as
// having arrived after the failure.
std::string entry(int n, const std::string& message) {
  return R"({"id":")" + std::to_string(n) + R"(","attributes":{"timestamp":"2099-01-01T00:00:)" + (n < 10 ? "0" : "") +
         std::to_string(n % 60) + R"(.000000000Z","message":)" + core::json::quote(message) +
         R"(,"level":"info","instance":"","region":"sin","meta":{"event":{"provider":"app"}}}})";
}

// A logs API serving `count` lines, line(i) each, three a page, and then
// nothing new. Lines are made as they are served: the test process stays small
// (a child's peak memory, as wait4 reports it, counts what its parent had).
Handler logs_of(size_t count, std::function<std::string(size_t)> line) {
  return [count, line = std::move(line)](const Request& r, Conn& c) {
    const auto at = r.query.find("next_token=");
    const std::string token = at == std::string::npos ? "" : r.query.substr(at + 11, r.query.find('&', at) - at - 11);
    const size_t page = token.empty() ? 0 : std::stoul(token.substr(1));
    std::string data;
    for (size_t i = page * 3; i < count && i < page * 3 + 3; ++i)
      data += (data.empty() ? "" : ",") + entry(static_cast<int>(i), line(i));
    const std::string next = data.empty() ? token : "p" + std::to_string(page + 1);
    c.respond(200, {{"Content-Type", "application/json"}},
              R"({"data":[)" + data + R"(],"meta":{"next_token":")" + next + R"("}})");
  };
}

Handler logs_of(std::vector<std::string> lines) {
  const size_t count = lines.size();
  return logs_of(count, [lines = std::move(lines)](size_t i) { return lines[i]; });
}

class FailureReport : public HostileFlyTest {
 protected:
  static std::string crashing_image() {
    static std::string ref;
    if (ref.empty()) {
      testbed::ImageSpec spec;
      spec.entrypoint = {"/app/server"};  // not in the image: the machine exits with 127
      spec.cmd = {};
      registry().push_image("flypin-hostile/crash-report", "deployment-test", spec);
      ref = registry().host() + "/flypin-hostile/crash-report:deployment-test";
    }
    return ref;
  }

  StepRun smoke(const std::string& image, const std::string& logs_url, std::vector<std::string> extra = {}) {
    auto e = env();
    e["FLY_LOGS_API_URL"] = logs_url;
    extra.insert(extra.end(), {"--logs-wait", "3s"});
    return run_step("smoke-machine", smoke_args(image, extra), e, dir_->path(), 150s);
  }
};

TEST_F(FailureReport, TheAppsLastLineAndTheReportedRegionAreTextInTheSummary) {
  ScriptedServer logs(logs_of({"starting", forged_markup()}));
  auto crashed = smoke(crashing_image(), logs.url());
  EXPECT_EQ(crashed.run.exit_code, 1) << crashed.run.err;
  ASSERT_TRUE(has(crashed.summary, "exited with code 127")) << crashed.summary;
  EXPECT_EQ(markdown_injections(crashed.summary, kForged), std::vector<std::string>{}) << crashed.summary;

  // The API reports the machine somewhere else, in its own words.
  front_->script([](const Request& r, Conn& c, const std::function<Upstream()>& forward) {
    const std::string machines = std::string("/v1/apps/") + kApp + "/machines/";
    if (r.method != "GET" || !r.path.starts_with(machines) || r.path.find('/', machines.size()) != std::string::npos)
      return false;
    auto up = forward();
    const std::string sin = R"("region":"sin")";
    if (auto at = up.body.find(sin); at != std::string::npos)
      up.body.replace(at, sin.size(), R"("region":)" + core::json::quote("ams " + forged_markup()));
    FlyFront::relay(c, up);
    return true;
  });
  ScriptedServer quiet(logs_of({}));
  auto moved = smoke(healthy_image(), quiet.url());
  EXPECT_EQ(moved.run.exit_code, 1) << moved.run.err;
  ASSERT_TRUE(has(moved.summary, "instead of sin")) << moved.summary;
  EXPECT_EQ(markdown_injections(moved.summary, kForged), std::vector<std::string>{}) << moved.summary;
  EXPECT_TRUE(await_alive(0, 15s)) << "left behind: " << emulator().admin("GET", "/_admin/machines").body;
}

TEST_F(FailureReport, JsonOnStdoutCarriesNoWorkflowCommandFromTheAppsLogs) {
  ScriptedServer logs(logs_of({"starting", forged_command()}));
  auto r = smoke(crashing_image(), logs.url(), {"--json"});
  EXPECT_EQ(r.run.exit_code, 1) << r.run.err;
  EXPECT_EQ(forged_commands(r.run.out + r.run.err, kForged), std::vector<std::string>{}) << r.run.out;
  EXPECT_TRUE(has(r.run.out, "set-output name=machine-id")) << "the line is still reported\n" << r.run.out;
}

TEST_F(FailureReport, LongLogLinesKeepTheSummaryAndOutputsUnderTheirCaps) {
  ScriptedServer logs(logs_of(42, [](size_t i) { return std::string(1024 * 1024, static_cast<char>('a' + i % 26)); }));
  auto r = smoke(crashing_image(), logs.url());
  RecordProperty("summary_bytes", static_cast<int>(r.summary.size()));
  RecordProperty("output_bytes", static_cast<int>(r.outputs_text.size()));
  RecordProperty("max_rss_kib", static_cast<int>(r.run.max_rss_kib));
  EXPECT_EQ(r.run.exit_code, 1) << r.run.err.substr(0, 2000);
  ASSERT_TRUE(has(r.summary, "exited with code 127")) << r.summary.substr(0, 2000);
  EXPECT_LT(r.summary.size(), 1024u * 1024u) << "GitHub drops a step summary over 1 MiB";
  EXPECT_TRUE(has(r.summary, "cut")) << "what was cut is said";
  EXPECT_LT(r.outputs_text.size(), 1024u * 1024u);
  EXPECT_LT(r.run.err.size(), 1024u * 1024u);
  // What the server cost: the peak beyond starting the program (ASan's runtime in the test tree).
  EXPECT_LT(r.run.max_rss_kib - r.run.start_rss_kib, 64 * 1024)
      << "main used 326 MB; peak " << r.run.max_rss_kib << " KiB, of which starting " << r.run.start_rss_kib << " KiB";
}

}  // namespace
}  // namespace flypin::hostile
