#include "support/launchers/supabase_emulator.h"

#include <chrono>
#include <regex>
#include <stdexcept>
#include <thread>

#include "core/json.h"

namespace flypin::e2e {

SupabaseEmulator::SupabaseEmulator(SupabaseEmulatorOptions options) {
  std::vector<std::string> argv{std::string(FLYPIN_BIN_DIR) + "/flypin-supabase-emulator", "--listen", "127.0.0.1:0"};
  for (const auto& t : options.tokens) argv.insert(argv.end(), {"--token", t});
  for (const auto& t : options.read_only_tokens) argv.insert(argv.end(), {"--read-only-token", t});
  for (const auto& p : options.projects) argv.insert(argv.end(), {"--project", p});
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  // The suite's variant set comes with the environment (FLYPIN_SUPABASE_VARIANTS, inherited); a test's own last.
  for (const auto& v : options.variants) argv.insert(argv.end(), {"--variant", v});
  process_ = std::make_unique<testbed::ScopedProcess>(argv, std::move(options.env), dir_.file("emulator.log"));
  const std::regex listening(R"(listening on (http://127\.0\.0\.1:[0-9]+))");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch match;
    const std::string log = process_->log();
    if (std::regex_search(log, match, listening)) {
      url_ = match[1];
      return;
    }
    if (!process_->running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling the log for a condition
  }
  throw std::runtime_error("supabase emulator did not start:\n" + process_->log());
}

SupabaseEmulator::SupabaseEmulator(const std::string& token, const std::string& project_ref)
    : SupabaseEmulator(SupabaseEmulatorOptions{.tokens = {token}, .projects = {project_ref}}) {}

std::string SupabaseEmulator::admin(const std::string& method, const std::string& path, const std::string& body) {
  return admin_api().checked(method, path, body);
}

std::vector<SupabaseEmulator::Seen> SupabaseEmulator::requests() { return admin_api().requests(); }

int SupabaseEmulator::api_requests(const std::string& method) {
  int n = 0;
  for (const auto& r : requests()) {
    if (r.path.rfind("/_admin", 0) == 0) continue;
    if (method.empty() || r.method == method) ++n;
  }
  return n;
}

std::string SupabaseEmulator::secret_value(const std::string& project_ref, const std::string& name) {
  auto doc = core::json::parse(plaintext_secrets(project_ref), "secrets");
  if (!doc.ok()) throw std::runtime_error("bad /_admin/secrets body");
  return core::json::get_string(*doc, name.c_str()).value_or("");
}

std::string SupabaseEmulator::plaintext_secrets(const std::string& project_ref) {
  return admin("GET", "/_admin/secrets/" + project_ref);
}

void SupabaseEmulator::inject_fault(const std::string& fault_json) { admin_api().fault_json(fault_json); }
void SupabaseEmulator::overwrite_after_next_write(const std::string& project_ref, const std::string& name,
                                                  const std::string& value) {
  admin("POST", "/_admin/overwrite_after_write",
        core::json::FlatObject().add("project", project_ref).add("name", name).add("value", value).str());
}
void SupabaseEmulator::reset() { admin_api().reset(); }

}  // namespace flypin::e2e
