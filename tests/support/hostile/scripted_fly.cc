#include "support/hostile/scripted_fly.h"

#include <algorithm>

#include "core/json.h"
#include "core/url.h"

namespace flypin::hostile {
namespace {

const HeaderList kJson{{"Content-Type", "application/json"}};

// The list's metadata.KEY=VALUE filters, applied as the Machines API applies
// them: a machine is listed only when its metadata has every pair. So a list of
// smoke machines or of keepers is empty here, as it is for a fleet of users' machines.
bool listed_under(const std::string& query, const std::map<std::string, std::string>& metadata) {
  size_t start = 0;
  while (start <= query.size()) {
    const size_t end = std::min(query.find('&', start), query.size());
    const std::string param = query.substr(start, end - start);
    if (param.rfind("metadata.", 0) == 0) {
      const size_t eq = param.find('=');
      const std::string key = param.substr(9, eq == std::string::npos ? std::string::npos : eq - 9);
      const std::string value = eq == std::string::npos ? "" : param.substr(eq + 1);
      auto it = metadata.find(key);
      if (it == metadata.end() || it->second != value) return false;
    }
    start = end + 1;
  }
  return true;
}

std::string digest_of_image(const std::string& image) {
  const auto at = image.rfind('@');
  return at == std::string::npos ? "" : image.substr(at + 1);
}

}  // namespace

void ScriptedFly::add(ScriptedMachine machine) {
  std::lock_guard lock(mutex_);
  machines_.push_back(std::move(machine));
}

void ScriptedFly::set_list_filters(ListFilters filters) {
  std::lock_guard lock(mutex_);
  filters_ = filters;
}

void ScriptedFly::set_nonce(std::string nonce) {
  std::lock_guard lock(mutex_);
  nonce_ = std::move(nonce);
}

void ScriptedFly::on_update(std::function<void(const Request&, Conn&, const std::string&)> answer) {
  std::lock_guard lock(mutex_);
  update_answer_ = std::move(answer);
}

int ScriptedFly::updates(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = updates_.find(id);
  return it == updates_.end() ? 0 : it->second;
}

ScriptedMachine* ScriptedFly::find(const std::string& segment) {
  for (auto& m : machines_)
    if (core::url_encode(m.id) == segment || m.id == segment) return &m;
  return nullptr;
}

const ScriptedMachine* ScriptedFly::find(const std::string& segment) const {
  for (const auto& m : machines_)
    if (core::url_encode(m.id) == segment || m.id == segment) return &m;
  return nullptr;
}

void ScriptedFly::set_checks(const std::string& id, std::string status) {
  std::lock_guard lock(mutex_);
  if (ScriptedMachine* m = find(id)) m->checks = std::move(status);
}

std::string ScriptedFly::machine_json(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const ScriptedMachine* m = find(id);
  return m == nullptr ? "" : machine_json(*m);
}

ScriptedMachine ScriptedFly::machine(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const ScriptedMachine* m = find(id);
  return m == nullptr ? ScriptedMachine{} : *m;
}

std::string ScriptedFly::machine_json(const ScriptedMachine& m) const {
  const std::string image = m.image.empty() ? "registry.example/team/app@" + m.digest : m.image;
  core::json::FlatObject metadata;
  for (const auto& [key, value] : m.metadata) metadata.add(key, value);
  std::string config = R"({"image":)" + core::json::quote(image) +
                       R"(,"guest":{"cpu_kind":"shared","cpus":1,"memory_mb":256},"metadata":)" + metadata.str() + "}";
  std::string checks = R"([{"name":"health","status":)" + core::json::quote(m.checks) +
                       R"(,"output":"GET /health","updated_at":"2026-01-01T00:00:00Z"}])";
  return R"({"id":)" + core::json::quote(m.id) + R"(,"name":"m","state":)" + core::json::quote(m.state) +
         R"(,"region":)" + core::json::quote(m.region) + R"(,"instance_id":)" + core::json::quote(m.instance_id) +
         R"(,"image_ref":{"registry":"registry.example","repository":"team/app","tag":"","digest":)" +
         core::json::quote(m.digest) + R"(},"config":)" + config + R"(,"checks":)" + checks + "}";
}

Routes& ScriptedFly::serve(Routes& routes) {
  const std::string base = machines_path();
  routes.on("GET", base, [this, base](const Request& r, Conn& c) {
    const std::string rest = r.path.substr(base.size());
    if (rest.empty()) {
      std::lock_guard lock(mutex_);
      std::string body = "[";
      for (const auto& m : machines_) {
        if (filters_ == ListFilters::kHonoured && !listed_under(r.query, m.metadata)) continue;
        body += (body.size() > 1 ? "," : "") + machine_json(m);
      }
      c.respond(200, kJson, body + "]");
      return;
    }
    const auto slash = rest.find('/', 1);
    const std::string id = rest.substr(1, slash == std::string::npos ? std::string::npos : slash - 1);
    if (slash != std::string::npos && rest.substr(slash) == "/wait") {
      c.respond(200, kJson, R"({"ok":true})");
      return;
    }
    get(id, c);
  });
  routes.on("POST", base, [this, base](const Request& r, Conn& c) {
    const std::string rest = r.path.substr(base.size());
    const auto slash = rest.find('/', 1);
    const std::string id =
        rest.size() > 1 ? rest.substr(1, slash == std::string::npos ? std::string::npos : slash - 1) : std::string();
    if (slash != std::string::npos && rest.substr(slash) == "/lease") {
      lease(r, c, id);
    } else if (slash == std::string::npos && !id.empty()) {
      update(r, c, id);
    } else {
      c.respond(404, kJson, R"({"error":"not found"})");
    }
  });
  routes.on("DELETE", base, [this, base](const Request& r, Conn& c) {
    const std::string rest = r.path.substr(base.size());
    const auto slash = rest.find('/', 1);
    if (slash != std::string::npos) {
      std::lock_guard lock(mutex_);
      leased_[rest.substr(1, slash - 1)] = false;
    }
    c.respond(200, kJson, R"({"ok":true})");
  });
  return routes;
}

void ScriptedFly::get(const std::string& id, Conn& c) {
  std::lock_guard lock(mutex_);
  const ScriptedMachine* m = find(id);
  if (m == nullptr) {
    c.respond(404, kJson, R"({"error":"machine not found"})");
    return;
  }
  c.respond(200, kJson, machine_json(*m));
}

void ScriptedFly::lease(const Request& r, Conn& c, const std::string& id) {
  std::lock_guard lock(mutex_);
  if (find(id) == nullptr) {
    c.respond(404, kJson, R"({"error":"machine not found"})");
    return;
  }
  // The holder refreshes its lease by sending its nonce (FIDELITY L2); anyone else is refused.
  const bool refresh =
      leased_[id] && r.has_header("fly-machine-lease-nonce") && r.header("fly-machine-lease-nonce") == nonce_;
  if (leased_[id] && !refresh) {
    c.respond(409, kJson, R"({"error":"machine already has a lease"})");
    return;
  }
  leased_[id] = true;
  c.respond(200, kJson,
            R"({"status":"success","data":{"nonce":)" + core::json::quote(nonce_) +
                R"(,"expires_at":1900000000,"owner":"flypin"}})");
}

void ScriptedFly::update(const Request& r, Conn& c, const std::string& id) {
  std::function<void(const Request&, Conn&, const std::string&)> answer;
  {
    std::lock_guard lock(mutex_);
    answer = update_answer_;
  }
  if (answer) {
    answer(r, c, id);
    return;
  }
  auto applied = apply_update(r, id);
  c.respond(applied.status, kJson, applied.body);
}

ScriptedAnswer ScriptedFly::apply_update(const Request& r, const std::string& id) {
  std::lock_guard lock(mutex_);
  ScriptedMachine* m = find(id);
  if (m == nullptr) return {404, R"({"error":"machine not found"})"};
  auto doc = core::json::parse(r.body, "update body");
  if (!doc.ok() || !doc->IsObject()) return {400, R"({"error":"bad body"})"};
  if (const auto* config = core::json::get_object(*doc, "config")) {
    // The machine runs the config it was sent, as Fly's does.
    m->image = core::json::get_string(*config, "image").value_or("");
    m->digest = digest_of_image(m->image);
  }
  if (!core::json::get_bool(*doc, "skip_launch").value_or(false)) m->state = "started";
  m->instance_id += "x";
  ++updates_[m->id];
  return {200, machine_json(*m)};
}

}  // namespace flypin::hostile
