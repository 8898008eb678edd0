#pragma once
// A core::HttpClient that sends nothing: it records every request and answers
// from a script, the queued replies first, then `otherwise`.

#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "core/http.h"

namespace flypin::doubles {

class ScriptedHttpClient : public core::HttpClient {
 public:
  using Responder = std::function<core::Result<core::HttpResponse>(const core::HttpRequest&)>;

  /// Once the replies run out, each request is an internal error naming it.
  ScriptedHttpClient() = default;
  /// Once the replies run out, `otherwise` answers.
  explicit ScriptedHttpClient(Responder otherwise) : otherwise_(std::move(otherwise)) {}

  core::Result<core::HttpResponse> send(const core::HttpRequest& request) override;

  /// Queues a response.
  void reply(int status, std::string body = {}, core::Headers headers = {});
  std::size_t calls() const { return requests.size(); }
  /// "METHOD url" of the i-th request.
  std::string line(std::size_t i) const;

  /// Answers in order, each used once: a response or a transport error.
  std::deque<core::Result<core::HttpResponse>> replies;
  std::vector<core::HttpRequest> requests;

 private:
  Responder otherwise_;
};

}  // namespace flypin::doubles
