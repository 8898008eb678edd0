#pragma once
// Bounded parallel work with a clean stop: `workers` threads take items in
// order, each with an HTTP client of its own (a libcurl handle is one
// thread's). A signal stops handing out items; the pool then suspends the
// interrupt so the items in flight can finish their calls and be left
// consistent. An item that returns Next::kStop stops the hand-out too.

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>

#include "core/http.h"

namespace flypin::cmd::roll_machines {

enum class Next { kGoOn, kStop };

using HttpFactory = std::function<std::unique_ptr<core::HttpClient>()>;

struct PoolRun {
  std::size_t started = 0;  // items handed out
  bool interrupted = false;
};

/// `work(index, http, stopping)`; `stopping` turns true once the pool stops handing out items.
PoolRun run_pool(std::size_t count, int workers, const HttpFactory& make_http,
                 const std::function<Next(std::size_t, core::HttpClient&, const std::atomic<bool>&)>& work);

}  // namespace flypin::cmd::roll_machines
