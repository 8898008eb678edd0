#include "emulators/github/api/deployment_routes.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "emulators/github/api/pagination.h"
#include "emulators/github/api/request_body.h"
#include "emulators/github/model/resource_json.h"

namespace flypin::emulators::github {

namespace {

template <typename T>
std::vector<T> page_of(const std::vector<T>& all, PageRequest page) {
  const PageSlice slice = page_slice(all.size(), page);
  return std::vector<T>(all.begin() + static_cast<long>(slice.begin), all.begin() + static_cast<long>(slice.end));
}

ApiResponse listed(std::string body, const std::string& collection_url, const QueryString& query, PageRequest page,
                   size_t total) {
  ApiResponse out{200, std::move(body), {}};
  if (auto link = link_header(collection_url, query, page, total); !link.empty())
    out.headers.emplace_back("Link", link);
  return out;
}

std::optional<std::string> filter_value(const QueryString& query, std::string_view key) {
  auto value = query.get(key);
  if (value && value->empty()) return std::nullopt;  // GitHub ignores blank filters
  return value;
}

// 409 when a required context (by default: every context of the commit) is
// not `success`; the answer lists every context of the commit.
std::optional<ApiError> failed_commit_statuses(const std::map<std::string, std::string>& contexts,
                                               const NewDeployment& request) {
  std::vector<std::string> required;
  if (request.required_contexts) {
    required = *request.required_contexts;
  } else {
    for (const auto& [context, state] : contexts) required.push_back(context);
  }
  bool failed = false;
  for (const auto& context : required) {
    auto it = contexts.find(context);
    failed = failed || it == contexts.end() || it->second != "success";
  }
  if (!failed) return std::nullopt;
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartArray();
  w.StartObject();
  w.Key("contexts");
  w.StartArray();
  for (const auto& [context, state] : contexts) {
    w.StartObject();
    w.Key("context");
    w.String(context.c_str());
    w.Key("state");
    w.String(state.c_str());
    w.EndObject();
  }
  w.EndArray();
  w.Key("resource");
  w.String("Deployment");
  w.Key("field");
  w.String("required_contexts");
  w.Key("code");
  w.String("invalid");
  w.EndObject();
  w.EndArray();
  return ApiError{409, "Conflict: Commit status checks failed for " + request.ref + ".", buffer.GetString(), {}};
}

ApiResponse create_deployment(DeploymentStore& store, const ResourceContext& context, const ApiRequest& request) {
  auto parsed = parse_new_deployment(request.body);
  if (auto* error = std::get_if<ApiError>(&parsed))
    return error_response(*error, documentation_url(request.route.endpoint));
  const auto& wanted = std::get<NewDeployment>(parsed);
  const auto sha = store.resolve_ref(request.repo.id, wanted.ref);
  if (!sha) {
    return error_response(ApiError{422, "No ref found for: " + wanted.ref, "", {}},
                          documentation_url(request.route.endpoint));
  }
  if (auto conflict = failed_commit_statuses(store.commit_statuses(request.repo.id, *sha), wanted)) {
    return error_response(*conflict, documentation_url(request.route.endpoint));
  }
  return ApiResponse{201, deployment_json(context, store.create(request.repo.id, wanted, *sha)), {}};
}

ApiResponse create_status(DeploymentStore& store, const ResourceContext& context, const ApiRequest& request) {
  const auto doc = documentation_url(request.route.endpoint);
  if (!store.get(request.repo.id, request.route.deployment_id)) return error_response(not_found(), doc);
  auto parsed = parse_new_status(request.body);
  if (auto* error = std::get_if<ApiError>(&parsed)) return error_response(*error, doc);
  auto status = store.add_status(request.repo.id, request.route.deployment_id, std::get<NewStatus>(parsed));
  if (!status) return error_response(not_found(), doc);
  ApiResponse out{201, status_json(context, request.route.deployment_id, *status), {}};
  out.headers.emplace_back(
      "Location", deployment_url(context, request.route.deployment_id) + "/statuses/" + std::to_string(status->id));
  return out;
}

}  // namespace

ApiResponse handle_deployments_api(DeploymentStore& store, const std::string& base_url, const ApiRequest& request) {
  const ResourceContext context{base_url, request.repo};
  const Route& route = request.route;
  const auto doc = documentation_url(route.endpoint);
  const std::string collection = base_url + "/repositories/" + std::to_string(request.repo.id) + "/deployments";
  const PageRequest page = page_request(request.query);

  switch (route.endpoint) {
    case Endpoint::kListDeployments: {
      DeploymentFilter filter{filter_value(request.query, "sha"), filter_value(request.query, "ref"),
                              filter_value(request.query, "task"), filter_value(request.query, "environment")};
      const auto all = store.list(request.repo.id, filter);
      return listed(deployments_json(context, page_of(all, page)), collection, request.query, page, all.size());
    }
    case Endpoint::kCreateDeployment:
      return create_deployment(store, context, request);
    case Endpoint::kGetDeployment: {
      auto d = store.get(request.repo.id, route.deployment_id);
      if (!d) return error_response(not_found(), doc);
      return ApiResponse{200, deployment_json(context, *d), {}};
    }
    case Endpoint::kDeleteDeployment:
      switch (store.remove(request.repo.id, route.deployment_id)) {
        case DeleteResult::kDeleted:
          return ApiResponse{204, "", {}};
        case DeleteResult::kNotFound:
          return error_response(not_found(), doc);
        case DeleteResult::kActive:
          return error_response(
              validation_failed(
                  R"(["We cannot delete an active deployment unless it is the only deployment in a given environment."])"),
              doc);
      }
      break;
    case Endpoint::kListStatuses: {
      auto all = store.statuses(request.repo.id, route.deployment_id);
      if (!all) return error_response(not_found(), doc);
      return listed(statuses_json(context, route.deployment_id, page_of(*all, page)),
                    collection + "/" + std::to_string(route.deployment_id) + "/statuses", request.query, page,
                    all->size());
    }
    case Endpoint::kCreateStatus:
      return create_status(store, context, request);
    case Endpoint::kGetStatus: {
      auto all = store.statuses(request.repo.id, route.deployment_id);
      for (const auto& s : all.value_or(std::vector<DeploymentStatus>{})) {
        if (s.id == route.status_id) return ApiResponse{200, status_json(context, route.deployment_id, s), {}};
      }
      return error_response(not_found(), doc);
    }
  }
  return error_response(not_found(), doc);
}

}  // namespace flypin::emulators::github
