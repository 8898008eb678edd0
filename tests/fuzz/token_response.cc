// Registry token responses (src/registry/auth): the body a token realm answers,
// reached the way pin-image reaches it: a 401 with a Bearer challenge, then the
// realm's answer. No request leaves the process.
#include <cstdint>
#include <string>

#include "registry/auth.h"
#include "support/doubles/scripted_http_client.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  flypin::doubles::ScriptedHttpClient realm([&body](const flypin::core::HttpRequest& request) {
    flypin::core::HttpResponse response;
    if (request.url.rfind("http://127.0.0.1:1/token", 0) == 0) {
      response.status = 200;
      response.body = body;
    } else if (request.headers.get("Authorization").value_or("").rfind("Bearer ", 0) == 0) {
      response.status = 200;
    } else {
      response.status = 401;
      response.headers.add("WWW-Authenticate", R"(Bearer realm="http://127.0.0.1:1/token",service="registry")");
    }
    return flypin::core::Result<flypin::core::HttpResponse>(std::move(response));
  });
  flypin::registry::AuthSession session(realm, flypin::registry::Credential{"user", "password", "fuzz"},
                                        "127.0.0.1:5000");
  flypin::core::HttpRequest request;
  request.url = "http://127.0.0.1:5000/v2/app/manifests/latest";
  (void)session.send(request, "repository:app:pull");
  return 0;
}
