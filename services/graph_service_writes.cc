// GraphService: the write methods. Each translates its request with
// services/write_ops.h and applies it as one atomic storage Write.
#include <utility>

#include "common/status_macros.h"
#include "services/call_support.h"
#include "services/graph_service.h"
#include "services/write_ops.h"

namespace evidencegraph::services {

grpc::ServerUnaryReactor* GraphServiceImpl::CreateNode(grpc::CallbackServerContext* ctx,
                                                       const v1::CreateNodeRequest* request,
                                                       v1::Node* response) {
  return RunUnary(ctx, pool_, [this, request, response](const CallInfo&) -> absl::Status {
    ASSIGN_OR_RETURN(storage::WriteOp op, TranslateCreateNode(*request, ""));
    ASSIGN_OR_RETURN(storage::WriteRequest write,
                     SingleWrite(std::move(op), "CreateNode", *request, request->request_id()));
    ASSIGN_OR_RETURN(v1::WriteResult result, WriteOne(std::move(write)));
    *response = std::move(*result.mutable_node());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* GraphServiceImpl::UpdateNode(grpc::CallbackServerContext* ctx,
                                                       const v1::UpdateNodeRequest* request,
                                                       v1::Node* response) {
  return RunUnary(ctx, pool_, [this, request, response](const CallInfo&) -> absl::Status {
    ASSIGN_OR_RETURN(storage::WriteOp op, TranslateUpdateNode(*request, ""));
    ASSIGN_OR_RETURN(storage::WriteRequest write,
                     SingleWrite(std::move(op), "UpdateNode", *request, ""));
    ASSIGN_OR_RETURN(v1::WriteResult result, WriteOne(std::move(write)));
    *response = std::move(*result.mutable_node());
    return absl::OkStatus();
  });
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
  return RunUnary(ctx, pool_, [this, request, response](const CallInfo&) -> absl::Status {
    ASSIGN_OR_RETURN(storage::WriteOp op, TranslateCreateEdge(*request, ""));
    ASSIGN_OR_RETURN(storage::WriteRequest write,
                     SingleWrite(std::move(op), "CreateEdge", *request, request->request_id()));
    ASSIGN_OR_RETURN(v1::WriteResult result, WriteOne(std::move(write)));
    *response = std::move(*result.mutable_edge());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* GraphServiceImpl::UpdateEdge(grpc::CallbackServerContext* ctx,
                                                       const v1::UpdateEdgeRequest* request,
                                                       v1::Edge* response) {
  return RunUnary(ctx, pool_, [this, request, response](const CallInfo&) -> absl::Status {
    ASSIGN_OR_RETURN(storage::WriteOp op, TranslateUpdateEdge(*request, ""));
    ASSIGN_OR_RETURN(storage::WriteRequest write,
                     SingleWrite(std::move(op), "UpdateEdge", *request, ""));
    ASSIGN_OR_RETURN(v1::WriteResult result, WriteOne(std::move(write)));
    *response = std::move(*result.mutable_edge());
    return absl::OkStatus();
  });
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
