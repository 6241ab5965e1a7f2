// GetSubgraph: the neighbourhood of one vertex, as full nodes and edges, with
// an optional Graphviz DOT rendering (query/subgraph_dot.h).
//
// Contract
//   - The vertices are those a Traverse (query/traverse.h) from the centre
//     reports with the same filters, depth and max_nodes. The edges are every
//     edge of an allowed kind between two of those vertices, whatever the
//     walk's direction (the picture shows how the neighbourhood is wired, not
//     only the BFS tree); an attacked inference among the vertices brings its
//     own edge and the TARGETS edges that point at it.
//   - Bounds: depth 0 -> 1, cap 5; max_nodes 0 -> 500, cap 10000 (over a cap:
//     INVALID_ARGUMENT naming the field); reaching max_nodes sets `truncated`.
//   - Nodes in breadth-first order (centre first); edges in name order.
//   - The centre must exist (NOT_FOUND). `stop` is polled while walking.
// Thread-safety: runs on the caller's thread; reads the snapshot only.
#ifndef EVIDENCEGRAPH_QUERY_SUBGRAPH_H_
#define EVIDENCEGRAPH_QUERY_SUBGRAPH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/stop_check.h"
#include "evidencegraph/v1/resources.pb.h"
#include "query/bounds.h"
#include "query/walk_graph.h"
#include "storage/graph_store.h"

namespace evidencegraph::query {

inline constexpr Bound kSubgraphDepth{"depth", 1, 5};
inline constexpr Bound kSubgraphMaxNodes{"max_nodes", 500, 10000};

struct SubgraphOptions {
  std::string center;
  int depth = 0;
  int max_nodes = 0;
  EdgeFilter edges;
  NodeFilter nodes;
  v1::EdgeDirection direction = v1::EDGE_DIRECTION_BOTH;
  bool include_dot = false;
};

struct Subgraph {
  std::vector<v1::Node> nodes;
  std::vector<v1::Edge> edges;
  // Inference vertices (edge names) in the subgraph, in BFS order.
  std::vector<std::string> inferences;
  std::string dot;  // set when include_dot
  bool truncated = false;
  std::string truncation_reason;
  uint64_t revision = 0;
};

absl::StatusOr<Subgraph> GetSubgraph(const storage::GraphSnapshot& snapshot,
                                     const SubgraphOptions& options,
                                     const StopCheck& stop);

}  // namespace evidencegraph::query

#endif  // EVIDENCEGRAPH_QUERY_SUBGRAPH_H_
