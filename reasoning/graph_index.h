// GraphIndex: name lookup for an EvidenceGraph, built while checking that the
// graph is well formed (the rules listed in argument_graph.h).
//
// Every failure is INVALID_ARGUMENT (reason "INVALID_EVIDENCE_GRAPH") whose
// message names the node or edge and the rule, e.g.
//   invalid edge "critiques/x/edges/targets/studies/nope" target: names no node
//   or edge in the graph
// Thread-safety: pure function. Ownership: the index owns copies of names.
#ifndef EVIDENCEGRAPH_REASONING_GRAPH_INDEX_H_
#define EVIDENCEGRAPH_REASONING_GRAPH_INDEX_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "reasoning/argument_graph.h"
#include "reasoning/evidence_graph.h"

namespace evidencegraph::reasoning {

struct GraphIndex {
  // Every node and edge name -> what it is.
  absl::flat_hash_map<std::string, ResourceRef> resources;
  // Canonical name of each edge (EdgeNameOf), by edge index.
  std::vector<std::string> edge_names;
};

absl::StatusOr<GraphIndex> IndexAndValidate(const EvidenceGraph& graph);

}  // namespace evidencegraph::reasoning

#endif  // EVIDENCEGRAPH_REASONING_GRAPH_INDEX_H_
