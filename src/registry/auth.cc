#include "registry/auth.h"

#include <cctype>
#include <cstdio>

#include "core/crypto.h"
#include "core/json.h"
#include "core/redact.h"
#include "registry/challenge.h"
#include "registry/reference.h"

namespace flypin::registry {

std::string url_host(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto end = url.find_first_of("/?#", start);
  std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (auto at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  return host;
}

std::string query_escape(const std::string& value) {
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof(buf), "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

AuthSession::AuthSession(core::HttpClient& http, Credential credential, std::string registry_host)
    : http_(http), credential_(std::move(credential)), host_(std::move(registry_host)) {
  if (!credential_.anonymous()) {
    authorization_ = "Basic " + core::base64_encode(credential_.username + ":" + credential_.password);
    core::register_secret(authorization_.substr(6));
    sent_basic_ = true;
  }
}

core::Result<core::HttpResponse> AuthSession::send_once(core::HttpRequest request) {
  if (!authorization_.empty() && url_host(request.url) == host_) request.headers.set("Authorization", authorization_);
  return http_.send(request);
}

core::Result<core::HttpResponse> AuthSession::send(core::HttpRequest request, const std::string& scope) {
  auto response = send_once(request);
  if (!response.ok() || response->status != 401) return response;

  auto headers = response->headers.get_all("WWW-Authenticate");
  if (auto bearer = find_challenge(headers, "bearer")) {
    auto token = fetch_token(bearer->param("realm"), bearer->param("service"),
                             bearer->param("scope").empty() ? scope : bearer->param("scope"));
    if (!token.ok()) return std::move(token).error();
    authorization_ = "Bearer " + *token;
    return send_once(request);
  }
  if (find_challenge(headers, "basic") && !sent_basic_ && !credential_.anonymous()) {
    authorization_ = "Basic " + core::base64_encode(credential_.username + ":" + credential_.password);
    sent_basic_ = true;
    return send_once(request);
  }
  return response;
}

core::Result<std::string> AuthSession::fetch_token(const std::string& realm, const std::string& service,
                                                   const std::string& scope) {
  bool https = realm.rfind("https://", 0) == 0;
  bool http = realm.rfind("http://", 0) == 0;
  if (!https && !(http && is_loopback_host(url_host(realm)))) {
    return core::Error{.kind = core::ErrorKind::kHttp,
                       .message = "registry " + host_ + " asks for a token from realm '" + core::redact_url(realm) +
                                  "', which is not an https URL (or http on loopback)",
                       .api = "registry"};
  }
  core::HttpRequest req;
  req.api = "registry token service";
  req.max_body = core::kMiB;  // a token and its expiry; real ones are a few KiB
  req.url = realm + (realm.find('?') == std::string::npos ? "?" : "&") + "service=" + query_escape(service) +
            "&scope=" + query_escape(scope);
  if (!credential_.anonymous()) {
    req.headers.set("Authorization", "Basic " + core::base64_encode(credential_.username + ":" + credential_.password));
  }
  auto res = http_.send(req);
  if (!res.ok()) return std::move(res).error();
  if (!res->success()) {
    auto err = core::http_error(req, *res,
                                "registry token service " + url_host(realm) + " answered HTTP " +
                                    std::to_string(res->status) + " for scope " + scope + " using credentials from " +
                                    credential_.source);
    return err;
  }
  auto doc = core::json::parse(res->body, "token response");
  if (!doc.ok()) return std::move(doc).error();
  std::string token = core::json::get_string(*doc, "token").value_or("");
  if (token.empty()) token = core::json::get_string(*doc, "access_token").value_or("");
  if (token.empty()) {
    return core::Error{.kind = core::ErrorKind::kDecode,
                       .message = "registry token service " + url_host(realm) + " returned no token",
                       .api = "registry token service"};
  }
  core::register_secret(token);
  return token;
}

}  // namespace flypin::registry
