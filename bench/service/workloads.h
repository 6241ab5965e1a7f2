// The benchmark workloads. Each measures one API method against its floor
// (design/performance.md) with interleaved repetitions and adds its rows to
// the report; a workload whose service is not served (QueryService before it
// lands) adds a row saying so instead of failing the run.
//
//   workloads_rpc.cc      RPC floors; GetNode; CreateNode; ExplainClaim on
//                         the demo graph (all judged against an empty unary)
//   workloads_writes.cc   ImportGraph (vs raw WriteBatch and SST ingest of
//                         the same bytes); BatchWrite (vs raw WriteBatch)
//   workloads_streams.cc  ExportGraph (vs raw full scan); Traverse 1-3 hops
//                         (vs raw BFS replay)
//   workloads_queries.cc  FindPaths (vs raw bidirectional BFS); ExplainClaim
//                         on a large cone (vs raw cone read + scoring);
//                         SearchClaims (vs raw postings replay)
// Thread-safety: run from main, one at a time.
#ifndef EVIDENCEGRAPH_BENCH_SERVICE_WORKLOADS_H_
#define EVIDENCEGRAPH_BENCH_SERVICE_WORKLOADS_H_

#include <memory>

#include "absl/status/statusor.h"
#include "bench/service/raw_writes.h"
#include "bench/service/workload_support.h"

namespace evidencegraph::bench {

// Rows "Ping (empty unary)", "Ping via worker pool", "PingStream".
void RunRpcFloors(SizeRun& run);
void RunGetNode(SizeRun& run);
void RunCreateNode(SizeRun& run);
// Starts its own server seeded with the demo graph.
void RunExplainDemo(const BenchConfig& config, Report& report);

// Loads `data` into the mirror, capturing the WriteBatches it commits.
absl::StatusOr<double> LoadMirror(const SyntheticData& data, MirrorStore& mirror,
                                  CapturedWrites* captured);
// Imports `data` into `reps` fresh servers, interleaved with the raw
// WriteBatch and SST floors; returns the last server (which holds the graph)
// for the read workloads.
absl::StatusOr<std::unique_ptr<BenchServer>> RunImport(const BenchConfig& config,
                                                       const SyntheticData& data,
                                                       const MirrorStore& mirror,
                                                       const CapturedWrites& captured,
                                                       Report& report);
void RunBatchWrite(SizeRun& run);

void RunExport(SizeRun& run);
void RunTraverse(SizeRun& run, int hops);

void RunFindPaths(SizeRun& run);
void RunExplainCone(SizeRun& run);
void RunSearchClaims(SizeRun& run);

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_WORKLOADS_H_
