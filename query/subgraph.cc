#include "query/subgraph.h"

#include <algorithm>
#include <utility>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_set.h"
#include "common/status_macros.h"
#include "query/subgraph_dot.h"
#include "query/traverse.h"

namespace evidencegraph::query {

absl::StatusOr<Subgraph> GetSubgraph(const storage::GraphSnapshot& snapshot,
                                     const SubgraphOptions& options,
                                     const StopCheck& stop) {
  ASSIGN_OR_RETURN(const int depth, ResolveBound(options.depth, kSubgraphDepth));
  ASSIGN_OR_RETURN(const int max_nodes,
                   ResolveBound(options.max_nodes, kSubgraphMaxNodes));

  RETURN_IF_ERROR(WalkGraph(snapshot, options.edges).CheckVertex(options.center, "name"));

  // 1. The vertices: a walk with the same rules as Traverse.
  TraverseOptions walk;
  walk.start = {options.center};
  walk.start_field = "name";
  walk.max_depth = depth;
  walk.max_nodes = max_nodes;
  walk.edges = options.edges;
  walk.nodes = options.nodes;
  walk.direction = options.direction;
  walk.batch_size = kTraverseBatchSize.cap;
  ASSIGN_OR_RETURN(std::unique_ptr<Traversal> walked, Traversal::Start(snapshot, walk));
  std::vector<std::string> order;
  std::vector<Visit> batch;
  for (bool done = false; !done;) {
    ASSIGN_OR_RETURN(done, walked->NextBatch(stop, &batch));
    for (Visit& v : batch) order.push_back(std::move(v.name));
  }

  Subgraph out;
  out.revision = walked->revision();
  out.truncated = walked->truncated();
  out.truncation_reason = walked->truncation_reason();
  const absl::flat_hash_set<std::string> members(order.begin(), order.end());

  // 2. The edges among them, in either direction. Each edge is seen from both
  // ends; the ordered set dedups and sorts by name.
  WalkGraph graph(snapshot, options.edges);
  for (const std::string& vertex : order) {
    if (IsInferenceVertex(vertex)) graph.TreatAsVertex(vertex);
  }
  StopPoller poller(stop);
  absl::btree_set<std::string> edge_names;
  for (const std::string& vertex : order) {
    absl::Status inner;
    RETURN_IF_ERROR(graph.ForEachHop(vertex, v1::EDGE_DIRECTION_BOTH, [&](const Hop& hop) {
      inner = poller.Tick();
      if (!inner.ok()) return false;
      if (members.contains(hop.neighbor)) edge_names.insert(hop.EdgeName());
      return true;
    }));
    RETURN_IF_ERROR(inner);
  }

  // 3. Full messages, all from the same snapshot.
  out.nodes.reserve(order.size());
  for (const std::string& vertex : order) {
    if (IsInferenceVertex(vertex)) {
      out.inferences.push_back(vertex);
      continue;
    }
    ASSIGN_OR_RETURN(v1::Node node, snapshot.GetNode(vertex));
    out.nodes.push_back(std::move(node));
  }
  out.edges.reserve(edge_names.size());
  for (const std::string& name : edge_names) {
    RETURN_IF_ERROR(poller.Tick());
    ASSIGN_OR_RETURN(v1::Edge edge, snapshot.GetEdge(name));
    out.edges.push_back(std::move(edge));
  }
  if (options.include_dot) out.dot = SubgraphToDot(out, options.center);
  return out;
}

}  // namespace evidencegraph::query
