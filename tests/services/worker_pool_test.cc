// Specification of services/worker_pool.h: a bounded queue that refuses work
// when full, runs tasks in order, and drains before joining.
#include "services/worker_pool.h"

#include <atomic>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "tests/services/status_assertions.h"

namespace evidencegraph::services {
namespace {

using ::evidencegraph::testing::IsError;

// Occupies the single worker until released, so later tasks stay queued.
struct Blocker {
  absl::Notification started;
  absl::Notification release;
  std::function<void()> Task() {
    return [this] {
      started.Notify();
      release.WaitForNotification();
    };
  }
};

TEST(WorkerPoolTest, RefusesWorkBeyondTheQueueBound) {
  WorkerPool pool({.threads = 1, .max_queue = 2});
  Blocker blocker;
  ASSERT_TRUE(pool.Schedule(blocker.Task()).ok());
  blocker.started.WaitForNotification();  // the worker is busy, the queue empty

  std::atomic<int> ran{0};
  EXPECT_TRUE(pool.Schedule([&] { ++ran; }).ok());
  EXPECT_TRUE(pool.Schedule([&] { ++ran; }).ok());
  EXPECT_EQ(pool.QueuedForTesting(), 2u);
  EXPECT_TRUE(IsError(pool.Schedule([&] { ++ran; }), absl::StatusCode::kResourceExhausted,
                      "SERVER_OVERLOADED"));

  blocker.release.Notify();
  pool.Shutdown();
  EXPECT_EQ(ran.load(), 2);  // the refused task never ran
}

TEST(WorkerPoolTest, RunsTasksInOrderOnOneThread) {
  WorkerPool pool({.threads = 1, .max_queue = 100});
  absl::Mutex mu;
  std::vector<int> order;
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(pool.Schedule([&, i] {
                      absl::MutexLock lock(&mu);
                      order.push_back(i);
                    })
                    .ok());
  }
  pool.Shutdown();
  ASSERT_EQ(order.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(order[i], i);
}

TEST(WorkerPoolTest, ShutdownDrainsQueuedTasksThenRefuses) {
  WorkerPool pool({.threads = 2, .max_queue = 1000});
  std::atomic<int> ran{0};
  for (int i = 0; i < 500; ++i) ASSERT_TRUE(pool.Schedule([&] { ++ran; }).ok());
  pool.Shutdown();
  EXPECT_EQ(ran.load(), 500);
  EXPECT_TRUE(IsError(pool.Schedule([] {}), absl::StatusCode::kUnavailable, "SHUTTING_DOWN"));
  pool.Shutdown();  // idempotent
}

TEST(WorkerPoolTest, TasksMayScheduleFollowUps) {
  WorkerPool pool({.threads = 2, .max_queue = 10});
  absl::Notification done;
  ASSERT_TRUE(pool.Schedule([&] {
                    ASSERT_TRUE(pool.Schedule([&] { done.Notify(); }).ok());
                  })
                  .ok());
  done.WaitForNotification();
}

TEST(WorkerPoolTest, UsesAtLeastOneThreadAndQueueSlot) {
  WorkerPool pool({.threads = 0, .max_queue = 0});
  EXPECT_EQ(pool.threads(), 1);
  absl::Notification done;
  ASSERT_TRUE(pool.Schedule([&] { done.Notify(); }).ok());
  done.WaitForNotification();
}

TEST(WorkerPoolTest, DestructorJoinsAfterDraining) {
  std::atomic<int> ran{0};
  {
    WorkerPool pool({.threads = 3, .max_queue = 100});
    for (int i = 0; i < 100; ++i) ASSERT_TRUE(pool.Schedule([&] { ++ran; }).ok());
  }
  EXPECT_EQ(ran.load(), 100);
}

}  // namespace
}  // namespace evidencegraph::services
