#include "support/doubles/scripted_http_client.h"

#include <utility>

namespace flypin::doubles {

core::Result<core::HttpResponse> ScriptedHttpClient::send(const core::HttpRequest& request) {
  requests.push_back(request);
  if (!replies.empty()) {
    auto reply = std::move(replies.front());
    replies.pop_front();
    return reply;
  }
  if (otherwise_) return otherwise_(request);
  return core::Error::internal("unexpected request " + request.method + " " + request.url + " (no reply queued)");
}

void ScriptedHttpClient::reply(int status, std::string body, core::Headers headers) {
  replies.emplace_back(core::HttpResponse{status, std::move(headers), std::move(body)});
}

std::string ScriptedHttpClient::line(std::size_t i) const { return requests.at(i).method + " " + requests.at(i).url; }

}  // namespace flypin::doubles
