#include "emulators/supabase/api/emulator_server.h"

#include <httplib.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <thread>

#include "core/crypto.h"
#include "core/json.h"
#include "emulators/common/connection_dropper.h"
#include "emulators/common/fault_plan.h"
#include "emulators/common/rate_limiter.h"
#include "emulators/common/request_journal.h"
#include "emulators/supabase/api/body_schema.h"
#include "emulators/supabase/store/secret_store.h"

namespace flypin::emulators::supabase {

namespace {

constexpr const char* kSecretsPath = R"(/v1/projects/([^/]+)/secrets)";

void json_message(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content("{\"message\":" + core::json::quote(message) + "}", "application/json");
}

std::string bearer_token(const httplib::Request& req) {
  const std::string auth = req.get_header_value("Authorization");
  constexpr std::string_view prefix = "Bearer ";
  if (auth.size() <= prefix.size() || !auth.starts_with(prefix)) return {};
  return auth.substr(prefix.size());
}

enum class Access { kRead, kWrite };

std::string list_body(const ProjectSecrets& secrets) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartArray();
  for (const auto& [name, secret] : secrets) {
    w.StartObject();
    w.Key("name");
    w.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    w.Key("value");
    w.String(core::sha256_hex(secret.value).c_str());
    if (!secret.updated_at.empty()) {
      w.Key("updated_at");
      w.String(secret.updated_at.c_str());
    }
    w.EndObject();
  }
  w.EndArray();
  return buffer.GetString();
}

std::string plaintext_body(const ProjectSecrets& secrets) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  for (const auto& [name, secret] : secrets) {
    w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    w.String(secret.value.data(), static_cast<rapidjson::SizeType>(secret.value.size()));
  }
  w.EndObject();
  return buffer.GetString();
}

}  // namespace

EmulatorServer::EmulatorServer(EmulatorConfig config)
    : config_(std::move(config)),
      server_(std::make_unique<httplib::Server>()),
      store_(std::make_unique<SecretStore>(config_.projects, config_.state_file)),
      limiter_(std::make_unique<RateLimiter>(config_.rate_limit, config_.rate_window)),
      faults_(std::make_unique<FaultPlan>()),
      journal_(std::make_unique<RequestJournal>()) {
  install_routes();
}

EmulatorServer::~EmulatorServer() = default;

int EmulatorServer::bind() {
  if (config_.port == 0) return server_->bind_to_any_port(config_.host.c_str());
  return server_->bind_to_port(config_.host.c_str(), config_.port) ? config_.port : -1;
}

void EmulatorServer::serve() { server_->listen_after_bind(); }
void EmulatorServer::stop() { server_->stop(); }
std::string EmulatorServer::state_error() const { return store_->last_error(); }

void EmulatorServer::install_routes() {
  // Every /v1 call goes through the same gate: faults, auth, rate limit, ref checks.
  auto api = [this](Access access, auto&& handle) {
    return [this, access, handle](const httplib::Request& req, httplib::Response& res) {
      SeenRequest seen;
      seen.method = req.method;
      seen.path = req.path;
      seen.authorization_present = req.has_header("Authorization");
      auto finish = [&](std::string rejection = {}) {
        seen.status = res.status;
        seen.rejection = std::move(rejection);
        journal_->record(seen);
      };
      if (auto fault = faults_->take(req.method, req.path)) {
        if (fault->delay_ms > 0) {
          seen.fault = "delay";
          std::this_thread::sleep_for(std::chrono::milliseconds(fault->delay_ms));
        }
        if (fault->drop_connection) {
          seen.fault = "drop";
          drop_connection(req.local_port, req.remote_port);
          res.status = 500;  // never reaches the client: the socket is already shut down
          seen.status = 0;
          return journal_->record(seen);
        }
        if (fault->status != 0) {
          seen.fault = "status";
          json_message(res, fault->status, "injected fault");
          return finish();
        }
      }
      const std::string token = bearer_token(req);
      const bool full = config_.tokens.contains(token);
      const bool read_only = config_.read_only_tokens.contains(token);
      if (token.empty() || (!full && !read_only)) {
        json_message(res, 401, "Unauthorized");
        return finish("unauthorized");
      }
      const RateDecision rate = limiter_->take(token);
      res.set_header("x-ratelimit-limit", std::to_string(rate.limit));
      res.set_header("x-ratelimit-remaining", std::to_string(rate.remaining));
      res.set_header("x-ratelimit-reset", std::to_string(rate.reset_seconds));
      if (!rate.allowed) {
        res.set_header("Retry-After", std::to_string(rate.reset_seconds));
        json_message(res, 429, "Too many requests");
        return finish("rate limited");
      }
      if (access == Access::kWrite && !full) {
        json_message(res, 403, "Forbidden: this token is read-only");
        return finish("read-only token");
      }
      const std::string ref = req.matches[1];
      if (!valid_project_ref(ref)) {
        json_message(res, 400, "Invalid project ref: it must match ^[a-z]{20}$");
        return finish("bad project ref");
      }
      if (!config_.projects.empty() && !store_->has_project(ref)) {
        json_message(res, 404, "Project not found: " + ref);
        return finish("unknown project");
      }
      finish(handle(ref, req, res));
    };
  };

  server_->Get(kSecretsPath,
               api(Access::kRead,
                   [this](const std::string& ref, const httplib::Request&, httplib::Response& res) -> std::string {
                     auto secrets = store_->secrets(ref).value_or(ProjectSecrets{});
                     res.status = 200;
                     res.set_content(list_body(secrets), "application/json");
                     return {};
                   }));

  server_->Post(kSecretsPath,
                api(Access::kWrite,
                    [this](const std::string& ref, const httplib::Request& req, httplib::Response& res) -> std::string {
                      auto parsed = parse_create_body(req.body);
                      if (auto* message = std::get_if<std::string>(&parsed)) {
                        json_message(res, 400, *message);
                        return *message;
                      }
                      store_->upsert(ref, std::get<0>(parsed));
                      std::lock_guard lock(overwrite_mutex_);
                      if (overwrite_ && overwrite_->project == ref) {
                        store_->upsert(ref, {{overwrite_->name, overwrite_->value}});
                        overwrite_.reset();
                      }
                      res.status = 201;
                      return {};
                    }));

  server_->Delete(kSecretsPath, api(Access::kWrite,
                                    [this](const std::string& ref, const httplib::Request& req,
                                           httplib::Response& res) -> std::string {
                                      auto parsed = parse_delete_body(req.body);
                                      if (auto* message = std::get_if<std::string>(&parsed)) {
                                        json_message(res, 400, *message);
                                        return *message;
                                      }
                                      store_->remove(ref, std::get<0>(parsed));
                                      res.status = 200;
                                      return {};
                                    }));

  // Admin API: loopback only (the server binds loopback), no auth, never under /v1.
  server_->Post("/_admin/faults", [this](const httplib::Request& req, httplib::Response& res) {
    if (auto problem = faults_->add_from_json(req.body)) return json_message(res, 400, *problem);
    res.status = 204;
  });
  server_->Post("/_admin/overwrite_after_write", [this](const httplib::Request& req, httplib::Response& res) {
    auto doc = core::json::parse(req.body, "overwrite");
    if (!doc.ok() || !doc->IsObject()) return json_message(res, 400, "expected {\"project\",\"name\",\"value\"}");
    Overwrite o{core::json::get_string(*doc, "project").value_or(""), core::json::get_string(*doc, "name").value_or(""),
                core::json::get_string(*doc, "value").value_or("")};
    if (o.project.empty() || o.name.empty()) return json_message(res, 400, "project and name are required");
    std::lock_guard lock(overwrite_mutex_);
    overwrite_ = std::move(o);
    res.status = 204;
  });
  server_->Get("/_admin/requests", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(journal_->to_json(), "application/json");
  });
  server_->Post("/_admin/reset", [this](const httplib::Request&, httplib::Response& res) {
    faults_->clear();
    journal_->clear();
    {
      std::lock_guard lock(overwrite_mutex_);
      overwrite_.reset();
    }
    limiter_->reset();
    store_->clear();
    res.status = 204;
  });
  server_->Get(R"(/_admin/secrets/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
    auto secrets = store_->secrets(req.matches[1]);
    if (!secrets) return json_message(res, 404, "Project not found");
    res.set_content(plaintext_body(*secrets), "application/json");
  });

  server_->set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty() && res.status == 404) json_message(res, 404, "Not found");
  });
}

}  // namespace flypin::emulators::supabase
