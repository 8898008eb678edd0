#include "emulators/fly/api/proxy_server.h"

#include "emulators/fly/model/clock_text.h"
#include "emulators/fly/runtime/netns_http.h"

namespace flypin::emulators::fly {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool hop_by_hop(const std::string& header) {
  std::string h = lower(header);
  return h == "connection" || h == "transfer-encoding" || h == "content-length" || h == "keep-alive" || h == "host" ||
         h == "fly-force-instance-id";
}

void unavailable(httplib::Response& res, const std::string& why) {
  res.status = 503;
  res.set_header("fly-request-id", new_ulid());
  res.set_content("fly-proxy: " + why + "\n", "text/plain");
}

}  // namespace

ProxyServer::ProxyServer(std::set<std::string> apps, Fleet& fleet) : apps_(std::move(apps)), fleet_(fleet) {
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); };
  const std::string any = ".*";
  server_.Get(any, handler);
  server_.Post(any, handler);
  server_.Put(any, handler);
  server_.Patch(any, handler);
  server_.Delete(any, handler);
  server_.Options(any, handler);
  server_.new_task_queue = [] { return new httplib::ThreadPool(32); };
  server_.set_tcp_nodelay(true);  // as the API server: no 40 ms Nagle stalls
  server_.set_read_timeout(10, 0);
}

void ProxyServer::handle(const httplib::Request& req, httplib::Response& res) {
  std::string id = req.get_header_value("fly-force-instance-id");
  std::string host = req.get_header_value("Host");
  std::optional<Fleet::Target> target;
  if (!id.empty()) {
    for (const auto& app : apps_)
      if ((target = fleet_.proxy_target(app, id))) break;
    if (!target) return unavailable(res, "could not find instance " + id + " for this app");
  } else {
    std::string app = apps_.empty() ? "" : *apps_.begin();
    for (const auto& a : apps_)
      if (host.rfind(a + ".", 0) == 0) app = a;
    target = fleet_.proxy_target(app, "");
    if (!target) return unavailable(res, "no started machines found for app " + app);
  }
  if (target->state != "started" || target->pid == 0)
    return unavailable(res, "instance " + target->id + " is not running (state " + target->state + ")");

  RawRequest out;
  out.method = req.method;
  out.path = req.target.empty() ? req.path : req.target;
  out.body = req.body;
  for (const auto& [k, v] : req.headers)
    if (!hop_by_hop(k) && lower(k) != "remote_addr" && lower(k) != "remote_port" && lower(k) != "local_addr" &&
        lower(k) != "local_port")
      out.headers.emplace_back(k, v);
  out.headers.emplace_back("Fly-Forwarded-Port", "443");
  pid_t pid = fleet_.sandbox().netns ? target->pid : 0;
  auto response = http_in_netns(pid, target->port, out, std::chrono::seconds(15));
  if (!response.ok())
    return unavailable(res, "instance " + target->id + " refused connection on port " + std::to_string(target->port) +
                                ": " + response.error().message);
  res.status = response->status;
  std::string content_type = "text/plain";
  for (const auto& [k, v] : response->headers) {
    if (hop_by_hop(k)) continue;
    if (lower(k) == "content-type") {
      content_type = v;
      continue;
    }
    res.set_header(k, v);
  }
  res.set_header("fly-request-id", new_ulid());
  res.set_header("via", "1.1 fly.io");
  res.set_content(response->body, content_type);
}

}  // namespace flypin::emulators::fly
