#include "emulators/common/admin_routes.h"

#include "core/json.h"

namespace flypin::emulators {

void admin_problem(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content("{\"error\":" + core::json::quote(message) + "}", "application/json");
}

void install_common_admin_routes(httplib::Server& server, AdminHooks hooks) {
  constexpr const char* kOk = "{\"ok\":true}";
  server.Post("/_admin/faults", [hooks](const httplib::Request& req, httplib::Response& res) {
    if (auto problem = hooks.faults.add_from_json(req.body.empty() ? "{}" : req.body))
      return admin_problem(res, 400, *problem);
    res.set_content(kOk, "application/json");
  });
  server.Get("/_admin/requests", [hooks](const httplib::Request&, httplib::Response& res) {
    res.set_content(hooks.journal.to_json(), "application/json");
  });
  server.Get("/_admin/variants", [hooks](const httplib::Request&, httplib::Response& res) {
    res.set_content(hooks.variants.to_json(), "application/json");
  });
  server.Post("/_admin/reset", [hooks](const httplib::Request&, httplib::Response& res) {
    hooks.faults.clear();
    hooks.journal.clear();
    if (hooks.reset) hooks.reset();
    res.set_content(kOk, "application/json");
  });
}

}  // namespace flypin::emulators
