// A seeded synthetic evidence graph, kept in memory next to the store it is
// imported into, with deliberately simple reference algorithms (plain BFS
// and exhaustive DFS over std::map adjacency) that the query library must
// agree with.
//
// The reference models the walk rules of query/walk_graph.h independently:
// every edge e = s -k-> t is a hop s -> t; an edge that a TARGETS edge
// points at (an attacked inference, k in SUPPORTS/REFUTES/ASSERTS) is also
// a vertex [e] with hops s -> [e] -> t, all labelled e.
#ifndef EVIDENCEGRAPH_TESTS_QUERY_REFERENCE_GRAPH_H_
#define EVIDENCEGRAPH_TESTS_QUERY_REFERENCE_GRAPH_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "evidencegraph/v1/graph_service.pb.h"
#include "evidencegraph/v1/resources.pb.h"

namespace evidencegraph::testing {

struct RefHop {
  std::string neighbor;
  std::string edge;
  bool outgoing;
};

struct GeneratedGraph {
  std::vector<v1::Node> nodes;
  std::vector<v1::Edge> edges;  // in import order (undercuts after their targets)
};

// About `edge_count` edges over edge_count / 3 nodes, seeded.
GeneratedGraph GenerateGraph(int edge_count, uint32_t seed);

class ReferenceGraph {
 public:
  explicit ReferenceGraph(const GeneratedGraph& graph);

  // Hops of `vertex` in `direction` (UNSPECIFIED = BOTH).
  std::vector<RefHop> Hops(const std::string& vertex, v1::EdgeDirection direction) const;

  // Depth of every vertex within `max_depth` hops of `starts`.
  std::map<std::string, int> Bfs(const std::vector<std::string>& starts, int max_depth,
                                 v1::EdgeDirection direction) const;

  // Every simple path from `source` to `target` of at most `max_length` hops,
  // each as "v0 |e1| v1 |e2| v2 ...", at most `limit` of them.
  std::vector<std::string> AllPaths(const std::string& source, const std::string& target,
                                    int max_length, v1::EdgeDirection direction,
                                    size_t limit) const;

  const std::vector<std::string>& vertices() const { return vertices_; }

 private:
  void AddHop(const std::string& from, const std::string& to, const std::string& edge,
              bool outgoing);

  std::map<std::string, std::vector<RefHop>> out_;
  std::map<std::string, std::vector<RefHop>> in_;
  std::vector<std::string> vertices_;
};

}  // namespace evidencegraph::testing

#endif  // EVIDENCEGRAPH_TESTS_QUERY_REFERENCE_GRAPH_H_
