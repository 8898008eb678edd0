#pragma once
// guest.memory_mb, enforced as Fly's kernel does: a memory cgroup per run
// (v2, else v1) when the host lets the emulator make one, so the kernel's OOM
// killer ends the app; else an address-space limit (RLIMIT_AS), under which
// an allocation past the size fails and the app dies its own way.

#include <memory>
#include <string>
#include <vector>

namespace flypin::emulators::fly {

enum class MemoryEnforcement { kCgroupV2, kCgroupV1, kAddressSpace };

/// One run's limit: where the child puts itself, and whether the kernel killed it.
class RunMemory {
 public:
  RunMemory(std::string dir, std::string procs_file, std::string events_file, long long limit_bytes)
      : dir_(std::move(dir)),
        procs_file_(std::move(procs_file)),
        events_file_(std::move(events_file)),
        limit_bytes_(limit_bytes) {}
  ~RunMemory();
  RunMemory(const RunMemory&) = delete;
  RunMemory& operator=(const RunMemory&) = delete;

  /// cgroup.procs the child writes "0" into before exec; "" under RLIMIT_AS.
  const std::string& procs_file() const { return procs_file_; }
  long long limit_bytes() const { return limit_bytes_; }
  /// The cgroup's OOM killer ended a process of this run.
  bool oom_killed() const;

 private:
  std::string dir_, procs_file_, events_file_;
  long long limit_bytes_;
};

class MemoryLimits {
 public:
  /// Makes this emulator's parent cgroup when it can (removed by the destructor).
  static std::unique_ptr<MemoryLimits> probe();
  ~MemoryLimits();

  MemoryEnforcement enforcement() const { return enforcement_; }
  std::string describe() const;
  /// A fresh limit for one run of machine `key`.
  std::unique_ptr<RunMemory> for_run(const std::string& key, int memory_mb);

 private:
  MemoryLimits(MemoryEnforcement enforcement, std::string parent)
      : enforcement_(enforcement), parent_(std::move(parent)) {}
  MemoryEnforcement enforcement_;
  std::string parent_;  // "" under RLIMIT_AS
};

/// Under RLIMIT_AS nothing kills the app: it died of memory when it said so
/// in its last lines (busybox "out of memory", ENOMEM, MemoryError, bad_alloc,
/// "JavaScript heap out of memory").
bool says_out_of_memory(const std::vector<std::string>& last_lines);

}  // namespace flypin::emulators::fly
