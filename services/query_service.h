// QueryService (evidencegraph.v1, query_service.proto) on the gRPC callback
// API: the thin layer over query/.
//
// Every handler checks the request's enums and names (INVALID_ARGUMENT
// naming the field), maps it onto the query/ option structs, runs the query
// on ONE storage snapshot and maps the answer back; bounds, caps and the
// rest of the semantics live in query/ and are documented there and in
// docs/queries.md. All work runs on the WorkerPool (services/call_support.h),
// never on gRPC threads, with two exceptions: ExplainClaim first tries the
// claim on gRPC's thread with a memory-only snapshot and a small cone bound
// (query::ExplainScope; RunUnaryInlineFirst), and goes to the pool when that
// declines (a read would need the disk, or the cone is larger); Traverse
// likewise answers a bad request and a short one-hop walk on gRPC's thread
// (services/traverse_inline.h; StartServerStreamInlineFirst). Both ways give
// the same answer. The call's cancellation and deadline reach the queries as
// a StopCheck.
//
// Traverse streams through a MessageSource: one batch of the BFS is computed
// per message, at most a few messages ahead of the write in flight (flow
// control), so a slow client holds a few batches of memory, not the walk.
// It is registered as a raw callback method: the request arrives as bytes
// (parsed here; unparsable is INVALID_ARGUMENT MALFORMED_REQUEST) and the
// responses leave as bytes written from the walk (services/traverse_stream.h).
// The wire is unchanged for clients, reflection included.
//
// Thread-safety: thread-safe (gRPC calls handlers concurrently).
// Ownership: borrows the store and the pool, which must outlive the service
// and every call it started.
#ifndef EVIDENCEGRAPH_SERVICES_QUERY_SERVICE_H_
#define EVIDENCEGRAPH_SERVICES_QUERY_SERVICE_H_

#include "evidencegraph/v1/query_service.grpc.pb.h"
#include "services/worker_pool.h"
#include "storage/graph_store.h"

namespace evidencegraph::services {

class QueryServiceImpl final
    : public v1::QueryService::WithRawCallbackMethod_Traverse<
          v1::QueryService::CallbackService> {
 public:
  QueryServiceImpl(storage::GraphStore& store, WorkerPool& pool);

  // `request` is a serialised TraverseRequest; the stream's messages are
  // serialised TraverseResponses (services/traverse_stream.h).
  grpc::ServerWriteReactor<grpc::ByteBuffer>* Traverse(
      grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request) override;
  grpc::ServerUnaryReactor* FindPaths(grpc::CallbackServerContext* ctx,
                                      const v1::FindPathsRequest* request,
                                      v1::FindPathsResponse* response) override;
  grpc::ServerUnaryReactor* GetSubgraph(grpc::CallbackServerContext* ctx,
                                        const v1::GetSubgraphRequest* request,
                                        v1::GetSubgraphResponse* response) override;
  grpc::ServerUnaryReactor* ExplainClaim(grpc::CallbackServerContext* ctx,
                                         const v1::ExplainClaimRequest* request,
                                         v1::ClaimExplanation* response) override;
  grpc::ServerUnaryReactor* SearchClaims(grpc::CallbackServerContext* ctx,
                                         const v1::SearchClaimsRequest* request,
                                         v1::SearchClaimsResponse* response) override;

 private:
  storage::GraphStore& store_;
  WorkerPool& pool_;
};

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_QUERY_SERVICE_H_
