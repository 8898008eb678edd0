#include "support/hostile/shown.h"

#include <fstream>
#include <sstream>

namespace flypin::hostile {
namespace {

std::string slurp(const std::string& path) {
  if (path.empty()) return "";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string without_mask_commands(const std::string& out) {
  std::stringstream lines(out);
  std::string line, kept;
  while (std::getline(lines, line)) {
    if (!line.starts_with("::add-mask::")) kept += line + "\n";
  }
  return kept;
}

}  // namespace

std::string where_shown(std::string_view secret, const RunTrace& run) {
  const std::pair<const char*, std::string> places[] = {{"stdout", without_mask_commands(run.out)},
                                                        {"stderr", run.err},
                                                        {"GITHUB_OUTPUT", slurp(run.output_path)},
                                                        {"GITHUB_STEP_SUMMARY", slurp(run.summary_path)}};
  for (const auto& [name, text] : places) {
    if (text.find(secret) != std::string::npos) return name;
  }
  return "";
}

bool masked(std::string_view secret, const RunTrace& run) {
  return ("\n" + run.out).find("\n::add-mask::" + std::string(secret) + "\n") != std::string::npos;
}

}  // namespace flypin::hostile
