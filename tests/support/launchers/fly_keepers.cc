#include "support/launchers/fly_keepers.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace flypin::e2e {
namespace {

// A census is a client of the Machines API like any other: the emulator limits
// its reads as Fly does (1 a second, a burst of 3 for each action), so a 429 is
// waited out as the answer asks, a few times at most.
FlyReply read_politely(FlyEmulator& fly, const std::string& path) {
  FlyReply reply = fly.call("GET", path);
  for (int tries = 1; reply.status == 429 && tries < 8; ++tries) {
    int wait_s = 1;
    if (auto it = reply.headers.find("retry-after"); it != reply.headers.end()) {
      try {
        wait_s = std::clamp(std::stoi(it->second), 1, 5);
      } catch (const std::exception&) {
      }
    }
    std::this_thread::sleep_for(std::chrono::seconds(wait_s));
    reply = fly.call("GET", path);
  }
  return reply;
}

std::string text_at(const rapidjson::Value& v, std::initializer_list<const char*> path) {
  const rapidjson::Value* at = &v;
  for (const char* key : path) {
    if (!at->IsObject() || !at->HasMember(key)) return "";
    at = &(*at)[key];
  }
  return at->IsString() ? at->GetString() : "";
}

int number_at(const rapidjson::Value& v, std::initializer_list<const char*> path) {
  const rapidjson::Value* at = &v;
  for (const char* key : path) {
    if (!at->IsObject() || !at->HasMember(key)) return -1;
    at = &(*at)[key];
  }
  return at->IsInt() ? at->GetInt() : -1;
}

// What makes this keeper no keeper: every finding, so that one run says all of them.
std::vector<std::string> keeper_problems(FlyEmulator& fly, const std::string& app, const rapidjson::Value& m) {
  const std::string id = text_at(m, {"id"});
  std::vector<std::string> found;
  const std::string state = text_at(m, {"state"});
  if (state != "created" && state != "stopped" && state != "destroying")
    found.push_back("keeper " + id + " is " + state);
  if (text_at(m, {"config", "restart", "policy"}) != "no") found.push_back("keeper " + id + " may restart");
  if (text_at(m, {"config", "guest", "cpu_kind"}) != "shared" || number_at(m, {"config", "guest", "cpus"}) != 1 ||
      number_at(m, {"config", "guest", "memory_mb"}) != 256)
    found.push_back("keeper " + id + " is not of the smallest size");
  const auto events = read_politely(fly, "/v1/apps/" + app + "/machines/" + id + "/events");
  if (events.status != 200)
    found.push_back("keeper " + id + "'s events: HTTP " + std::to_string(events.status) + " " + events.body);
  else if (events.body.find("\"start\"") != std::string::npos)
    found.push_back("keeper " + id + " started: " + events.body);
  return found;
}

}  // namespace

KeeperCensus keeper_census(FlyEmulator& fly, const std::string& app) {
  KeeperCensus census;
  const auto list = read_politely(fly, "/v1/apps/" + app + "/machines");
  const auto doc = list.json();
  if (list.status != 200 || !doc.IsArray()) {
    census.problems.push_back("the machines of " + app + ": HTTP " + std::to_string(list.status) + " " + list.body);
    return census;
  }
  for (const auto& m : doc.GetArray()) {
    const std::string image = text_at(m, {"config", "image"});
    if (text_at(m, {"config", "metadata", "flypin_keeper"}) != "true") {
      census.others.insert(image);
      continue;
    }
    if (text_at(m, {"state"}) == "destroying")
      census.releasing.push_back(text_at(m, {"id"}));
    else
      census.kept.insert(image);
    for (auto& problem : keeper_problems(fly, app, m)) census.problems.push_back(std::move(problem));
  }
  return census;
}

}  // namespace flypin::e2e
