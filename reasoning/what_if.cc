#include "reasoning/what_if.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace evidencegraph::reasoning {

std::vector<int> WhatIfChanges::Seeds(const Qbaf& qbaf) const {
  std::vector<int> seeds = removed_arguments;
  for (int e : removed_edges) seeds.push_back(qbaf.edge(e).to);
  for (const auto& [arg, base] : new_bases) seeds.push_back(arg);
  return seeds;
}

void WhatIfChanges::ApplyTo(Scenario& scenario) const {
  for (int a : removed_arguments) scenario.argument_active[a] = 0;
  for (int e : removed_edges) scenario.edge_active[e] = 0;
  for (const auto& [arg, base] : new_bases) scenario.base[arg] = base;
}

absl::StatusOr<WhatIfChanges> ResolveRemovals(const ArgumentGraph& ag,
                                              absl::Span<const std::string> removals,
                                              absl::string_view protected_claim) {
  const EvidenceGraph& g = ag.graph();
  WhatIfChanges out;
  absl::flat_hash_set<int> removed_graph_edges;
  std::vector<unsigned char> removed_expert(g.experts.size(), 0);
  std::vector<std::pair<int, int>> removed_authorship;  // (expert, critique)
  auto add_all = [&out](const std::vector<int>& args) {
    out.removed_arguments.insert(out.removed_arguments.end(), args.begin(), args.end());
  };

  for (size_t i = 0; i < removals.size(); ++i) {
    const std::string& name = removals[i];
    std::string field = absl::StrCat("what_if_removals[", i, "]");
    std::optional<ResourceRef> ref = ag.FindResource(name);
    if (!ref.has_value()) {
      return InvalidField(field, absl::StrCat("names no node or edge in the graph: \"",
                                              name, "\""));
    }
    switch (ref->kind) {
      case ResourceKind::kClaim:
        if (name == protected_claim) {
          return InvalidField(field, "cannot remove the claim being explained");
        }
        out.removed_arguments.push_back(ag.claim_argument(ref->index));
        break;
      case ResourceKind::kStudy:
        add_all(ag.study_arguments(ref->index));
        break;
      case ResourceKind::kCritique:
        out.removed_arguments.push_back(ag.critique_argument(ref->index));
        break;
      case ResourceKind::kExpert:
        removed_expert[ref->index] = 1;
        add_all(ag.expert_assertions(ref->index));
        add_all(ag.expert_critiques(ref->index));
        for (int s : ag.expert_studies(ref->index)) add_all(ag.study_arguments(s));
        break;
      case ResourceKind::kSource:
        out.notes.push_back(absl::StrCat(name, ": a source carries no argument"));
        break;
      case ResourceKind::kEdge: {
        const Edge& e = g.edges[ref->index];
        switch (e.kind) {
          case EdgeKind::kSupports:
          case EdgeKind::kRefutes:
          case EdgeKind::kAsserts:
          case EdgeKind::kSpecialises:
          case EdgeKind::kGeneralises:
            add_all(ag.edge_arguments(ref->index));
            break;
          case EdgeKind::kTargets:
            removed_graph_edges.insert(ref->index);
            break;
          case EdgeKind::kAuthored: {
            std::optional<ResourceRef> t = ag.FindResource(e.target);
            std::optional<ResourceRef> s = ag.FindResource(e.source);
            if (t && s && t->kind == ResourceKind::kCritique) {
              removed_authorship.emplace_back(s->index, t->index);
            } else {
              out.notes.push_back(absl::StrCat(
                  name, ": authorship of a study or source does not change its weight"));
            }
            break;
          }
          default:
            out.notes.push_back(absl::StrCat(name, ": this edge kind carries no argument"));
        }
        break;
      }
    }
  }

  // Attacks of removed TARGETS edges, unless another kept edge makes them too.
  for (int ge : removed_graph_edges) {
    for (int qe : ag.edge_attacks(ge)) {
      bool all_removed = true;
      for (int src : ag.attack_sources(qe)) {
        if (!removed_graph_edges.contains(src)) all_removed = false;
      }
      if (all_removed) out.removed_edges.push_back(qe);
    }
  }

  // Critiques that lost an author but not themselves: recompute their base.
  absl::flat_hash_set<int> touched;
  for (const auto& [x, c] : removed_authorship) touched.insert(c);
  for (size_t c = 0; c < g.critiques.size(); ++c) {
    for (int x : ag.critique_authors(static_cast<int>(c))) {
      if (removed_expert[x]) touched.insert(static_cast<int>(c));
    }
  }
  for (int c : touched) {
    auto present = [&](int x) {
      if (removed_expert[x]) return false;
      for (const auto& [rx, rc] : removed_authorship) {
        if (rx == x && rc == c) return false;
      }
      return true;
    };
    double base = ag.CritiqueBase(c, present);
    int arg = ag.critique_argument(c);
    if (base != ag.qbaf().base(arg)) out.new_bases.emplace_back(arg, base);
  }

  auto dedupe = [](std::vector<int>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  };
  dedupe(out.removed_arguments);
  dedupe(out.removed_edges);
  std::sort(out.new_bases.begin(), out.new_bases.end());
  return out;
}

}  // namespace evidencegraph::reasoning
