// DiagnosticsService (evidencegraph.diagnostics.v1): the transport floors the
// benchmarks divide every workload by (bench/service).
//
//   Ping        an empty unary answer, either straight from the gRPC thread
//               (the floor of any unary RPC) or through RunUnary on the
//               WorkerPool (the floor of every handler of this server, which
//               all hand off to the pool).
//   PingStream  `count` messages of `payload_bytes` padding, either written
//               from the reactor itself (the transport's floor) or produced
//               one per pool task by the same PooledWriteReactor that
//               ExportGraph and Traverse use (their floor).
//
// Registered only when ServerConfig::enable_diagnostics is set (flag
// --enable_diagnostics, off by default): it does nothing harmful, but it is
// not product API.
//
// Thread-safety: thread-safe (gRPC calls handlers concurrently).
// Ownership: borrows the pool, which must outlive the service.
#ifndef EVIDENCEGRAPH_SERVICES_DIAGNOSTICS_SERVICE_H_
#define EVIDENCEGRAPH_SERVICES_DIAGNOSTICS_SERVICE_H_

#include "evidencegraph/diagnostics/v1/diagnostics_service.grpc.pb.h"
#include "services/worker_pool.h"

namespace evidencegraph::services {

// Request bounds; beyond them INVALID_ARGUMENT naming the field.
inline constexpr int kMaxPingStreamCount = 1'000'000;
inline constexpr int kMaxPingPayloadBytes = 1 << 20;

class DiagnosticsServiceImpl final
    : public diagnostics::v1::DiagnosticsService::CallbackService {
 public:
  explicit DiagnosticsServiceImpl(WorkerPool& pool) : pool_(pool) {}

  grpc::ServerUnaryReactor* Ping(grpc::CallbackServerContext* ctx,
                                 const diagnostics::v1::PingRequest* request,
                                 diagnostics::v1::PingResponse* response) override;

  grpc::ServerWriteReactor<diagnostics::v1::PingStreamResponse>* PingStream(
      grpc::CallbackServerContext* ctx,
      const diagnostics::v1::PingStreamRequest* request) override;

 private:
  WorkerPool& pool_;
};

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_DIAGNOSTICS_SERVICE_H_
