// Graphviz DOT of a claim's explanation subgraph.
//
// Nodes are arguments (and the experts who authored the critiques among
// them); shapes and fill colours by kind: claim = rounded box (blue), evidence
// = note (green), assertion = ellipse (purple), critique = octagon (orange),
// claim relation = diamond (grey), expert = house (white). Each argument's
// label is its title, its kind and "tau→sigma" with two decimals. Edges:
// support = solid dark green "+", attack = dashed red with a tee head "−",
// relation feed = dotted grey, authorship = dotted grey "authored".
// Every user string is escaped for a DOT quoted string (backslash, quote,
// newlines), so titles cannot break the file.
// At most `max_nodes` arguments are drawn, nearest to the claim first; the
// graph label says when some were left out.
// Thread-safety: pure function.
#ifndef EVIDENCEGRAPH_REASONING_DOT_H_
#define EVIDENCEGRAPH_REASONING_DOT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "reasoning/argument_graph.h"
#include "reasoning/evaluator.h"

namespace evidencegraph::reasoning {

// `text` as a DOT quoted string, quotes included.
std::string DotQuote(absl::string_view text);

std::string RenderExplanationDot(const ArgumentGraph& graph, const Scenario& scenario,
                                 const std::vector<double>& strength, int claim_argument,
                                 int max_nodes);

}  // namespace evidencegraph::reasoning

#endif  // EVIDENCEGRAPH_REASONING_DOT_H_
