// Item 5 of issue 10: the smoke-machine action's `if: always()` backstop.
// Matrix jobs share GITHUB_RUN_ID (and GITHUB_JOB), so a backstop that reaps
// "this run" destroys the live machines of its sibling jobs. Two "jobs" run the
// action's own steps from actions/smoke-machine/action.yml; the backstop of
// one must leave the other's machine alone, and still catch its own leftover.

#include <csignal>
#include <sstream>

#include "core/process.h"
#include "programs/smoke-machine/hostile/hostile_fly_test.h"

namespace flypin::hostile {
namespace {

using namespace std::chrono_literals;

const std::string kAction = std::string(FLYPIN_SOURCE_DIR) + "/actions/smoke-machine/action.yml";
const std::string kStepRunner = std::string(FLYPIN_SOURCE_DIR) + "/tests/support/hostile/run_action_step.py";

/// name -> value from a GITHUB_OUTPUT file (both the name=value and the heredoc forms).
std::map<std::string, std::string> read_outputs(const std::string& path) {
  std::map<std::string, std::string> out;
  std::istringstream in(testbed::read_file(path));
  std::string line;
  while (std::getline(in, line)) {
    if (auto heredoc = line.find("<<"); heredoc != std::string::npos) {
      const auto name = line.substr(0, heredoc), delimiter = line.substr(heredoc + 2);
      std::string value, next;
      while (std::getline(in, next) && next != delimiter) value += (value.empty() ? "" : "\n") + next;
      out[name] = value;
    } else if (auto eq = line.find('='); eq != std::string::npos) {
      out[line.substr(0, eq)] = line.substr(eq + 1);
    }
  }
  return out;
}

class MatrixJob {
 public:
  MatrixJob(std::string name, Env env, const std::string& dir)
      : name_(std::move(name)), env_(std::move(env)), dir_(dir) {}

  /// Runs a step to completion; its GITHUB_OUTPUT outputs become visible to later steps.
  core::ProcessResult run(const std::string& step) {
    core::ProcessSpec spec;
    spec.argv = argv(step);
    spec.extra_env = step_env(step);
    spec.env_mode = core::EnvMode::kOnlyExtra;
    auto r = core::SystemProcessRunner().run(spec);
    if (!r.ok()) throw std::runtime_error(r.error().message);
    for (const auto& [k, v] : read_outputs(spec.extra_env.at("GITHUB_OUTPUT"))) outputs_[step + "." + k] = v;
    return *r;
  }

  /// Starts a step in the background (its process becomes smoke-machine through exec).
  std::unique_ptr<e2e::SpawnedProgram> start(const std::string& step) {
    auto a = argv(step);
    const auto program = a.front();
    a.erase(a.begin());
    return std::make_unique<e2e::SpawnedProgram>(program, a, step_env(step), dir_);
  }

 private:
  std::vector<std::string> argv(const std::string& step) const {
    std::vector<std::string> a{kStepRunner, kAction, step};
    for (const auto& [k, v] : inputs()) a.insert(a.end(), {"--input", k + "=" + v});
    for (const auto& [k, v] : outputs_) a.insert(a.end(), {"--output", k + "=" + v});
    return a;
  }

  Env step_env(const std::string& step) const {
    auto e = env_;
    e["GITHUB_OUTPUT"] = dir_ + "/" + name_ + "-" + step + ".output";
    testbed::write_file(e["GITHUB_OUTPUT"], "");
    return e;
  }

  Env inputs() const {
    return {{"app", kApp}, {"image", image_},    {"region", "sin"},  {"cpu-kind", "shared"},
            {"cpus", "1"}, {"memory-mb", "256"}, {"timeout", "60s"}, {"env", "BOOT_DELAY=60"}};
  }

 public:
  std::string image_;

 private:
  std::string name_;
  Env env_;
  std::string dir_;
  std::map<std::string, std::string> outputs_;
};

TEST_F(HostileFlyTest, BackstopOfOneMatrixJobLeavesTheLiveMachineOfItsSiblingAlone) {
  // Same run, same job id, same attempt: two entries of one matrix.
  auto job_env = env();
  job_env.insert({{"GITHUB_RUN_ATTEMPT", "1"},
                  {"GITHUB_JOB", "smoke"},
                  {"GITHUB_ACTIONS", "true"},
                  {"RUNNER_TEMP", dir_->path()}});
  job_env["GITHUB_RUN_ID"] = "5150";
  MatrixJob a("a", job_env, dir_->path()), b("b", job_env, dir_->path());
  a.image_ = b.image_ = slow_image();

  // Job a: its smoke step is running, its machine booting.
  if (auto scope = a.run("scope"); scope.exit_code != 3) {  // 3: no such step (the action before the fix)
    ASSERT_EQ(scope.exit_code, 0) << scope.output;
  }
  auto smoke_a = a.start("smoke");
  ASSERT_TRUE(smoke_a->await([&] { return has(smoke_a->err(), "started in"); }, 60s)) << smoke_a->err();
  const auto ids = alive_ids();
  ASSERT_EQ(ids.size(), 1u);

  // Job b has finished its smoke; its always() backstop runs.
  if (auto scope = b.run("scope"); scope.exit_code != 3) {  // 3: no such step (the action before the fix)
    ASSERT_EQ(scope.exit_code, 0) << scope.output;
  }
  auto reap_b = b.run("reap");
  EXPECT_EQ(reap_b.exit_code, 0) << reap_b.output;
  EXPECT_EQ(alive_ids(), ids) << "job b's backstop destroyed job a's live machine:\n" << reap_b.output;

  // Job a's runner dies without cleanup: its own backstop catches the leftover.
  smoke_a->signal(SIGKILL);
  smoke_a->wait(10s);
  ASSERT_EQ(alive_ids(), ids);
  auto reap_a = a.run("reap");
  EXPECT_EQ(reap_a.exit_code, 0) << reap_a.output;
  EXPECT_TRUE(await_alive(0, 10s)) << "job a's backstop did not reap its own leftover:\n" << reap_a.output;
}

}  // namespace
}  // namespace flypin::hostile
