#include "fly/access.h"

#include "core/fly_token.h"

namespace flypin::fly {

std::string logs_api_url(const core::Environment& env) { return env.get_or("FLY_LOGS_API_URL", kDefaultLogsApiUrl); }

core::Status configure_access(const core::Environment& env, ClientSettings& api, LogsSettings& logs) {
  auto token = core::fly_token(env);
  if (!token) return core::Error::usage("no Fly token: set FLY_API_TOKEN (or FLY_ACCESS_TOKEN)");
  api.token = logs.token = token->value;
  api.credential = logs.credential = token->variable;
  api.base_url = env.get_or("FLY_API_URL", ClientSettings{}.base_url);
  logs.base_url = logs_api_url(env);
  logs.timeout = std::chrono::seconds(5);
  logs.retry = core::RetryPolicy::once();
  return core::ok_status();
}

}  // namespace flypin::fly
