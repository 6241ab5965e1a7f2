// The load client's engine: M outstanding calls spread over N channels on
// gRPC's callback API, bounded by a duration AND a call count.
//
// Each slot keeps exactly one call in flight: when it completes (on a gRPC
// callback thread) its latency goes into the slot's own histogram and the
// slot starts the next call right there (callback reactions may start calls:
// starting one never blocks). The run ends when every slot has seen the
// duration pass or the shared call budget run out; a hard timeout (duration
// plus a grace) cancels stragglers, so a run can never hang.
//
// Thread-safety: RunLoad blocks its caller; slots are driven by gRPC threads,
// one call at a time per slot.
#ifndef EVIDENCEGRAPH_BENCH_SERVICE_LOAD_DRIVER_H_
#define EVIDENCEGRAPH_BENCH_SERVICE_LOAD_DRIVER_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "bench/service/histogram.h"

namespace evidencegraph::bench {

// One call at a time. Start() must arrange for `done` to be called exactly
// once, from any thread, when call `index` has completed.
class CallSlot {
 public:
  using Done = std::function<void(const grpc::Status&)>;
  virtual ~CallSlot() = default;
  virtual void Start(int64_t index, Done done) = 0;
  // Asks the call in flight (if any) to stop; used by the hard timeout.
  virtual void Cancel() {}
};

struct LoadOptions {
  // Time budget of the run: no call starts after it.
  absl::Duration duration = absl::Seconds(1);
  // Call budget of the run (all slots together).
  int64_t max_calls = 1'000'000;
  // Past duration + grace, calls in flight are cancelled.
  absl::Duration grace = absl::Seconds(30);
};

struct LoadResult {
  int64_t calls = 0;     // completed, OK or not
  int64_t failures = 0;  // completed with a non-OK status
  std::string first_error;
  absl::Duration wall;   // first start to last completion
  LatencyHistogram latency;
  bool timed_out = false;

  double calls_per_second() const;
};

// Drives `slots` (one in-flight call each) until the budgets are spent.
LoadResult RunLoad(const LoadOptions& options, std::vector<std::unique_ptr<CallSlot>>& slots);

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_LOAD_DRIVER_H_
