#include "cmd/roll-machines/worker_pool.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "core/interrupt.h"

namespace flypin::cmd::roll_machines {

PoolRun run_pool(std::size_t count, int workers, const HttpFactory& make_http,
                 const std::function<Next(std::size_t, core::HttpClient&, const std::atomic<bool>&)>& work) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stopping{false};
  std::atomic<int> running{0};
  std::mutex mu;
  std::condition_variable done;
  PoolRun run;

  const int n = static_cast<int>(std::min<std::size_t>(count, static_cast<std::size_t>(std::max(workers, 1))));
  std::vector<std::thread> threads;
  running = n;
  for (int w = 0; w < n; ++w) {
    threads.emplace_back([&] {
      auto http = make_http();
      while (!stopping.load()) {
        const std::size_t i = next.fetch_add(1);
        if (i >= count) break;
        if (work(i, *http, stopping) == Next::kStop) stopping = true;
      }
      std::lock_guard lock(mu);
      --running;
      done.notify_all();
    });
  }
  {
    std::unique_lock lock(mu);
    while (running > 0) {
      done.wait_for(lock, std::chrono::milliseconds(20));
      if (core::interrupted() && !stopping.load()) {
        // Items in flight finish their calls (a lease released, an update confirmed); no new one starts.
        run.interrupted = true;
        core::suspend_interrupt_for_cleanup();
        stopping = true;
      }
    }
  }
  for (auto& t : threads) t.join();
  run.started = std::min(next.load(), count);
  if (core::interrupt_signal() != 0) run.interrupted = true;
  return run;
}

}  // namespace flypin::cmd::roll_machines
