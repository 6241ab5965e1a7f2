#include "services/write_ops.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/call_support.h"
#include "services/node_ids.h"
#include "services/update_masks.h"
#include "services/validation.h"

namespace evidencegraph::services {
namespace {

std::string Field(absl::string_view request_field, absl::string_view field) {
  return absl::StrCat(request_field, field);
}

// AIP-203: output-only fields in a request are ignored, not rejected.
void ClearNodeOutputOnly(v1::Node& node) {
  node.clear_create_time();
  node.clear_update_time();
  node.clear_etag();
  node.clear_kind();
}

void ClearEdgeOutputOnly(v1::Edge& edge) {
  edge.clear_create_time();
  edge.clear_update_time();
  edge.clear_etag();
}

// The edge an UpdateEdgeRequest identifies: edge.name, or source+kind+target.
absl::StatusOr<std::string> EdgeIdentity(const v1::Edge& edge,
                                         absl::string_view edge_field) {
  const std::string name_field = absl::StrCat(edge_field, ".name");
  const bool has_triple = !edge.source().empty() || !edge.target().empty() ||
                          edge.kind() != v1::EDGE_KIND_UNSPECIFIED;
  if (!edge.name().empty()) {
    ASSIGN_OR_RETURN(EdgeName parsed, ParseEdgeName(edge.name(), name_field));
    if (has_triple && (parsed.source != edge.source() || parsed.kind != edge.kind() ||
                       parsed.target != edge.target())) {
      return InvalidField(name_field,
                          "source, kind and target, when set, must match the edge name");
    }
    return edge.name();
  }
  if (!has_triple) {
    return InvalidField(name_field, "is required (or set source, kind and target)");
  }
  RETURN_IF_ERROR(
      ParseNodeName(edge.source(), absl::StrCat(edge_field, ".source")).status());
  if (EdgeKindToken(edge.kind()).empty()) {
    return InvalidField(absl::StrCat(edge_field, ".kind"),
                        "is required to identify the edge when name is empty");
  }
  const std::string target_field = absl::StrCat(edge_field, ".target");
  RETURN_IF_ERROR(LooksLikeEdgeName(edge.target())
                      ? ParseEdgeName(edge.target(), target_field).status()
                      : ParseNodeName(edge.target(), target_field).status());
  const std::string computed = MakeEdgeName(edge.source(), edge.kind(), edge.target());
  return computed;
}

}  // namespace

absl::StatusOr<storage::WriteOp> TranslateCreateNode(const v1::CreateNodeRequest& request,
                                                     absl::string_view request_field) {
  const std::string node_field = Field(request_field, "node");
  if (!request.has_node()) return InvalidField(node_field, "is required");
  ASSIGN_OR_RETURN(std::string name, ResolveCreateNodeName(request.node(), request.node_id(),
                                                           request_field));
  storage::CreateNodeOp op;
  op.node = request.node();
  ClearNodeOutputOnly(op.node);
  if (name.empty()) name = MakeNodeName(PayloadKind(op.node), GenerateNodeId(op.node));
  op.node.set_name(name);
  // Checked without the path first: deep fields ("node.study.citation")
  // would otherwise cost a string each on every valid node.
  if (!ValidateNodeContent(op.node, "").ok()) {
    RETURN_IF_ERROR(ValidateNodeContent(op.node, node_field));
  }
  return op;
}

absl::StatusOr<storage::WriteOp> TranslateUpdateNode(const v1::UpdateNodeRequest& request,
                                                     absl::string_view request_field) {
  const std::string node_field = Field(request_field, "node");
  const std::string mask_field = Field(request_field, "update_mask");
  if (!request.has_node()) return InvalidField(node_field, "is required");
  RETURN_IF_ERROR(
      ParseNodeName(request.node().name(), absl::StrCat(node_field, ".name")).status());
  RETURN_IF_ERROR(ValidateNodeUpdateMask(request.update_mask(), mask_field));
  storage::UpdateNodeOp op;
  op.name = request.node().name();
  op.expected_etag = request.node().etag();
  op.mutate = [node = request.node(), mask = request.update_mask(), node_field,
               mask_field](v1::Node& stored) {
    return ApplyNodeUpdate(node, mask, node_field, mask_field, &stored);
  };
  return op;
}

absl::StatusOr<storage::WriteOp> TranslateDeleteNode(const v1::DeleteNodeRequest& request,
                                                     absl::string_view request_field) {
  RETURN_IF_ERROR(ParseNodeName(request.name(), Field(request_field, "name")).status());
  storage::DeleteNodeOp op;
  op.name = request.name();
  op.expected_etag = request.etag();
  op.force = request.force();
  return op;
}

absl::StatusOr<storage::WriteOp> TranslateCreateEdge(const v1::CreateEdgeRequest& request,
                                                     absl::string_view request_field) {
  const std::string edge_field = Field(request_field, "edge");
  if (!request.has_edge()) return InvalidField(edge_field, "is required");
  storage::CreateEdgeOp op;
  op.edge = request.edge();
  ClearEdgeOutputOnly(op.edge);
  RETURN_IF_ERROR(ValidateEdge(op.edge, edge_field));
  op.edge.set_name(MakeEdgeName(op.edge.source(), op.edge.kind(), op.edge.target()));
  return op;
}

absl::StatusOr<storage::WriteOp> TranslateUpdateEdge(const v1::UpdateEdgeRequest& request,
                                                     absl::string_view request_field) {
  const std::string edge_field = Field(request_field, "edge");
  const std::string mask_field = Field(request_field, "update_mask");
  if (!request.has_edge()) return InvalidField(edge_field, "is required");
  ASSIGN_OR_RETURN(std::string name, EdgeIdentity(request.edge(), edge_field));
  RETURN_IF_ERROR(ValidateEdgeUpdateMask(request.update_mask(), mask_field));
  storage::UpdateEdgeOp op;
  op.name = std::move(name);
  op.expected_etag = request.edge().etag();
  op.mutate = [edge = request.edge(), mask = request.update_mask(), edge_field,
               mask_field](v1::Edge& stored) {
    return ApplyEdgeUpdate(edge, mask, edge_field, mask_field, &stored);
  };
  return op;
}

absl::StatusOr<storage::WriteOp> TranslateDeleteEdge(const v1::DeleteEdgeRequest& request,
                                                     absl::string_view request_field) {
  RETURN_IF_ERROR(ParseEdgeName(request.name(), Field(request_field, "name")).status());
  storage::DeleteEdgeOp op;
  op.name = request.name();
  op.expected_etag = request.etag();
  op.force = request.force();
  return op;
}

absl::StatusOr<storage::WriteRequest> TranslateBatchWrite(
    const v1::BatchWriteRequest& request, int max_operations) {
  const int count = request.operations_size();
  if (count == 0) {
    return InvalidField("operations", absl::StrCat("must hold 1 to ", max_operations,
                                                   " operations, got none"));
  }
  if (count > max_operations) {
    return InvalidField("operations",
                        absl::StrCat("must hold at most ", max_operations,
                                     " operations, got ", count,
                                     "; split the batch (each part is atomic on its own)"),
                        "BATCH_TOO_LARGE");
  }
  RETURN_IF_ERROR(ValidateIdempotencyKey(request.request_id(), "request_id"));
  storage::WriteRequest out;
  out.ops.reserve(count);
  for (int i = 0; i < count; ++i) {
    const v1::WriteOperation& operation = request.operations(i);
    // One string per operation: "operations[i].create_node.".
    const auto prefix = [i](absl::string_view method) {
      return absl::StrCat("operations[", i, "].", method, ".");
    };
    absl::StatusOr<storage::WriteOp> op;
    switch (operation.operation_case()) {
      // Creates are translated without the prefix first: their ops keep no
      // field names, and the short paths ("node.study") need no allocation.
      // Only a failing op is translated again, for its error's field.
      case v1::WriteOperation::kCreateNode:
        op = TranslateCreateNode(operation.create_node(), "");
        if (!op.ok()) op = TranslateCreateNode(operation.create_node(), prefix("create_node"));
        break;
      case v1::WriteOperation::kUpdateNode:
        op = TranslateUpdateNode(operation.update_node(), prefix("update_node"));
        break;
      case v1::WriteOperation::kDeleteNode:
        op = TranslateDeleteNode(operation.delete_node(), prefix("delete_node"));
        break;
      case v1::WriteOperation::kCreateEdge:
        op = TranslateCreateEdge(operation.create_edge(), "");
        if (!op.ok()) op = TranslateCreateEdge(operation.create_edge(), prefix("create_edge"));
        break;
      case v1::WriteOperation::kUpdateEdge:
        op = TranslateUpdateEdge(operation.update_edge(), prefix("update_edge"));
        break;
      case v1::WriteOperation::kDeleteEdge:
        op = TranslateDeleteEdge(operation.delete_edge(), prefix("delete_edge"));
        break;
      case v1::WriteOperation::OPERATION_NOT_SET:
        op = InvalidField(absl::StrCat("operations[", i, "]"),
                          "one of create_node, update_node, delete_node, create_edge, "
                          "update_edge, delete_edge is required");
        break;
    }
    if (!op.ok()) return op.status();
    out.ops.push_back(*std::move(op));
  }
  out.request_id = request.request_id();
  if (!out.request_id.empty()) out.fingerprint = absl::StrCat("BatchWrite\n", Fingerprint(request));
  return out;
}

absl::StatusOr<storage::WriteRequest> SingleWrite(storage::WriteOp op,
                                                  absl::string_view method,
                                                  const google::protobuf::Message& request,
                                                  absl::string_view request_id) {
  RETURN_IF_ERROR(ValidateIdempotencyKey(request_id, "request_id"));
  storage::WriteRequest out;
  out.ops.push_back(std::move(op));
  out.request_id = std::string(request_id);
  if (!out.request_id.empty()) {
    out.fingerprint = absl::StrCat(method, "\n", Fingerprint(request));
  }
  return out;
}

}  // namespace evidencegraph::services
