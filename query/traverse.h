// Traverse: breadth-first walk over a WalkGraph (query/walk_graph.h) from one
// or more start vertices, delivered in batches.
//
// Contract
//   - Vertices are reported once each, in non-decreasing depth, with the edge
//     and parent they were first reached by; start vertices have depth 0.
//   - Bounds (query/bounds.h): max_depth 0 -> 3, cap 10; max_nodes 0 -> 10000,
//     cap 100000; 1..100 start vertices; batch_size 0 -> 256, coerced to 1000.
//     A value over a cap is INVALID_ARGUMENT naming the field. A walk that
//     has more to visit when max_nodes vertices are reported stops with
//     `truncated` and a reason.
//   - Start vertices are validated (INVALID_ARGUMENT "start[i]") and must
//     exist (NOT_FOUND naming the first missing one) in Start(), so a
//     failing request delivers nothing.
//   - Nodes not allowed by the node filter are neither reported nor expanded
//     (start vertices always are).
//   - `stop` is polled at every batch and every 256 edges examined; its non-OK
//     status is returned as is (CANCELLED / DEADLINE_EXCEEDED).
// Thread-safety: runs on the caller's thread; reads the snapshot only.
#ifndef EVIDENCEGRAPH_QUERY_TRAVERSE_H_
#define EVIDENCEGRAPH_QUERY_TRAVERSE_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/stop_check.h"
#include "query/bounds.h"
#include "query/name_arena.h"
#include "query/walk_graph.h"
#include "storage/graph_store.h"

namespace evidencegraph::query {

inline constexpr Bound kTraverseMaxDepth{"max_depth", 3, 10};
inline constexpr Bound kTraverseMaxNodes{"max_nodes", 10000, 100000};
inline constexpr Bound kTraverseBatchSize{"batch_size", 256, 1000};
inline constexpr int kMaxStartVertices = 100;
// Edges examined between two polls of the StopCheck.
inline constexpr int kStopPollEdges = 256;

struct TraverseOptions {
  // Start vertices (node names or inference edge names), 1..100.
  std::vector<std::string> start;
  int max_depth = 0;
  int max_nodes = 0;
  EdgeFilter edges;
  NodeFilter nodes;
  v1::EdgeDirection direction = v1::EDGE_DIRECTION_BOTH;
  int batch_size = 0;
  // The request field that holds `start`, for error messages.
  std::string start_field = "start";
};

// One reported vertex.
struct Visit {
  std::string name;
  v1::NodeKind kind = v1::NODE_KIND_UNSPECIFIED;
  int depth = 0;
  std::string via_edge;  // empty for start vertices
  v1::EdgeKind via_kind = v1::EDGE_KIND_UNSPECIFIED;
  std::string parent;    // empty for start vertices
  bool via_outgoing = false;
};

// One reported vertex as views into the walk's own storage, valid as long as
// the Traversal. What a server stream encodes without copying a name.
struct VisitView {
  absl::string_view name;
  int depth = 0;
  absl::string_view parent;  // empty for start vertices
  v1::EdgeKind via_kind = v1::EDGE_KIND_UNSPECIFIED;
  bool via_outgoing = false;
  // The via edge's name when it is a vertex name (a hop into or out of an
  // inference); empty for a start vertex and for a plain stored edge, whose
  // name AppendViaEdge builds from parent, via_kind and name.
  absl::string_view via_name;

  v1::NodeKind kind() const { return VertexKind(name); }
  bool is_start() const { return parent.empty(); }
  // Appends the via edge's name (nothing for a start vertex).
  void AppendViaEdge(std::string* out) const;
  // The owning form (Visit::via_edge and the rest copied).
  Visit ToVisit() const;
};

// A breadth-first walk, produced batch by batch so a server stream can send
// each batch before the next is computed (flow control, prompt cancellation).
// Memory: one copy of each reported vertex's name, the seen set and two BFS
// levels (views into those names), and at most one vertex's worth of pending
// visits beyond the batch.
class Traversal {
 public:
  // Validates the options and the start vertices. The snapshot must outlive
  // the Traversal.
  static absl::StatusOr<std::unique_ptr<Traversal>> Start(
      const storage::GraphSnapshot& snapshot, const TraverseOptions& options);

  Traversal(const Traversal&) = delete;
  Traversal& operator=(const Traversal&) = delete;

  // Clears `batch` and fills it with up to batch_size() visits in BFS order.
  // Returns true when the walk is complete: `batch` then holds the last
  // visits (possibly none), and later calls return true with an empty batch.
  absl::StatusOr<bool> NextBatch(const StopCheck& stop, std::vector<Visit>* batch);

  // The same batch handed to `visit` one vertex at a time, as views (no
  // copy); the same return value and errors.
  absl::StatusOr<bool> NextBatch(const StopCheck& stop,
                                 absl::FunctionRef<void(const VisitView&)> visit);

  size_t batch_size() const { return batch_size_; }
  uint64_t revision() const { return revision_; }
  int64_t vertices() const { return vertices_; }
  int64_t edges_scanned() const { return graph_.edges_scanned(); }
  // Meaningful once NextBatch returned true.
  bool truncated() const { return truncated_; }
  const std::string& truncation_reason() const { return truncation_reason_; }

 private:
  Traversal(const storage::GraphSnapshot& snapshot, const TraverseOptions& options,
            int max_depth, int max_nodes, size_t batch_size);
  // Expands the next vertex of the current level (or moves to the next level).
  absl::Status ExpandOne(const StopCheck& stop);
  absl::Status Poll(const StopCheck& stop);

  WalkGraph graph_;
  const NodeFilter nodes_;
  const v1::EdgeDirection direction_;
  const int max_depth_;
  const int max_nodes_;
  const size_t batch_size_;
  const uint64_t revision_;

  // Every name below is a view into names_ (one copy per vertex reported).
  NameArena names_;
  absl::flat_hash_set<absl::string_view> seen_;
  std::vector<absl::string_view> frontier_;  // vertices at depth_
  size_t frontier_pos_ = 0;                  // next one to expand
  std::vector<absl::string_view> next_;      // vertices at depth_ + 1
  int depth_ = 0;
  std::deque<VisitView> pending_;  // reported, not yet handed out
  int64_t vertices_ = 0;
  int64_t ticks_ = 0;
  bool expanded_all_ = false;
  bool truncated_ = false;
  std::string truncation_reason_;
};

// Polls `stop` once every kStopPollEdges calls. Shared by the walks.
class StopPoller {
 public:
  explicit StopPoller(const StopCheck& stop) : stop_(stop) {}
  // Non-OK once the caller gave up; checked every kStopPollEdges ticks.
  absl::Status Tick() {
    if (++ticks_ % kStopPollEdges != 0 || !stop_) return absl::OkStatus();
    return stop_();
  }
  absl::Status Now() { return stop_ ? stop_() : absl::OkStatus(); }

 private:
  const StopCheck& stop_;
  int64_t ticks_ = 0;
};

}  // namespace evidencegraph::query

#endif  // EVIDENCEGRAPH_QUERY_TRAVERSE_H_
