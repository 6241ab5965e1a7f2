#include "reasoning/dot.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace evidencegraph::reasoning {
namespace {

struct Style {
  const char* shape;
  const char* fill;
};

Style StyleOf(ArgumentKind kind) {
  switch (kind) {
    case ArgumentKind::kClaim: return {"box", "#cfe2ff"};
    case ArgumentKind::kEvidence: return {"note", "#d1e7dd"};
    case ArgumentKind::kAssertion: return {"ellipse", "#e2d9f3"};
    case ArgumentKind::kCritique: return {"octagon", "#ffe5d0"};
    case ArgumentKind::kRelation: return {"diamond", "#e9ecef"};
  }
  return {"ellipse", "#ffffff"};
}

// Escapes each line and joins them with DOT's "\n" line break.
std::string Label(const std::vector<std::string>& lines) {
  std::string inner;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string q = DotQuote(lines[i]);
    if (i > 0) inner += "\\n";
    inner.append(q, 1, q.size() - 2);
  }
  return absl::StrCat("\"", inner, "\"");
}

}  // namespace

std::string DotQuote(absl::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    switch (ch) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: out += ch;
    }
  }
  out += "\"";
  return out;
}

std::string RenderExplanationDot(const ArgumentGraph& ag, const Scenario& sc,
                                 const std::vector<double>& strength, int claim,
                                 int max_nodes) {
  const Qbaf& q = ag.qbaf();
  // Breadth-first backwards from the claim over acting edges.
  std::vector<int> order{claim};
  absl::flat_hash_map<int, int> drawn{{claim, 0}};
  bool truncated = false;
  for (size_t head = 0; head < order.size(); ++head) {
    for (int e : q.incoming(order[head])) {
      int from = q.edge(e).from;
      if (!sc.edge_active[e] || !sc.argument_active[from] || drawn.contains(from)) continue;
      if (static_cast<int>(order.size()) >= max_nodes) {
        truncated = true;
        continue;
      }
      drawn.emplace(from, static_cast<int>(order.size()));
      order.push_back(from);
    }
  }

  const ArgumentInfo& claim_info = ag.info(claim);
  std::string out = "digraph explanation {\n  rankdir=LR;\n";
  std::vector<std::string> caption = {absl::StrCat("Why: ", claim_info.label)};
  if (truncated) caption.push_back(absl::StrFormat("(first %d arguments shown)", max_nodes));
  absl::StrAppend(&out, "  label=", Label(caption), ";\n  labelloc=t;\n");
  out += "  node [style=\"filled\", fontname=\"Helvetica\", fontsize=10];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9];\n";

  std::vector<int> experts;  // authors of drawn critiques
  for (int a : order) {
    const ArgumentInfo& info = ag.info(a);
    Style st = StyleOf(info.kind);
    std::string title = info.kind == ArgumentKind::kRelation
                            ? absl::StrCat("from ", info.label)
                            : info.label;
    absl::StrAppendFormat(&out, "  a%d [shape=%s, fillcolor=\"%s\"%s, label=%s, tooltip=%s];\n",
                          a, st.shape, st.fill,
                          info.kind == ArgumentKind::kClaim ? ", style=\"rounded,filled\"" : "",
                          Label({title, std::string(ArgumentKindWords(info.kind)),
                                 absl::StrFormat("%.2f→%.2f", sc.base[a], strength[a])}),
                          DotQuote(q.name(a)));
    if (info.critique >= 0) {
      for (int x : ag.critique_authors(info.critique)) {
        if (std::find(experts.begin(), experts.end(), x) == experts.end()) experts.push_back(x);
      }
    }
  }
  const EvidenceGraph& g = ag.graph();
  for (int x : experts) {
    const Expert& e = g.experts[x];
    std::string name = !e.display_title.empty() ? e.display_title
                       : !e.full_name.empty()   ? e.full_name
                                                : e.name;
    absl::StrAppendFormat(&out,
                          "  x%d [shape=house, fillcolor=\"#ffffff\", label=%s, tooltip=%s];\n",
                          x, Label({name, "expert"}), DotQuote(e.name));
  }
  for (int a : order) {
    for (int e : q.incoming(a)) {
      int from = q.edge(e).from;
      if (!sc.edge_active[e] || !drawn.contains(from) || !sc.argument_active[from]) continue;
      switch (q.edge(e).role) {
        case EdgeRole::kSupport:
          absl::StrAppendFormat(&out, "  a%d -> a%d [color=darkgreen, label=\"+\"];\n", from, a);
          break;
        case EdgeRole::kAttack:
          absl::StrAppendFormat(
              &out, "  a%d -> a%d [color=red, style=dashed, arrowhead=tee, label=\"−\"];\n",
              from, a);
          break;
        case EdgeRole::kFeed:
          absl::StrAppendFormat(&out, "  a%d -> a%d [color=gray40, style=dotted, label=\"%s\"];\n",
                                from, a,
                                q.transfer_shape(a) == TransferShape::kBelowHalf ? "if < ½"
                                                                                 : "if > ½");
          break;
      }
    }
    const ArgumentInfo& info = ag.info(a);
    if (info.critique >= 0) {
      for (int x : ag.critique_authors(info.critique)) {
        absl::StrAppendFormat(
            &out, "  x%d -> a%d [color=gray60, style=dotted, label=\"authored\"];\n", x, a);
      }
    }
  }
  out += "}\n";
  return out;
}

}  // namespace evidencegraph::reasoning
