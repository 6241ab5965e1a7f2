#include "query/walk_graph.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"

namespace evidencegraph::query {
namespace {

// Edge kinds a critique can undercut (resources.proto, ATTACK_TYPE_UNDERCUT).
bool IsUndercuttable(v1::EdgeKind kind) {
  return kind == v1::EDGE_KIND_SUPPORTS || kind == v1::EDGE_KIND_REFUTES ||
         kind == v1::EDGE_KIND_ASSERTS;
}

bool HasOut(v1::EdgeDirection d) {
  return d == v1::EDGE_DIRECTION_OUTGOING || d == v1::EDGE_DIRECTION_BOTH;
}
bool HasIn(v1::EdgeDirection d) {
  return d == v1::EDGE_DIRECTION_INCOMING || d == v1::EDGE_DIRECTION_BOTH;
}

// An attacked evidence edge seen during an adjacency scan: its inference hop
// is visited after the stored hops.
struct Candidate {
  std::string edge_name;
  v1::EdgeKind kind;
  bool outgoing;
};

}  // namespace

std::string Hop::EdgeName() const {
  if (!via.empty()) return std::string(via);
  return outgoing ? MakeEdgeName(self, kind, neighbor)
                  : MakeEdgeName(neighbor, kind, self);
}

bool EdgeFilter::Allows(v1::EdgeKind kind) const {
  return kinds.empty() || std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

bool NodeFilter::Allows(absl::string_view vertex) const {
  if (kinds.empty() || IsInferenceVertex(vertex)) return true;
  return std::find(kinds.begin(), kinds.end(), VertexKind(vertex)) != kinds.end();
}

bool IsInferenceVertex(absl::string_view vertex) {
  return LooksLikeEdgeName(vertex);
}

v1::NodeKind VertexKind(absl::string_view vertex) {
  if (IsInferenceVertex(vertex)) return v1::NODE_KIND_UNSPECIFIED;
  const size_t slash = vertex.find('/');
  if (slash == absl::string_view::npos) return v1::NODE_KIND_UNSPECIFIED;
  return KindOfCollection(vertex.substr(0, slash));
}

v1::EdgeDirection Reverse(v1::EdgeDirection direction) {
  switch (Normalize(direction)) {
    case v1::EDGE_DIRECTION_OUTGOING:
      return v1::EDGE_DIRECTION_INCOMING;
    case v1::EDGE_DIRECTION_INCOMING:
      return v1::EDGE_DIRECTION_OUTGOING;
    default:
      return v1::EDGE_DIRECTION_BOTH;
  }
}

v1::EdgeDirection Normalize(v1::EdgeDirection direction) {
  if (direction == v1::EDGE_DIRECTION_OUTGOING ||
      direction == v1::EDGE_DIRECTION_INCOMING) {
    return direction;
  }
  return v1::EDGE_DIRECTION_BOTH;
}

WalkGraph::WalkGraph(const storage::GraphSnapshot& snapshot, EdgeFilter edges)
    : snapshot_(snapshot),
      edges_(std::move(edges)),
      inferences_enabled_(edges_.Allows(v1::EDGE_KIND_TARGETS)) {}

void WalkGraph::TreatAsVertex(absl::string_view edge_name) {
  forced_.insert(std::string(edge_name));
  has_forced_vertices_ = true;
}

absl::StatusOr<bool> WalkGraph::IsAttacked(absl::string_view source, v1::EdgeKind kind,
                                          absl::string_view target) {
  if (has_forced_vertices_ && forced_.contains(MakeEdgeName(source, kind, target))) {
    return true;
  }
  if (!inferences_enabled_) return false;
  return snapshot_.IsEdgeTargeted(source, kind, target);
}

absl::Status WalkGraph::CheckVertex(absl::string_view vertex,
                                    absl::string_view field) const {
  if (IsInferenceVertex(vertex)) {
    RETURN_IF_ERROR(ParseEdgeName(vertex, field).status());
  } else {
    RETURN_IF_ERROR(ParseNodeName(vertex, field).status());
  }
  ASSIGN_OR_RETURN(bool exists, snapshot_.Exists(vertex));
  if (!exists) {
    return NotFound(vertex, IsInferenceVertex(vertex) ? "edge" : "node");
  }
  return absl::OkStatus();
}

absl::Status WalkGraph::ForEachHop(absl::string_view vertex,
                                   v1::EdgeDirection direction,
                                   absl::FunctionRef<bool(const Hop&)> visit) {
  direction = Normalize(direction);
  bool stopped = false;

  // An inference vertex [e] for e = A -k-> B: out to B, in from A, both along e.
  if (IsInferenceVertex(vertex)) {
    ASSIGN_OR_RETURN(EdgeName e, ParseEdgeName(vertex));
    if (edges_.Allows(e.kind)) {
      if (HasOut(direction)) {
        ++edges_scanned_;
        Hop hop{e.target, e.kind, true, vertex, vertex};
        stopped = !visit(hop);
      }
      if (!stopped && HasIn(direction)) {
        ++edges_scanned_;
        Hop hop{e.source, e.kind, false, vertex, vertex};
        stopped = !visit(hop);
      }
    }
    if (stopped) return absl::OkStatus();
  }

  // Stored edges. A single allowed kind is pushed down to storage.
  const v1::EdgeKind storage_kind =
      edges_.kinds.size() == 1 ? edges_.kinds[0] : v1::EDGE_KIND_UNSPECIFIED;
  const bool want_candidates =
      (inferences_enabled_ || has_forced_vertices_) && !IsInferenceVertex(vertex);
  std::vector<Candidate> attacked;
  absl::Status probe_status;
  RETURN_IF_ERROR(snapshot_.ForEachAdjacent(
      vertex, direction, storage_kind, [&](const storage::Adjacency& adj) {
        ++edges_scanned_;
        if (!edges_.Allows(adj.kind)) return true;
        Hop hop{adj.neighbor, adj.kind, adj.outgoing, vertex, {}};
        if (!visit(hop)) {
          stopped = true;
          return false;
        }
        if (want_candidates && IsUndercuttable(adj.kind) &&
            !IsInferenceVertex(adj.neighbor)) {
          absl::StatusOr<bool> is_attacked =
              adj.outgoing ? IsAttacked(vertex, adj.kind, adj.neighbor)
                           : IsAttacked(adj.neighbor, adj.kind, vertex);
          if (!is_attacked.ok()) {
            probe_status = is_attacked.status();
            return false;
          }
          if (*is_attacked) {
            attacked.push_back(Candidate{hop.EdgeName(), adj.kind, adj.outgoing});
          }
        }
        return true;
      }));
  RETURN_IF_ERROR(probe_status);
  if (stopped) return absl::OkStatus();

  // Hops into attacked inferences: A -> [e] (outgoing) and B <- [e] (incoming),
  // after the stored hops, in the order the scan met their edges.
  for (const Candidate& c : attacked) {
    Hop hop{c.edge_name, c.kind, c.outgoing, vertex, c.edge_name};
    if (!visit(hop)) break;
  }
  return absl::OkStatus();
}

}  // namespace evidencegraph::query
