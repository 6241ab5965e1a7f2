// ArgumentGraph: the evidence graph turned into a QBAF (reasoning.md section
// 3), with the provenance of every argument and edge so explanations can speak
// in the evidence graph's terms.
//
// Arguments (Qbaf argument names in brackets)
//   claim C         [claim name]          tau 0.5 (no evidence, no lean)
//   evidence A(S,C) [SUPPORTS/REFUTES edge name]  tau = GRADE (grading.h) x weight;
//                   supports C (SUPPORTS) or attacks it (REFUTES)
//   assertion X(E,C)[ASSERTS edge name]   tau = 0.25 cred(E) x weight; supports C
//   critique K      [critique name]       tau = q cred(author), q = 0.6 if
//                   substantiated else 0.4; several authors: the most credible;
//                   none recorded: cred of a default expert (0.75)
//   relation        [edge name + "#..."]  C_s SPECIALISES C_g (or C_g GENERALISES C_s):
//                   "#holds-supports-general"   0.25 w max(0, 2s(C_s)-1) supports C_g
//                   "#counterexample"           0.5 w max(0, 1-2s(C_s)) attacks C_g
//                   "#general-supports-special" 0.5 w max(0, 2s(C_g)-1) supports C_s
//                   (one set per claim pair even if both edge directions exist)
//   cred(E) = (0.5 + 0.125 e) x 0.7 if E declares a conflict of interest; e = expertise, unset 2.
// Attacks from TARGETS edges: UNDERMINE a study attacks every A(S,.); UNDERMINE
// a critique attacks it; UNDERCUT a SUPPORTS/REFUTES/ASSERTS edge attacks that
// link's argument; REBUT a claim attacks the claim. Any other combination is
// INVALID_ARGUMENT. A weight on TARGETS/AUTHORED edges is not used.
//
// Validation (first problem wins, INVALID_ARGUMENT naming the item): node names
// unique, non-empty and in their collection ("studies/..."); edges name
// existing endpoints of the kinds their edge kind allows (an edge naming an
// unknown node or edge is reported as such); attack types only on TARGETS;
// weights, expertise and grading inputs in range and not NaN.
//
// Ownership: borrows the EvidenceGraph, which must outlive the ArgumentGraph.
// Thread-safety: immutable after Build(); const methods may be called from
// several threads.
#ifndef EVIDENCEGRAPH_REASONING_ARGUMENT_GRAPH_H_
#define EVIDENCEGRAPH_REASONING_ARGUMENT_GRAPH_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reasoning/evidence_graph.h"
#include "reasoning/grading.h"
#include "reasoning/qbaf.h"

namespace evidencegraph::reasoning {

enum class ArgumentKind : int { kClaim, kEvidence, kAssertion, kCritique, kRelation };
absl::string_view ArgumentKindWords(ArgumentKind kind);  // "claim", "evidence", ...

// What a resource name refers to in the evidence graph.
enum class ResourceKind : int { kClaim, kStudy, kExpert, kCritique, kSource, kEdge };
struct ResourceRef {
  ResourceKind kind;
  int index;  // into the EvidenceGraph vector of that kind
};

struct ArgumentInfo {
  ArgumentKind kind = ArgumentKind::kClaim;
  // The resource the argument stands for: claim/critique name, or the edge
  // name of the link (evidence, assertion, relation).
  std::string resource;
  // The node behind it: claim, study, expert or critique name; for a relation
  // the claim it is fed from.
  std::string node;
  std::string label;  // display title of `node`
  // For evidence, assertion and relation arguments: the claim argument they
  // bear on and whether they are for (true) or against it.
  int claim_argument = -1;
  bool pro = true;
  // Evidence only: the grading of the link.
  std::optional<LinkGrade> grade;
  // How tau was obtained, one line each.
  std::vector<std::string> reasons;
  int study = -1;     // evidence: index into graph.studies
  int expert = -1;    // assertion: index into graph.experts
  int critique = -1;  // critique: index into graph.critiques
  int edge = -1;      // evidence/assertion/relation: index into graph.edges
};

class ArgumentGraph {
 public:
  // Validates `graph` and builds the framework. `graph` must outlive the result.
  static absl::StatusOr<ArgumentGraph> Build(const EvidenceGraph& graph);

  const EvidenceGraph& graph() const { return *graph_; }
  const Qbaf& qbaf() const { return qbaf_; }
  const ArgumentInfo& info(int argument) const { return info_[argument]; }

  std::optional<ResourceRef> FindResource(absl::string_view name) const;
  // The argument of claim `claim_name`, if the claim exists.
  std::optional<int> ClaimArgument(absl::string_view claim_name) const;
  // Canonical name of graph edge `edge_index`.
  const std::string& edge_name(int edge_index) const { return edge_names_[edge_index]; }

  // Provenance used by what-if removals and explanations.
  int claim_argument(int claim_index) const { return claim_arg_[claim_index]; }
  int critique_argument(int critique_index) const { return critique_arg_[critique_index]; }
  const std::vector<int>& study_arguments(int study_index) const { return study_args_[study_index]; }
  const std::vector<int>& expert_assertions(int expert_index) const { return expert_assertions_[expert_index]; }
  const std::vector<int>& expert_critiques(int expert_index) const { return expert_critiques_[expert_index]; }
  const std::vector<int>& expert_studies(int expert_index) const { return expert_studies_[expert_index]; }
  const std::vector<int>& critique_authors(int critique_index) const { return critique_authors_[critique_index]; }
  const std::vector<int>& study_authors(int study_index) const { return study_authors_[study_index]; }
  // Arguments created for graph edge `edge_index` (links and relations).
  const std::vector<int>& edge_arguments(int edge_index) const { return edge_args_[edge_index]; }
  // Qbaf attack edges created for a TARGETS graph edge.
  const std::vector<int>& edge_attacks(int edge_index) const { return edge_attacks_[edge_index]; }
  // Graph TARGETS edges behind a Qbaf attack edge (usually one).
  const std::vector<int>& attack_sources(int qbaf_edge) const { return attack_sources_[qbaf_edge]; }

  // Credibility of expert `expert_index` (see the file comment).
  double Credibility(int expert_index) const;
  // The base score of critique `critique_index` counting only the authors
  // for which `author_present(expert_index)` is true (what-if).
  template <typename Pred>
  double CritiqueBase(int critique_index, Pred author_present) const {
    double cred = -1.0;
    for (int e : critique_authors_[critique_index]) {
      if (author_present(e)) cred = cred > Credibility(e) ? cred : Credibility(e);
    }
    if (cred < 0.0) cred = kDefaultCredibility;
    return CritiqueQuality(critique_index) * cred;
  }
  double CritiqueQuality(int critique_index) const;

  // Credibility assumed for a critique with no recorded author.
  static constexpr double kDefaultCredibility = 0.75;

 private:
  ArgumentGraph() = default;
  friend class ArgumentGraphBuilder;

  const EvidenceGraph* graph_ = nullptr;
  Qbaf qbaf_;
  std::vector<ArgumentInfo> info_;
  absl::flat_hash_map<std::string, ResourceRef> resources_;
  std::vector<std::string> edge_names_;
  std::vector<int> claim_arg_, critique_arg_;
  std::vector<std::vector<int>> study_args_, expert_assertions_, expert_critiques_,
      expert_studies_, critique_authors_, study_authors_, edge_args_, edge_attacks_,
      attack_sources_;
};

}  // namespace evidencegraph::reasoning

#endif  // EVIDENCEGRAPH_REASONING_ARGUMENT_GRAPH_H_
