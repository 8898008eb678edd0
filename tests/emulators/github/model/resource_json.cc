#include "emulators/github/model/resource_json.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/crypto.h"
#include "emulators/github/model/json_write.h"

namespace flypin::emulators::github {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

std::string repository_url(const ResourceContext& c) {
  return c.base_url + "/repos/" + c.repo.owner + "/" + c.repo.name;
}

void put_creator(Writer& w, const ResourceContext& c) {
  const std::string user = c.base_url + "/users/github-actions%5Bbot%5D";
  w.Key("creator");
  w.StartObject();
  put(w, "login", "github-actions[bot]");
  w.Key("id");
  w.Int64(41898282);
  put(w, "node_id", "MDM6Qm90NDE4OTgyODI=");
  put(w, "avatar_url", c.base_url + "/avatars/in/15368?v=4");
  put(w, "gravatar_id", "");
  put(w, "url", user);
  put(w, "html_url", c.base_url + "/apps/github-actions");
  put(w, "followers_url", user + "/followers");
  put(w, "following_url", user + "/following{/other_user}");
  put(w, "gists_url", user + "/gists{/gist_id}");
  put(w, "starred_url", user + "/starred{/owner}{/repo}");
  put(w, "subscriptions_url", user + "/subscriptions");
  put(w, "organizations_url", user + "/orgs");
  put(w, "repos_url", user + "/repos");
  put(w, "events_url", user + "/events{/privacy}");
  put(w, "received_events_url", user + "/received_events");
  put(w, "type", "Bot");
  put(w, "user_view_type", "public");
  w.Key("site_admin");
  w.Bool(false);
  w.EndObject();
}

void write_deployment(Writer& w, const ResourceContext& c, const Deployment& d) {
  const std::string url = deployment_url(c, d.id);
  w.StartObject();
  put(w, "url", url);
  w.Key("id");
  w.Int64(d.id);
  put(w, "node_id", core::base64_encode("010:Deployment" + std::to_string(d.id)));
  put(w, "sha", d.sha);
  put(w, "ref", d.ref);
  put(w, "task", d.task);
  w.Key("payload");
  w.RawValue(d.payload.data(), d.payload.size(),
             d.payload.starts_with('"') ? rapidjson::kStringType : rapidjson::kObjectType);
  put(w, "original_environment", d.original_environment);
  put(w, "environment", d.environment);
  w.Key("description");
  if (d.description) {
    w.String(d.description->data(), static_cast<rapidjson::SizeType>(d.description->size()));
  } else {
    w.Null();
  }
  put_creator(w, c);
  put(w, "created_at", d.created_at);
  put(w, "updated_at", d.updated_at);
  put(w, "statuses_url", url + "/statuses");
  put(w, "repository_url", repository_url(c));
  w.Key("transient_environment");
  w.Bool(d.transient_environment);
  w.Key("production_environment");
  w.Bool(d.production_environment);
  w.Key("performed_via_github_app");
  w.Null();
  w.EndObject();
}

void write_status(Writer& w, const ResourceContext& c, long long deployment_id, const DeploymentStatus& s) {
  const std::string deployment = deployment_url(c, deployment_id);
  w.StartObject();
  put(w, "url", deployment + "/statuses/" + std::to_string(s.id));
  w.Key("id");
  w.Int64(s.id);
  put(w, "node_id", core::base64_encode("016:DeploymentStatus" + std::to_string(s.id)));
  put(w, "state", s.state);
  put_creator(w, c);
  put(w, "description", s.description);
  put(w, "environment", s.environment);
  put(w, "target_url", s.log_url);
  put(w, "created_at", s.created_at);
  put(w, "updated_at", s.updated_at);
  put(w, "deployment_url", deployment);
  put(w, "repository_url", repository_url(c));
  put(w, "environment_url", s.environment_url);
  put(w, "log_url", s.log_url);
  w.Key("performed_via_github_app");
  w.Null();
  w.EndObject();
}

}  // namespace

std::string deployment_url(const ResourceContext& c, long long deployment_id) {
  return repository_url(c) + "/deployments/" + std::to_string(deployment_id);
}

std::string deployment_json(const ResourceContext& c, const Deployment& d) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  write_deployment(w, c, d);
  return buffer.GetString();
}

std::string deployments_json(const ResourceContext& c, const std::vector<Deployment>& deployments) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartArray();
  for (const auto& d : deployments) write_deployment(w, c, d);
  w.EndArray();
  return buffer.GetString();
}

std::string status_json(const ResourceContext& c, long long deployment_id, const DeploymentStatus& s) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  write_status(w, c, deployment_id, s);
  return buffer.GetString();
}

std::string statuses_json(const ResourceContext& c, long long deployment_id,
                          const std::vector<DeploymentStatus>& statuses) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartArray();
  for (const auto& s : statuses) write_status(w, c, deployment_id, s);
  w.EndArray();
  return buffer.GetString();
}

}  // namespace flypin::emulators::github
