#include "fly/machine_logs.h"

#include <gtest/gtest.h>

#include <string>

#include "support/doubles/fake_clock.h"
#include "support/doubles/scripted_http_client.h"

namespace flypin::fly {
namespace {

using namespace std::chrono_literals;

// A page of lines stamped at second `s` of 2026-04-16T14:00 + i ns; the token is the last stamp.
std::string page(int first_second, int count, const std::string& provider = "app") {
  std::string data;
  std::string token;
  for (int i = 0; i < count; ++i) {
    const int s = first_second + i;
    char ts[64];
    std::snprintf(ts, sizeof ts, "2026-04-16T14:00:%02d.000000000Z", s);
    if (!data.empty()) data += ",";
    data += R"({"id":"l)" + std::to_string(s) + R"(","type":"logs","attributes":{"timestamp":")" + ts +
            R"(","message":"line )" + std::to_string(s) + R"(","level":"info","instance":"m1","region":"iad",)" +
            R"("meta":{"event":{"provider":")" + provider + R"("}}}})";
    token = std::to_string(1776348000LL + s) + "000000000";
  }
  return R"({"data":[)" + data + R"(],"meta":{"next_token":")" + token + R"("}})";
}
const std::string kEmpty = R"({"data":[],"meta":{"next_token":""}})";
constexpr std::int64_t kAt = 1776348000LL * 1'000'000'000;  // 2026-04-16T14:00:00Z

struct Fixture {
  doubles::FakeClock clock;
  doubles::ScriptedHttpClient http{[](const core::HttpRequest&) -> core::Result<core::HttpResponse> {
    return core::HttpResponse{200, {}, R"({"data":[],"meta":{"next_token":""}})"};
  }};
  LogsClient client{http, LogsSettings{.base_url = "http://127.0.0.1:1", .token = "tok-logs-123456"}};
  MachineLogReader reader{client, clock, "app1", "m1", MachineLogOptions{.keep = 3}};
};

TEST(MachineLogReader, KeepsTheNewestLinesInTimeOrderAndTheLastAppLine) {
  Fixture f;
  f.http.reply(200, page(0, 4));
  f.http.reply(200, page(4, 2, "runner"));
  auto logs = f.reader.last_lines(kAt + 5'000'000'000, 10s);
  EXPECT_EQ(logs.completeness, Completeness::kComplete) << logs.note;
  ASSERT_EQ(logs.lines.size(), 3u);
  EXPECT_EQ(logs.lines[0].text(), "line 3");
  EXPECT_EQ(logs.lines[2].text(), "line 5");
  ASSERT_NE(logs.last_app_line(), nullptr);
  EXPECT_EQ(logs.last_app_line()->text(), "line 3");
  EXPECT_NE(f.http.line(2).find("next_token=1776348005000000000"), std::string::npos) << f.http.line(2);
  EXPECT_NE(f.http.line(0).find("instance=m1"), std::string::npos);
}

TEST(MachineLogReader, AnEmptyPagesTokenIsNotAdoptedAsFlyctlDoesNot) {
  Fixture f;
  f.http.reply(200, page(0, 1));
  // Empty, but with a token past lines still being ingested (the advanced variant, FIDELITY G3).
  f.http.reply(200, R"({"data":[],"meta":{"next_token":"1776348009000000000"}})");
  f.http.reply(200, page(1, 1, "runner"));
  auto logs = f.reader.last_lines(kAt + 1'000'000'000, 10s);
  EXPECT_EQ(logs.lines.back().text(), "line 1") << "the late line was not skipped";
  EXPECT_NE(f.http.line(2).find("next_token=1776348000000000000"), std::string::npos) << f.http.line(2);
}

TEST(MachineLogReader, WaitsForIngestionNoFasterThanFlyctl) {
  Fixture f;
  f.http.reply(200, page(0, 1));  // a read goes on until an empty page
  for (int i = 0; i < 4; ++i) f.http.reply(200, kEmpty);
  f.http.reply(200, page(1, 1, "runner"));
  auto logs = f.reader.last_lines(kAt + 1'000'000'000, 10s);
  EXPECT_EQ(logs.completeness, Completeness::kComplete) << logs.note;
  EXPECT_EQ(logs.lines.back().text(), "line 1");
  // Reads 2..5 waited 128 ms, then 256, 512, 1000 ms: never less than flyctl's 128 ms.
  EXPECT_EQ(f.clock.slept(), 128ms + 256ms + 512ms + 1000ms);
}

TEST(MachineLogReader, AFailureIsReadAfterFlyctlsIntervalNotTheIdleBackoff) {
  Fixture f;
  for (int i = 0; i < 4; ++i) {
    f.clock.sleep_for(1s);
    f.reader.poll_new();  // idle: the back-off reaches 1 s
  }
  f.clock.sleep_for(300ms);
  const auto before = f.clock.slept();
  f.http.reply(200, page(0, 1));
  auto logs = f.reader.last_lines(kAt, 10s);
  EXPECT_EQ(logs.lines.size(), 1u);
  EXPECT_EQ(f.clock.slept() - before, 0ms) << "the last read was 300 ms ago: no wait";
}

TEST(MachineLogReader, SaysWhenTheWaitRanOut) {
  Fixture f;
  f.http.reply(200, page(0, 1));
  auto logs = f.reader.last_lines(kAt + 9'000'000'000, 3s);
  EXPECT_EQ(logs.completeness, Completeness::kMaybeIncomplete);
  EXPECT_NE(logs.note.find("may be incomplete"), std::string::npos) << logs.note;
  EXPECT_EQ(logs.lines.size(), 1u);
  EXPECT_LE(f.clock.slept(), 3s);
}

TEST(MachineLogReader, RefusalIsAnAnswerNamingTheCredentialNotItsValue) {
  Fixture f;
  f.http.reply(200, page(0, 2));
  f.http.reply(200, kEmpty);
  f.http.reply(401, R"({"error":"unauthorized"})");
  EXPECT_EQ(f.reader.poll_new().size(), 2u);
  f.clock.sleep_for(1s);
  EXPECT_TRUE(f.reader.poll_new().empty());
  ASSERT_TRUE(f.reader.stopped());
  auto logs = f.reader.last_lines(kAt + 9'000'000'000, 10s);
  EXPECT_EQ(f.http.calls(), 3u) << "no read after a refusal";
  ASSERT_TRUE(logs.unavailable);
  EXPECT_TRUE(is_logs_refused(*logs.unavailable));
  EXPECT_NE(logs.note.find("FLY_API_TOKEN"), std::string::npos) << logs.note;
  EXPECT_EQ(logs.note.find("tok-logs-123456"), std::string::npos);
  EXPECT_EQ(logs.lines.size(), 2u) << "what arrived before stays";
}

TEST(MachineLogReader, PollNewRespectsTheIntervalAndGivesUpAfterTenErrors) {
  Fixture f;
  f.http.reply(200, page(0, 1));
  EXPECT_EQ(f.reader.poll_new().size(), 1u);
  EXPECT_TRUE(f.reader.poll_new().empty());
  EXPECT_EQ(f.http.calls(), 2u) << "not due yet";
  for (int i = 0; i < 12; ++i) {
    f.http.reply(500, "{}");
    f.clock.sleep_for(5s);
    f.reader.poll_new();
  }
  EXPECT_EQ(f.http.calls(), 12u) << "10 errors in a row, then no more reads";
  EXPECT_TRUE(f.reader.stopped());
}

TEST(MachineLogReader, ALogsAPIThatCannotBeReachedCostsAFailureNoMoreThanASecond) {
  Fixture f;
  core::Error refused;
  refused.kind = core::ErrorKind::kNetwork;
  refused.delivery = core::Delivery::kNotSent;
  refused.message = "cannot reach 127.0.0.1:1 (Couldn't connect to server)";
  for (int i = 0; i < 20; ++i) f.http.replies.push_back(refused);
  auto logs = f.reader.last_lines(kAt + 9'000'000'000, 10s);
  EXPECT_EQ(f.http.calls(), 2u) << "twice unreachable, then no more reads";
  EXPECT_LE(f.clock.slept(), 1s);
  ASSERT_TRUE(logs.unavailable);
  EXPECT_EQ(logs.completeness, Completeness::kMaybeIncomplete);
  EXPECT_NE(logs.note.find("cannot reach 127.0.0.1:1"), std::string::npos) << logs.note;
}

TEST(MachineLogReader, FormatsLinesAsFlyctlAndOnOneLine) {
  LogEntry e;
  e.timestamp = "2026-04-16T14:00:00.1Z";
  e.provider = "app";
  e.instance = "m1";
  e.region = "iad";
  e.level = "info";
  e.message = "a\nb ##[error]x";
  EXPECT_EQ(format_log_line(e), "2026-04-16T14:00:00.1Z app[m1] iad [info] a\\nb ##\\[error]x");
}

TEST(MachineLogReader, AFailedReadWithNoFailureTimeLeavesTheLinesInDoubt) {
  Fixture f;
  f.http.reply(500, R"({"error":"boom"})");
  auto logs = f.reader.last_lines(std::nullopt, 0s);
  EXPECT_EQ(f.http.calls(), 1u) << "a failure path reads once";
  ASSERT_TRUE(logs.unavailable);
  EXPECT_EQ(logs.completeness, Completeness::kMaybeIncomplete);
  EXPECT_NE(logs.note.find("could not read the machine's logs"), std::string::npos) << logs.note;
}

TEST(MachineLogReader, LongLinesAreCutAndTheLinesKeptStayUnderTheirByteCap) {
  doubles::FakeClock clock;
  const std::string long_line(10'000, 'x');
  doubles::ScriptedHttpClient http;
  std::string data;
  for (int i = 0; i < 3; ++i) {
    data += std::string(i ? "," : "") + R"({"id":"l)" + std::to_string(i) +
            R"(","attributes":{"timestamp":"2026-04-16T14:00:0)" + std::to_string(i) + R"(.0Z","message":")" +
            long_line + R"(","instance":"m1","meta":{"event":{"provider":"app"}}}})";
  }
  http.reply(200, R"({"data":[)" + data + R"(],"meta":{"next_token":"t1"}})");
  http.reply(200, kEmpty);
  LogsClient client{http, LogsSettings{.base_url = "http://127.0.0.1:1", .token = "tok-logs-123456"}};
  MachineLogReader reader{client, clock, "app1", "m1", MachineLogOptions{.keep = 3, .max_bytes = 8 * 1024}};
  auto logs = reader.last_lines(kAt, 1s);
  ASSERT_EQ(logs.lines.size(), 1u) << logs.note;
  EXPECT_EQ(logs.lines[0].text().substr(0, 4096), long_line.substr(0, 4096));
  EXPECT_NE(logs.lines[0].text().find(" [5904 bytes cut]"), std::string::npos) << logs.lines[0].text().substr(4090);
  EXPECT_NE(logs.note.find("2 older lines were cut to keep the report under 8 KiB"), std::string::npos) << logs.note;
}

}  // namespace
}  // namespace flypin::fly
