// FindPaths: up to k simple paths between two vertices of a WalkGraph
// (query/walk_graph.h), shortest first.
//
// Contract
//   - A path is simple (no vertex twice) and has at most max_length hops.
//     Paths come in order of length; paths of one length in depth-first order
//     of the stored adjacency (key order), so equal requests on equal
//     snapshots give equal answers.
//   - Method: a bidirectional breadth-first search finds the shortest length
//     (it stops as soon as the two balls prove it, so a 3-hop answer in a
//     graph of degree 10 touches ~2*10^2 vertices, not 10^3). Paths are then
//     enumerated length by length by a depth-first search that prunes every
//     branch that cannot reach the target within the current length, reading
//     nothing more: for a length the two balls together span (grown, smaller
//     frontier first, when a longer length needs it), the first hops of a
//     path leave forward-ball vertices, whose hops were read, and the others
//     enter backward-ball vertices, whose hops were read the other way round;
//     the latter are put back in the order the forward walk gives them.
//   - Direction: OUTGOING follows edges source -> target, INCOMING against
//     them, BOTH either way; each hop says which way it went.
//   - Bounds: max_length 0 -> 4, cap 8; max_paths 0 -> 10, cap 100 (over a
//     cap: INVALID_ARGUMENT naming the field). `truncated` is set when more
//     paths exist than max_paths, or when the work budget (vertices and hops
//     examined) ran out; the reason says which.
//   - source and target must exist (NOT_FOUND) and differ (INVALID_ARGUMENT).
//   - `stop` is polled every 256 hops examined.
// Thread-safety: runs on the caller's thread; reads the snapshot only.
#ifndef EVIDENCEGRAPH_QUERY_PATHS_H_
#define EVIDENCEGRAPH_QUERY_PATHS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/stop_check.h"
#include "query/bounds.h"
#include "query/walk_graph.h"
#include "storage/graph_store.h"

namespace evidencegraph::query {

inline constexpr Bound kPathsMaxLength{"max_length", 4, 8};
inline constexpr Bound kPathsMaxPaths{"max_paths", 10, 100};

// Work budgets of one search; exceeding either ends it with `truncated`.
struct PathBudget {
  // Distinct vertices whose hops are read (both searches together).
  int64_t max_vertices = 200000;
  // Hops examined by the enumeration.
  int64_t max_hops = 2000000;
};

struct FindPathsOptions {
  std::string source;
  std::string target;
  int max_length = 0;
  int max_paths = 0;
  EdgeFilter edges;
  v1::EdgeDirection direction = v1::EDGE_DIRECTION_BOTH;
  PathBudget budget;
};

struct PathStep {
  std::string edge;
  v1::EdgeKind kind = v1::EDGE_KIND_UNSPECIFIED;
  bool forward = true;  // along the edge, source -> target
};

struct FoundPath {
  std::vector<std::string> vertices;  // hops + 1 entries
  std::vector<PathStep> hops;
};

struct FindPathsResult {
  std::vector<FoundPath> paths;
  int shortest_length = 0;  // 0 = no path within max_length
  bool truncated = false;
  std::string truncation_reason;
  uint64_t revision = 0;
};

absl::StatusOr<FindPathsResult> FindPaths(const storage::GraphSnapshot& snapshot,
                                          const FindPathsOptions& options,
                                          const StopCheck& stop);

}  // namespace evidencegraph::query

#endif  // EVIDENCEGRAPH_QUERY_PATHS_H_
