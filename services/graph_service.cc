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
#include "services/raw_messages.h"
#include "services/validation.h"
#include "services/validation_internal.h"

namespace evidencegraph::services {

GraphServiceImpl::GraphServiceImpl(storage::GraphStore& store, WorkerPool& pool,
                                   const GraphServiceOptions& options)
    : store_(store), pool_(pool), options_(options) {
  SetMessageAllocatorFor_BatchWrite(&batch_allocator_);
}

grpc::ServerUnaryReactor* GraphServiceImpl::GetNode(grpc::CallbackServerContext* ctx,
                                                    const grpc::ByteBuffer* request,
                                                    grpc::ByteBuffer* response) {
  // The request is parsed on gRPC's thread, as the generated handler did.
  v1::GetNodeRequest parsed;
  const absl::Status malformed = ParseRawRequest(*request, "GetNodeRequest", &parsed);
  // A cached node is answered on gRPC's thread, its stored bytes as the
  // response; one needing a disk read goes to the pool.
  return RunUnaryInlineFirst(
      ctx, pool_,
      [&](const CallInfo&) -> std::optional<absl::Status> {
        if (!malformed.ok()) return malformed;
        absl::StatusOr<bool> cached =
            store_.ReadNodeIfCached(parsed.name(), [response](const storage::SerializedRecord& r) {
              *response = RecordToByteBuffer(r);
            });
        if (!cached.ok()) return cached.status();
        if (!*cached) return std::nullopt;
        return absl::OkStatus();
      },
      // The disk read (rare: the record is not in memory). The request is
      // parsed again rather than copied, so the common path stays lean.
      [this, request, response](const CallInfo&) -> absl::Status {
        v1::GetNodeRequest parsed;
        RETURN_IF_ERROR(ParseRawRequest(*request, "GetNodeRequest", &parsed));
        RETURN_IF_ERROR(ParseNodeName(parsed.name(), "name").status());
        ASSIGN_OR_RETURN(const v1::Node node, store_.Snapshot()->GetNode(parsed.name()));
        *response = MessageToByteBuffer(node);
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
                                                    const grpc::ByteBuffer* request,
                                                    grpc::ByteBuffer* response) {
  v1::GetEdgeRequest parsed;
  const absl::Status malformed = ParseRawRequest(*request, "GetEdgeRequest", &parsed);
  return RunUnaryInlineFirst(
      ctx, pool_,
      [&](const CallInfo&) -> std::optional<absl::Status> {
        if (!malformed.ok()) return malformed;
        absl::StatusOr<bool> cached =
            store_.ReadEdgeIfCached(parsed.name(), [response](const storage::SerializedRecord& r) {
              *response = RecordToByteBuffer(r);
            });
        if (!cached.ok()) return cached.status();
        if (!*cached) return std::nullopt;
        return absl::OkStatus();
      },
      // The disk read (rare: the record is not in memory). The request is
      // parsed again rather than copied, so the common path stays lean.
      [this, request, response](const CallInfo&) -> absl::Status {
        v1::GetEdgeRequest parsed;
        RETURN_IF_ERROR(ParseRawRequest(*request, "GetEdgeRequest", &parsed));
        RETURN_IF_ERROR(ParseEdgeName(parsed.name(), "name").status());
        ASSIGN_OR_RETURN(const v1::Edge edge, store_.Snapshot()->GetEdge(parsed.name()));
        *response = MessageToByteBuffer(edge);
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

namespace {

// The one result of a single-op write.
absl::StatusOr<v1::WriteResult> OnlyResult(v1::BatchWriteResponse response) {
  if (response.results_size() != 1) {
    return absl::InternalError(absl::StrCat("storage returned ", response.results_size(),
                                            " results for one operation"));
  }
  return std::move(*response.mutable_results(0));
}

}  // namespace

absl::StatusOr<v1::WriteResult> GraphServiceImpl::WriteOne(storage::WriteRequest request) {
  ASSIGN_OR_RETURN(v1::BatchWriteResponse response, store_.Write(request));
  return OnlyResult(std::move(response));
}

std::optional<absl::Status> GraphServiceImpl::WriteOneIfNoWait(
    const absl::StatusOr<storage::WriteRequest>& write, v1::WriteResult* result) {
  if (!write.ok()) return write.status();
  absl::StatusOr<std::optional<v1::BatchWriteResponse>> response = store_.WriteIfNoWait(*write);
  if (!response.ok()) return response.status();
  if (!response->has_value()) return std::nullopt;
  absl::StatusOr<v1::WriteResult> one = OnlyResult(**std::move(response));
  if (!one.ok()) return one.status();
  *result = *std::move(one);
  return absl::OkStatus();
}

}  // namespace evidencegraph::services
