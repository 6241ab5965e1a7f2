// eg_bench: the EvidenceGraph benchmark suite (issue 7). Every workload as a
// ratio to its floor, measured in the same run, on synthetic graphs of
// growing size; one table on stdout, the same figures as JSON.
//
//   eg_bench                                   # make bench: 10k, 100k, 1M edges
//   eg_bench --sizes=2000 --reps=1 --phase_seconds=0.05   # smoke (ctest)
//   eg_bench --workloads=GetNode,ImportGraph   # a subset
//
// Per graph size: generate the graph (tools/graphgen), load it into the
// in-process mirror (storage floors), import it into fresh servers (the
// ImportGraph workload; the last server keeps the graph), then run the read
// workloads and finally the writes. The server runs pinned to one core and
// the client to another when taskset allows (see the "pinning" line).
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "bench/service/cpu_pinning.h"
#include "bench/service/machine_facts.h"
#include "bench/service/workloads.h"
#include "common/log.h"

#ifndef EG_SERVER_BINARY
#error "EG_SERVER_BINARY must be defined by the build"
#endif
#ifndef EG_DEMO_GRAPH
#error "EG_DEMO_GRAPH must be defined by the build"
#endif

ABSL_FLAG(std::string, sizes, "10000,100000,1000000", "graph sizes, in edges, comma-separated");
ABSL_FLAG(int, reps, 5, "interleaved repetitions per workload (the median is reported)");
ABSL_FLAG(double, phase_seconds, 0.4, "length of one repetition of a call loop");
ABSL_FLAG(std::string, workloads, "",
          "comma-separated workload names to run (GetNode, CreateNode, BatchWrite, ImportGraph, ImportGraphBulk (IMPORT_MODE_BULK; also run with ImportGraph), "
          "ExportGraph, Traverse, FindPaths, ExplainClaim, SearchClaims, RpcFloors); empty = all");
ABSL_FLAG(std::string, json_out, "", "write the figures as JSON to this file");
ABSL_FLAG(std::string, server_binary, EG_SERVER_BINARY, "evidencegraph-server to benchmark");
ABSL_FLAG(std::string, demo_graph, EG_DEMO_GRAPH, "demo graph (ExplainClaim demo workload)");
ABSL_FLAG(std::string, server_flags, "",
          "extra evidencegraph-server flags, comma-separated (e.g. --log_level=warning)");
ABSL_FLAG(bool, pin, true, "pin server and client to different cores (taskset)");
ABSL_FLAG(uint64_t, seed, 7, "synthetic graph seed");

namespace eb = evidencegraph::bench;

namespace {

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Progress(const std::string& message) { std::cerr << "[eg_bench] " << message << std::endl; }

// One graph size, start to end. Errors that stop the size are reported as a
// row and the run goes on with the next size.
void RunSize(const eb::BenchConfig& config, int64_t edges, bool first, eb::Report& report) {
  const auto t0 = std::chrono::steady_clock::now();
  const eb::SyntheticData data = eb::MakeSyntheticData(edges, config.seed, config.import_batch);
  Progress(absl::StrCat(edges, " edges: generated ", data.nodes, " nodes, ", data.edges,
                        " edges in ", Since(t0), " s"));
  absl::StatusOr<std::unique_ptr<eb::MirrorStore>> mirror = eb::MirrorStore::Create();
  if (!mirror.ok()) {
    report.Add(eb::Skipped("setup", edges, std::string(mirror.status().message())));
    return;
  }
  eb::CapturedWrites captured;
  absl::StatusOr<double> loaded = eb::LoadMirror(data, **mirror, &captured);
  if (!loaded.ok()) {
    report.Add(eb::Skipped("setup", edges, std::string(loaded.status().message())));
    return;
  }
  Progress(absl::StrCat("mirror loaded in process in ", *loaded, " s (", data.edges / *loaded,
                        " edges/s through storage::GraphStore)"));
  eb::BenchConfig import_config = config;
  if (!config.Wants("ImportGraph") && !config.Wants("ImportGraphBulk")) import_config.reps = 1;  // still need a loaded server
  eb::Report import_report;
  absl::StatusOr<std::unique_ptr<eb::BenchServer>> server =
      eb::RunImport(import_config, data, **mirror, captured, import_report);
  if (!server.ok()) {
    report.Add(eb::Skipped("ImportGraph", edges, std::string(server.status().message())));
    return;
  }
  if (config.Wants("ImportGraph") || config.Wants("ImportGraphBulk")) {
    for (const eb::Row& row : import_report.rows()) report.Add(row);
  }
  captured.clear();
  captured.shrink_to_fit();
  const double settled = eb::WaitForQuiescence((*server)->pid(), absl::Seconds(120));
  report.Fact(absl::StrCat("settle_seconds_", edges), absl::StrFormat("%.1f", settled));
  Progress(absl::StrCat("imported; server idle after ", settled,
                        " s (flushes, compactions); running workloads (", Since(t0),
                        " s so far)"));
  eb::SizeRun run{config, data, **mirror, **server, report};
  run.query_service = eb::ServesQueries(**server);
  if (!run.query_service) Progress("QueryService not served: query workloads are skipped");
  auto step = [&](const std::string& name, const std::function<void()>& fn) {
    if (!config.Wants(name)) return;
    const auto start = std::chrono::steady_clock::now();
    fn();
    Progress(absl::StrCat("  ", name, " done in ", Since(start), " s"));
  };
  if (first) step("RpcFloors", [&] { eb::RunRpcFloors(run); });
  // Reads first, on the imported graph; writes last.
  step("GetNode", [&] { eb::RunGetNode(run); });
  step("Traverse", [&] {
    for (int hops = 1; hops <= 3; ++hops) eb::RunTraverse(run, hops);
  });
  step("FindPaths", [&] { eb::RunFindPaths(run); });
  step("ExplainClaim", [&] { eb::RunExplainCone(run); });
  step("SearchClaims", [&] { eb::RunSearchClaims(run); });
  step("ExportGraph", [&] { eb::RunExport(run); });
  step("CreateNode", [&] { eb::RunCreateNode(run); });
  step("BatchWrite", [&] { eb::RunBatchWrite(run); });
  if (absl::Status stopped = (*server)->Stop(); !stopped.ok()) {
    Progress(absl::StrCat("server stop: ", stopped.message()));
  }
  Progress(absl::StrCat(edges, " edges: done in ", Since(t0), " s"));
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("EvidenceGraph benchmarks: every workload as a ratio to its floor.");
  absl::ParseCommandLine(argc, argv);
  evidencegraph::SetMinLogSeverity(evidencegraph::LogSeverity::kWarning);
  // As in the server: Debian's Abseil keeps the Mutex deadlock detector on.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  const auto start = std::chrono::steady_clock::now();

  eb::BenchConfig config;
  for (absl::string_view s : absl::StrSplit(absl::GetFlag(FLAGS_sizes), ',', absl::SkipEmpty())) {
    int64_t edges = 0;
    if (!absl::SimpleAtoi(s, &edges) || edges < 100 || edges > 100'000'000) {
      std::cerr << "eg_bench: bad --sizes entry \"" << s << "\" (100 to 1e8 edges)\n";
      return 2;
    }
    config.sizes.push_back(edges);
  }
  config.reps = absl::GetFlag(FLAGS_reps);
  const double phase = absl::GetFlag(FLAGS_phase_seconds);
  if (config.reps < 1 || config.reps > 100 || !(phase > 0) || phase > 60) {
    std::cerr << "eg_bench: --reps must be in [1, 100] and --phase_seconds in (0, 60]\n";
    return 2;
  }
  config.phase = absl::Seconds(phase);
  config.seed = absl::GetFlag(FLAGS_seed);
  config.server_binary = absl::GetFlag(FLAGS_server_binary);
  config.demo_graph = absl::GetFlag(FLAGS_demo_graph);
  for (absl::string_view f :
       absl::StrSplit(absl::GetFlag(FLAGS_server_flags), ',', absl::SkipEmpty())) {
    config.server_flags.emplace_back(f);
  }
  for (absl::string_view w :
       absl::StrSplit(absl::GetFlag(FLAGS_workloads), ',', absl::SkipEmpty())) {
    config.only.insert(std::string(w));
  }
  config.pin = eb::PlanPinning(absl::GetFlag(FLAGS_pin));
  if (config.pin.pinned) {
    if (absl::Status pinned = eb::PinThisProcess(config.pin.client_cpu); !pinned.ok()) {
      config.pin.pinned = false;
      config.pin.note = absl::StrCat("not pinned: ", pinned.message());
    }
  }

  eb::Report report;
  for (const auto& [key, value] : eb::MachineFacts()) report.Fact(key, value);
  report.Fact("pinning", config.pin.note);
  report.Fact("server_flags", config.server_flags.empty()
                                  ? "defaults (+ --enable_diagnostics)"
                                  : absl::StrJoin(config.server_flags, " "));
  report.Fact("method", absl::StrCat("median of ", config.reps,
                                     " interleaved repetitions (floor, then workload); phases of ",
                                     phase, " s; latency mode: 1 channel, 1 call in flight"));
  Progress(config.pin.note);

  for (size_t i = 0; i < config.sizes.size(); ++i) {
    RunSize(config, config.sizes[i], i == 0, report);
  }
  if (config.Wants("ExplainClaim")) eb::RunExplainDemo(config, report);
  report.Fact("total_seconds", absl::StrCat(static_cast<int>(Since(start))));

  report.PrintTable(std::cout);
  const std::string json = absl::GetFlag(FLAGS_json_out);
  if (!json.empty()) {
    if (absl::Status written = report.WriteJson(json); !written.ok()) {
      std::cerr << "eg_bench: " << written.message() << "\n";
      return 1;
    }
    std::cout << "\nwrote " << json << "\n";
  }
  return 0;
}
