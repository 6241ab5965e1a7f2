#include "reasoning/argument_graph.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "reasoning/graph_index.h"

namespace evidencegraph::reasoning {

absl::string_view ArgumentKindWords(ArgumentKind kind) {
  switch (kind) {
    case ArgumentKind::kClaim: return "claim";
    case ArgumentKind::kEvidence: return "evidence";
    case ArgumentKind::kAssertion: return "assertion";
    case ArgumentKind::kCritique: return "critique";
    case ArgumentKind::kRelation: return "claim relation";
  }
  return "argument";
}

namespace {

template <typename Node>
std::string LabelOf(const Node& n, absl::string_view fallback) {
  if (!n.display_title.empty()) return n.display_title;
  if (!fallback.empty()) return std::string(fallback);
  return n.name;
}

std::string ExpertLabel(const Expert& x) { return LabelOf(x, x.full_name); }

std::string CredibilityText(const Expert& x, double cred) {
  std::string s = absl::StrFormat("credibility %.3g of %s (expertise %d%s)", cred,
                                  ExpertLabel(x), x.expertise.value_or(2),
                                  x.expertise.has_value() ? "" : ", unset = 2");
  if (!x.conflicts_of_interest.empty()) {
    absl::StrAppend(&s, ", x0.7 declared conflict of interest");
  }
  return s;
}

}  // namespace

// Builds one ArgumentGraph; a class so the many cross-references stay members.
class ArgumentGraphBuilder {
 public:
  explicit ArgumentGraphBuilder(const EvidenceGraph& g) : g_(g) {}

  absl::StatusOr<ArgumentGraph> Run() {
    ASSIGN_OR_RETURN(GraphIndex index, IndexAndValidate(g_));
    ag_.graph_ = &g_;
    ag_.resources_ = std::move(index.resources);
    ag_.edge_names_ = std::move(index.edge_names);
    ag_.claim_arg_.assign(g_.claims.size(), -1);
    ag_.critique_arg_.assign(g_.critiques.size(), -1);
    ag_.study_args_.resize(g_.studies.size());
    ag_.study_authors_.resize(g_.studies.size());
    ag_.expert_assertions_.resize(g_.experts.size());
    ag_.expert_critiques_.resize(g_.experts.size());
    ag_.expert_studies_.resize(g_.experts.size());
    ag_.critique_authors_.resize(g_.critiques.size());
    ag_.edge_args_.resize(g_.edges.size());
    ag_.edge_attacks_.resize(g_.edges.size());

    CollectAuthors();
    RETURN_IF_ERROR(AddClaims());
    RETURN_IF_ERROR(AddCritiques());
    for (size_t i = 0; i < g_.edges.size(); ++i) RETURN_IF_ERROR(AddLink(static_cast<int>(i)));
    for (size_t i = 0; i < g_.edges.size(); ++i) RETURN_IF_ERROR(AddTargets(static_cast<int>(i)));
    ASSIGN_OR_RETURN(ag_.qbaf_, std::move(qb_).Build());
    ag_.attack_sources_.resize(ag_.qbaf_.num_edges());
    return std::move(ag_);
  }

 private:
  int Ref(const std::string& name) const { return ag_.resources_.at(name).index; }

  void CollectAuthors() {
    for (const Edge& e : g_.edges) {
      if (e.kind != EdgeKind::kAuthored) continue;
      int expert = Ref(e.source);
      ResourceRef target = ag_.resources_.at(e.target);
      if (target.kind == ResourceKind::kCritique) {
        ag_.critique_authors_[target.index].push_back(expert);
      } else if (target.kind == ResourceKind::kStudy) {
        ag_.study_authors_[target.index].push_back(expert);
        ag_.expert_studies_[expert].push_back(target.index);
      }
    }
  }

  absl::StatusOr<int> NewArgument(const std::string& name, double base, ArgumentInfo info) {
    ASSIGN_OR_RETURN(int id, qb_.AddArgument(name, base));
    ag_.info_.push_back(std::move(info));
    return id;
  }

  absl::Status Connect(int from, int to, bool support, int graph_edge) {
    std::optional<int> existing =
        qb_.FindEdge(from, to, support ? EdgeRole::kSupport : EdgeRole::kAttack);
    int id;
    if (existing.has_value()) {
      id = *existing;
    } else {
      ASSIGN_OR_RETURN(id, support ? qb_.AddSupport(from, to) : qb_.AddAttack(from, to));
    }
    if (!support && graph_edge >= 0) {
      if (ag_.attack_sources_.size() <= static_cast<size_t>(id)) {
        ag_.attack_sources_.resize(id + 1);
      }
      ag_.attack_sources_[id].push_back(graph_edge);
      ag_.edge_attacks_[graph_edge].push_back(id);
    }
    return absl::OkStatus();
  }

  absl::Status AddClaims() {
    for (size_t i = 0; i < g_.claims.size(); ++i) {
      const Claim& c = g_.claims[i];
      ArgumentInfo info;
      info.kind = ArgumentKind::kClaim;
      info.resource = info.node = c.name;
      info.label = LabelOf(c, c.statement);
      info.reasons.push_back("0.50: a claim starts with no lean either way");
      ASSIGN_OR_RETURN(ag_.claim_arg_[i], NewArgument(c.name, 0.5, std::move(info)));
    }
    return absl::OkStatus();
  }

  absl::Status AddCritiques() {
    for (size_t i = 0; i < g_.critiques.size(); ++i) {
      const Critique& k = g_.critiques[i];
      int ci = static_cast<int>(i);
      double base = ag_.CritiqueBase(ci, [](int) { return true; });
      ArgumentInfo info;
      info.kind = ArgumentKind::kCritique;
      info.resource = info.node = k.name;
      info.label = LabelOf(k, "");
      info.critique = ci;
      std::string line = absl::StrFormat(
          "%.1f: %s critique", ag_.CritiqueQuality(ci),
          k.substantiated ? "specific and substantiated" : "generic");
      int best = -1;
      for (int e : ag_.critique_authors_[ci]) {
        if (best < 0 || ag_.Credibility(e) > ag_.Credibility(best)) best = e;
      }
      if (best >= 0) {
        absl::StrAppend(&line, " x ", CredibilityText(g_.experts[best], ag_.Credibility(best)));
      } else {
        absl::StrAppendFormat(&line, " x credibility %.2f (no author recorded)",
                              ArgumentGraph::kDefaultCredibility);
      }
      absl::StrAppendFormat(&line, " = %.4g", base);
      info.reasons.push_back(std::move(line));
      ASSIGN_OR_RETURN(ag_.critique_arg_[i], NewArgument(k.name, base, std::move(info)));
      for (int e : ag_.critique_authors_[ci]) {
        ag_.expert_critiques_[e].push_back(ag_.critique_arg_[i]);
      }
    }
    return absl::OkStatus();
  }

  absl::Status AddLink(int i) {
    const Edge& e = g_.edges[i];
    const std::string& name = ag_.edge_names_[i];
    double w = e.weight.value_or(1.0);
    switch (e.kind) {
      case EdgeKind::kSupports:
      case EdgeKind::kRefutes: {
        int s = Ref(e.source);
        const Study& study = g_.studies[s];
        ASSIGN_OR_RETURN(LinkGrade grade, GradeLink(study, e, name));
        ArgumentInfo info;
        info.kind = ArgumentKind::kEvidence;
        info.resource = name;
        info.node = study.name;
        info.label = LabelOf(study, study.citation_title);
        info.claim_argument = ag_.claim_arg_[Ref(e.target)];
        info.pro = e.kind == EdgeKind::kSupports;
        info.study = s;
        info.edge = i;
        info.reasons = grade.reasons;
        double base = grade.tau * w;
        if (w != 1.0) {
          info.reasons.push_back(absl::StrFormat("x%.2f link weight -> %.4g", w, base));
        }
        info.grade = std::move(grade);
        int claim = info.claim_argument;
        bool pro = info.pro;
        ASSIGN_OR_RETURN(int id, NewArgument(name, base, std::move(info)));
        ag_.study_args_[s].push_back(id);
        ag_.edge_args_[i].push_back(id);
        return Connect(id, claim, pro, -1);
      }
      case EdgeKind::kAsserts: {
        int x = Ref(e.source);
        double cred = ag_.Credibility(x);
        double base = 0.25 * cred * w;
        ArgumentInfo info;
        info.kind = ArgumentKind::kAssertion;
        info.resource = name;
        info.node = g_.experts[x].name;
        info.label = ExpertLabel(g_.experts[x]);
        info.claim_argument = ag_.claim_arg_[Ref(e.target)];
        info.expert = x;
        info.edge = i;
        info.reasons.push_back(absl::StrFormat(
            "0.25 (an assertion is the weakest evidence) x %s%s = %.4g",
            CredibilityText(g_.experts[x], cred),
            w != 1.0 ? absl::StrFormat(" x%.2f link weight", w) : std::string(), base));
        int claim = info.claim_argument;
        ASSIGN_OR_RETURN(int id, NewArgument(name, base, std::move(info)));
        ag_.expert_assertions_[x].push_back(id);
        ag_.edge_args_[i].push_back(id);
        return Connect(id, claim, true, -1);
      }
      case EdgeKind::kSpecialises:
      case EdgeKind::kGeneralises:
        return AddRelation(i, w);
      default:
        return absl::OkStatus();
    }
  }

  // Three transfer arguments per (special, general) claim pair.
  absl::Status AddRelation(int i, double w) {
    const Edge& e = g_.edges[i];
    bool spec = e.kind == EdgeKind::kSpecialises;
    int special = Ref(spec ? e.source : e.target);
    int general = Ref(spec ? e.target : e.source);
    auto [it, first] = relation_pairs_.emplace(std::make_pair(special, general), i);
    if (!first) {
      ag_.edge_args_[i] = ag_.edge_args_[it->second];
      return absl::OkStatus();
    }
    const std::string& name = ag_.edge_names_[i];
    int cs = ag_.claim_arg_[special], cg = ag_.claim_arg_[general];
    const std::string& sname = g_.claims[special].name;
    const std::string& gname = g_.claims[general].name;
    struct Part {
      const char* suffix;
      int source, target;
      double coefficient;
      TransferShape shape;
      bool pro;
      std::string why;
    };
    Part parts[3] = {
        {"#holds-supports-general", cs, cg, 0.25 * w, TransferShape::kAboveHalf, true,
         absl::StrFormat("%.3g x max(0, 2 s(%s) - 1): a special case that holds "
                         "supports its generalisation %s", 0.25 * w, sname, gname)},
        {"#counterexample", cs, cg, 0.5 * w, TransferShape::kBelowHalf, false,
         absl::StrFormat("%.3g x max(0, 1 - 2 s(%s)): a special case that fails is "
                         "a counterexample to %s", 0.5 * w, sname, gname)},
        {"#general-supports-special", cg, cs, 0.5 * w, TransferShape::kAboveHalf, true,
         absl::StrFormat("%.3g x max(0, 2 s(%s) - 1): a generalisation that holds "
                         "supports its special case %s", 0.5 * w, gname, sname)},
    };
    for (Part& p : parts) {
      ArgumentInfo info;
      info.kind = ArgumentKind::kRelation;
      info.resource = name;
      info.node = ag_.info_[p.source].node;
      info.label = ag_.info_[p.source].label;
      info.claim_argument = p.target;
      info.pro = p.pro;
      info.edge = i;
      info.reasons.push_back(std::move(p.why));
      std::string arg_name = absl::StrCat(name, p.suffix);
      ASSIGN_OR_RETURN(int id, qb_.AddTransfer(arg_name, p.source, p.coefficient, p.shape));
      ag_.info_.push_back(std::move(info));
      ag_.edge_args_[i].push_back(id);
      RETURN_IF_ERROR(Connect(id, p.target, p.pro, -1));
    }
    return absl::OkStatus();
  }

  absl::Status AddTargets(int i) {
    const Edge& e = g_.edges[i];
    if (e.kind != EdgeKind::kTargets) return absl::OkStatus();
    int k = ag_.critique_arg_[Ref(e.source)];
    ResourceRef t = ag_.resources_.at(e.target);
    switch (t.kind) {
      case ResourceKind::kStudy:
        for (int a : ag_.study_args_[t.index]) RETURN_IF_ERROR(Connect(k, a, false, i));
        return absl::OkStatus();
      case ResourceKind::kCritique:
        return Connect(k, ag_.critique_arg_[t.index], false, i);
      case ResourceKind::kClaim:
        return Connect(k, ag_.claim_arg_[t.index], false, i);
      case ResourceKind::kEdge:
        for (int a : ag_.edge_args_[t.index]) RETURN_IF_ERROR(Connect(k, a, false, i));
        return absl::OkStatus();
      default:
        return absl::OkStatus();  // excluded by validation
    }
  }

  const EvidenceGraph& g_;
  ArgumentGraph ag_;
  QbafBuilder qb_;
  std::map<std::pair<int, int>, int> relation_pairs_;
};

absl::StatusOr<ArgumentGraph> ArgumentGraph::Build(const EvidenceGraph& graph) {
  return ArgumentGraphBuilder(graph).Run();
}

std::optional<ResourceRef> ArgumentGraph::FindResource(absl::string_view name) const {
  auto it = resources_.find(name);
  if (it == resources_.end()) return std::nullopt;
  return it->second;
}

std::optional<int> ArgumentGraph::ClaimArgument(absl::string_view claim_name) const {
  std::optional<ResourceRef> r = FindResource(claim_name);
  if (!r.has_value() || r->kind != ResourceKind::kClaim) return std::nullopt;
  return claim_arg_[r->index];
}

double ArgumentGraph::Credibility(int expert_index) const {
  const Expert& x = graph_->experts[expert_index];
  double cred = 0.5 + 0.125 * x.expertise.value_or(2);
  if (!x.conflicts_of_interest.empty()) cred *= 0.7;
  return cred;
}

double ArgumentGraph::CritiqueQuality(int critique_index) const {
  return graph_->critiques[critique_index].substantiated ? 0.6 : 0.4;
}

}  // namespace evidencegraph::reasoning
