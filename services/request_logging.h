// A server interceptor that logs one line per RPC and guarantees every
// response carries an "x-request-id" trailer.
//
//   I... request_logging.cc:NN] rpc /evidencegraph.v1.GraphService/GetNode
//        code=NOT_FOUND latency_ms=0.41 request_id=3f2a...
//
// The request id is the one the handler adopted (services/call_support.h
// AdoptRequestId puts it in the trailing metadata) so logs, error details and
// the client agree; for services that do not adopt one (health, reflection)
// the interceptor uses the client's "x-request-id" or generates one, and adds
// it to the trailers itself. Failed calls log at WARNING, internal errors are
// logged in detail by services/grpc_status.cc.
//
// Thread-safety: the factory is thread-safe; one interceptor per RPC.
// Ownership: install with
//   builder.experimental().SetInterceptorCreators(MakeRequestLoggingInterceptors());
#ifndef EVIDENCEGRAPH_SERVICES_REQUEST_LOGGING_H_
#define EVIDENCEGRAPH_SERVICES_REQUEST_LOGGING_H_

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <vector>

namespace evidencegraph::services {

class RequestLoggingInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

// The interceptor creators to hand to ServerBuilder.
std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
MakeRequestLoggingInterceptors();

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_REQUEST_LOGGING_H_
