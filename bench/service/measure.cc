#include "bench/service/measure.h"

#include <algorithm>
#include <chrono>

#include "bench/service/proc_stats.h"

namespace evidencegraph::bench {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

absl::StatusOr<Phase> RunServerPhase(pid_t pid, const LoadOptions& options,
                                     std::vector<std::unique_ptr<CallSlot>>& slots) {
  absl::StatusOr<ProcSample> before = SampleProcess(pid);
  if (!before.ok()) return before.status();
  LoadResult result = RunLoad(options, slots);
  absl::StatusOr<ProcSample> after = SampleProcess(pid);
  if (!after.ok()) return after.status();
  Phase phase;
  phase.seconds = absl::ToDoubleSeconds(result.wall);
  phase.calls = result.calls;
  phase.units = static_cast<double>(result.calls);
  phase.latency = result.latency;
  phase.server_cpu_seconds = after->cpu_seconds - before->cpu_seconds;
  phase.server_hwm_kb = after->vm_hwm_kb;
  phase.server_context_switches = after->context_switches - before->context_switches;
  phase.failures = result.failures;
  phase.first_error = result.first_error;
  if (result.timed_out) phase.first_error = "timed out; " + phase.first_error;
  return phase;
}

absl::StatusOr<Phase> MeasureServer(pid_t pid,
                                    const std::function<absl::StatusOr<double>()>& run) {
  absl::StatusOr<ProcSample> before = SampleProcess(pid);
  if (!before.ok()) return before.status();
  const Clock::time_point start = Clock::now();
  absl::StatusOr<double> units = run();
  const double seconds = SecondsSince(start);
  if (!units.ok()) return units.status();
  absl::StatusOr<ProcSample> after = SampleProcess(pid);
  if (!after.ok()) return after.status();
  Phase phase;
  phase.seconds = seconds;
  phase.calls = 1;
  phase.units = *units;
  phase.latency.Record(static_cast<int64_t>(seconds * 1e9));
  phase.server_cpu_seconds = after->cpu_seconds - before->cpu_seconds;
  phase.server_hwm_kb = after->vm_hwm_kb;
  phase.server_context_switches = after->context_switches - before->context_switches;
  return phase;
}

absl::StatusOr<Phase> MeasureLocal(const std::function<absl::StatusOr<double>()>& run,
                                   double min_seconds, int max_runs) {
  Phase phase;
  const Clock::time_point start = Clock::now();
  for (int i = 0; i < max_runs; ++i) {
    const Clock::time_point one = Clock::now();
    absl::StatusOr<double> units = run();
    if (!units.ok()) return units.status();
    phase.latency.Record(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - one).count());
    phase.units += *units;
    ++phase.calls;
    if (SecondsSince(start) >= min_seconds) break;
  }
  phase.seconds = SecondsSince(start);
  return phase;
}

double Median(std::vector<double> values) {
  values.erase(std::remove_if(values.begin(), values.end(),
                              [](double v) { return !std::isfinite(v); }),
               values.end());
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace evidencegraph::bench
