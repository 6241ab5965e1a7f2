#include "services/worker_pool.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace evidencegraph::services {

WorkerPool::WorkerPool(const WorkerPoolOptions& options)
    : max_queue_(std::max<size_t>(1, options.max_queue)) {
  const int n = std::max(1, options.threads);
  workers_.reserve(n);
  for (int i = 0; i < n; ++i) {
    workers_.emplace_back([this] { WorkerLoop(); });
  }
}

WorkerPool::~WorkerPool() { Shutdown(); }

absl::Status WorkerPool::Schedule(std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  if (stopping_) {
    return MakeError(absl::StatusCode::kUnavailable, "SHUTTING_DOWN",
                     "the server is shutting down");
  }
  if (queue_.size() >= max_queue_) {
    return MakeError(absl::StatusCode::kResourceExhausted, "SERVER_OVERLOADED",
                     absl::StrCat("server overloaded: ", queue_.size(),
                                  " requests already queued; retry with backoff"));
  }
  queue_.push_back(std::move(task));
  return absl::OkStatus();
}

void WorkerPool::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (joined_) return;
  joined_ = true;
  for (std::thread& worker : workers_) worker.join();
}

size_t WorkerPool::QueuedForTesting() const {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

bool WorkerPool::HasWorkOrStopping() const { return stopping_ || !queue_.empty(); }

void WorkerPool::WorkerLoop() {
  while (true) {
    std::function<void()> task;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &WorkerPool::HasWorkOrStopping));
      // Drain before exiting: queued tasks finish in-flight RPCs.
      if (queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

}  // namespace evidencegraph::services
