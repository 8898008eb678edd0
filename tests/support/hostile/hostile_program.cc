#include "support/hostile/hostile_program.h"

namespace flypin::hostile {

std::string Finished::last_line() const {
  auto all = e2e::lines(trace.err);
  return all.empty() ? "" : all.back();
}

HostileWorld::HostileWorld(const std::vector<std::string>& names)
    : dir_("flypin-hostile"), ca_(dir_.path()), hosts_(dir_.path(), names) {}

Finished HostileWorld::run(const std::string& program, const std::vector<std::string>& args,
                           std::map<std::string, std::string> env) {
  const std::string n = std::to_string(++runs_);
  Finished done;
  done.trace.output_path = dir_.file("github_output_" + n);
  done.trace.summary_path = dir_.file("step_summary_" + n);
  env.emplace("GITHUB_ACTIONS", "true");
  env.emplace("GITHUB_OUTPUT", done.trace.output_path);
  env.emplace("GITHUB_STEP_SUMMARY", done.trace.summary_path);
  env.emplace("SSL_CERT_FILE", ca_.ca_pem_path());
  auto r = e2e::run_program(program, args, std::move(env), hosts_.wrap({}));
  done.exit_code = r.exit_code;
  done.trace.out = std::move(r.out);
  done.trace.err = std::move(r.err);
  return done;
}

}  // namespace flypin::hostile
