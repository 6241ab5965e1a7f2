#include "tools/graphgen/synthetic_graph.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/random/zipf_distribution.h"
#include "absl/strings/str_cat.h"
#include "common/resource_names.h"

namespace evidencegraph::graphgen {
namespace {

// Batches records and hands each full batch to `emit`.
class Batcher {
 public:
  Batcher(int batch_size,
          const std::function<void(const v1::ImportGraphRequest&)>& emit,
          SyntheticGraphTotals& totals)
      : batch_size_(batch_size), emit_(emit), totals_(totals) {}

  v1::Node* AddNode() {
    ++totals_.nodes;
    MaybeFlush();
    return batch_.add_nodes();
  }
  v1::Edge* AddEdge() {
    ++totals_.edges;
    MaybeFlush();
    return batch_.add_edges();
  }
  void Flush() {
    if (batch_.nodes_size() + batch_.edges_size() == 0) return;
    emit_(batch_);
    ++totals_.batches;
    batch_.Clear();
  }

 private:
  void MaybeFlush() {
    if (batch_.nodes_size() + batch_.edges_size() >= batch_size_) Flush();
  }
  int batch_size_;
  const std::function<void(const v1::ImportGraphRequest&)>& emit_;
  SyntheticGraphTotals& totals_;
  v1::ImportGraphRequest batch_;
};

std::string Name(v1::NodeKind kind, int64_t i) {
  return MakeNodeName(kind, absl::StrCat(CollectionOf(kind).substr(0, 1), i));
}

constexpr v1::StudyDesign kDesigns[] = {
    v1::STUDY_DESIGN_RCT,           v1::STUDY_DESIGN_RCT,
    v1::STUDY_DESIGN_COHORT,        v1::STUDY_DESIGN_CONTROLLED_TRIAL,
    v1::STUDY_DESIGN_CROSS_SECTIONAL, v1::STUDY_DESIGN_CASE_CONTROL,
    v1::STUDY_DESIGN_SYSTEMATIC_REVIEW, v1::STUDY_DESIGN_META_ANALYSIS,
    v1::STUDY_DESIGN_MECHANISTIC,   v1::STUDY_DESIGN_BEFORE_AFTER};

constexpr v1::CritiqueKind kCritiqueKinds[] = {
    v1::CRITIQUE_KIND_SMALL_SAMPLE, v1::CRITIQUE_KIND_TRIVIAL_EFFECT,
    v1::CRITIQUE_KIND_CONFOUNDING, v1::CRITIQUE_KIND_SURROGATE_OUTCOME,
    v1::CRITIQUE_KIND_NOT_REPLICATED, v1::CRITIQUE_KIND_CONFLICT_OF_INTEREST};

}  // namespace

SyntheticGraphTotals GenerateSyntheticGraph(
    const SyntheticGraphOptions& options,
    const std::function<void(const v1::ImportGraphRequest&)>& emit) {
  SyntheticGraphTotals totals;
  std::mt19937_64 rng(options.seed);  // fixed algorithm: same seed, same graph
  auto uniform = [&rng](int64_t n) {
    return static_cast<int64_t>(rng() % static_cast<uint64_t>(std::max<int64_t>(n, 1)));
  };
  auto chance = [&rng](double p) {
    return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0) < p;
  };

  const int64_t node_count = std::max<int64_t>(options.edges / 5, 20);
  const int64_t claims = std::max<int64_t>(node_count / 10, 2);
  const int64_t studies = std::max<int64_t>(node_count * 6 / 10, 2);
  const int64_t critiques = std::max<int64_t>(node_count * 2 / 10, 2);
  const int64_t experts = std::max<int64_t>(node_count / 10, 2);
  const int64_t sources = std::max<int64_t>(claims / 1000, 1);

  // Zipf ranks over claims: rank 0 is the most popular claim.
  absl::zipf_distribution<int64_t> zipf(claims - 1, options.zipf_exponent, 1.0);
  auto popular_claim = [&] { return zipf(rng); };

  Batcher out(options.batch_size, emit, totals);

  // --- Nodes ---
  for (int64_t i = 0; i < claims; ++i) {
    v1::Node* n = out.AddNode();
    n->set_name(Name(v1::NODE_KIND_CLAIM, i));
    n->add_labels(absl::StrCat("topic-", i % 50));
    n->mutable_claim()->set_statement(
        absl::StrCat("Intervention ", i % 997, " changes outcome ", i % 89,
                     " in population ", i % 31));
  }
  for (int64_t i = 0; i < studies; ++i) {
    v1::Node* n = out.AddNode();
    n->set_name(Name(v1::NODE_KIND_STUDY, i));
    v1::Study* s = n->mutable_study();
    s->mutable_citation()->set_title(absl::StrCat("Synthetic study ", i));
    s->mutable_citation()->set_year(1990 + static_cast<int>(i % 35));
    s->set_design(kDesigns[uniform(std::size(kDesigns))]);
    s->set_sample_size(10 + uniform(2000));
    if (chance(0.7)) s->set_follow_up_days(1 + uniform(365));
    s->mutable_grading()->set_risk_of_bias(-static_cast<int>(uniform(3)));
    s->set_finding(chance(0.7) ? v1::FINDING_DIRECTION_POSITIVE
                               : v1::FINDING_DIRECTION_NULL);
  }
  for (int64_t i = 0; i < critiques; ++i) {
    v1::Node* n = out.AddNode();
    n->set_name(Name(v1::NODE_KIND_CRITIQUE, i));
    v1::Critique* c = n->mutable_critique();
    c->set_kind(kCritiqueKinds[uniform(std::size(kCritiqueKinds))]);
    c->set_text(absl::StrCat("Synthetic critique ", i));
    c->set_substantiated(chance(0.6));
  }
  for (int64_t i = 0; i < experts; ++i) {
    v1::Node* n = out.AddNode();
    n->set_name(Name(v1::NODE_KIND_EXPERT, i));
    n->mutable_expert()->set_full_name(absl::StrCat("Expert ", i));
    n->mutable_expert()->set_expertise(static_cast<int>(uniform(5)));
    if (chance(0.1)) n->mutable_expert()->add_conflicts_of_interest("industry funding");
  }
  for (int64_t i = 0; i < sources; ++i) {
    v1::Node* n = out.AddNode();
    n->set_name(Name(v1::NODE_KIND_SOURCE, i));
    n->mutable_source()->set_title(absl::StrCat("Synthetic outlet ", i));
  }
  out.Flush();

  // --- Edges. Triples are unique: `seen` holds every edge name emitted. ---
  absl::flat_hash_set<std::string> seen;
  std::vector<std::string> evidence_edges;  // SUPPORTS/REFUTES, for undercuts
  auto add = [&](const std::string& source, v1::EdgeKind kind,
                 const std::string& target,
                 v1::AttackType attack = v1::ATTACK_TYPE_UNSPECIFIED) {
    std::string name = MakeEdgeName(source, kind, target);
    if (source == target || !seen.insert(name).second) return false;
    v1::Edge* e = out.AddEdge();
    e->set_source(source);
    e->set_kind(kind);
    e->set_target(target);
    e->set_attack_type(attack);
    if (kind == v1::EDGE_KIND_SUPPORTS || kind == v1::EDGE_KIND_REFUTES) {
      evidence_edges.push_back(std::move(name));
    }
    return true;
  };
  auto evidence = [&](int64_t study) {
    add(Name(v1::NODE_KIND_STUDY, study),
        chance(0.75) ? v1::EDGE_KIND_SUPPORTS : v1::EDGE_KIND_REFUTES,
        Name(v1::NODE_KIND_CLAIM, popular_claim()));
  };

  // Studies bear on 1-3 claims; half cite an older study.
  for (int64_t i = 0; i < studies; ++i) {
    const int k = 1 + static_cast<int>(uniform(3));
    for (int j = 0; j < k; ++j) evidence(i);
    if (i > 0 && chance(0.5)) {
      add(Name(v1::NODE_KIND_STUDY, i), v1::EDGE_KIND_CITES,
          Name(v1::NODE_KIND_STUDY, uniform(i)));
    }
  }
  // Experts author every study and critique, and some assert popular claims.
  for (int64_t i = 0; i < studies; ++i) {
    add(Name(v1::NODE_KIND_EXPERT, uniform(experts)), v1::EDGE_KIND_AUTHORED,
        Name(v1::NODE_KIND_STUDY, i));
  }
  for (int64_t i = 0; i < critiques; ++i) {
    add(Name(v1::NODE_KIND_EXPERT, uniform(experts)), v1::EDGE_KIND_AUTHORED,
        Name(v1::NODE_KIND_CRITIQUE, i));
  }
  for (int64_t i = 0; i < experts; ++i) {
    if (chance(0.3)) {
      add(Name(v1::NODE_KIND_EXPERT, i), v1::EDGE_KIND_ASSERTS,
          Name(v1::NODE_KIND_CLAIM, popular_claim()));
    }
  }
  // Claims specialise lower-numbered claims: a DAG, no cycles.
  for (int64_t i = 1; i < claims; ++i) {
    if (chance(0.2)) {
      add(Name(v1::NODE_KIND_CLAIM, i), v1::EDGE_KIND_SPECIALISES,
          Name(v1::NODE_KIND_CLAIM, uniform(i)));
    }
  }
  for (int64_t i = 0; i < claims; ++i) {
    add(Name(v1::NODE_KIND_SOURCE, uniform(sources)), v1::EDGE_KIND_REPORTS,
        Name(v1::NODE_KIND_CLAIM, i));
  }
  // Reviews aggregate a few studies.
  for (int64_t i = 0; i < studies; ++i) {
    if (uniform(10) == 0) {
      for (int j = 0; j < 3; ++j) {
        add(Name(v1::NODE_KIND_STUDY, i), v1::EDGE_KIND_AGGREGATES,
            Name(v1::NODE_KIND_STUDY, uniform(studies)));
      }
    }
  }
  // Critiques: undermine a study, rebut a claim, or undermine an older
  // critique; a quarter undercut an evidence edge (emitted last, below).
  std::vector<int64_t> undercutters;
  for (int64_t i = 0; i < critiques; ++i) {
    const int64_t r = uniform(100);
    const std::string critique = Name(v1::NODE_KIND_CRITIQUE, i);
    if (r < 45) {
      add(critique, v1::EDGE_KIND_TARGETS, Name(v1::NODE_KIND_STUDY, uniform(studies)),
          v1::ATTACK_TYPE_UNDERMINE);
    } else if (r < 65) {
      add(critique, v1::EDGE_KIND_TARGETS, Name(v1::NODE_KIND_CLAIM, popular_claim()),
          v1::ATTACK_TYPE_REBUT);
    } else if (r < 75 && i > 0) {
      add(critique, v1::EDGE_KIND_TARGETS, Name(v1::NODE_KIND_CRITIQUE, uniform(i)),
          v1::ATTACK_TYPE_UNDERMINE);
    } else {
      undercutters.push_back(i);
    }
  }
  // Top up with more evidence until about 90% of the budget is used; the
  // undercuts fill the rest. Bounded attempts: duplicates are skipped.
  const int64_t target_before_undercuts =
      options.edges - static_cast<int64_t>(undercutters.size());
  for (int64_t attempts = 0;
       totals.edges < target_before_undercuts && attempts < 4 * options.edges;
       ++attempts) {
    evidence(uniform(studies));
  }
  out.Flush();
  // Undercuts target evidence edges, so they come after them.
  for (int64_t i : undercutters) {
    if (evidence_edges.empty()) break;
    add(Name(v1::NODE_KIND_CRITIQUE, i), v1::EDGE_KIND_TARGETS,
        evidence_edges[uniform(static_cast<int64_t>(evidence_edges.size()))],
        v1::ATTACK_TYPE_UNDERCUT);
  }
  out.Flush();
  return totals;
}

}  // namespace evidencegraph::graphgen
