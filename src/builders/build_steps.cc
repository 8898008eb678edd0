#include "builders/build_steps.h"

#include <cctype>
#include <map>
#include <string_view>

namespace flypin::build {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool is_from(std::string_view instruction) {
  return starts_with(instruction, "FROM ") || starts_with(instruction, "from ");
}

// "#12 [stage-1 2/3] RUN x" -> id "12", name "2/3 RUN x" (stage kept when named).
bool buildkit_header(std::string_view line, std::string& id, std::string& name) {
  if (!starts_with(line, "#")) return false;
  auto space = line.find(' ');
  if (space == std::string_view::npos || space + 1 >= line.size() || line[space + 1] != '[') return false;
  auto close = line.find(']', space);
  if (close == std::string_view::npos) return false;
  std::string_view bracket = line.substr(space + 2, close - space - 2);
  // "[2/3]" or "[stage-1 2/3]"; not "[internal] ..." nor "[auth] ...".
  auto slash = bracket.rfind('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= bracket.size() ||
      !std::isdigit(static_cast<unsigned char>(bracket[slash - 1])) ||
      !std::isdigit(static_cast<unsigned char>(bracket[slash + 1]))) {
    return false;
  }
  std::string_view instruction = line.substr(close + 1);
  while (!instruction.empty() && instruction.front() == ' ') instruction.remove_prefix(1);
  if (is_from(instruction)) return false;
  id = std::string(line.substr(1, space - 1));
  name = std::string(bracket) + " " + std::string(instruction);
  return true;
}

}  // namespace

std::vector<StepReport> parse_build_steps(const std::string& output) {
  std::vector<StepReport> steps;
  std::map<std::string, size_t> buildkit_ids;
  bool buildah_step_open = false;
  size_t start = 0;
  while (start < output.size()) {
    size_t nl = output.find('\n', start);
    std::string_view line(output.data() + start, (nl == std::string::npos ? output.size() : nl) - start);
    start = nl == std::string::npos ? output.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    if (starts_with(line, "STEP ")) {  // buildah: "STEP 2/4: RUN x"
      auto colon = line.find(": ");
      std::string_view instruction = colon == std::string_view::npos ? "" : line.substr(colon + 2);
      buildah_step_open = colon != std::string_view::npos && !is_from(instruction);
      if (buildah_step_open) {
        steps.push_back({std::string(line.substr(5, colon - 5)) + " " + std::string(instruction), StepCache::kBuilt});
      }
      continue;
    }
    if (buildah_step_open && starts_with(line, "--> Using cache ")) {
      steps.back().cache = StepCache::kCached;
      continue;
    }
    std::string id, name;
    if (buildkit_header(line, id, name)) {
      if (!buildkit_ids.count(id)) {
        buildkit_ids[id] = steps.size();
        steps.push_back({name, StepCache::kBuilt});
      }
      continue;
    }
    if (starts_with(line, "#")) {  // "#5 CACHED"
      auto space = line.find(' ');
      if (space != std::string_view::npos && line.substr(space + 1) == "CACHED") {
        auto it = buildkit_ids.find(std::string(line.substr(1, space - 1)));
        if (it != buildkit_ids.end()) steps[it->second].cache = StepCache::kCached;
      }
    }
  }
  return steps;
}

std::string cache_hits_line(const std::vector<StepReport>& steps) {
  size_t hits = 0;
  for (const auto& s : steps) hits += s.cache == StepCache::kCached ? 1 : 0;
  return std::to_string(hits) + " of " + std::to_string(steps.size()) + " steps from the cache";
}

}  // namespace flypin::build
