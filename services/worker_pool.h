// WorkerPool: a fixed set of threads running tasks from a bounded FIFO queue.
//
// Why: gRPC callback reactions must not block, so every RocksDB read/write,
// validation and reasoning step of an RPC runs here instead. The queue bound
// is the server's back-pressure: when it is full, Schedule() refuses at once
// with RESOURCE_EXHAUSTED (reason "SERVER_OVERLOADED") so the client can back
// off, instead of the server queueing without limit.
//
// Contract
//   - Tasks run in FIFO order on one of `threads` workers; a task must not
//     throw. Tasks may Schedule() further tasks.
//   - Shutdown() (also run by the destructor) stops accepting tasks
//     (Schedule then returns UNAVAILABLE, reason "SHUTTING_DOWN"), runs every
//     task already queued, and joins the workers. Draining matters: queued
//     tasks are what finish in-flight RPC reactors.
// Thread-safety: Schedule() is safe from any thread, including a worker.
// Shutdown() must not be called from a worker thread.
#ifndef EVIDENCEGRAPH_SERVICES_WORKER_POOL_H_
#define EVIDENCEGRAPH_SERVICES_WORKER_POOL_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace evidencegraph::services {

struct WorkerPoolOptions {
  // Worker threads; at least 1.
  int threads = 4;
  // Tasks waiting (not yet running) at most; at least 1.
  size_t max_queue = 1024;
};

class WorkerPool {
 public:
  explicit WorkerPool(const WorkerPoolOptions& options);
  ~WorkerPool();

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`. RESOURCE_EXHAUSTED ("SERVER_OVERLOADED") when max_queue
  // tasks are already waiting; UNAVAILABLE after Shutdown().
  absl::Status Schedule(std::function<void()> task);

  // Stops accepting work, drains the queue and joins. Idempotent.
  void Shutdown();

  // Tasks waiting right now (for tests and metrics).
  size_t QueuedForTesting() const;

  int threads() const { return static_cast<int>(workers_.size()); }

 private:
  void WorkerLoop();
  bool HasWorkOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // Constant after construction.
  const size_t max_queue_;
  std::vector<std::thread> workers_;

  mutable absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool joined_ = false;  // touched only by Shutdown(), never by workers
};

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_WORKER_POOL_H_
