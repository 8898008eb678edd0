#include "emulators/fly/api/reply.h"

#include "emulators/fly/model/machine_json.h"

namespace flypin::emulators::fly {

void reply(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, kJson);
}

void reply_error(httplib::Response& res, int status, const std::string& message) {
  reply(res, status, error_json(message));
}

void reply_status(httplib::Response& res, const core::Status& st) {
  if (st.ok()) return reply(res, 200, "{\"ok\":true}");
  reply_error(res, st.error().http_status > 0 ? st.error().http_status : 500, st.error().message);
}

std::string token_of(const httplib::Request& req) {
  std::string auth = req.get_header_value("Authorization");
  for (const char* scheme : {"Bearer ", "FlyV1 "}) {
    std::string s = scheme;
    if (auth.size() > s.size() && auth.compare(0, s.size(), s) == 0) return auth.substr(s.size());
  }
  return "";
}

}  // namespace flypin::emulators::fly
