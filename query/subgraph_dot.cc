#include "query/subgraph_dot.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/resource_names.h"

namespace evidencegraph::query {
namespace {

struct NodeStyle {
  absl::string_view shape;
  absl::string_view fill;
};

NodeStyle StyleOf(v1::NodeKind kind) {
  switch (kind) {
    case v1::NODE_KIND_CLAIM:
      return {"box", "#fff2cc"};
    case v1::NODE_KIND_STUDY:
      return {"note", "#dae8fc"};
    case v1::NODE_KIND_EXPERT:
      return {"ellipse", "#e1d5e7"};
    case v1::NODE_KIND_CRITIQUE:
      return {"octagon", "#f8cecc"};
    case v1::NODE_KIND_SOURCE:
      return {"folder", "#d5e8d4"};
    default:
      return {"box", "#ffffff"};
  }
}

absl::string_view ColorOf(v1::EdgeKind kind) {
  switch (kind) {
    case v1::EDGE_KIND_SUPPORTS:
      return "#2e7d32";
    case v1::EDGE_KIND_REFUTES:
    case v1::EDGE_KIND_TARGETS:
      return "#c62828";
    default:
      return "#616161";
  }
}

std::string EdgeLabel(const v1::Edge& edge) {
  std::string label(EdgeKindToken(edge.kind()));
  if (edge.kind() == v1::EDGE_KIND_TARGETS) {
    switch (edge.attack_type()) {
      case v1::ATTACK_TYPE_UNDERMINE:
        absl::StrAppend(&label, " (undermine)");
        break;
      case v1::ATTACK_TYPE_UNDERCUT:
        absl::StrAppend(&label, " (undercut)");
        break;
      case v1::ATTACK_TYPE_REBUT:
        absl::StrAppend(&label, " (rebut)");
        break;
      default:
        break;
    }
  }
  return label;
}

std::string Shorten(absl::string_view text, size_t max_chars) {
  if (text.size() <= max_chars) return std::string(text);
  // Cut on a UTF-8 boundary: never inside a multi-byte sequence.
  size_t cut = max_chars;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat(text.substr(0, cut), "...");
}

}  // namespace

std::string DotQuote(absl::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  out += '"';
  return out;
}

std::string SubgraphToDot(const Subgraph& subgraph, absl::string_view center) {
  std::string dot =
      "digraph neighbourhood {\n"
      "  rankdir=LR;\n"
      "  node [style=filled, fontname=\"Helvetica\", fontsize=10];\n"
      "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  absl::flat_hash_set<std::string> drawn;
  for (const v1::Node& node : subgraph.nodes) {
    const NodeStyle style = StyleOf(node.kind());
    const std::string label = node.display_title().empty()
                                  ? node.name()
                                  : Shorten(node.display_title(), 60);
    absl::StrAppend(&dot, "  ", DotQuote(node.name()), " [label=", DotQuote(label),
                    ", shape=", style.shape, ", fillcolor=\"", style.fill, "\"",
                    node.name() == center ? ", penwidth=3" : "", "];\n");
    drawn.insert(node.name());
  }
  const absl::flat_hash_set<std::string> inferences(subgraph.inferences.begin(),
                                                    subgraph.inferences.end());
  for (const std::string& inference : subgraph.inferences) {
    absl::StrAppend(&dot, "  ", DotQuote(inference),
                    " [shape=point, width=0.08, label=\"\"];\n");
    drawn.insert(inference);
  }
  for (const v1::Edge& edge : subgraph.edges) {
    const std::string attrs = absl::StrCat("color=\"", ColorOf(edge.kind()),
                                           "\", fontcolor=\"", ColorOf(edge.kind()),
                                           "\"");
    const std::string label = DotQuote(EdgeLabel(edge));
    if (inferences.contains(edge.name())) {
      // source -> point -> target, the label on the second half.
      if (drawn.contains(edge.source())) {
        absl::StrAppend(&dot, "  ", DotQuote(edge.source()), " -> ",
                        DotQuote(edge.name()), " [arrowhead=none, ", attrs, "];\n");
      }
      if (drawn.contains(edge.target())) {
        absl::StrAppend(&dot, "  ", DotQuote(edge.name()), " -> ",
                        DotQuote(edge.target()), " [label=", label, ", ", attrs,
                        "];\n");
      }
      continue;
    }
    if (!drawn.contains(edge.source()) || !drawn.contains(edge.target())) continue;
    absl::StrAppend(&dot, "  ", DotQuote(edge.source()), " -> ", DotQuote(edge.target()),
                    " [label=", label, ", ", attrs,
                    edge.kind() == v1::EDGE_KIND_TARGETS ? ", style=dashed" : "",
                    "];\n");
  }
  dot += "}\n";
  return dot;
}

}  // namespace evidencegraph::query
