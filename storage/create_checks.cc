#include "storage/create_checks.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "storage/node_index.h"
#include "storage/status_context.h"

namespace evidencegraph::storage {
namespace {

// Parses an endpoint: a node name, or an edge name for targets.
absl::Status CheckEndpointName(absl::string_view name, absl::string_view field,
                               bool may_be_edge) {
  if (may_be_edge && LooksLikeEdgeName(name)) return ParseEdgeName(name, field).status();
  return ParseNodeName(name, field).status();
}

std::string Context(const std::string& edge_name) {
  return absl::StrCat("edge ", edge_name, ": ");
}

}  // namespace

absl::Status CheckNodeToCreate(const v1::Node& node) {
  ASSIGN_OR_RETURN(const NodeName parsed, ParseNodeName(node.name(), "node.name"));
  if (PayloadKind(node) != parsed.kind) {
    return InvalidField("node", absl::StrCat("the payload must be set and be a ",
                                             CollectionOf(parsed.kind),
                                             " payload to match the name ", node.name()));
  }
  return CheckLabelsEncodable(node, "node.labels");
}

absl::StatusOr<std::string> CheckEdgeToCreate(const v1::Edge& edge) {
  if (EdgeKindToken(edge.kind()).empty()) {
    return InvalidField("edge.kind", "must be a known edge kind");
  }
  RETURN_IF_ERROR(CheckEndpointName(edge.source(), "edge.source", /*may_be_edge=*/false));
  RETURN_IF_ERROR(CheckEndpointName(edge.target(), "edge.target", /*may_be_edge=*/true));
  return MakeEdgeName(edge.source(), edge.kind(), edge.target());
}

absl::Status MissingSource(const v1::Edge& edge, const std::string& edge_name) {
  return PrefixMessage(NotFound(edge.source(), "source node"), Context(edge_name));
}

absl::Status MissingTarget(const v1::Edge& edge, const std::string& edge_name) {
  return PrefixMessage(
      NotFound(edge.target(), LooksLikeEdgeName(edge.target()) ? "target edge" : "target node"),
      Context(edge_name));
}

}  // namespace evidencegraph::storage
