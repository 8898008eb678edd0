#pragma once
// Runs one of the built programs the way a workflow step does: a clean
// environment of our choosing, stdout and stderr kept apart.

#include <map>
#include <string>
#include <vector>

namespace flypin::e2e {

struct ProgramRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// `name` is a program of the build tree, or an absolute path (a benchmark's
/// shipped program, support/bench/shipped.h). `launcher`, when given, is a
/// command the program runs under (its argv is appended), e.g.
/// hostile::PrivateHosts::wrap({}).
ProgramRun run_program(const std::string& name, const std::vector<std::string>& args,
                       std::map<std::string, std::string> env, const std::vector<std::string>& launcher = {});

/// stderr lines that are not blank.
std::vector<std::string> lines(const std::string& text);

}  // namespace flypin::e2e
