// Graphviz DOT rendering of a Subgraph (query/subgraph.h).
//
// Contract
//   - Output is a complete `digraph` that `dot -Tsvg` accepts: every id and
//     label is quoted and escaped, so names and titles cannot break it.
//   - Nodes are shaped and coloured by kind (claims boxes, studies notes,
//     experts ellipses, critiques octagons, sources folders) and labelled with
//     their display title (or name); the centre is drawn bold.
//   - Edges are labelled by kind (and attack type for TARGETS) and coloured
//     by polarity: supports green, refutes and targets red, others grey.
//   - An attacked inference in the subgraph is drawn as a small point on its
//     edge (source -> point -> target), so the TARGETS edges have something
//     to point at: Graphviz cannot aim an edge at an edge.
//   - Deterministic: equal subgraphs give byte-equal output.
// Thread-safety: pure function.
#ifndef EVIDENCEGRAPH_QUERY_SUBGRAPH_DOT_H_
#define EVIDENCEGRAPH_QUERY_SUBGRAPH_DOT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "query/subgraph.h"

namespace evidencegraph::query {

std::string SubgraphToDot(const Subgraph& subgraph, absl::string_view center);

// `text` as a DOT double-quoted string, quotes included.
std::string DotQuote(absl::string_view text);

}  // namespace evidencegraph::query

#endif  // EVIDENCEGRAPH_QUERY_SUBGRAPH_DOT_H_
