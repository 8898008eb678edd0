#include "registry/auth.h"

#include "core/crypto.h"
#include "core/json.h"
#include "core/redact.h"
#include "core/url.h"
#include "registry/challenge.h"
#include "registry/reference.h"

namespace flypin::registry {

namespace {

std::string basic(const Credential& c) { return "Basic " + core::base64_encode(c.username + ":" + c.password); }

core::Error refused_realm(const Origin& registry, const std::string& realm, const std::string& why) {
  return core::Error{.kind = core::ErrorKind::kHttp,
                     .message = "registry " + registry.str() + " names token realm '" + core::redact_url(realm) +
                                "', " + why + ": refusing to send it credentials",
                     .api = "registry"};
}

}  // namespace

bool is_downgrade(const Origin& from, const Origin& to) { return from.secure() && !to.secure(); }

AuthSession::AuthSession(core::HttpClient& http, Credential credential, const std::string& registry_base)
    : http_(http), credential_(std::move(credential)), registry_(origin_of(registry_base).value_or(Origin{})) {
  if (!credential_.anonymous()) {
    core::register_credential(credential_.username, credential_.password);
    authorization_ = basic(credential_);
    sent_basic_ = true;
  }
}

bool AuthSession::is_registry(const std::string& url) const {
  auto origin = origin_of(url);
  return origin && !registry_.host.empty() && *origin == registry_;
}

core::Result<core::HttpResponse> AuthSession::send_once(core::HttpRequest request) {
  if (!authorization_.empty() && is_registry(request.url)) request.headers.set("Authorization", authorization_);
  return http_.send(request);
}

core::Result<core::HttpResponse> AuthSession::send(core::HttpRequest request, const std::string& scope) {
  auto response = send_once(request);
  if (!response.ok() || response->status != 401 || !is_registry(request.url)) return response;

  auto headers = response->headers.get_all("WWW-Authenticate");
  if (auto bearer = find_challenge(headers, "bearer")) {
    auto token = fetch_token(bearer->param("realm"), bearer->param("service"),
                             bearer->param("scope").empty() ? scope : bearer->param("scope"));
    if (!token.ok()) return std::move(token).error();
    authorization_ = "Bearer " + *token;
    return send_once(request);
  }
  if (find_challenge(headers, "basic") && !sent_basic_ && !credential_.anonymous()) {
    authorization_ = basic(credential_);
    sent_basic_ = true;
    return send_once(request);
  }
  return response;
}

core::Result<std::string> AuthSession::fetch_token(const std::string& realm, const std::string& service,
                                                   const std::string& scope) {
  auto origin = origin_of(realm);
  if (!origin) return refused_realm(registry_, realm, "which is not an http(s) URL");
  if (is_downgrade(registry_, *origin)) return refused_realm(registry_, realm, "which is plain http");
  if (!origin->secure() && !is_loopback_host(origin->host)) {
    return refused_realm(registry_, realm, "which is plain http off loopback");
  }
  core::HttpRequest req;
  req.api = "registry token service";
  req.max_body = core::kMiB;  // a token and its expiry; real ones are a few KiB
  req.url = realm + (realm.find('?') == std::string::npos ? "?" : "&") + "service=" + core::url_encode(service) +
            "&scope=" + core::url_encode(scope);
  if (!credential_.anonymous()) req.headers.set("Authorization", basic(credential_));
  auto res = http_.send(req);
  if (!res.ok()) return std::move(res).error();
  if (!res->success()) {
    return core::http_error(req, *res,
                            "registry token service " + origin->host + " answered HTTP " + std::to_string(res->status) +
                                " for scope " + scope + " using credentials from " + credential_.source);
  }
  auto doc = core::json::parse(res->body, "token response");
  if (!doc.ok()) return std::move(doc).error();
  std::string token = core::json::get_string(*doc, "token").value_or("");
  if (token.empty()) token = core::json::get_string(*doc, "access_token").value_or("");
  if (token.empty()) {
    return core::Error{.kind = core::ErrorKind::kDecode,
                       .message = "registry token service " + origin->host + " returned no token",
                       .api = "registry token service"};
  }
  // Masked only when it can be a secret: a "token" of public text ("sha256")
  // would otherwise be masked out of every digest in every output.
  core::register_issued_token(token);
  return token;
}

}  // namespace flypin::registry
