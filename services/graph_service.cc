// GraphService: construction and the read methods (Get/List of nodes and
// edges). Writes are in graph_service_writes.cc, streams in
// graph_service_streams.cc.
#include "services/graph_service.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/call_support.h"
#include "services/validation.h"
#include "services/validation_internal.h"

namespace evidencegraph::services {

GraphServiceImpl::GraphServiceImpl(storage::GraphStore& store, WorkerPool& pool,
                                   const GraphServiceOptions& options)
    : store_(store), pool_(pool), options_(options) {
  SetMessageAllocatorFor_BatchWrite(&batch_allocator_);
}

grpc::ServerUnaryReactor* GraphServiceImpl::GetNode(grpc::CallbackServerContext* ctx,
                                                    const v1::GetNodeRequest* request,
                                                    v1::Node* response) {
  // A cached node is answered on gRPC's thread; one needing a disk read
  // goes to the pool.
  return RunUnaryInlineFirst(
      ctx, pool_,
      [this, request, response](const CallInfo&) -> std::optional<absl::Status> {
        absl::StatusOr<std::optional<v1::Node>> node = store_.GetNodeIfCached(request->name());
        if (!node.ok()) return node.status();
        if (!node->has_value()) return std::nullopt;
        *response = **std::move(node);
        return absl::OkStatus();
      },
      [this, request, response](const CallInfo&) -> absl::Status {
        RETURN_IF_ERROR(ParseNodeName(request->name(), "name").status());
        ASSIGN_OR_RETURN(*response, store_.Snapshot()->GetNode(request->name()));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* GraphServiceImpl::ListNodes(grpc::CallbackServerContext* ctx,
                                                      const v1::ListNodesRequest* request,
                                                      v1::ListNodesResponse* response) {
  return RunUnary(ctx, pool_, [this, request, response](const CallInfo&) -> absl::Status {
    storage::NodeListQuery query;
    ASSIGN_OR_RETURN(query.page_size, CoercePageSize(request->page_size()));
    RETURN_IF_ERROR(internal::CheckEnum(request->kind(), v1::NodeKind_IsValid, false, "kind"));
    if (!request->label().empty()) RETURN_IF_ERROR(ValidateLabel(request->label(), "label"));
    query.kind = request->kind();
    query.label = request->label();
    query.page_token = request->page_token();
    query.max_bytes = PageByteBudget();
    ASSIGN_OR_RETURN(storage::NodePage page, store_.Snapshot()->ListNodes(query));
    for (v1::Node& node : page.nodes) *response->add_nodes() = std::move(node);
    response->set_next_page_token(std::move(page.next_page_token));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* GraphServiceImpl::GetEdge(grpc::CallbackServerContext* ctx,
                                                    const v1::GetEdgeRequest* request,
                                                    v1::Edge* response) {
  return RunUnaryInlineFirst(
      ctx, pool_,
      [this, request, response](const CallInfo&) -> std::optional<absl::Status> {
        absl::StatusOr<std::optional<v1::Edge>> edge = store_.GetEdgeIfCached(request->name());
        if (!edge.ok()) return edge.status();
        if (!edge->has_value()) return std::nullopt;
        *response = **std::move(edge);
        return absl::OkStatus();
      },
      [this, request, response](const CallInfo&) -> absl::Status {
        RETURN_IF_ERROR(ParseEdgeName(request->name(), "name").status());
        ASSIGN_OR_RETURN(*response, store_.Snapshot()->GetEdge(request->name()));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* GraphServiceImpl::ListEdges(grpc::CallbackServerContext* ctx,
                                                      const v1::ListEdgesRequest* request,
                                                      v1::ListEdgesResponse* response) {
  return RunUnary(ctx, pool_, [this, request, response](const CallInfo&) -> absl::Status {
    storage::EdgeListQuery query;
    ASSIGN_OR_RETURN(query.page_size, CoercePageSize(request->page_size()));
    if (!request->node().empty()) {
      RETURN_IF_ERROR(LooksLikeEdgeName(request->node())
                          ? ParseEdgeName(request->node(), "node").status()
                          : ParseNodeName(request->node(), "node").status());
    }
    RETURN_IF_ERROR(internal::CheckEnum(request->direction(), v1::EdgeDirection_IsValid,
                                        false, "direction"));
    RETURN_IF_ERROR(internal::CheckEnum(request->kind(), v1::EdgeKind_IsValid, false, "kind"));
    query.node = request->node();
    query.direction = request->direction() == v1::EDGE_DIRECTION_UNSPECIFIED
                          ? v1::EDGE_DIRECTION_BOTH
                          : request->direction();
    query.kind = request->kind();
    query.page_token = request->page_token();
    query.max_bytes = PageByteBudget();
    ASSIGN_OR_RETURN(storage::EdgePage page, store_.Snapshot()->ListEdges(query));
    for (v1::Edge& edge : page.edges) *response->add_edges() = std::move(edge);
    response->set_next_page_token(std::move(page.next_page_token));
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::WriteResult> GraphServiceImpl::WriteOne(storage::WriteRequest request) {
  ASSIGN_OR_RETURN(v1::BatchWriteResponse response, store_.Write(request));
  if (response.results_size() != 1) {
    return absl::InternalError(absl::StrCat("storage returned ", response.results_size(),
                                            " results for one operation"));
  }
  return std::move(*response.mutable_results(0));
}

}  // namespace evidencegraph::services
