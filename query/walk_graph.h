// WalkGraph: the graph that Traverse, FindPaths and GetSubgraph walk, read
// from one storage snapshot.
//
// Contract
//   - Vertices are the nodes plus every *attacked inference*: a SUPPORTS,
//     REFUTES or ASSERTS edge that at least one TARGETS edge points at. Such an
//     edge e = A -k-> B is a vertex named by e's name. It sits between its
//     endpoints: the walk has the hops A -> [e] and [e] -> B (both of kind k,
//     both reported with edge e), besides the direct hop A -> B, and the
//     critiques that target e reach it through their TARGETS edges. Without
//     this, a critique that undercuts one link (Gorski's "single genes mean
//     little") would be a dead end and nothing could be walked from an expert
//     to the claim their critique weakens.
//   - Hops are symmetric: v is an outgoing hop of u exactly when u is an
//     incoming hop of v (same edge). Bidirectional path search relies on it.
//   - Inference vertices exist only when TARGETS edges are followed (they
//     lead nowhere else) and their kind k is followed.
//   - Whether an edge is attacked is asked of the snapshot while its
//     adjacency is scanned (GraphSnapshot::IsEdgeTargeted: a hash lookup in
//     the store's per-revision set of targeted edges, or a seek before one is
//     built).
// Thread-safety: like the snapshot it reads, one thread at a time.
// Ownership: borrows the snapshot, which must outlive the WalkGraph.
#ifndef EVIDENCEGRAPH_QUERY_WALK_GRAPH_H_
#define EVIDENCEGRAPH_QUERY_WALK_GRAPH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "evidencegraph/v1/graph_service.pb.h"
#include "evidencegraph/v1/resources.pb.h"
#include "storage/graph_store.h"

namespace evidencegraph::query {

// One step from a vertex. Views are valid only during the callback.
struct Hop {
  // The vertex reached: a node name or an inference (edge) name.
  absl::string_view neighbor;
  v1::EdgeKind kind = v1::EDGE_KIND_UNSPECIFIED;
  // True when the hop follows its edge from source towards target.
  bool outgoing = true;
  // The vertex the hop starts at.
  absl::string_view self;
  // The edge's name when already known (hops into and out of inferences);
  // empty for a plain stored edge, whose name EdgeName() builds.
  absl::string_view via;

  // The name of the edge the hop follows. Allocates: call it only for hops
  // that are kept.
  std::string EdgeName() const;
};

// Which edges a walk follows.
struct EdgeFilter {
  // Empty = every kind.
  std::vector<v1::EdgeKind> kinds;

  bool Allows(v1::EdgeKind kind) const;
};

// Which nodes a walk reports and expands. Empty = every kind. Inference
// vertices are not nodes and always pass.
struct NodeFilter {
  std::vector<v1::NodeKind> kinds;

  bool Allows(absl::string_view vertex) const;
};

// The node kind of a vertex name from its collection; UNSPECIFIED for an
// inference (edge name) or anything unrecognised. Never allocates.
v1::NodeKind VertexKind(absl::string_view vertex);

// True when the vertex name is an edge name (an inference vertex).
bool IsInferenceVertex(absl::string_view vertex);

// The direction reversed (OUTGOING <-> INCOMING; BOTH stays).
v1::EdgeDirection Reverse(v1::EdgeDirection direction);

// UNSPECIFIED -> BOTH; others unchanged.
v1::EdgeDirection Normalize(v1::EdgeDirection direction);

class WalkGraph {
 public:
  WalkGraph(const storage::GraphSnapshot& snapshot, EdgeFilter edges);

  WalkGraph(const WalkGraph&) = delete;
  WalkGraph& operator=(const WalkGraph&) = delete;

  const storage::GraphSnapshot& snapshot() const { return snapshot_; }

  // Calls `visit` for every hop from `vertex` in `direction` (OUTGOING,
  // INCOMING or BOTH) allowed by the edge filter. `visit` returns false to
  // stop early. Storage errors are returned as is.
  absl::Status ForEachHop(absl::string_view vertex, v1::EdgeDirection direction,
                          absl::FunctionRef<bool(const Hop&)> visit);

  // OK when `vertex` is an existing node, or an existing edge that may be an
  // inference vertex; NOT_FOUND naming it otherwise. INVALID_ARGUMENT naming
  // `field` when it is not a resource name.
  absl::Status CheckVertex(absl::string_view vertex, absl::string_view field) const;

  // Makes the edge `edge_name` a vertex even if no critique targets it, so a
  // walk that starts or ends at it is symmetric like any other.
  void TreatAsVertex(absl::string_view edge_name);

  // Edges examined so far (stored adjacency entries plus inference hops).
  int64_t edges_scanned() const { return edges_scanned_; }

 private:
  // True when source -kind-> target (a SUPPORTS/REFUTES/ASSERTS edge) is
  // targeted by a critique or was made a vertex by TreatAsVertex.
  absl::StatusOr<bool> IsAttacked(absl::string_view source, v1::EdgeKind kind,
                                  absl::string_view target);

  const storage::GraphSnapshot& snapshot_;
  EdgeFilter edges_;
  // Inference vertices exist only when TARGETS edges are followed.
  bool inferences_enabled_;
  // Edges made vertices by TreatAsVertex.
  absl::flat_hash_set<std::string> forced_;
  bool has_forced_vertices_ = false;
  int64_t edges_scanned_ = 0;
};

}  // namespace evidencegraph::query

#endif  // EVIDENCEGRAPH_QUERY_WALK_GRAPH_H_
