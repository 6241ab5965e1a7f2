// Process statistics of another process (the server) from /proc, Linux only.
//
//   cpu_seconds  utime + stime of /proc/<pid>/stat (fields 14 and 15), all
//                threads, in clock ticks converted to seconds. Ticks are
//                coarse (10 ms at USER_HZ 100): measure phases of at least
//                a second, or many calls, before dividing by calls.
//   vm_hwm_kb    VmHWM of /proc/<pid>/status: the peak resident set since the
//                process started (never goes down).
//   vm_rss_kb    VmRSS: the resident set now.
//   context_switches  voluntary + involuntary switches summed over the
//                threads alive now (/proc/<pid>/task/*/status): on a pinned
//                single core every hand-off between threads is one, and the
//                kernel's share of an RPC's CPU grows with them.
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_BENCH_SERVICE_PROC_STATS_H_
#define EVIDENCEGRAPH_BENCH_SERVICE_PROC_STATS_H_

#include <sys/types.h>

#include <cstdint>

#include "absl/status/statusor.h"

namespace evidencegraph::bench {

struct ProcSample {
  double cpu_seconds = 0;
  int64_t vm_hwm_kb = 0;
  int64_t vm_rss_kb = 0;
  int64_t context_switches = 0;
};

absl::StatusOr<ProcSample> SampleProcess(pid_t pid);

// CPU seconds (user + system) of the calling process, all threads.
double SelfCpuSeconds();

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_PROC_STATS_H_
