#include "services/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "evidencegraph/v1/graph_service.grpc.pb.h"
#include "grpc/health/v1/health.pb.h"
#include "services/diagnostics_service.h"
#include "services/graph_service.h"
#include "services/query_service.h"
#include "services/request_logging.h"
#include "services/seed_loader.h"

namespace evidencegraph::services {
namespace {

int DefaultWorkerThreads() {
  const unsigned hw = std::thread::hardware_concurrency();
  return std::max(4, static_cast<int>(2 * (hw == 0 ? 1 : hw)));
}

int Millis(absl::Duration d) {
  return static_cast<int>(std::min<int64_t>(absl::ToInt64Milliseconds(d), INT32_MAX));
}

}  // namespace

absl::Status ValidateServerConfig(const ServerConfig& c) {
  if (c.listen_address.empty()) return InvalidField("listen", "is required (host:port)");
  if (c.data_dir.empty()) return InvalidField("data_dir", "is required");
  if (c.seed && c.seed_file.empty()) {
    return InvalidField("seed_file", "is required when seed is on");
  }
  if (c.max_message_bytes < 64 * 1024 || c.max_message_bytes > (1u << 30)) {
    return InvalidField("max_message_bytes", absl::StrCat("must be in [65536, 1073741824], got ",
                                                          c.max_message_bytes));
  }
  if (c.worker_threads < 0 || c.worker_threads > 512) {
    return InvalidField("worker_threads",
                        absl::StrCat("must be in [0, 512] (0 = auto), got ", c.worker_threads));
  }
  if (c.max_queue < 1) return InvalidField("max_queue", "must be at least 1");
  if (c.max_batch_operations < 1 || c.max_batch_operations > 100000) {
    return InvalidField("max_batch_operations",
                        absl::StrCat("must be in [1, 100000], got ", c.max_batch_operations));
  }
  if (c.max_import_records < 1 || c.max_import_records > 1000000) {
    return InvalidField("max_import_records",
                        absl::StrCat("must be in [1, 1000000], got ", c.max_import_records));
  }
  if (c.request_id_retention < absl::Minutes(1)) {
    return InvalidField("request_id_retention",
                        "must be at least 1m (clients retry within minutes), or inf");
  }
  if (c.import_ingest_min_records < 0) {
    return InvalidField("import_ingest_min_records",
                        absl::StrCat("must be >= 0, got ", c.import_ingest_min_records));
  }
  if (c.max_bulk_import_records < 1) {
    return InvalidField("max_bulk_import_records",
                        absl::StrCat("must be >= 1, got ", c.max_bulk_import_records));
  }
  if (c.shutdown_grace < absl::ZeroDuration()) {
    return InvalidField("shutdown_grace_seconds", "must be >= 0");
  }
  if (c.keepalive_time <= absl::ZeroDuration() || c.keepalive_timeout <= absl::ZeroDuration() ||
      c.min_client_ping_interval <= absl::ZeroDuration()) {
    return InvalidField("keepalive", "keepalive durations must be positive");
  }
  return absl::OkStatus();
}

EvidenceGraphServer::EvidenceGraphServer(const ServerConfig& config) : config_(config) {}

EvidenceGraphServer::~EvidenceGraphServer() { Shutdown(); }

absl::StatusOr<std::unique_ptr<EvidenceGraphServer>> EvidenceGraphServer::Start(
    const ServerConfig& config) {
  RETURN_IF_ERROR(ValidateServerConfig(config));
  std::unique_ptr<EvidenceGraphServer> server(new EvidenceGraphServer(config));
  absl::Status status = server->Init();
  if (!status.ok()) {
    server->Shutdown();
    return status;
  }
  return server;
}

absl::Status EvidenceGraphServer::Init() {
  storage::GraphStoreOptions store_options;
  store_options.path = config_.data_dir;
  store_options.block_cache_bytes = config_.block_cache_bytes;
  store_options.sync_writes = config_.sync_writes;
  store_options.request_id_retention = config_.request_id_retention;
  store_options.import_ingest_min_records = config_.import_ingest_min_records;
  absl::StatusOr<std::unique_ptr<storage::GraphStore>> store =
      storage::GraphStore::Open(store_options);
  if (!store.ok()) {
    return absl::Status(store.status().code(),
                        absl::StrCat("cannot open the store in \"", config_.data_dir,
                                     "\": ", store.status().message()));
  }
  store_ = *std::move(store);
  RETURN_IF_ERROR(SeedIfEmpty());

  WorkerPoolOptions pool_options;
  pool_options.threads =
      config_.worker_threads > 0 ? config_.worker_threads : DefaultWorkerThreads();
  pool_options.max_queue = config_.max_queue;
  pool_ = std::make_unique<WorkerPool>(pool_options);

  // Reflection can only describe messages whose descriptors are linked in;
  // the health service's generated code is otherwise unused by this binary
  // and would be dropped by the linker.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  builder.AddListeningPort(config_.listen_address, grpc::InsecureServerCredentials(), &port_);
  const int max_bytes = static_cast<int>(std::min<size_t>(config_.max_message_bytes, INT32_MAX));
  builder.SetMaxReceiveMessageSize(max_bytes);
  builder.SetMaxSendMessageSize(max_bytes);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, Millis(config_.keepalive_time));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, Millis(config_.keepalive_timeout));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             Millis(config_.min_client_ping_interval));
  builder.experimental().SetInterceptorCreators(MakeRequestLoggingInterceptors());

  RegisterServices(ServiceDeps{*store_, *pool_, config_});
  for (const std::unique_ptr<grpc::Service>& service : services_) {
    builder.RegisterService(service.get());
  }

  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    return MakeError(absl::StatusCode::kUnavailable, "LISTEN_FAILED",
                     absl::StrCat("cannot listen on \"", config_.listen_address,
                                  "\" (address in use or invalid?)"));
  }
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  if (health != nullptr) {
    health->SetServingStatus(true);  // overall ("")
    for (const std::string& name : service_names_) health->SetServingStatus(name, true);
  }
  EG_LOG(INFO) << "serving on " << config_.listen_address << " (port " << port_ << "), data in "
               << config_.data_dir << ", " << pool_->threads() << " workers";
  return absl::OkStatus();
}

void EvidenceGraphServer::RegisterServices(const ServiceDeps& deps) {
  GraphServiceOptions graph_options;
  graph_options.max_batch_operations = deps.config.max_batch_operations;
  graph_options.max_import_records = deps.config.max_import_records;
  graph_options.max_bulk_import_records = deps.config.max_bulk_import_records;
  graph_options.max_message_bytes = deps.config.max_message_bytes;
  AddService(v1::GraphService::service_full_name(),
             std::make_unique<GraphServiceImpl>(deps.store, deps.pool, graph_options));
  if (deps.config.enable_diagnostics) {
    AddService(diagnostics::v1::DiagnosticsService::service_full_name(),
               std::make_unique<DiagnosticsServiceImpl>(deps.pool));
  }
  AddService(v1::QueryService::service_full_name(),
             std::make_unique<QueryServiceImpl>(deps.store, deps.pool));
}

void EvidenceGraphServer::AddService(const std::string& full_name,
                                     std::unique_ptr<grpc::Service> service) {
  service_names_.push_back(full_name);
  services_.push_back(std::move(service));
}

absl::Status EvidenceGraphServer::SeedIfEmpty() {
  if (!config_.seed) return absl::OkStatus();
  ASSIGN_OR_RETURN(bool empty, store_->IsEmpty());
  if (!empty) {
    EG_LOG(INFO) << "store not empty; seed file " << config_.seed_file << " not loaded";
    return absl::OkStatus();
  }
  SeedOptions options;
  options.max_records_per_line = config_.max_import_records;
  ASSIGN_OR_RETURN(SeedSummary summary, LoadSeedFile(config_.seed_file, *store_, options));
  EG_LOG(INFO) << "seeded from " << config_.seed_file << ": " << summary.nodes_created
               << " nodes, " << summary.edges_created << " edges in " << summary.batches
               << " batches";
  return absl::OkStatus();
}

void EvidenceGraphServer::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  const bool was_serving = server_ != nullptr;
  if (was_serving) {
    EG_LOG(INFO) << "shutting down: NOT_SERVING, draining calls for up to "
                 << absl::FormatDuration(config_.shutdown_grace);
    grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
    // Every service NOT_SERVING (and Watch streams told so) before the
    // listener closes, so load balancers stop sending new calls.
    if (health != nullptr) health->Shutdown();
    const auto deadline = std::chrono::system_clock::now() +
                          absl::ToChronoMilliseconds(config_.shutdown_grace);
    server_->Shutdown(deadline);
    server_->Wait();
    EG_LOG(INFO) << "calls drained";
  }
  // Queued tasks still finish their (cancelled) calls; then the workers join.
  if (pool_ != nullptr) pool_->Shutdown();
  server_.reset();
  services_.clear();
  pool_.reset();
  if (was_serving) {
    EG_LOG(INFO) << "workers stopped; closing the store";
  }
  store_.reset();  // closes RocksDB cleanly (flushes the WAL)
  if (was_serving) {
    EG_LOG(INFO) << "shutdown complete";
  }
}

}  // namespace evidencegraph::services
