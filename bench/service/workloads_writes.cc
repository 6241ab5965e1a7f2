// Write workloads: ImportGraph (each repetition into a fresh server) and
// BatchWrite, against raw RocksDB writes of the same bytes.
#include <algorithm>
#include <atomic>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "bench/service/import_client.h"
#include "bench/service/proc_stats.h"
#include "bench/service/rpc_slots.h"
#include "bench/service/workloads.h"
#include "evidencegraph/v1/graph_service.grpc.pb.h"
#include "services/write_ops.h"

namespace evidencegraph::bench {
namespace {

constexpr int kBatchNodes = 250;      // studies per BatchWrite
constexpr int kEdgesPerNode = 3;      // SUPPORTS edges per new study
constexpr int kBatchItems = kBatchNodes * (1 + kEdgesPerNode);
constexpr int64_t kMaxBatchWritesPerPhase = 40;

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// BatchWrite number `id`: 250 new studies, each supporting three existing
// claims. Deterministic in `id`, so the mirror gets the very same request.
v1::BatchWriteRequest MakeBatchWrite(int64_t id, const SyntheticData& data) {
  v1::BatchWriteRequest request;
  const size_t claims = data.claim_names.size();
  for (int i = 0; i < kBatchNodes; ++i) {
    const std::string node_id = absl::StrCat("bw-", id, "-", i);
    v1::CreateNodeRequest* create = request.add_operations()->mutable_create_node();
    create->set_node_id(node_id);
    v1::Study* study = create->mutable_node()->mutable_study();
    study->mutable_citation()->set_title(absl::StrCat("Batch-written study ", id, "/", i));
    study->set_design(v1::STUDY_DESIGN_RCT);
    study->set_sample_size(100 + i);
    const size_t first = Pick(id * kBatchNodes + i, claims);
    for (int j = 0; j < kEdgesPerNode; ++j) {
      v1::Edge* edge = request.add_operations()->mutable_create_edge()->mutable_edge();
      edge->set_source(absl::StrCat("studies/", node_id));
      edge->set_kind(v1::EDGE_KIND_SUPPORTS);
      edge->set_target(data.claim_names[(first + j) % claims]);  // distinct targets
    }
  }
  return request;
}

// Sum over families of the memtable memory the options allow
// (write_buffer_size x max_write_buffer_number, plus the flushed memtables
// kept for optimistic conflict checks, max_write_buffer_size_to_maintain):
// what an import may legitimately hold in RAM as write buffers.
double WriteBufferBudgetMiB(const storage::RocksDb& db) {
  double bytes = 0;
  for (storage::keys::Family family : storage::keys::kAllFamilies) {
    const rocksdb::Options options = db.db()->GetOptions(db.cf(family));
    bytes += static_cast<double>(options.write_buffer_size) * options.max_write_buffer_number +
             static_cast<double>(std::max<int64_t>(0, options.max_write_buffer_size_to_maintain));
  }
  return bytes / (1 << 20);
}

}  // namespace

absl::StatusOr<double> LoadMirror(const SyntheticData& data, MirrorStore& mirror,
                                  CapturedWrites* captured) {
  double seconds = 0;
  for (const v1::ImportGraphRequest& batch : data.batches) {
    const std::vector<v1::Node> nodes(batch.nodes().begin(), batch.nodes().end());
    const std::vector<v1::Edge> edges(batch.edges().begin(), batch.edges().end());
    absl::Status status = CaptureWrites(mirror.raw(), [&]() -> absl::Status {
      const auto start = std::chrono::steady_clock::now();
      absl::StatusOr<storage::ImportBatchResult> result =
          mirror.store().ImportBatch(nodes, edges, /*fail_on_conflict=*/false);
      seconds += Seconds(std::chrono::steady_clock::now() - start);
      return result.status();
    }, captured);
    if (!status.ok()) return status;
  }
  return seconds;
}

absl::StatusOr<std::unique_ptr<BenchServer>> RunImport(const BenchConfig& config,
                                                       const SyntheticData& data,
                                                       const MirrorStore& mirror,
                                                       const CapturedWrites& captured,
                                                       Report& report) {
  absl::StatusOr<DbContents> contents = ReadAllFamilies(mirror.raw());
  if (!contents.ok()) return contents.status();
  const double records = static_cast<double>(data.nodes + data.edges);
  std::vector<double> ratios, ratios_sst, rates, cpu, wb_secs, sst_secs, import_secs;
  // IMPORT_MODE_BULK, each repetition into a fresh server of its own.
  const bool bulk = config.Wants("ImportGraph") || config.Wants("ImportGraphBulk");
  std::vector<double> bulk_ratios, bulk_rates, bulk_cpu, bulk_secs;
  int64_t bulk_hwm_kb = 0;
  std::vector<double> idle_mib, growth_mib;
  int64_t hwm_kb = 0;
  std::unique_ptr<BenchServer> last;
  for (int rep = 0; rep < config.reps; ++rep) {
    absl::StatusOr<double> wb = TimeWriteBatches(captured);
    if (!wb.ok()) return wb.status();
    absl::StatusOr<double> sst = TimeSstIngest(*contents);
    if (!sst.ok()) return sst.status();
    if (last != nullptr) (void)last->Stop();
    if (bulk) {
      absl::StatusOr<std::unique_ptr<BenchServer>> bulk_server =
          BenchServer::Start(ServerOptions(config));
      if (!bulk_server.ok()) return bulk_server.status();
      auto bulk_stub = v1::GraphService::NewStub((*bulk_server)->channel());
      absl::StatusOr<Phase> phase =
          MeasureServer((*bulk_server)->pid(), [&]() -> absl::StatusOr<double> {
            absl::StatusOr<v1::ImportGraphResponse> response = ImportBatches(
                *bulk_stub, data.batches, absl::Minutes(20), v1::IMPORT_MODE_BULK);
            if (!response.ok()) return response.status();
            if (response->batches_failed() != 0 || response->edges_created() != data.edges) {
              return absl::InternalError(
                  absl::StrCat("bulk import incomplete: ", response->DebugString()));
            }
            return static_cast<double>(response->edges_created());
          });
      (void)(*bulk_server)->Stop();
      if (!phase.ok()) return phase.status();
      bulk_ratios.push_back(phase->seconds / *sst);
      bulk_rates.push_back(phase->units_per_second());
      bulk_cpu.push_back(phase->server_cpu_seconds * 1e6 / records);
      bulk_secs.push_back(phase->seconds);
      bulk_hwm_kb = std::max(bulk_hwm_kb, phase->server_hwm_kb);
    }
    absl::StatusOr<std::unique_ptr<BenchServer>> server = BenchServer::Start(ServerOptions(config));
    if (!server.ok()) return server.status();
    last = *std::move(server);
    absl::StatusOr<ProcSample> idle = SampleProcess(last->pid());
    if (!idle.ok()) return idle.status();
    auto stub = v1::GraphService::NewStub(last->channel());
    absl::StatusOr<Phase> phase = MeasureServer(last->pid(), [&]() -> absl::StatusOr<double> {
      absl::StatusOr<v1::ImportGraphResponse> response =
          ImportBatches(*stub, data.batches, absl::Minutes(20));
      if (!response.ok()) return response.status();
      if (response->batches_failed() != 0 || response->edges_created() != data.edges) {
        return absl::InternalError(absl::StrCat("import incomplete: ", response->DebugString()));
      }
      return static_cast<double>(response->edges_created());
    });
    if (!phase.ok()) return phase.status();
    ratios.push_back(phase->seconds / *wb);
    ratios_sst.push_back(phase->seconds / *sst);
    rates.push_back(phase->units_per_second());
    cpu.push_back(phase->server_cpu_seconds * 1e6 / records);
    wb_secs.push_back(*wb);
    sst_secs.push_back(*sst);
    import_secs.push_back(phase->seconds);
    idle_mib.push_back(idle->vm_rss_kb / 1024.0);
    growth_mib.push_back((phase->server_hwm_kb - idle->vm_rss_kb) / 1024.0);
    hwm_kb = std::max(hwm_kb, phase->server_hwm_kb);
  }
  Row row;
  row.workload = "ImportGraph";
  row.graph_edges = data.target_edges;
  row.floor = "raw WriteBatch, same bytes";
  SetRatio(row, ratios);
  row.rate = Median(rates);
  row.rate_unit = "edges/s";
  row.p50_us = Median(import_secs) * 1e6;
  row.server_cpu_us = Median(cpu);
  row.cpu_unit = "record";
  row.peak_rss_mib = hwm_kb / 1024.0;
  row.target = ">=300k edges/s";
  row.met = row.rate >= 300'000;
  row.Detail("ratio_vs_sst_ingest", Median(ratios_sst));
  row.Detail("writebatch_seconds", Median(wb_secs));
  row.Detail("sst_ingest_seconds", Median(sst_secs));
  row.Detail("import_seconds", Median(import_secs));
  row.Detail("records", records);
  row.Detail("captured_keys", static_cast<double>(CapturedKeys(captured)));
  row.Detail("captured_bytes", static_cast<double>(CapturedBytes(captured)));
  row.Detail("wire_bytes", static_cast<double>(data.wire_bytes));
  row.Detail("writebatch_keys_per_second", CapturedKeys(captured) / Median(wb_secs));
  row.Detail("sst_keys_per_second", ContentKeys(*contents) / Median(sst_secs));
  report.Add(row);

  Row sst;
  sst.workload = "ImportGraph vs SST ingest";
  sst.graph_edges = data.target_edges;
  sst.floor = "SstFileWriter+Ingest, same bytes";
  SetRatio(sst, ratios_sst);
  sst.rate = data.edges / Median(sst_secs);
  sst.rate_unit = "edges/s (floor)";
  sst.target = "stretch >=1M edges/s";
  sst.met = row.rate >= 1'000'000;
  report.Add(sst);

  if (bulk) {
    Row row_bulk;
    row_bulk.workload = "ImportGraphBulk";
    row_bulk.graph_edges = data.target_edges;
    row_bulk.floor = "SstFileWriter+Ingest, same bytes";
    SetRatio(row_bulk, bulk_ratios);
    row_bulk.rate = Median(bulk_rates);
    row_bulk.rate_unit = "edges/s";
    row_bulk.p50_us = Median(bulk_secs) * 1e6;
    row_bulk.server_cpu_us = Median(bulk_cpu);
    row_bulk.cpu_unit = "record";
    row_bulk.peak_rss_mib = bulk_hwm_kb / 1024.0;
    row_bulk.target = ">=300k edges/s (stretch 1M)";
    row_bulk.met = row_bulk.rate >= 300'000;
    row_bulk.Detail("import_seconds", Median(bulk_secs));
    row_bulk.Detail("sst_ingest_seconds", Median(sst_secs));
    row_bulk.note = "IMPORT_MODE_BULK: staged, one ingest at the end";
    report.Add(row_bulk);
  }

  Row memory;
  memory.workload = "Server memory";
  memory.graph_edges = data.target_edges;
  const double budget = WriteBufferBudgetMiB(mirror.raw());
  memory.floor = absl::StrCat("write buffers (", static_cast<int>(budget), " MiB)");
  std::vector<double> growth_ratios;
  for (double g : growth_mib) growth_ratios.push_back(g / budget);
  SetRatio(memory, growth_ratios);
  memory.rate = Median(idle_mib);
  memory.rate_unit = "MiB idle";
  memory.peak_rss_mib = hwm_kb / 1024.0;
  memory.target = "idle<64MiB, growth<=1x";
  memory.met = memory.rate < 64 && memory.ratio <= 1.0;
  memory.Detail("import_rss_growth_mib", Median(growth_mib));
  memory.Detail("write_buffer_budget_mib", budget);
  memory.note = "growth includes the block cache filling";
  report.Add(memory);
  return last;
}

void RunBatchWrite(SizeRun& run) {
  static std::atomic<int64_t> next_batch{0};
  Row row;
  row.workload = "BatchWrite";
  row.graph_edges = run.data.target_edges;
  row.floor = "raw WriteBatch, same bytes";
  row.rate_unit = "items/s";
  row.cpu_unit = "item";
  row.target = "<=2x, >=250k items/s";
  auto stub = std::shared_ptr<v1::GraphService::Stub>(v1::GraphService::NewStub(run.server.channel()));
  const SyntheticData& data = run.data;
  std::vector<Phase> works;
  std::vector<double> ratios, rates, store_secs_per_item;
  for (int rep = 0; rep < run.config.reps; ++rep) {
    const int64_t base = next_batch.load();
    std::vector<std::unique_ptr<CallSlot>> slots;
    slots.push_back(std::make_unique<UnarySlot<v1::BatchWriteRequest, v1::BatchWriteResponse>>(
        [stub](grpc::ClientContext* ctx, const v1::BatchWriteRequest* request,
               v1::BatchWriteResponse* response, std::function<void(grpc::Status)> done) {
          stub->async()->BatchWrite(ctx, request, response, std::move(done));
        },
        [&data, base](int64_t index, v1::BatchWriteRequest* request) {
          *request = MakeBatchWrite(base + index, data);
        }));
    absl::StatusOr<Phase> work =
        RunServerPhase(run.server.pid(), PhaseLoad(run.config, kMaxBatchWritesPerPhase), slots);
    if (!PhaseOk(work, row)) break;
    next_batch.fetch_add(work->calls);
    work->units = static_cast<double>(work->calls) * kBatchItems;
    // The same requests through the same translation into the mirror, in
    // process: the WAL gives back the exact bytes for the raw floor.
    CapturedWrites captured;
    double store_seconds = 0;
    for (int64_t i = 0; i < work->calls; ++i) {
      absl::StatusOr<storage::WriteRequest> request =
          services::TranslateBatchWrite(MakeBatchWrite(base + i, data), kBatchItems);
      if (!request.ok()) {
        row.note = absl::StrCat("translate: ", request.status().message());
        break;
      }
      absl::Status s = CaptureWrites(run.mirror.raw(), [&]() -> absl::Status {
        const auto start = std::chrono::steady_clock::now();
        absl::Status written = run.mirror.store().Write(*request).status();
        store_seconds += Seconds(std::chrono::steady_clock::now() - start);
        return written;
      }, &captured);
      if (!s.ok()) {
        row.note = absl::StrCat("mirror write: ", s.message());
        break;
      }
    }
    if (!row.note.empty()) break;
    absl::StatusOr<double> floor = TimeWriteBatches(captured);
    if (!floor.ok()) {
      row.note = absl::StrCat("raw WriteBatch: ", floor.status().message());
      break;
    }
    ratios.push_back(work->seconds / *floor);
    rates.push_back(work->units_per_second());
    store_secs_per_item.push_back(store_seconds / work->units);
    row.Detail(absl::StrCat("rep", rep, "_raw_keys_per_second"), CapturedKeys(captured) / *floor);
    works.push_back(*std::move(work));
  }
  if (!works.empty()) {
    SetRatio(row, ratios);
    row.rate = Median(rates);
    FillLatency(row, works);
    FillServer(row, works, /*per_unit=*/true);
    row.Detail("in_process_store_write_us_per_item", Median(store_secs_per_item) * 1e6);
    row.met = row.ratio <= 2.0 && row.rate >= 250'000;
  }
  run.report.Add(row);
}

}  // namespace evidencegraph::bench
