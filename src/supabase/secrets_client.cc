#include "supabase/secrets_client.h"

#include "core/redact.h"
#include "supabase/api_error.h"
#include "supabase/validation.h"

namespace flypin::supabase {

SecretsClient::SecretsClient(core::HttpClient& http, std::string base_url, std::string token)
    : http_(http), base_url_(std::move(base_url)), token_(std::move(token)) {
  if (base_url_.empty()) base_url_ = kDefaultApiUrl;
  while (base_url_.ends_with('/')) base_url_.pop_back();
  if (!token_.empty()) core::register_secret(token_);
}

core::HttpRequest SecretsClient::request(const std::string& method, const std::string& project_ref) const {
  core::HttpRequest req;
  req.method = method;
  req.url = base_url_ + "/v1/projects/" + project_ref + "/secrets";
  req.api = kApiName;
  req.total_timeout = timeout_;
  req.max_body = kMaxBody;
  req.headers.add("Authorization", "Bearer " + token_);
  req.headers.add("Accept", "application/json");
  return req;
}

core::Result<core::HttpResponse> SecretsClient::send(const core::HttpRequest& req) {
  auto response = http_.send(req);
  if (!response.ok()) {
    core::Error e = std::move(response).error();
    if (e.api.empty()) e.api = kApiName;
    return e;
  }
  return response;
}

core::Result<std::vector<SecretDigest>> SecretsClient::list(const std::string& project_ref) {
  if (auto valid = validate_project_ref(project_ref); !valid.ok()) return valid.error();
  const std::string what = "listing secrets of project " + project_ref;
  auto req = request("GET", project_ref);
  auto response = send(req);
  if (!response.ok()) return std::move(response).error();
  if (response->status != 200) return api_error(req, *response, what);
  auto secrets = decode_secret_list(response->body);
  if (!secrets.ok()) {
    core::Error e = core::http_error(req, *response, std::string(kApiName) + ": " + secrets.error().message);
    e.kind = core::ErrorKind::kDecode;
    return e;
  }
  return secrets;
}

core::Status SecretsClient::upsert(const std::string& project_ref,
                                   const std::vector<std::pair<std::string, std::string>>& secrets) {
  if (auto valid = validate_project_ref(project_ref); !valid.ok()) return valid.error();
  if (secrets.empty()) return core::Error::usage("no secrets to set");
  for (const auto& [name, value] : secrets) {
    if (auto valid = validate_secret_name(name); !valid.ok()) return valid.error();
    if (auto valid = validate_secret_value(name, value); !valid.ok()) return valid.error();
  }
  const std::string what = "setting secrets of project " + project_ref;
  auto req = request("POST", project_ref);
  req.retry_unsafe = true;  // bulk create replaces existing values: an idempotent upsert
  req.headers.add("Content-Type", "application/json");
  req.body = encode_create_body(secrets);
  auto response = send(req);
  if (!response.ok()) return std::move(response).error();
  if (response->status != 201 && response->status != 200) return api_error(req, *response, what);
  return core::ok_status();
}

core::Status SecretsClient::remove(const std::string& project_ref, const std::vector<std::string>& names) {
  if (auto valid = validate_project_ref(project_ref); !valid.ok()) return valid.error();
  if (names.empty()) return core::Error::usage("no secret names to delete");
  for (const auto& name : names) {
    if (auto valid = validate_secret_name(name); !valid.ok()) return valid.error();
  }
  const std::string what = "deleting secrets of project " + project_ref;
  auto req = request("DELETE", project_ref);
  req.headers.add("Content-Type", "application/json");
  req.body = encode_delete_body(names);
  auto response = send(req);
  if (!response.ok()) return std::move(response).error();
  if (response->status != 200 && response->status != 204) return api_error(req, *response, what);
  return core::ok_status();
}

}  // namespace flypin::supabase
