#include "emulators/fly/api/logs_route.h"

#include "emulators/fly/api/reply.h"
#include "emulators/fly/model/log_json.h"

namespace flypin::emulators::fly {

void install_logs_route(httplib::Server& server, Fleet& fleet) {
  server.Get(kLogsPath, [&fleet](const httplib::Request& req, httplib::Response& res) {
    const Behaviour behaviour = fleet.behaviour();
    if (behaviour.logs_refused_tokens.count(token_of(req)) != 0) return reply_error(res, 401, "unauthorized");
    LogQuery query{req.get_param_value("next_token"), req.get_param_value("instance"), req.get_param_value("region")};
    auto page = fleet.logs().page(req.matches[1], query, std::chrono::milliseconds(behaviour.logs_ingestion_delay_ms),
                                  fleet.variants().empty_logs_page_token);
    if (!page.ok()) return reply_error(res, 400, page.error().message);
    reply(res, 200, log_page_json(*page));
  });
}

}  // namespace flypin::emulators::fly
