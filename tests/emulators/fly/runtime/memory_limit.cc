#include "emulators/fly/runtime/memory_limit.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace flypin::emulators::fly {
namespace {

namespace fs = std::filesystem;

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  out.flush();
  return static_cast<bool>(out);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// This process's cgroup path for a v1 controller ("memory") or v2 ("").
std::string own_cgroup(const std::string& controller) {
  std::ifstream in("/proc/self/cgroup");
  for (std::string line; std::getline(in, line);) {
    const auto first = line.find(':');
    const auto second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const bool match = controller.empty() ? line.compare(0, 2, "0:") == 0 && controllers.empty()
                                          : ("," + controllers + ",").find("," + controller + ",") != std::string::npos;
    if (match) return line.substr(second + 1);
  }
  return "";
}

long long counter(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string name; in >> name;) {
    long long value = 0;
    if (!(in >> value)) break;
    if (name == key) return value;
  }
  return 0;
}

constexpr const char* kParentPrefix = "flypin-fly-emulator-";

std::string parent_name() { return kParentPrefix + std::to_string(::getpid()); }

// Parents left by emulators that were killed before they could remove them
// (their machines' cgroups are empty once those processes are gone).
void remove_stale_parents(const std::string& base) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(base, ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_directory(ec) || name.rfind(kParentPrefix, 0) != 0) continue;
    const pid_t owner = static_cast<pid_t>(std::atol(name.c_str() + std::string(kParentPrefix).size()));
    if (owner <= 0 || ::kill(owner, 0) == 0 || errno != ESRCH) continue;
    for (const auto& run : fs::directory_iterator(entry.path(), ec))
      if (run.is_directory(ec)) ::rmdir(run.path().c_str());
    ::rmdir(entry.path().c_str());
  }
}

}  // namespace

RunMemory::~RunMemory() {
  if (dir_.empty()) return;
  std::error_code ec;
  // Emptied by the run's end; a zombie still charged makes rmdir wait a moment.
  for (int i = 0; i < 50 && fs::exists(dir_, ec); ++i) {
    if (::rmdir(dir_.c_str()) == 0) break;
    ::usleep(10'000);
  }
}

bool RunMemory::oom_killed() const {
  if (events_file_.empty()) return false;
  return counter(read_file(events_file_), "oom_kill") > 0;
}

std::unique_ptr<MemoryLimits> MemoryLimits::probe() {
  std::error_code ec;
  if (::geteuid() == 0) {
    // v2: our own cgroup must be able to hand the memory controller down.
    if (fs::exists("/sys/fs/cgroup/cgroup.controllers", ec)) {
      const std::string base = "/sys/fs/cgroup" + own_cgroup("");
      const std::string parent = base + "/" + parent_name();
      remove_stale_parents(base);
      if (read_file(base + "/cgroup.controllers").find("memory") != std::string::npos &&
          write_file(base + "/cgroup.subtree_control", "+memory") && fs::create_directory(parent, ec)) {
        if (write_file(parent + "/cgroup.subtree_control", "+memory"))
          return std::unique_ptr<MemoryLimits>(new MemoryLimits(MemoryEnforcement::kCgroupV2, parent));
        ::rmdir(parent.c_str());
      }
    }
    const std::string v1 = "/sys/fs/cgroup/memory" + own_cgroup("memory");
    const std::string parent = v1 + "/" + parent_name();
    remove_stale_parents(v1);
    if (fs::exists(v1 + "/memory.limit_in_bytes", ec) && fs::create_directory(parent, ec)) {
      if (fs::exists(parent + "/memory.limit_in_bytes", ec))
        return std::unique_ptr<MemoryLimits>(new MemoryLimits(MemoryEnforcement::kCgroupV1, parent));
      ::rmdir(parent.c_str());
    }
  }
  return std::unique_ptr<MemoryLimits>(new MemoryLimits(MemoryEnforcement::kAddressSpace, ""));
}

MemoryLimits::~MemoryLimits() {
  if (!parent_.empty()) ::rmdir(parent_.c_str());
}

std::string MemoryLimits::describe() const {
  switch (enforcement_) {
    case MemoryEnforcement::kCgroupV2:
      return "memory cgroup (v2) per machine: the kernel OOM-kills the app";
    case MemoryEnforcement::kCgroupV1:
      return "memory cgroup (v1) per machine: the kernel OOM-kills the app";
    case MemoryEnforcement::kAddressSpace:
      break;
  }
  return "address-space limit (RLIMIT_AS): allocations past memory_mb fail (no cgroup here)";
}

std::unique_ptr<RunMemory> MemoryLimits::for_run(const std::string& key, int memory_mb) {
  const long long bytes = static_cast<long long>(memory_mb) * 1024 * 1024;
  if (enforcement_ != MemoryEnforcement::kAddressSpace) {
    const std::string dir = parent_ + "/" + key;
    std::error_code ec;
    ::rmdir(dir.c_str());  // a leftover of an earlier run of the same key
    if (fs::create_directory(dir, ec)) {
      const bool v2 = enforcement_ == MemoryEnforcement::kCgroupV2;
      bool limited = v2 ? write_file(dir + "/memory.max", std::to_string(bytes))
                        : write_file(dir + "/memory.limit_in_bytes", std::to_string(bytes));
      // No swap either, or the limit only slows the app down.
      if (v2)
        write_file(dir + "/memory.swap.max", "0");
      else if (fs::exists(dir + "/memory.memsw.limit_in_bytes", ec))
        write_file(dir + "/memory.memsw.limit_in_bytes", std::to_string(bytes));
      if (limited)
        return std::make_unique<RunMemory>(dir, dir + "/cgroup.procs",
                                           dir + (v2 ? "/memory.events" : "/memory.oom_control"), bytes);
      ::rmdir(dir.c_str());
    }
  }
  return std::make_unique<RunMemory>("", "", "", bytes);
}

bool says_out_of_memory(const std::vector<std::string>& last_lines) {
  for (const auto& line : last_lines) {
    for (const char* sign : {"out of memory", "Out of memory", "Cannot allocate memory", "MemoryError",
                             "std::bad_alloc", "heap out of memory"}) {
      if (line.find(sign) != std::string::npos) return true;
    }
  }
  return false;
}

}  // namespace flypin::emulators::fly
