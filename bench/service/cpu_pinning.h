// CPU pinning of the benchmark: the server on one core, the load client (and
// the in-process floors) on another, so neither steals the other's core and
// "per core" figures mean one core.
//
// The server is pinned by launching it through `taskset -c <cpu>` (util-linux),
// the client by sched_setaffinity on itself. Pinning needs taskset on PATH and
// at least two CPUs in this process's affinity mask; otherwise nothing is
// pinned and the plan says why (the report prints it).
// Thread-safety: call PlanPinning and PinThisProcess from main before threads start.
#ifndef EVIDENCEGRAPH_BENCH_SERVICE_CPU_PINNING_H_
#define EVIDENCEGRAPH_BENCH_SERVICE_CPU_PINNING_H_

#include <string>

#include "absl/status/status.h"

namespace evidencegraph::bench {

struct PinPlan {
  bool pinned = false;
  int server_cpu = -1;
  int client_cpu = -1;
  std::string taskset;  // absolute path of taskset when pinned
  std::string note;     // what was done, or why not
};

// `enabled` false: no pinning (note says so).
PinPlan PlanPinning(bool enabled);

// Restricts the calling process (every thread it starts later) to `cpu`.
absl::Status PinThisProcess(int cpu);

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_CPU_PINNING_H_
