#include "support/hostile/scripted_github.h"

#include <algorithm>

#include "core/json.h"

namespace flypin::hostile {
namespace {

const std::string kBase = std::string("/repos/") + kGitHubRepository + "/deployments";
const HeaderList kJson{{"Content-Type", "application/json"}};

bool authorised(const Request& r, Conn& c) {
  if (r.header("Authorization") == std::string("Bearer ") + kGitHubToken) return true;
  c.respond(401, kJson, R"({"message":"Bad credentials"})");
  return false;
}

std::string deployment_json(const ScriptedDeployment& d) {
  core::json::FlatObject payload;
  for (const auto& [k, v] : d.payload) payload.add(k, v);
  std::string head = core::json::FlatObject()
                         .add("id", static_cast<long long>(d.id))
                         .add("sha", d.sha)
                         .add("ref", "main")
                         .add("task", "deploy")
                         .add("environment", d.environment)
                         .add("created_at", d.created_at)
                         .add("updated_at", d.created_at)
                         .str();
  head.pop_back();
  return head + ",\"payload\":" + payload.str() + "}";
}

// "/repos/R/deployments/<id>/statuses" -> id, 0 when the path is not one.
std::int64_t status_path_id(const std::string& path) {
  const std::string rest = path.substr(kBase.size());
  if (rest.size() < 2 || rest[0] != '/') return 0;
  const auto slash = rest.find('/', 1);
  if (slash == std::string::npos || rest.substr(slash) != "/statuses") return 0;
  try {
    return std::stoll(rest.substr(1, slash - 1));
  } catch (...) {
    return 0;
  }
}

}  // namespace

Routes& ScriptedGitHub::serve(Routes& routes) {
  routes.on("GET", kBase, [this](const Request& r, Conn& c) {
    if (r.path == kBase) {
      list(r, c);
    } else {
      statuses(r, c);
    }
  });
  routes.on("POST", kBase, [this](const Request& r, Conn& c) {
    if (r.path == kBase) {
      create(r, c);
    } else if (authorised(r, c)) {
      c.respond(201, kJson, R"({"id":1,"state":"success"})");
    }
  });
  return routes;
}

void ScriptedGitHub::add(ScriptedDeployment deployment) {
  std::lock_guard lock(mutex_);
  deployments_.push_back(std::move(deployment));
}

std::vector<std::string> ScriptedGitHub::created_payloads() const {
  std::lock_guard lock(mutex_);
  return created_;
}

void ScriptedGitHub::list(const Request& r, Conn& c) {
  if (!authorised(r, c)) return;
  std::vector<ScriptedDeployment> listed;
  {
    std::lock_guard lock(mutex_);
    listed = deployments_;
  }
  std::stable_sort(listed.begin(), listed.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
  std::string body = "[";
  for (const auto& d : listed) body += (body.size() > 1 ? "," : "") + deployment_json(d);
  c.respond(200, kJson, body + "]");
}

void ScriptedGitHub::statuses(const Request& r, Conn& c) {
  if (!authorised(r, c)) return;
  const auto id = status_path_id(r.path);
  std::vector<std::string> states;
  {
    std::lock_guard lock(mutex_);
    for (const auto& d : deployments_)
      if (d.id == id) states = d.states;
  }
  std::string body = "[";
  // Newest first, as GitHub lists them.
  for (size_t i = states.size(); i-- > 0;) {
    body += (body.size() > 1 ? "," : "") + core::json::FlatObject()
                                               .add("id", static_cast<long long>(id * 100 + static_cast<long long>(i)))
                                               .add("state", states[i])
                                               .str();
  }
  c.respond(200, kJson, body + "]");
}

void ScriptedGitHub::create(const Request& r, Conn& c) {
  if (!authorised(r, c)) return;
  std::int64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = ++next_id_;
    created_.push_back(r.body);
  }
  c.respond(201, kJson, core::json::FlatObject().add("id", static_cast<long long>(id)).add("sha", "x").str());
}

std::map<std::string, std::string> GitHubServer::workflow_env() const {
  return {{"GITHUB_API_URL", server.url()},
          {"GITHUB_SERVER_URL", server.url()},
          {"GITHUB_REPOSITORY", kGitHubRepository},
          {"GITHUB_TOKEN", kGitHubToken},
          {"GITHUB_SHA", "89abcdef0123456789abcdef0123456789abcdef"},
          {"GITHUB_RUN_ID", "4242"}};
}

}  // namespace flypin::hostile
