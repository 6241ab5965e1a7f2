#include "reasoning/explain.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "reasoning/cone.h"
#include "reasoning/contributions.h"
#include "reasoning/dot.h"
#include "reasoning/evaluator.h"
#include "reasoning/paths.h"
#include "reasoning/summary.h"
#include "reasoning/what_if.h"

namespace evidencegraph::reasoning {
namespace {

absl::Status ValidateOptions(const ExplainOptions& o) {
  int s = static_cast<int>(o.semantics);
  if (s < 0 || s > static_cast<int>(Semantics::kEulerBased)) {
    return InvalidField("semantics", "must be dfquad, qe or euler");
  }
  RETURN_IF_ERROR(ValidateThresholds(o.thresholds));
  if (o.max_rounds < 1 || o.max_rounds > 1'000'000) {
    return InvalidField("max_rounds", absl::StrFormat("must be 1 to 1000000 (got %d)",
                                                      o.max_rounds));
  }
  if (!std::isfinite(o.tolerance) || o.tolerance <= 0.0 || o.tolerance > 0.1) {
    return InvalidField("tolerance", "must be in (0, 0.1]");
  }
  if (o.max_paths < 0 || o.max_path_length < 1) {
    return InvalidField("max_paths", "max_paths must be >= 0 and max_path_length >= 1");
  }
  if (o.shapley_samples < 0) return InvalidField("shapley_samples", "must be >= 0");
  if (o.shapley_exact_max_items < 0 || o.shapley_exact_max_items > 20) {
    return InvalidField("shapley_exact_max_items",
                        absl::StrFormat("must be 0 to 20 (got %d)", o.shapley_exact_max_items));
  }
  if (o.contribution_max_work < 0) {
    return InvalidField("contribution_max_work", "must be >= 0");
  }
  if (o.dot_max_nodes < 1) return InvalidField("dot_max_nodes", "must be >= 1");
  return absl::OkStatus();
}

// The arguments acting directly on `claim` under `sc`, split by polarity.
struct Sides {
  std::vector<int> pro, con;
  std::vector<SideArgument> pro_values, con_values;
};

Sides DirectArguments(const Qbaf& q, const Scenario& sc,
                      const std::vector<double>& strength, int claim) {
  Sides sides;
  auto ids = q.incoming(claim);
  auto from = q.incoming_from(claim);
  auto roles = q.incoming_roles(claim);
  for (size_t i = 0; i < ids.size(); ++i) {
    int a = from[i];
    if (!sc.edge_active[ids[i]] || !sc.argument_active[a]) continue;
    SideArgument v{sc.base[a], strength[a], q.is_transfer(a)};
    if (roles[i] == EdgeRole::kSupport) {
      sides.pro.push_back(a);
      sides.pro_values.push_back(v);
    } else {
      sides.con.push_back(a);
      sides.con_values.push_back(v);
    }
  }
  return sides;
}

// Active attackers of `a` (edge ids).
std::vector<int> ActiveAttacks(const Qbaf& q, const Scenario& sc, int a) {
  std::vector<int> out;
  for (int e : q.incoming(a)) {
    if (q.edge(e).role == EdgeRole::kAttack && sc.edge_active[e] &&
        sc.argument_active[q.edge(e).from]) {
      out.push_back(e);
    }
  }
  return out;
}

std::string ExpertLabel(const Expert& e) {
  return !e.display_title.empty() ? e.display_title
         : !e.full_name.empty()   ? e.full_name
                                  : e.name;
}

CritiqueHit MakeHit(const ArgumentGraph& ag, const Scenario& sc,
                    const std::vector<double>& strength, int attack_edge) {
  const Qbaf& q = ag.qbaf();
  int k = q.edge(attack_edge).from;
  const ArgumentInfo& info = ag.info(k);
  CritiqueHit hit;
  hit.critique = info.resource;
  hit.label = info.label;
  hit.base = sc.base[k];
  hit.strength = strength[k];
  if (info.critique >= 0) {
    const EvidenceGraph& g = ag.graph();
    hit.kind = g.critiques[info.critique].kind;
    for (int x : ag.critique_authors(info.critique)) {
      hit.authors.push_back(ExpertLabel(g.experts[x]));
      hit.author_names.push_back(g.experts[x].name);
    }
  }
  for (int ge : ag.attack_sources(attack_edge)) {
    hit.attack_types.push_back(ag.graph().edges[ge].attack_type);
  }
  return hit;
}

ExplanationItem MakeItem(const ArgumentGraph& ag, const Scenario& sc,
                         const std::vector<double>& strength, int a, bool pro) {
  const ArgumentInfo& info = ag.info(a);
  ExplanationItem item;
  item.argument = ag.qbaf().name(a);
  item.kind = info.kind;
  item.resource = info.resource;
  item.node = info.node;
  item.label = info.label;
  item.pro = pro;
  item.base = sc.base[a];
  item.strength = strength[a];
  item.reasons = info.reasons;
  item.grade = info.grade;
  const EvidenceGraph& g = ag.graph();
  if (info.critique >= 0) {
    item.critique_kind = g.critiques[info.critique].kind;
    for (int x : ag.critique_authors(info.critique)) item.authors.push_back(ExpertLabel(g.experts[x]));
  } else if (info.study >= 0) {
    for (int x : ag.study_authors(info.study)) item.authors.push_back(ExpertLabel(g.experts[x]));
  } else if (info.expert >= 0) {
    item.authors.push_back(ExpertLabel(g.experts[info.expert]));
  }
  for (int e : ActiveAttacks(ag.qbaf(), sc, a)) {
    item.critiques.push_back(MakeHit(ag, sc, strength, e));
  }
  std::sort(item.critiques.begin(), item.critiques.end(),
            [](const CritiqueHit& x, const CritiqueHit& y) { return x.strength > y.strength; });
  return item;
}

// Certainty: the level of the strongest argument still standing on the
// winning side; when the claim failed its burden of proof with nothing
// against it, the strongest attacker of its pro arguments.
void SetCertainty(const ArgumentGraph& ag, const Scenario& sc,
                  const std::vector<double>& strength, const Sides& sides,
                  const VerdictOutcome& v, ClaimExplanation& out) {
  std::vector<int> side;
  if (v.winner == WinningSide::kPro) side = sides.pro;
  if (v.winner == WinningSide::kCon) {
    side = sides.con;
    if (side.empty() || v.burden_not_met) {
      for (int p : sides.pro) {
        for (int e : ActiveAttacks(ag.qbaf(), sc, p)) side.push_back(ag.qbaf().edge(e).from);
      }
    }
  }
  int best = -1;
  for (int a : side) {
    if (best < 0 || strength[a] > strength[best]) best = a;
  }
  if (best < 0) return;
  out.certainty = LevelForStrength(strength[best]);
  out.certainty_argument = ag.qbaf().name(best);
}

}  // namespace

absl::StatusOr<ClaimExplanation> ExplainClaim(const EvidenceGraph& graph,
                                              absl::string_view claim_name,
                                              const ExplainOptions& options) {
  RETURN_IF_ERROR(ValidateOptions(options));
  ASSIGN_OR_RETURN(ArgumentGraph ag, ArgumentGraph::Build(graph));
  return ExplainClaim(ag, claim_name, options);
}

absl::StatusOr<ClaimExplanation> ExplainClaim(const ArgumentGraph& ag,
                                              absl::string_view claim_name,
                                              const ExplainOptions& options) {
  RETURN_IF_ERROR(ValidateOptions(options));
  std::optional<int> claim_arg = ag.ClaimArgument(claim_name);
  if (!claim_arg.has_value()) return NotFound(claim_name, "claim");
  const int c = *claim_arg;
  const Qbaf& q = ag.qbaf();
  const int n = q.num_arguments();

  EvaluationOptions eo;
  eo.semantics = options.semantics;
  eo.max_rounds = options.max_rounds;
  eo.tolerance = options.tolerance;
  eo.stop_check = options.stop_check;

  // Baseline: the claim's ancestor cone only.
  ConeWalker walker(q);
  std::vector<int> cone = walker.Ancestors(c);
  std::vector<unsigned char> in_cone(n, 0);
  for (int a : cone) in_cone[a] = 1;
  std::vector<int> cone_components = walker.Components(cone);
  Scenario baseline = Scenario::Full(q);
  std::vector<double> baseline_strength(n, 0.0);
  EvaluationStats baseline_stats;
  RETURN_IF_ERROR(EvaluateComponents(q, baseline, eo, cone_components, baseline_strength,
                                     baseline_stats));

  ClaimExplanation out;
  out.claim = std::string(claim_name);
  out.statement = ag.graph().claims[ag.FindResource(claim_name)->index].statement;
  out.semantics = options.semantics;
  out.thresholds = options.thresholds;
  out.cone_size = static_cast<int>(cone.size());

  Scenario sc = baseline;
  std::vector<double> strength = baseline_strength;
  std::vector<int> unstable_ids = baseline_stats.unstable_component_ids;
  out.iterations = baseline_stats.iterations;
  std::optional<WhatIfChanges> changes;
  if (!options.what_if_removals.empty()) {
    ASSIGN_OR_RETURN(changes, ResolveRemovals(ag, options.what_if_removals, claim_name));
    changes->ApplyTo(sc);
    std::vector<int> seeds = changes->Seeds(q);
    std::vector<int> affected = walker.Components(walker.Downstream(seeds, in_cone));
    EvaluationStats stats;
    RETURN_IF_ERROR(EvaluateComponents(q, sc, eo, affected, strength, stats));
    // Components not recomputed keep their baseline convergence.
    absl::flat_hash_set<int> recomputed(affected.begin(), affected.end());
    unstable_ids.erase(std::remove_if(unstable_ids.begin(), unstable_ids.end(),
                                      [&](int id) { return recomputed.contains(id); }),
                       unstable_ids.end());
    unstable_ids.insert(unstable_ids.end(), stats.unstable_component_ids.begin(),
                        stats.unstable_component_ids.end());
    if (!affected.empty()) out.iterations = stats.iterations;
  }
  out.unstable = !unstable_ids.empty();

  Sides sides = DirectArguments(q, sc, strength, c);
  VerdictOutcome v = DecideVerdict(sides.pro_values, sides.con_values, out.unstable,
                                   options.thresholds);
  out.verdict = v.verdict;
  out.verdict_rule = v.rule;
  out.strength = strength[c];
  out.pro = v.pro;
  out.con = v.con;
  SetCertainty(ag, sc, strength, sides, v, out);

  // A claim-relation transfer that carries nothing (sigma 0) is not evidence
  // for or against: leave it out of the lists (it stays in contributions).
  // Strongest first (stable): the arguments are ordered before their items
  // are built, so no item is moved around by the sort.
  auto listed = [&](int a) { return !q.is_transfer(a) || strength[a] > 1e-12; };
  auto add_items = [&](const std::vector<int>& side, bool pro,
                       std::vector<ExplanationItem>& items) {
    std::vector<int> order;
    order.reserve(side.size());
    for (int a : side) {
      if (listed(a)) order.push_back(a);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](int x, int y) { return strength[x] > strength[y]; });
    items.reserve(order.size());
    for (int a : order) items.push_back(MakeItem(ag, sc, strength, a, pro));
  };
  add_items(sides.pro, true, out.evidence_for);
  add_items(sides.con, false, out.evidence_against);

  // Contributions: every item named in the explanation gets a removal value
  // even when the budget is too small for all players.
  std::vector<int> priority = sides.pro;
  priority.insert(priority.end(), sides.con.begin(), sides.con.end());
  for (size_t i = 0, k = priority.size(); i < k; ++i) {
    for (int e : ActiveAttacks(q, sc, priority[i])) priority.push_back(q.edge(e).from);
  }
  ContributionOptions co;
  co.exact_max_players = options.shapley_exact_max_items;
  co.samples = options.shapley_samples;
  co.seed = options.seed;
  co.max_work = options.contribution_max_work;
  ASSIGN_OR_RETURN(ContributionReport cr,
                   ComputeContributions(q, sc, eo, c, priority, co));
  out.shapley_computed = cr.shapley_computed;
  out.shapley_exact = cr.shapley_exact;
  out.shapley_samples = cr.shapley_samples;
  out.removal_complete = cr.removal_complete;
  // By |Shapley| descending, then |removal| (stable), ordered before the
  // items are built.
  std::vector<int> by_size(cr.items.size());
  for (size_t i = 0; i < by_size.size(); ++i) by_size[i] = static_cast<int>(i);
  std::stable_sort(by_size.begin(), by_size.end(), [&cr](int i, int j) {
    const Contribution& x = cr.items[i];
    const Contribution& y = cr.items[j];
    double ax = std::fabs(x.shapley), ay = std::fabs(y.shapley);
    if (ax != ay) return ax > ay;
    return std::fabs(x.removal) > std::fabs(y.removal);
  });
  out.contributions.reserve(by_size.size());
  for (int i : by_size) {
    const Contribution& x = cr.items[i];
    const ArgumentInfo& info = ag.info(x.argument);
    ContributionItem item;
    item.argument = q.name(x.argument);
    item.kind = info.kind;
    item.node = info.node;
    item.label = info.label;
    item.strength = strength[x.argument];
    item.removal_computed = x.removal_computed;
    item.removal = x.removal;
    item.shapley = x.shapley;
    out.contributions.push_back(std::move(item));
  }

  PathOptions po;
  po.max_paths = options.max_paths;
  po.max_length = options.max_path_length;
  ASSIGN_OR_RETURN(PathReport pr, FindSignedPaths(q, sc, c, po));
  out.paths_truncated = pr.truncated;
  for (const SignedPath& p : pr.paths) {
    ArgumentPath path;
    path.sign = p.sign;
    for (int a : p.arguments) {
      path.steps.push_back(PathStep{q.name(a), ag.info(a).label, ag.info(a).kind, strength[a]});
    }
    out.paths.push_back(std::move(path));
  }

  if (changes.has_value()) {
    WhatIfOutcome w;
    w.removals = options.what_if_removals;
    for (int a : changes->removed_arguments) w.removed_arguments.push_back(q.name(a));
    w.notes = changes->notes;
    for (const auto& [a, base] : changes->new_bases) {
      w.notes.push_back(absl::StrFormat("%s: base score %.4g -> %.4g (an author removed)",
                                        q.name(a), q.base(a), base));
    }
    Sides before = DirectArguments(q, baseline, baseline_strength, c);
    VerdictOutcome bv = DecideVerdict(before.pro_values, before.con_values,
                                      !baseline_stats.unstable_component_ids.empty(),
                                      options.thresholds);
    w.baseline_strength = baseline_strength[c];
    w.baseline_verdict = bv.verdict;
    w.baseline_pro = bv.pro;
    w.baseline_con = bv.con;
    w.delta = out.strength - w.baseline_strength;
    out.what_if = std::move(w);
  }

  out.summary = Summarize(out);
  if (options.render_dot) {
    out.dot = RenderExplanationDot(ag, sc, strength, c, options.dot_max_nodes);
  }
  return out;
}

}  // namespace evidencegraph::reasoning
