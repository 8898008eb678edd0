#include "emulators/github/api/route.h"

#include <charconv>
#include <vector>

namespace flypin::emulators::github {

namespace {

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.starts_with('/')) return out;
  size_t start = 1;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::optional<long long> id_of(std::string_view text) {
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Route> match_route(std::string_view method, std::string_view path) {
  auto parts = segments(path);
  for (const auto& part : parts) {
    if (part.empty()) return std::nullopt;
  }
  Route route{Endpoint::kListDeployments, {}, 0, 0};
  size_t at = 0;
  if (parts.size() >= 3 && parts[0] == "repos") {
    route.repo.owner = parts[1];
    route.repo.name = parts[2];
    at = 3;
  } else if (parts.size() >= 2 && parts[0] == "repositories") {
    auto id = id_of(parts[1]);
    if (!id) return std::nullopt;
    route.repo.repository_id = *id;
    at = 2;
  } else {
    return std::nullopt;
  }
  const size_t rest = parts.size() - at;
  if (rest == 0 || parts[at] != "deployments") return std::nullopt;
  if (rest >= 2) {
    auto id = id_of(parts[at + 1]);
    if (!id) return std::nullopt;
    route.deployment_id = *id;
  }
  if (rest >= 3 && parts[at + 2] != "statuses") return std::nullopt;
  if (rest == 4) {
    auto id = id_of(parts[at + 3]);
    if (!id) return std::nullopt;
    route.status_id = *id;
  }
  if (rest > 4) return std::nullopt;

  struct Shape {
    size_t rest;
    std::string_view method;
    Endpoint endpoint;
  };
  static constexpr Shape kShapes[] = {
      {1, "GET", Endpoint::kListDeployments}, {1, "POST", Endpoint::kCreateDeployment},
      {2, "GET", Endpoint::kGetDeployment},   {2, "DELETE", Endpoint::kDeleteDeployment},
      {3, "GET", Endpoint::kListStatuses},    {3, "POST", Endpoint::kCreateStatus},
      {4, "GET", Endpoint::kGetStatus},
  };
  for (const auto& shape : kShapes) {
    if (shape.rest == rest && shape.method == method) {
      route.endpoint = shape.endpoint;
      return route;
    }
  }
  return std::nullopt;
}

Permission permission_needed(Endpoint endpoint) {
  switch (endpoint) {
    case Endpoint::kCreateDeployment:
    case Endpoint::kDeleteDeployment:
    case Endpoint::kCreateStatus:
      return Permission::kWrite;
    default:
      return Permission::kRead;
  }
}

const char* documentation_url(Endpoint endpoint) {
  switch (endpoint) {
    case Endpoint::kListDeployments:
      return "https://docs.github.com/rest/deployments/deployments#list-deployments";
    case Endpoint::kCreateDeployment:
      return "https://docs.github.com/rest/deployments/deployments#create-a-deployment";
    case Endpoint::kGetDeployment:
      return "https://docs.github.com/rest/deployments/deployments#get-a-deployment";
    case Endpoint::kDeleteDeployment:
      return "https://docs.github.com/rest/deployments/deployments#delete-a-deployment";
    case Endpoint::kListStatuses:
      return "https://docs.github.com/rest/deployments/statuses#list-deployment-statuses";
    case Endpoint::kCreateStatus:
      return "https://docs.github.com/rest/deployments/statuses#create-a-deployment-status";
    case Endpoint::kGetStatus:
      return "https://docs.github.com/rest/deployments/statuses#get-a-deployment-status";
  }
  return "https://docs.github.com/rest";
}

}  // namespace flypin::emulators::github
