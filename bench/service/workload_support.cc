#include "bench/service/workload_support.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/service/proc_stats.h"
#include "bench/service/rpc_slots.h"
#include "evidencegraph/v1/query_service.grpc.pb.h"

namespace evidencegraph::bench {

namespace diag = diagnostics::v1;

BenchServerOptions ServerOptions(const BenchConfig& config) {
  BenchServerOptions options;
  options.binary = config.server_binary;
  options.extra_flags = config.server_flags;
  if (config.pin.pinned) {
    options.pin_cpu = config.pin.server_cpu;
    options.taskset = config.pin.taskset;
  }
  return options;
}

LoadOptions PhaseLoad(const BenchConfig& config, int64_t max_calls) {
  LoadOptions options;
  options.duration = config.phase;
  options.max_calls = max_calls > 0 ? max_calls : config.max_calls_per_phase;
  return options;
}

std::vector<std::unique_ptr<CallSlot>> PingSlots(const std::shared_ptr<grpc::Channel>& channel,
                                                 bool use_worker_pool, int count) {
  std::shared_ptr<diag::DiagnosticsService::Stub> stub =
      diag::DiagnosticsService::NewStub(channel);
  std::vector<std::unique_ptr<CallSlot>> slots;
  for (int i = 0; i < count; ++i) {
    slots.push_back(std::make_unique<UnarySlot<diag::PingRequest, diag::PingResponse>>(
        [stub](grpc::ClientContext* ctx, const diag::PingRequest* request,
               diag::PingResponse* response, std::function<void(grpc::Status)> done) {
          stub->async()->Ping(ctx, request, response, std::move(done));
        },
        [use_worker_pool](int64_t, diag::PingRequest* request) {
          request->set_use_worker_pool(use_worker_pool);
        }));
  }
  return slots;
}

absl::StatusOr<double> PingP50Seconds(BenchServer& server, const BenchConfig& config) {
  std::vector<std::unique_ptr<CallSlot>> slots = PingSlots(server.channel(), false);
  LoadOptions options;
  options.duration = config.phase / 4;
  options.max_calls = 2000;
  absl::StatusOr<Phase> phase = RunServerPhase(server.pid(), options, slots);
  if (!phase.ok()) return phase.status();
  if (phase->failures > 0) return absl::InternalError("Ping: " + phase->first_error);
  return phase->p50_us() / 1e6;
}

absl::StatusOr<Phase> PingStreamPhase(BenchServer& server, int messages, int payload_bytes,
                                      bool use_worker_pool) {
  std::shared_ptr<diag::DiagnosticsService::Stub> stub =
      diag::DiagnosticsService::NewStub(server.channel());
  auto received = std::make_shared<int64_t>(0);
  std::vector<std::unique_ptr<CallSlot>> slots;
  slots.push_back(
      std::make_unique<ServerStreamSlot<diag::PingStreamRequest, diag::PingStreamResponse>>(
          [stub](grpc::ClientContext* ctx, const diag::PingStreamRequest* request,
                 grpc::ClientReadReactor<diag::PingStreamResponse>* reactor) {
            stub->async()->PingStream(ctx, request, reactor);
          },
          [=](int64_t, diag::PingStreamRequest* request) {
            request->set_count(messages);
            request->set_payload_bytes(payload_bytes);
            request->set_use_worker_pool(use_worker_pool);
          },
          [received](diag::PingStreamResponse*) { ++*received; }));
  LoadOptions one;
  one.duration = absl::Hours(1);  // bounded by the call count
  one.max_calls = 1;
  absl::StatusOr<Phase> phase = RunServerPhase(server.pid(), one, slots);
  if (phase.ok()) {
    phase->units = static_cast<double>(*received);
    if (phase->failures > 0) return absl::InternalError("PingStream: " + phase->first_error);
  }
  return phase;
}

void FillLatency(Row& row, const std::vector<Phase>& phases) {
  std::vector<double> p50, p90, p99;
  for (const Phase& p : phases) {
    p50.push_back(p.latency.Percentile(0.5) / 1e3);
    p90.push_back(p.latency.Percentile(0.9) / 1e3);
    p99.push_back(p.latency.Percentile(0.99) / 1e3);
  }
  row.p50_us = Median(p50);
  row.p90_us = Median(p90);
  row.p99_us = Median(p99);
}

void FillServer(Row& row, const std::vector<Phase>& phases, bool per_unit) {
  std::vector<double> cpu, switches;
  int64_t hwm = 0;
  for (const Phase& p : phases) {
    cpu.push_back(per_unit ? p.server_cpu_us_per_unit() : p.server_cpu_us_per_call());
    switches.push_back(p.switches_per_call());
    hwm = std::max(hwm, p.server_hwm_kb);
  }
  row.server_cpu_us = Median(cpu);
  row.Detail("server_context_switches_per_call", Median(switches));
  if (hwm > 0) row.peak_rss_mib = static_cast<double>(hwm) / 1024.0;
}

Row Skipped(const std::string& workload, int64_t graph_edges, const std::string& why) {
  Row row;
  row.workload = workload;
  row.graph_edges = graph_edges;
  row.note = why;
  return row;
}

size_t Pick(int64_t index, size_t n, uint64_t salt) {
  if (n == 0) return 0;
  const uint64_t h = (static_cast<uint64_t>(index) + salt * 0x9E3779B97F4A7C15ull + 1) *
                     0x9E3779B97F4A7C15ull;
  return static_cast<size_t>((h >> 17) % n);
}

double WaitForQuiescence(pid_t pid, absl::Duration limit) {
  const absl::Time start = absl::Now();
  constexpr absl::Duration kWindow = absl::Milliseconds(500);
  absl::StatusOr<ProcSample> before = SampleProcess(pid);
  while (before.ok() && absl::Now() - start < limit) {
    absl::SleepFor(kWindow);
    absl::StatusOr<ProcSample> after = SampleProcess(pid);
    if (!after.ok()) break;
    const double used = after->cpu_seconds - before->cpu_seconds;
    if (used < 0.05 * absl::ToDoubleSeconds(kWindow)) break;
    before = after;
  }
  return absl::ToDoubleSeconds(absl::Now() - start);
}

bool ServesQueries(BenchServer& server) {
  auto stub = v1::QueryService::NewStub(server.channel());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::SearchClaimsRequest request;
  request.set_query("probe");
  request.set_page_size(1);
  v1::SearchClaimsResponse response;
  const grpc::Status status = stub->SearchClaims(&ctx, request, &response);
  return status.error_code() != grpc::StatusCode::UNIMPLEMENTED;
}

bool PhaseOk(const absl::StatusOr<Phase>& phase, Row& row) {
  if (!phase.ok()) {
    row.note = absl::StrCat("failed: ", phase.status().message());
    return false;
  }
  if (phase->failures > 0) {
    row.note = absl::StrCat(phase->failures, " calls failed, first: ", phase->first_error);
    return false;
  }
  return true;
}

}  // namespace evidencegraph::bench
