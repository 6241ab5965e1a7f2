#include "bench/service/load_driver.h"

#include <atomic>
#include <chrono>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"

namespace evidencegraph::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int64_t kMaxFailuresPerSlot = 20;

int64_t NanosSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
}

// Shared state of one run. Slots report into their own SlotState, so the
// only contended things are the call counter and the "finished slots" count.
class Run {
 public:
  Run(const LoadOptions& options, std::vector<std::unique_ptr<CallSlot>>& slots)
      : options_(options),
        slots_(slots),
        states_(slots.size()),
        end_(Clock::now() + absl::ToChronoNanoseconds(options.duration)) {}

  LoadResult Execute() {
    const Clock::time_point start = Clock::now();
    {
      absl::MutexLock lock(&mu_);
      active_ = static_cast<int>(slots_.size());
    }
    for (size_t i = 0; i < slots_.size(); ++i) Next(i);
    bool timed_out = false;
    {
      absl::MutexLock lock(&mu_);
      const absl::Time hard_deadline = absl::Now() + options_.duration + options_.grace;
      auto all_done = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return active_ == 0; };
      if (!mu_.AwaitWithDeadline(absl::Condition(&all_done), hard_deadline)) {
        timed_out = true;
        stop_.store(true);
        mu_.Unlock();
        for (auto& slot : slots_) slot->Cancel();
        mu_.Lock();
        mu_.Await(absl::Condition(&all_done));  // cancelled calls complete promptly
      }
    }
    LoadResult result;
    result.wall = absl::Nanoseconds(NanosSince(start));
    result.timed_out = timed_out;
    for (const SlotState& state : states_) {
      result.calls += state.calls;
      result.failures += state.failures;
      if (result.first_error.empty()) result.first_error = state.first_error;
      result.latency.Merge(state.latency);
    }
    return result;
  }

 private:
  struct SlotState {
    LatencyHistogram latency;
    int64_t calls = 0;
    int64_t failures = 0;
    std::string first_error;
  };

  // Starts the slot's next call, or retires the slot.
  void Next(size_t slot) {
    const int64_t index = issued_.fetch_add(1);
    if (stop_.load() || index >= options_.max_calls || Clock::now() >= end_) {
      absl::MutexLock lock(&mu_);
      --active_;
      return;
    }
    const Clock::time_point start = Clock::now();
    slots_[slot]->Start(index, [this, slot, start](const grpc::Status& status) {
      SlotState& state = states_[slot];
      state.latency.Record(NanosSince(start));
      ++state.calls;
      if (!status.ok()) {
        ++state.failures;
        if (state.first_error.empty()) {
          state.first_error = std::to_string(status.error_code()) + ": " + status.error_message();
        }
        // A broken workload fails fast; do not spin through the budget.
        if (state.failures >= kMaxFailuresPerSlot) stop_.store(true);
      }
      Next(slot);
    });
  }

  const LoadOptions& options_;
  std::vector<std::unique_ptr<CallSlot>>& slots_;
  std::vector<SlotState> states_;  // one per slot, touched by its calls only
  const Clock::time_point end_;
  std::atomic<int64_t> issued_{0};
  std::atomic<bool> stop_{false};
  absl::Mutex mu_;
  int active_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace

double LoadResult::calls_per_second() const {
  const double seconds = absl::ToDoubleSeconds(wall);
  return seconds > 0 ? static_cast<double>(calls) / seconds : 0.0;
}

LoadResult RunLoad(const LoadOptions& options, std::vector<std::unique_ptr<CallSlot>>& slots) {
  Run run(options, slots);
  return run.Execute();
}

}  // namespace evidencegraph::bench
