#include "fly/logs_client.h"

#include <algorithm>

#include "core/json.h"
#include "core/redact.h"
#include "core/url.h"
#include "fly/authorization.h"
#include "fly/client.h"
#include "fly/logs_json.h"

namespace flypin::fly {
namespace {

std::string server_detail(const std::string& body) {
  auto doc = core::json::parse(body, "Fly logs API error");
  if (!doc.ok() || !doc->IsObject()) return {};
  for (const char* key : {"error", "message"}) {
    if (auto text = core::json::get_string(*doc, key)) return *text;
  }
  return {};
}

core::Error answer_error(const core::HttpRequest& req, const core::HttpResponse& res, const LogQuery& query,
                         const std::string& credential) {
  const std::string status = std::to_string(res.status);
  std::string message;
  const bool refused = res.status == 401 || res.status == 403 || res.status == 404;
  if (res.status == 404) {
    message = std::string(kLogsApiName) + " answered HTTP 404 for the logs of app " + query.app +
              " (unknown app, or no logs API at this URL)";
  } else if (refused) {
    message = std::string(kLogsApiName) + " refused the credential in " + credential + " (HTTP " + status +
              ") for the logs of app " + query.app + " (this can happen with deploy tokens)";
  } else {
    message = std::string(kLogsApiName) + " answered HTTP " + status + " for the logs of app " + query.app;
  }
  if (auto detail = server_detail(res.body); !detail.empty()) message += ": " + detail;
  auto e = core::http_error(req, res, message);
  if (refused) e.codes.push_back(kLogsRefusedCode);
  return e;
}

}  // namespace

LogsClient::LogsClient(core::HttpClient& http, LogsSettings settings) : settings_(std::move(settings)), http_(http) {
  while (!settings_.base_url.empty() && settings_.base_url.back() == '/') settings_.base_url.pop_back();
  core::register_secret(settings_.token);
}

core::Result<LogPage> LogsClient::page(const LogQuery& query) {
  core::HttpRequest req;
  req.method = "GET";
  req.api = kLogsApiName;
  req.url = settings_.base_url + "/api/v1/apps/" + core::url_encode(query.app) +
            "/logs?next_token=" + core::url_encode(query.next_token);
  if (!query.instance.empty()) {
    req.url += "&instance=" + core::url_encode(query.instance);
  } else if (!query.region.empty()) {
    req.url += "&region=" + core::url_encode(query.region);
  }
  req.headers.add("Authorization", authorization_header(settings_.token));
  req.headers.add("Accept", "application/json");
  req.max_body = settings_.max_body;
  req.total_timeout = settings_.timeout;
  req.retry = settings_.retry;
  req.connect_timeout = std::min(req.connect_timeout, settings_.timeout);

  auto res = http_.send(req);
  if (!res.ok()) {
    auto error = std::move(res).error();
    if (error.api.empty()) error.api = kLogsApiName;
    if (error.kind != core::ErrorKind::kCancelled)
      error.message = "reading the logs of app " + query.app + ": " + error.message;
    return error;
  }
  if (res->status != 200) return answer_error(req, *res, query, settings_.credential);
  auto page = parse_log_page(res->body, settings_.max_line);
  if (!page.ok()) {
    auto error = std::move(page).error();
    error.api = kLogsApiName;
    error.method = req.method;
    error.url = core::redact_url(req.url);
    error.http_status = res->status;
    return error;
  }
  return page;
}

core::Result<LogBatch> LogsClient::read_available(LogQuery query, int max_pages) {
  LogBatch batch;
  batch.next_token = query.next_token;
  for (int n = 0; n < max_pages; ++n) {
    query.next_token = batch.next_token;
    auto next = page(query);
    if (!next.ok()) return std::move(next).error();
    const bool empty = next->entries.empty();
    // As flyctl's poller: an empty page's token is never adopted. Were the server to move it on
    // past lines still being ingested, those lines would be skipped (FIDELITY G3).
    if (empty) return batch;
    const bool moved = !next->next_token.empty() && next->next_token != batch.next_token;
    if (!next->next_token.empty()) batch.next_token = next->next_token;
    std::move(next->entries.begin(), next->entries.end(), std::back_inserter(batch.entries));
    if (!moved) return batch;
  }
  batch.more = MorePages::kYes;
  return batch;
}

bool is_logs_refused(const core::Error& error) {
  return std::find(error.codes.begin(), error.codes.end(), kLogsRefusedCode) != error.codes.end();
}

}  // namespace flypin::fly
