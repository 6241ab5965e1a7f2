// The EvidenceGraph server: opens the store, seeds it, serves every gRPC
// service of the API plus health checking and reflection, and shuts down
// gracefully.
//
// Lifecycle
//   Start():    validate the config -> open the GraphStore -> seed when asked
//               and the store is empty -> start the WorkerPool -> build the
//               gRPC server (services, health, reflection, request logging,
//               message size and keepalive limits) -> mark every service
//               SERVING.
//   Shutdown(): health NOT_SERVING (probes and Watch streams see it) ->
//               grpc::Server::Shutdown(now + grace): no new calls, in-flight
//               calls drain until the grace ends, then are cancelled ->
//               the pool drains and joins -> the store closes. Idempotent;
//               the destructor runs it too.
//
// Adding a service (e.g. QueryService) is one line in server.cc,
// RegisterServices(): construct it from the ServiceDeps and AddService() it;
// it then also gets a health status under its full name.
//
// Thread-safety: Start() and Shutdown() are called by one controlling thread
// (main). port() is safe from any thread.
// Ownership: the server owns the store, the pool and the services.
#ifndef EVIDENCEGRAPH_SERVICES_SERVER_H_
#define EVIDENCEGRAPH_SERVICES_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "services/worker_pool.h"
#include "storage/graph_store.h"

namespace evidencegraph::services {

// Everything the server can be told; services/main.cc fills it from flags.
struct ServerConfig {
  // host:port to listen on; port 0 picks a free port (see port()).
  std::string listen_address = "127.0.0.1:50051";
  // RocksDB folder; created if missing.
  std::string data_dir = "./var/data";
  // Load seed_file when the store is empty (a store holding any node is
  // never touched). Seeding an empty store from a missing or invalid file
  // fails startup, naming the file (and the line).
  bool seed = true;
  std::string seed_file = "data/demo_graph.ndjson";
  // Largest request and response message.
  size_t max_message_bytes = 4u << 20;
  // WorkerPool threads; 0 = max(4, 2 x hardware threads).
  int worker_threads = 0;
  // WorkerPool queue bound; beyond it calls get RESOURCE_EXHAUSTED.
  size_t max_queue = 1024;
  // BatchWrite operations per request.
  int max_batch_operations = 1000;
  // ImportGraph nodes + edges per stream message (and per seed line).
  int max_import_records = 10000;
  // Import batches creating at least this many records go to RocksDB as
  // ingested SST files (storage/sst_ingest.h); 0 = never (the default: on
  // the reference machine the per-message fsyncs make it slower).
  int import_ingest_min_records = 0;
  // Records (nodes + edges) one bulk ImportGraph stream may stage.
  int64_t max_bulk_import_records = 5000000;
  // How long in-flight calls may drain on shutdown.
  absl::Duration shutdown_grace = absl::Seconds(10);
  // RocksDB block cache.
  size_t block_cache_bytes = 64u << 20;
  // fsync every write.
  bool sync_writes = false;
  // How long a request_id keeps replaying its first response (then it is
  // free again and its record is dropped); infinite = for good.
  absl::Duration request_id_retention = absl::Hours(24);
  // Log lines below this severity are dropped.
  LogSeverity log_level = LogSeverity::kInfo;
  // HTTP/2 keepalive: ping idle clients after keepalive_time, drop them if
  // no answer within keepalive_timeout; accept client pings at most every
  // min_client_ping_interval (clients pinging faster get GOAWAY).
  absl::Duration keepalive_time = absl::Minutes(1);
  absl::Duration keepalive_timeout = absl::Seconds(20);
  absl::Duration min_client_ping_interval = absl::Seconds(10);
  // Also serve evidencegraph.diagnostics.v1.DiagnosticsService (empty Ping
  // and PingStream RPCs, the transport floors of the benchmarks). Not product
  // API, so off by default.
  bool enable_diagnostics = false;
};

// INVALID_ARGUMENT naming the first out-of-range setting.
absl::Status ValidateServerConfig(const ServerConfig& config);

// What a service needs from the server; valid for the server's lifetime.
struct ServiceDeps {
  storage::GraphStore& store;
  WorkerPool& pool;
  const ServerConfig& config;
};

class EvidenceGraphServer {
 public:
  // Opens, seeds and starts serving. Errors name what failed: a bad config
  // (INVALID_ARGUMENT), the store (its status), the seed file (with its line
  // number), or the listen address (UNAVAILABLE).
  static absl::StatusOr<std::unique_ptr<EvidenceGraphServer>> Start(const ServerConfig& config);

  ~EvidenceGraphServer();
  EvidenceGraphServer(const EvidenceGraphServer&) = delete;
  EvidenceGraphServer& operator=(const EvidenceGraphServer&) = delete;

  // The bound port (the real one when listen_address asked for port 0).
  int port() const { return port_; }

  // Graceful shutdown (see the lifecycle above). Idempotent.
  void Shutdown();

 private:
  explicit EvidenceGraphServer(const ServerConfig& config);
  absl::Status Init();
  absl::Status SeedIfEmpty();
  void RegisterServices(const ServiceDeps& deps);
  void AddService(const std::string& full_name, std::unique_ptr<grpc::Service> service);

  const ServerConfig config_;
  // Destroyed in reverse order: services and the pool before the store.
  std::unique_ptr<storage::GraphStore> store_;
  std::unique_ptr<WorkerPool> pool_;
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::vector<std::string> service_names_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  bool shut_down_ = false;
};

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_SERVER_H_
