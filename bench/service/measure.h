// Phases and their figures: one measured run of a workload or of a floor,
// with the server's CPU time and peak RSS around it, and the medians that
// turn repetitions into one figure.
//
// A server phase samples /proc/<server pid> before and after (proc_stats.h),
// so its CPU figure covers every server thread, background RocksDB work
// included. A local phase (an in-process floor) has no server figures.
// Thread-safety: none needed; phases run one at a time from main.
#ifndef EVIDENCEGRAPH_BENCH_SERVICE_MEASURE_H_
#define EVIDENCEGRAPH_BENCH_SERVICE_MEASURE_H_

#include <sys/types.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/service/histogram.h"
#include "bench/service/load_driver.h"

namespace evidencegraph::bench {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Phase {
  double seconds = 0;   // wall time
  int64_t calls = 0;    // RPCs (or local operations)
  double units = 0;     // work units: items, edges, records (= calls if unset)
  LatencyHistogram latency;
  double server_cpu_seconds = kNaN;
  int64_t server_hwm_kb = 0;
  int64_t server_context_switches = 0;
  int64_t failures = 0;
  std::string first_error;

  double p50_us() const { return latency.Percentile(0.5) / 1e3; }
  double units_per_second() const { return seconds > 0 ? units / seconds : 0; }
  double seconds_per_unit() const { return units > 0 ? seconds / units : kNaN; }
  double server_cpu_us_per_call() const {
    return calls > 0 ? server_cpu_seconds * 1e6 / static_cast<double>(calls) : kNaN;
  }
  double switches_per_call() const {
    return calls > 0 ? static_cast<double>(server_context_switches) / calls : kNaN;
  }
  double server_cpu_us_per_unit() const {
    return units > 0 ? server_cpu_seconds * 1e6 / units : kNaN;
  }
};

// Runs `slots` under `options` against the server `pid`, sampling it around.
absl::StatusOr<Phase> RunServerPhase(pid_t pid, const LoadOptions& options,
                                     std::vector<std::unique_ptr<CallSlot>>& slots);

// Wraps any server-side activity (e.g. one import stream) the same way:
// `run` returns the units of work done.
absl::StatusOr<Phase> MeasureServer(pid_t pid, const std::function<absl::StatusOr<double>()>& run);

// Times an in-process floor: `run` returns its units of work; it is
// repeated until `min_seconds` have passed (at least once, at most
// `max_runs` times) and the phase reports the totals.
absl::StatusOr<Phase> MeasureLocal(const std::function<absl::StatusOr<double>()>& run,
                                   double min_seconds = 0.05, int max_runs = 1000);

// Median of the finite values; NaN when there are none.
double Median(std::vector<double> values);

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_MEASURE_H_
