// GraphService: the write methods. Each translates its request with
// services/write_ops.h and applies it as one atomic storage Write.
// Creates and updates are tried first on gRPC's thread
// (GraphStore::WriteIfNoWait): the pool hand-off costs more than the write,
// so only one that would wait (disk read, write stall, busy writer lock)
// goes to the pool, where it is translated and written as before.
#include <optional>
#include <utility>

#include "common/status_macros.h"
#include "services/call_support.h"
#include "services/graph_service.h"
#include "services/write_ops.h"

namespace evidencegraph::services {

template <typename MakeWrite, typename TakeRecord>
grpc::ServerUnaryReactor* GraphServiceImpl::RunSingleWrite(grpc::CallbackServerContext* ctx,
                                                           MakeWrite make_write,
                                                           TakeRecord take) {
  return RunUnaryInlineFirst(
      ctx, pool_,
      [this, &make_write, &take](const CallInfo&) -> std::optional<absl::Status> {
        v1::WriteResult result;
        std::optional<absl::Status> answer = WriteOneIfNoWait(make_write(), &result);
        if (answer.has_value() && answer->ok()) take(result);
        return answer;
      },
      [this, make_write, take](const CallInfo&) -> absl::Status {
        ASSIGN_OR_RETURN(storage::WriteRequest write, make_write());
        ASSIGN_OR_RETURN(v1::WriteResult result, WriteOne(std::move(write)));
        take(result);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* GraphServiceImpl::CreateNode(grpc::CallbackServerContext* ctx,
                                                       const v1::CreateNodeRequest* request,
                                                       v1::Node* response) {
  return RunSingleWrite(
      ctx,
      [request]() -> absl::StatusOr<storage::WriteRequest> {
        ASSIGN_OR_RETURN(storage::WriteOp op, TranslateCreateNode(*request, ""));
        return SingleWrite(std::move(op), "CreateNode", *request, request->request_id());
      },
      [response](v1::WriteResult& result) { *response = std::move(*result.mutable_node()); });
}

grpc::ServerUnaryReactor* GraphServiceImpl::UpdateNode(grpc::CallbackServerContext* ctx,
                                                       const v1::UpdateNodeRequest* request,
                                                       v1::Node* response) {
  return RunSingleWrite(
      ctx,
      [request]() -> absl::StatusOr<storage::WriteRequest> {
        ASSIGN_OR_RETURN(storage::WriteOp op, TranslateUpdateNode(*request, ""));
        return SingleWrite(std::move(op), "UpdateNode", *request, "");
      },
      [response](v1::WriteResult& result) { *response = std::move(*result.mutable_node()); });
}

grpc::ServerUnaryReactor* GraphServiceImpl::DeleteNode(grpc::CallbackServerContext* ctx,
                                                       const v1::DeleteNodeRequest* request,
                                                       google::protobuf::Empty*) {
  return RunUnary(ctx, pool_, [this, request](const CallInfo&) -> absl::Status {
    ASSIGN_OR_RETURN(storage::WriteOp op, TranslateDeleteNode(*request, ""));
    ASSIGN_OR_RETURN(storage::WriteRequest write,
                     SingleWrite(std::move(op), "DeleteNode", *request, ""));
    return WriteOne(std::move(write)).status();
  });
}

grpc::ServerUnaryReactor* GraphServiceImpl::CreateEdge(grpc::CallbackServerContext* ctx,
                                                       const v1::CreateEdgeRequest* request,
                                                       v1::Edge* response) {
  return RunSingleWrite(
      ctx,
      [request]() -> absl::StatusOr<storage::WriteRequest> {
        ASSIGN_OR_RETURN(storage::WriteOp op, TranslateCreateEdge(*request, ""));
        return SingleWrite(std::move(op), "CreateEdge", *request, request->request_id());
      },
      [response](v1::WriteResult& result) { *response = std::move(*result.mutable_edge()); });
}

grpc::ServerUnaryReactor* GraphServiceImpl::UpdateEdge(grpc::CallbackServerContext* ctx,
                                                       const v1::UpdateEdgeRequest* request,
                                                       v1::Edge* response) {
  return RunSingleWrite(
      ctx,
      [request]() -> absl::StatusOr<storage::WriteRequest> {
        ASSIGN_OR_RETURN(storage::WriteOp op, TranslateUpdateEdge(*request, ""));
        return SingleWrite(std::move(op), "UpdateEdge", *request, "");
      },
      [response](v1::WriteResult& result) { *response = std::move(*result.mutable_edge()); });
}

grpc::ServerUnaryReactor* GraphServiceImpl::DeleteEdge(grpc::CallbackServerContext* ctx,
                                                       const v1::DeleteEdgeRequest* request,
                                                       google::protobuf::Empty*) {
  return RunUnary(ctx, pool_, [this, request](const CallInfo&) -> absl::Status {
    ASSIGN_OR_RETURN(storage::WriteOp op, TranslateDeleteEdge(*request, ""));
    ASSIGN_OR_RETURN(storage::WriteRequest write,
                     SingleWrite(std::move(op), "DeleteEdge", *request, ""));
    return WriteOne(std::move(write)).status();
  });
}

grpc::ServerUnaryReactor* GraphServiceImpl::BatchWrite(grpc::CallbackServerContext* ctx,
                                                       const v1::BatchWriteRequest* request,
                                                       v1::BatchWriteResponse* response) {
  return RunUnary(ctx, pool_, [this, request, response](const CallInfo&) -> absl::Status {
    ASSIGN_OR_RETURN(storage::WriteRequest write,
                     TranslateBatchWrite(*request, options_.max_batch_operations));
    ASSIGN_OR_RETURN(*response, store_.Write(std::move(write)));
    return absl::OkStatus();
  });
}

}  // namespace evidencegraph::services
