#include "emulators/fly/model/create_request.h"

#include <gtest/gtest.h>

namespace flypin::emulators::fly {
namespace {

using std::chrono::milliseconds;

TEST(GoDuration, ParsesTheUnitsChecksUse) {
  EXPECT_EQ(parse_go_duration("500ms"), milliseconds(500));
  EXPECT_EQ(parse_go_duration("10s"), milliseconds(10000));
  EXPECT_EQ(parse_go_duration("1m30s"), milliseconds(90000));
  EXPECT_EQ(parse_go_duration("1.5s"), milliseconds(1500));
  EXPECT_FALSE(parse_go_duration("10"));
  EXPECT_FALSE(parse_go_duration("ten seconds"));
  EXPECT_FALSE(parse_go_duration(""));
}

TEST(CreateRequest, ReadsTheFieldsSmokeMachineSends) {
  auto req = parse_create_request(R"({"name":"smoke-1","region":"sin","skip_launch":true,"config":{
    "image":"127.0.0.1:5000/app:deployment-1","guest":{"cpu_kind":"performance","cpus":2,"memory_mb":2048},
    "env":{"A":"1"},"metadata":{"flypin_smoke":"true"},"restart":{"policy":"no"},"auto_destroy":false,
    "checks":{"health":{"type":"http","port":3000,"path":"health","interval":"2s","timeout":"1s","grace_period":"5s"}},
    "services":[{"internal_port":3000,"protocol":"tcp","ports":[{"port":443}]}]}})");
  ASSERT_TRUE(req.ok()) << req.error().message;
  const Machine& m = req->machine;
  EXPECT_TRUE(req->skip_launch);
  EXPECT_EQ(m.name, "smoke-1");
  EXPECT_EQ(m.region, "sin");
  EXPECT_EQ(m.guest.cpu_kind, "performance");
  EXPECT_EQ(m.guest.cpus, 2);
  EXPECT_EQ(m.guest.memory_mb, 2048);
  EXPECT_EQ(m.env.at("A"), "1");
  EXPECT_EQ(m.metadata.at("flypin_smoke"), "true");
  EXPECT_EQ(m.restart_policy, "no");
  ASSERT_EQ(m.checks.size(), 1u);
  EXPECT_EQ(m.checks[0].port, 3000);
  EXPECT_EQ(m.checks[0].path, "/health");
  EXPECT_EQ(m.checks[0].interval, milliseconds(2000));
  EXPECT_EQ(m.checks[0].grace_period, milliseconds(5000));
  EXPECT_EQ(m.service_port, 3000);
  EXPECT_NE(m.config_json.find("deployment-1"), std::string::npos);
}

TEST(CreateRequest, RejectsWhatTheApiRejects) {
  auto message = [](const std::string& body) {
    auto r = parse_create_request(body);
    return r.ok() ? std::string("accepted") : r.error().message;
  };
  EXPECT_EQ(message("[]"), "invalid request body: expected a JSON object");
  EXPECT_EQ(message(R"({"region":"sin"})"), "config is required");
  EXPECT_EQ(message(R"({"config":{"image":""}})"), "config.image is required");
  EXPECT_EQ(message(R"({"name":7,"config":{"image":"a"}})"), "name must be a string");
  EXPECT_NE(message(R"({"config":{"image":"a","guest":{"cpu_kind":"huge"}}})").find("cpu_kind"), std::string::npos);
  EXPECT_NE(message(R"({"config":{"image":"a","guest":{"memory_mb":100}}})").find("memory"), std::string::npos);
  EXPECT_NE(message(R"({"config":{"image":"a","env":{"A":1}}})").find("config.env.A"), std::string::npos);
  EXPECT_NE(message(R"({"config":{"image":"a","restart":{"policy":"sometimes"}}})").find("restart policy"),
            std::string::npos);
  EXPECT_NE(message(R"({"config":{"image":"a","checks":{"h":{"type":"http","port":80,"interval":"soon"}}}})")
                .find("invalid duration"),
            std::string::npos);
  EXPECT_NE(message(R"({"config":{"image":"a","checks":{"h":{"type":"http"}}}})").find("port"), std::string::npos);
}

}  // namespace
}  // namespace flypin::emulators::fly
