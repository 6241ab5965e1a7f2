// What the workloads share: the run's configuration, the context of one
// graph size, the RPC floors (Ping / PingStream of DiagnosticsService) and
// the helpers that turn repetitions into report rows.
//
// Method (docs/performance.md): every workload is measured `reps` times,
// each repetition interleaving its floor and itself, so both see the same
// machine weather; the row's ratio is the median of the per-repetition
// ratios, its other figures medians too.
// Thread-safety: used from main only.
#ifndef EVIDENCEGRAPH_BENCH_SERVICE_WORKLOAD_SUPPORT_H_
#define EVIDENCEGRAPH_BENCH_SERVICE_WORKLOAD_SUPPORT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/service/cpu_pinning.h"
#include "bench/service/load_driver.h"
#include "bench/service/measure.h"
#include "bench/service/mirror_store.h"
#include "bench/service/report.h"
#include "bench/service/server_process.h"
#include "bench/service/synthetic_data.h"
#include "evidencegraph/diagnostics/v1/diagnostics_service.grpc.pb.h"

namespace evidencegraph::bench {

struct BenchConfig {
  std::vector<int64_t> sizes;       // graph sizes in edges
  int reps = 5;                     // interleaved repetitions per workload
  absl::Duration phase = absl::Milliseconds(400);  // one repetition of a call loop
  int64_t max_calls_per_phase = 200'000;
  uint64_t seed = 7;
  int import_batch = 5000;          // records per ImportGraph message
  std::string server_binary;
  std::string demo_graph;
  std::vector<std::string> server_flags;  // extra evidencegraph-server flags
  std::set<std::string> only;       // workload names to run; empty = all
  PinPlan pin;

  bool Wants(const std::string& workload) const {
    return only.empty() || only.count(workload) > 0;
  }
};

// One graph size: the data, its mirror and the server holding it.
struct SizeRun {
  const BenchConfig& config;
  const SyntheticData& data;
  MirrorStore& mirror;
  BenchServer& server;
  Report& report;
  bool query_service = false;  // QueryService answers on this server
};

// Launch options for a benchmark server (binary, pinning).
BenchServerOptions ServerOptions(const BenchConfig& config);

// Latency-mode load: one channel, one call in flight, the phase's budget.
LoadOptions PhaseLoad(const BenchConfig& config, int64_t max_calls = -1);

// Slots that Ping (inline on gRPC's thread, or through the worker pool).
std::vector<std::unique_ptr<CallSlot>> PingSlots(const std::shared_ptr<grpc::Channel>& channel,
                                                 bool use_worker_pool, int count = 1);

// The empty unary's p50 in seconds, from a short Ping phase (a quarter of a
// phase): the per-call RPC part of composite floors.
absl::StatusOr<double> PingP50Seconds(BenchServer& server, const BenchConfig& config);

// One PingStream of `messages` messages of `payload_bytes` each, through the
// pool machinery (the floor of ExportGraph and Traverse).
absl::StatusOr<Phase> PingStreamPhase(BenchServer& server, int messages, int payload_bytes,
                                      bool use_worker_pool);

// Fills p50/p90/p99 (medians over phases), server CPU per call and peak RSS.
void FillLatency(Row& row, const std::vector<Phase>& phases);
void FillServer(Row& row, const std::vector<Phase>& phases, bool per_unit = false);

// Marks a row that could not run (e.g. QueryService not served yet).
Row Skipped(const std::string& workload, int64_t graph_edges, const std::string& why);

// A deterministic spread of 0..n-1 over call indexes (golden-ratio hashing):
// the same index always picks the same element.
size_t Pick(int64_t index, size_t n, uint64_t salt = 0);

// Waits until the server's CPU use falls below 5% of a core over half a
// second (RocksDB finished flushing and compacting after an import), at most
// `limit`; returns the seconds waited. Read workloads measure the steady
// state, not a core shared with a compaction.
double WaitForQuiescence(pid_t pid, absl::Duration limit);

// True when the server answers QueryService calls (not UNIMPLEMENTED).
bool ServesQueries(BenchServer& server);

// Aborts the row with a note when a phase failed; true when usable.
bool PhaseOk(const absl::StatusOr<Phase>& phase, Row& row);

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_WORKLOAD_SUPPORT_H_
