// GraphService (evidencegraph.v1, graph_service.proto) on the gRPC callback API.
//
// Every handler validates its request (services/validation.h), translates it
// to storage operations (services/write_ops.h), calls the GraphStore and maps
// the result (services/grpc_status.h). All of that runs on the WorkerPool
// (services/call_support.h), except GetNode and GetEdge when the record is in
// RocksDB's memory: those are answered on gRPC's thread (a few microseconds,
// never a disk read; GraphStore::ReadNodeIfCached) and only go to the pool
// when the read would need the disk.
//
// Semantics beyond the proto comments:
//   - CreateNode without node_id (and without node.name) gets a generated id
//     (services/node_ids.h).
//   - Idempotency: the request fingerprint is the method name plus the
//     deterministic serialisation of the whole request, so a request_id
//     reused with a different request (or method) is INVALID_ARGUMENT.
//   - BatchWrite: every operation is validated before anything is written
//     (errors name "operations[i]...."); more than max_batch_operations is
//     INVALID_ARGUMENT, reason BATCH_TOO_LARGE, field "operations" (the client
//     must split the request; retrying it unchanged can never succeed, which
//     is why it is not RESOURCE_EXHAUSTED). Its request is parsed into a
//     protobuf arena (services/arena_request_allocator.h).
//   - ImportGraph: at most max_import_records nodes + edges per message
//     (over: that message's batch fails with BATCH_TOO_LARGE in the summary).
//     Invalid or conflicting batches are reported in the summary; only
//     storage failures, an invalid on_conflict or mode or cancellation end the
//     stream with an error. IMPORT_MODE_BULK stages accepted messages
//     (storage::BulkImportSession) and commits them once the message with
//     `commit` set is staged (without it: FAILED_PRECONDITION, nothing
//     written; a message after it or `commit` in per-message mode:
//     INVALID_ARGUMENT); staging more than max_bulk_import_records is
//     RESOURCE_EXHAUSTED for the stream, a conflict at commit ABORTED.
//   - ExportGraph: batch_size 0 -> 500, above 5000 -> 5000, negative
//     INVALID_ARGUMENT; messages also stay below half of max_message_bytes.
//     Registered as a raw callback method: the request arrives as bytes (parsed
//     here) and the responses leave as bytes assembled from the stored records
//     (services/export_stream.h), so no message is parsed and re-serialised
//     per record. The wire is unchanged for clients, reflection included.
//   - GetNode and GetEdge are raw callback methods too (services/raw_messages.h):
//     the stored record's bytes are the response (an edge's identity fields
//     prepended), with no Node or Edge built or serialised. Request bytes that
//     do not parse are INVALID_ARGUMENT, reason MALFORMED_REQUEST.
//
// Thread-safety: thread-safe (gRPC calls handlers concurrently).
// Ownership: borrows the store and the pool, which must outlive the service
// and every call it started (the server shuts gRPC down before them).
#ifndef EVIDENCEGRAPH_SERVICES_GRAPH_SERVICE_H_
#define EVIDENCEGRAPH_SERVICES_GRAPH_SERVICE_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "evidencegraph/v1/graph_service.grpc.pb.h"
#include "services/arena_request_allocator.h"
#include "services/worker_pool.h"
#include "storage/graph_store.h"

namespace evidencegraph::services {

struct GraphServiceOptions {
  // BatchWrite operations per request.
  int max_batch_operations = 1000;
  // ImportGraph nodes + edges per stream message.
  int max_import_records = 10000;
  // ImportGraphResponse.failures kept (the counts stay exact).
  int max_import_failures = 100;
  // Records (nodes + edges) one IMPORT_MODE_BULK stream may stage.
  int64_t max_bulk_import_records = 5000000;
  // The server's max message size; export messages and list pages stay
  // below half of it.
  size_t max_message_bytes = 4u << 20;
};

class GraphServiceImpl final
    : public v1::GraphService::WithRawCallbackMethod_GetNode<
          v1::GraphService::WithRawCallbackMethod_GetEdge<
              v1::GraphService::WithRawCallbackMethod_ExportGraph<
                  v1::GraphService::CallbackService>>> {
 public:
  GraphServiceImpl(storage::GraphStore& store, WorkerPool& pool,
                   const GraphServiceOptions& options);

  // `request` is a serialised GetNodeRequest, `response` the serialised Node.
  grpc::ServerUnaryReactor* GetNode(grpc::CallbackServerContext* ctx,
                                    const grpc::ByteBuffer* request,
                                    grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListNodes(grpc::CallbackServerContext* ctx,
                                      const v1::ListNodesRequest* request,
                                      v1::ListNodesResponse* response) override;
  grpc::ServerUnaryReactor* CreateNode(grpc::CallbackServerContext* ctx,
                                       const v1::CreateNodeRequest* request,
                                       v1::Node* response) override;
  grpc::ServerUnaryReactor* UpdateNode(grpc::CallbackServerContext* ctx,
                                       const v1::UpdateNodeRequest* request,
                                       v1::Node* response) override;
  grpc::ServerUnaryReactor* DeleteNode(grpc::CallbackServerContext* ctx,
                                       const v1::DeleteNodeRequest* request,
                                       google::protobuf::Empty* response) override;
  // `request` is a serialised GetEdgeRequest, `response` the serialised Edge.
  grpc::ServerUnaryReactor* GetEdge(grpc::CallbackServerContext* ctx,
                                    const grpc::ByteBuffer* request,
                                    grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListEdges(grpc::CallbackServerContext* ctx,
                                      const v1::ListEdgesRequest* request,
                                      v1::ListEdgesResponse* response) override;
  grpc::ServerUnaryReactor* CreateEdge(grpc::CallbackServerContext* ctx,
                                       const v1::CreateEdgeRequest* request,
                                       v1::Edge* response) override;
  grpc::ServerUnaryReactor* UpdateEdge(grpc::CallbackServerContext* ctx,
                                       const v1::UpdateEdgeRequest* request,
                                       v1::Edge* response) override;
  grpc::ServerUnaryReactor* DeleteEdge(grpc::CallbackServerContext* ctx,
                                       const v1::DeleteEdgeRequest* request,
                                       google::protobuf::Empty* response) override;
  grpc::ServerUnaryReactor* BatchWrite(grpc::CallbackServerContext* ctx,
                                       const v1::BatchWriteRequest* request,
                                       v1::BatchWriteResponse* response) override;
  grpc::ServerReadReactor<v1::ImportGraphRequest>* ImportGraph(
      grpc::CallbackServerContext* ctx, v1::ImportGraphResponse* response) override;
  // `request` is a serialised ExportGraphRequest; the stream's messages are
  // serialised ExportGraphResponses.
  grpc::ServerWriteReactor<grpc::ByteBuffer>* ExportGraph(
      grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request) override;

 private:
  // Runs one single-operation write request and returns its one result.
  absl::StatusOr<v1::WriteResult> WriteOne(storage::WriteRequest request);
  // The inline attempt of a single-op write: `write`'s error, or the store's
  // answer with `*result` filled when OK, or nullopt when the store declined
  // (it would wait; nothing was written).
  std::optional<absl::Status> WriteOneIfNoWait(
      const absl::StatusOr<storage::WriteRequest>& write, v1::WriteResult* result);
  // A single-op create or update, inline first: `make_write()` translates the
  // request (again on the pool if the inline attempt declines), `take(result)`
  // moves the written record into the response.
  template <typename MakeWrite, typename TakeRecord>
  grpc::ServerUnaryReactor* RunSingleWrite(grpc::CallbackServerContext* ctx,
                                           MakeWrite make_write, TakeRecord take);

  // List pages stay below half the max message size (like export messages),
  // so a page of very large nodes is cut short instead of failing the call.
  size_t PageByteBudget() const { return std::max<size_t>(1, options_.max_message_bytes / 2); }

  storage::GraphStore& store_;
  WorkerPool& pool_;
  const GraphServiceOptions options_;
  // BatchWrite requests are parsed into an arena (up to thousands of
  // sub-messages each); registered in the constructor.
  ArenaRequestAllocator<v1::BatchWriteRequest, v1::BatchWriteResponse> batch_allocator_;
};

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_GRAPH_SERVICE_H_
