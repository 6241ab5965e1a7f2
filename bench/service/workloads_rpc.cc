// Workloads judged against the empty unary RPC: the RPC floors themselves,
// GetNode, CreateNode and ExplainClaim on the demo graph.
#include <atomic>

#include "absl/strings/str_cat.h"
#include "bench/service/raw_reads.h"
#include "bench/service/rpc_slots.h"
#include "bench/service/workloads.h"
#include "evidencegraph/v1/graph_service.grpc.pb.h"
#include "evidencegraph/v1/query_service.grpc.pb.h"

namespace evidencegraph::bench {
namespace {

using Slots = std::vector<std::unique_ptr<CallSlot>>;

struct UnaryWorkload {
  std::string name;
  std::function<Slots()> make_slots;
  int64_t max_calls = -1;
  double target_ratio = kNaN;        // p50 / empty unary p50
  double max_extra_cpu_us = kNaN;    // server CPU per call above the empty unary
  std::string target;
};

// Interleaves Ping and the workload `reps` times; one row.
Row CompareToPing(BenchServer& server, const BenchConfig& config, int64_t graph_edges,
                  const UnaryWorkload& workload) {
  Row row;
  row.workload = workload.name;
  row.graph_edges = graph_edges;
  row.floor = "empty unary p50 (Ping)";
  row.rate_unit = "calls/s";
  row.target = workload.target;
  std::vector<Phase> floors, works;
  std::vector<double> ratios, extra_cpu, rates;
  for (int rep = 0; rep < config.reps; ++rep) {
    Slots ping = PingSlots(server.channel(), /*use_worker_pool=*/false);
    absl::StatusOr<Phase> floor = RunServerPhase(server.pid(), PhaseLoad(config), ping);
    if (!PhaseOk(floor, row)) return row;
    Slots slots = workload.make_slots();
    absl::StatusOr<Phase> work =
        RunServerPhase(server.pid(), PhaseLoad(config, workload.max_calls), slots);
    if (!PhaseOk(work, row)) return row;
    ratios.push_back(work->p50_us() / floor->p50_us());
    extra_cpu.push_back(work->server_cpu_us_per_call() - floor->server_cpu_us_per_call());
    rates.push_back(work->units_per_second());
    floors.push_back(*std::move(floor));
    works.push_back(*std::move(work));
  }
  SetRatio(row, ratios);
  row.rate = Median(rates);
  FillLatency(row, works);
  FillServer(row, works);
  Row floor_row;
  FillLatency(floor_row, floors);
  FillServer(floor_row, floors);
  row.Detail("floor_p50_us", floor_row.p50_us);
  row.Detail("floor_server_cpu_us_per_call", floor_row.server_cpu_us);
  row.Detail("extra_server_cpu_us_per_call", Median(extra_cpu));
  if (std::isfinite(workload.target_ratio)) {
    bool met = row.ratio <= workload.target_ratio;
    if (std::isfinite(workload.max_extra_cpu_us)) {
      met = met && Median(extra_cpu) <= workload.max_extra_cpu_us;
    }
    row.met = met;
  }
  return row;
}

// Rows for the floors themselves: what an empty call costs here.
Row FloorRow(const std::string& name, const std::string& floor, const std::vector<Phase>& phases,
             const std::vector<double>& ratios, const std::string& unit) {
  Row row;
  row.workload = name;
  row.floor = floor;
  row.rate_unit = unit;
  SetRatio(row, ratios);
  std::vector<double> rates;
  for (const Phase& p : phases) rates.push_back(p.units_per_second());
  row.rate = Median(rates);
  FillLatency(row, phases);
  FillServer(row, phases, unit != "calls/s");
  if (unit != "calls/s") row.cpu_unit = "msg";
  return row;
}

}  // namespace

void RunRpcFloors(SizeRun& run) {
  const BenchConfig& config = run.config;
  std::vector<Phase> inline_pings, pool_pings, inline_streams, pool_streams;
  std::vector<double> ones, pool_ratio, ones_stream, stream_ratio;
  constexpr int kStreamMessages = 2000;
  constexpr int kStreamPayload = 256;
  Row failed;
  failed.workload = "RPC floors";
  for (int rep = 0; rep < config.reps; ++rep) {
    Slots a = PingSlots(run.server.channel(), false);
    absl::StatusOr<Phase> inline_ping = RunServerPhase(run.server.pid(), PhaseLoad(config), a);
    Slots b = PingSlots(run.server.channel(), true);
    absl::StatusOr<Phase> pool_ping = RunServerPhase(run.server.pid(), PhaseLoad(config), b);
    absl::StatusOr<Phase> inline_stream =
        PingStreamPhase(run.server, kStreamMessages, kStreamPayload, false);
    absl::StatusOr<Phase> pool_stream =
        PingStreamPhase(run.server, kStreamMessages, kStreamPayload, true);
    if (!PhaseOk(inline_ping, failed) || !PhaseOk(pool_ping, failed) ||
        !PhaseOk(inline_stream, failed) || !PhaseOk(pool_stream, failed)) {
      run.report.Add(failed);
      return;
    }
    ones.push_back(1.0);
    pool_ratio.push_back(pool_ping->p50_us() / inline_ping->p50_us());
    ones_stream.push_back(1.0);
    stream_ratio.push_back(pool_stream->seconds / inline_stream->seconds);
    inline_pings.push_back(*std::move(inline_ping));
    pool_pings.push_back(*std::move(pool_ping));
    inline_streams.push_back(*std::move(inline_stream));
    pool_streams.push_back(*std::move(pool_stream));
  }
  const std::string shape = absl::StrCat(kStreamMessages, "x", kStreamPayload, "B");
  Row rows[] = {
      FloorRow("Ping (empty unary)", "itself", inline_pings, ones, "calls/s"),
      FloorRow("Ping via worker pool", "empty unary p50 (Ping)", pool_pings, pool_ratio,
               "calls/s"),
      FloorRow(absl::StrCat("PingStream ", shape), "itself", inline_streams, ones_stream,
               "msgs/s"),
      FloorRow(absl::StrCat("PingStream ", shape, " pool"), "inline PingStream time",
               pool_streams, stream_ratio, "msgs/s"),
  };
  for (Row& row : rows) {
    row.graph_edges = run.data.target_edges;
    run.report.Add(std::move(row));
  }
}

void RunGetNode(SizeRun& run) {
  const SyntheticData& data = run.data;
  auto stub = std::shared_ptr<v1::GraphService::Stub>(v1::GraphService::NewStub(run.server.channel()));
  UnaryWorkload workload;
  workload.name = "GetNode";
  workload.target = "p50<=1.3x, CPU<=+10us";
  workload.target_ratio = 1.3;
  workload.max_extra_cpu_us = 10;
  workload.make_slots = [&data, stub] {
    Slots slots;
    slots.push_back(std::make_unique<UnarySlot<v1::GetNodeRequest, v1::Node>>(
        [stub](grpc::ClientContext* ctx, const v1::GetNodeRequest* request, v1::Node* response,
               std::function<void(grpc::Status)> done) {
          stub->async()->GetNode(ctx, request, response, std::move(done));
        },
        [&data](int64_t index, v1::GetNodeRequest* request) {
          request->set_name(data.node_names[Pick(index, data.node_names.size())]);
        }));
    return slots;
  };
  Row row = CompareToPing(run.server, run.config, data.target_edges, workload);
  // The storage part alone: raw Gets of the same keys, in-process.
  std::vector<std::string> names;
  for (int64_t i = 0; i < 2000; ++i) names.push_back(data.node_names[Pick(i, data.node_names.size())]);
  absl::StatusOr<Phase> raw =
      MeasureLocal([&]() -> absl::StatusOr<double> {
        absl::StatusOr<RawWork> work = RawGets(run.mirror.raw(), names);
        if (!work.ok()) return work.status();
        return static_cast<double>(work->vertices);
      });
  if (raw.ok()) row.Detail("raw_get_us", raw->seconds_per_unit() * 1e6);
  run.report.Add(row);
}

void RunCreateNode(SizeRun& run) {
  static std::atomic<int64_t> next_id{0};
  auto stub = std::shared_ptr<v1::GraphService::Stub>(v1::GraphService::NewStub(run.server.channel()));
  UnaryWorkload workload;
  workload.name = "CreateNode";
  workload.target = "p50<=1.5x";
  workload.target_ratio = 1.5;
  workload.make_slots = [stub] {
    Slots slots;
    slots.push_back(std::make_unique<UnarySlot<v1::CreateNodeRequest, v1::Node>>(
        [stub](grpc::ClientContext* ctx, const v1::CreateNodeRequest* request, v1::Node* response,
               std::function<void(grpc::Status)> done) {
          stub->async()->CreateNode(ctx, request, response, std::move(done));
        },
        [](int64_t, v1::CreateNodeRequest* request) {
          const int64_t id = next_id.fetch_add(1);
          request->set_node_id(absl::StrCat("bench-create-", id));
          request->mutable_node()->mutable_claim()->set_statement(
              absl::StrCat("Benchmark statement number ", id, " about recovery"));
          request->mutable_node()->add_labels("bench");
        }));
    return slots;
  };
  run.report.Add(CompareToPing(run.server, run.config, run.data.target_edges, workload));
}

void RunExplainDemo(const BenchConfig& config, Report& report) {
  const std::string kName = "ExplainClaim demo";
  BenchServerOptions options = ServerOptions(config);
  options.seed_file = config.demo_graph;
  absl::StatusOr<std::unique_ptr<BenchServer>> server = BenchServer::Start(options);
  if (!server.ok()) {
    report.Add(Skipped(kName, 0, absl::StrCat("demo server: ", server.status().message())));
    return;
  }
  if (!ServesQueries(**server)) {
    report.Add(Skipped(kName, 0, "QueryService not served by this build"));
    return;
  }
  auto stub = std::shared_ptr<v1::QueryService::Stub>(v1::QueryService::NewStub((*server)->channel()));
  UnaryWorkload workload;
  workload.name = kName;
  workload.target = "p50<=2x";
  workload.target_ratio = 2.0;
  workload.make_slots = [stub] {
    Slots slots;
    slots.push_back(std::make_unique<UnarySlot<v1::ExplainClaimRequest, v1::ClaimExplanation>>(
        [stub](grpc::ClientContext* ctx, const v1::ExplainClaimRequest* request,
               v1::ClaimExplanation* response, std::function<void(grpc::Status)> done) {
          stub->async()->ExplainClaim(ctx, request, response, std::move(done));
        },
        [](int64_t, v1::ExplainClaimRequest* request) {
          request->set_name("claims/massage-reduces-inflammation");
        }));
    return slots;
  };
  Row row = CompareToPing(**server, config, 0, workload);
  report.Add(row);
  (void)(*server)->Stop();
}

}  // namespace evidencegraph::bench
