// The unauthenticated /_admin/ API (the emulator binds loopback only).

#include "emulators/common/admin_routes.h"

#include <httplib.h>

#include "core/json.h"
#include "emulators/common/fault_plan.h"
#include "emulators/common/rate_limiter.h"
#include "emulators/common/request_journal.h"
#include "emulators/github/api/api_error.h"
#include "emulators/github/api/emulator_server.h"

namespace flypin::emulators::github {

namespace {

constexpr const char* kSecondaryLimitDocs =
    "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-"
    "limits";

void problem(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content("{\"message\":" + core::json::quote(message) + "}", "application/json");
}

// The parsed admin body, or an answered 400.
std::optional<rapidjson::Document> object_body(const httplib::Request& req, httplib::Response& res) {
  auto doc = core::json::parse(req.body, "admin body");
  if (!doc.ok() || !doc->IsObject()) {
    problem(res, 400, "body must be a JSON object");
    return std::nullopt;
  }
  return std::move(*doc);
}

std::string field(const rapidjson::Value& doc, const char* key) {
  return core::json::get_string(doc, key).value_or("");
}

}  // namespace

void EmulatorServer::install_admin_routes() {
  install_common_admin_routes(*server_, {*faults_, *journal_, variants_, [this] {
                                           secondary_limits_->clear();
                                           limiter_->reconfigure(config_.rate_limit, config_.rate_window);
                                           store_->set_auto_inactive_delay(std::chrono::milliseconds(0));
                                           store_->reset();
                                         }});

  // {"count":N,"status":403|429,"retry_after":S,"path_prefix":"","method":""}: the next N
  // API requests past the credential check get GitHub's secondary-rate-limit answer.
  server_->Post("/_admin/secondary_rate_limit", [this](const httplib::Request& req, httplib::Response& res) {
    auto doc = object_body(req, res);
    if (!doc) return;
    emulators::Fault limit;
    limit.status = static_cast<int>(core::json::get_int(*doc, "status").value_or(403));
    if (limit.status != 403 && limit.status != 429) return problem(res, 400, "status must be 403 or 429");
    limit.count = static_cast<int>(core::json::get_int(*doc, "count").value_or(1));
    limit.path_prefix = field(*doc, "path_prefix");
    limit.method = field(*doc, "method");
    const auto retry_after = core::json::get_int(*doc, "retry_after").value_or(60);
    if (retry_after > 0) limit.headers.emplace_back("retry-after", std::to_string(retry_after));
    limit.body = error_body(ApiError{limit.status,
                                     "You have exceeded a secondary rate limit. Please wait a few minutes before you "
                                     "try again. If you reach out to GitHub Support for help, please include the "
                                     "request ID.",
                                     "",
                                     {}},
                            kSecondaryLimitDocs);
    if (auto message = secondary_limits_->add(std::move(limit))) return problem(res, 400, *message);
    res.status = 204;
  });

  // {"limit":N,"window_seconds":S}: a new primary limit per token; forgets the counts.
  server_->Post("/_admin/rate_limit", [this](const httplib::Request& req, httplib::Response& res) {
    auto doc = object_body(req, res);
    if (!doc) return;
    const auto limit = core::json::get_int(*doc, "limit").value_or(config_.rate_limit);
    const auto window = core::json::get_int(*doc, "window_seconds").value_or(config_.rate_window.count());
    if (limit < 1 || window < 1) return problem(res, 400, "limit and window_seconds must be at least 1");
    limiter_->reconfigure(static_cast<int>(limit), std::chrono::seconds(window));
    res.status = 204;
  });

  // {"repository":"owner/name","name":"main","sha":"<40 hex>"}
  server_->Post("/_admin/refs", [this](const httplib::Request& req, httplib::Response& res) {
    auto doc = object_body(req, res);
    if (!doc) return;
    const std::string sha = field(*doc, "sha"), name = field(*doc, "name");
    if (!is_full_sha(sha) || name.empty()) return problem(res, 400, "needs name and a 40-hex sha");
    if (!store_->seed_ref(field(*doc, "repository"), name, sha)) return problem(res, 404, "unknown repository");
    res.status = 204;
  });

  // {"repository":"owner/name","sha":"<40 hex>","context":"ci/build","state":"failure"}
  server_->Post("/_admin/commit_statuses", [this](const httplib::Request& req, httplib::Response& res) {
    auto doc = object_body(req, res);
    if (!doc) return;
    const std::string sha = field(*doc, "sha"), context = field(*doc, "context"), state = field(*doc, "state");
    if (!is_full_sha(sha) || context.empty() || state.empty()) {
      return problem(res, 400, "needs a 40-hex sha, context and state");
    }
    if (!store_->seed_commit_status(field(*doc, "repository"), sha, context, state)) {
      return problem(res, 404, "unknown repository");
    }
    res.status = 204;
  });

  // {"auto_inactive_delay_ms":N}: success statuses inactivate earlier deployments N ms later.
  server_->Post("/_admin/behaviour", [this](const httplib::Request& req, httplib::Response& res) {
    auto doc = object_body(req, res);
    if (!doc) return;
    const auto delay = core::json::get_int(*doc, "auto_inactive_delay_ms").value_or(0);
    if (delay < 0) return problem(res, 400, "auto_inactive_delay_ms must not be negative");
    store_->set_auto_inactive_delay(std::chrono::milliseconds(delay));
    res.status = 204;
  });

  server_->Get("/_admin/state", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(store_->state_json(), "application/json");
  });
  server_->Get("/_admin/.*",
               [](const httplib::Request&, httplib::Response& res) { problem(res, 404, "no such admin call"); });
  server_->Post("/_admin/.*",
                [](const httplib::Request&, httplib::Response& res) { problem(res, 404, "no such admin call"); });
}

}  // namespace flypin::emulators::github
