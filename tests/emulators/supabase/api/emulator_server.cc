#include "emulators/supabase/api/emulator_server.h"

#include <httplib.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <thread>

#include "core/crypto.h"
#include "core/json.h"
#include "emulators/common/admin_routes.h"
#include "emulators/common/fault_gate.h"
#include "emulators/common/fault_plan.h"
#include "emulators/common/rate_limiter.h"
#include "emulators/common/request_journal.h"
#include "emulators/common/variants.h"
#include "emulators/supabase/api/body_schema.h"
#include "emulators/supabase/store/secret_store.h"

namespace flypin::emulators::supabase {

namespace {

constexpr const char* kSecretsPath = R"(/v1/projects/([^/]+)/secrets)";

std::string message_json(const std::string& message) { return "{\"message\":" + core::json::quote(message) + "}"; }

void json_message(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(message_json(message), "application/json");
}

std::string injected_body(int) { return message_json("injected fault"); }

// The Edge Functions' default secrets, as older answers listed them (FIDELITY S4): their
// values are the platform's, so their digests here are of stand-ins.
const char* const kReservedNames[] = {"SUPABASE_ANON_KEY", "SUPABASE_DB_URL", "SUPABASE_SERVICE_ROLE_KEY",
                                      "SUPABASE_URL"};

ProjectSecrets with_reserved(ProjectSecrets secrets) {
  for (const char* name : kReservedNames)
    secrets.emplace(name, StoredSecret{std::string("platform value of ") + name, ""});
  return secrets;
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

Variants supabase_variant_catalogue() {
  return Variants({
      {"secrets-list-lag", {"0", "2s"}, "how far the list lags behind a write (S9: nothing documented either way)"},
      {"reserved-secrets",
       {"present", "absent"},
       "whether the list holds the reserved SUPABASE_* secrets (S4: varies between answers on record)"},
  });
}

SupabaseVariants typed(const Variants& chosen) {
  SupabaseVariants v;
  if (chosen.is("secrets-list-lag", "2s")) v.list_lag = std::chrono::seconds(2);
  v.reserved = chosen.is("reserved-secrets", "absent") ? ReservedSecrets::kAbsent : ReservedSecrets::kPresent;
  return v;
}

EmulatorServer::EmulatorServer(EmulatorConfig config, const Variants& variants)
    : config_(std::move(config)),
      variants_(variants),
      chosen_(typed(variants)),
      server_(std::make_unique<httplib::Server>()),
      store_(std::make_unique<SecretStore>(config_.projects, config_.state_file, chosen_.list_lag)),
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
      switch (apply_fault(*faults_, FaultPhase::kBefore, req, res, injected_body, seen.fault)) {
        case FaultOutcome::kDropped:
          seen.status = 0;
          return journal_->record(seen);
        case FaultOutcome::kAnswered:
          return finish();
        case FaultOutcome::kNone:
          break;
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
      std::string rejection = handle(ref, req, res);
      // After the side effect: the change is made, then its answer is lost or replaced.
      std::string after;
      if (apply_fault(*faults_, FaultPhase::kAfter, req, res, injected_body, after) == FaultOutcome::kDropped) {
        seen.fault = after;
        seen.status = 0;
        return journal_->record(seen);
      }
      if (!after.empty()) seen.fault = after;
      finish(rejection);
    };
  };

  server_->Get(kSecretsPath,
               api(Access::kRead,
                   [this](const std::string& ref, const httplib::Request&, httplib::Response& res) -> std::string {
                     auto secrets = store_->listed(ref).value_or(ProjectSecrets{});
                     if (chosen_.reserved == ReservedSecrets::kPresent) secrets = with_reserved(std::move(secrets));
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
  install_common_admin_routes(*server_, {*faults_, *journal_, variants_, [this] {
                                           {
                                             std::lock_guard lock(overwrite_mutex_);
                                             overwrite_.reset();
                                           }
                                           limiter_->reset();
                                           store_->clear();
                                         }});
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
