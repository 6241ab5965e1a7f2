// Strongly connected components of a directed graph in CSR form (Tarjan),
// iterative: an explicit stack replaces recursion, so a 100,000-node cycle
// costs heap, not call stack.
//
// Components are numbered in topological order of the condensation: every
// edge u->v has component(u) <= component(v), with equality only inside a
// component. Evaluating components 0, 1, 2, ... therefore sees every input of
// a component already evaluated.
// Thread-safety: pure function. Complexity O(nodes + edges) time and memory.
#ifndef EVIDENCEGRAPH_REASONING_SCC_H_
#define EVIDENCEGRAPH_REASONING_SCC_H_

#include <vector>

#include "absl/types/span.h"

namespace evidencegraph::reasoning {

struct SccResult {
  int num_components = 0;
  std::vector<int> component_of;  // node -> component id (topological order)
  // Members of component c: members[offsets[c] .. offsets[c+1]).
  std::vector<int> offsets;
  std::vector<int> members;
  // 1 when the component has a cycle: more than one node, or a self-loop.
  std::vector<unsigned char> cyclic;
};

// `out_offsets` has n+1 entries; the successors of u are
// out_targets[out_offsets[u] .. out_offsets[u+1]).
SccResult StronglyConnectedComponents(absl::Span<const int> out_offsets,
                                      absl::Span<const int> out_targets);

}  // namespace evidencegraph::reasoning

#endif  // EVIDENCEGRAPH_REASONING_SCC_H_
