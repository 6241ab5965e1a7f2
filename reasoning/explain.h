// ExplainClaim: the reasoning engine's public entry point. Does this claim
// hold, how strongly, and why (reasoning.md sections 4-6).
//
// Contract
//   - Input: an EvidenceGraph (usually the claim's neighbourhood read from one
//     storage snapshot), the claim's resource name and ExplainOptions.
//   - Output: verdict, strength sigma, P and N, certainty label, the evidence
//     for and against (tau, grading reasons, sigma, the critiques that hit each
//     item and who made them), removal and Shapley contributions, signed
//     paths, a short summary, optionally Graphviz DOT, and for what-if
//     requests the baseline and the delta.
//   - Only the claim's ancestor cone is evaluated; a what-if re-evaluates only
//     the part of that cone downstream of what was removed.
//   - Errors: INVALID_ARGUMENT for a malformed graph (naming the node/edge and
//     the rule), bad options (naming the option) or unknown what-if names;
//     NOT_FOUND when the claim is not in the graph; the StopCheck's status
//     (CANCELLED / DEADLINE_EXCEEDED) when the caller gives up. Never crashes
//     or loops without bound on any input.
// Thread-safety: ExplainClaim is reentrant; it reads its inputs and returns a
// fresh value. Ownership: the result owns all its strings.
#ifndef EVIDENCEGRAPH_REASONING_EXPLAIN_H_
#define EVIDENCEGRAPH_REASONING_EXPLAIN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/stop_check.h"
#include "reasoning/argument_graph.h"
#include "reasoning/evidence_graph.h"
#include "reasoning/grading.h"
#include "reasoning/semantics.h"
#include "reasoning/verdict.h"

namespace evidencegraph::reasoning {

struct ExplainOptions {
  // dfquad (default), qe or euler. ("linear" is for QBAF research only and is
  // rejected here: it does not keep strengths in [0, 1].)
  Semantics semantics = Semantics::kDfQuad;
  VerdictThresholds thresholds;  // alpha 0.4, beta 0.2
  // Resource names to remove before evaluating (see what_if.h). Empty = none.
  std::vector<std::string> what_if_removals;
  // Cyclic evaluation: rounds per strongly connected component, tolerance.
  int max_rounds = 1000;
  double tolerance = 1e-9;
  // Paths: at most this many, each at most this many edges.
  int max_paths = 32;
  int max_path_length = 8;
  // Shapley: exact up to this many players, else this many sampled
  // permutations from this seed. contribution_max_work bounds the work spent
  // on contributions in work units (~10 ns each; see contributions.h).
  int shapley_exact_max_items = 12;
  int shapley_samples = 1000;
  uint64_t seed = 1;
  int64_t contribution_max_work = 5'000'000;
  // Render the explanation subgraph as Graphviz DOT (at most dot_max_nodes
  // arguments, nearest to the claim first).
  bool render_dot = false;
  int dot_max_nodes = 200;
  // Polled between rounds and components; empty = never stop.
  StopCheck stop_check;
};

// A critique acting on an explanation item.
struct CritiqueHit {
  std::string critique;                  // "critiques/gorski-single-genes"
  std::string label;                     // display title (or the name)
  std::vector<std::string> authors;      // display names via AUTHORED edges
  std::vector<std::string> author_names; // "experts/david-gorski"
  CritiqueKind kind = CritiqueKind::kUnspecified;
  std::vector<AttackType> attack_types;  // how it hits this item
  double base = 0.0;                     // its own tau
  double strength = 0.0;                 // its own sigma
};

// One argument bearing directly on the claim.
struct ExplanationItem {
  std::string argument;  // Qbaf argument name (edge name; relations add "#...")
  ArgumentKind kind = ArgumentKind::kEvidence;
  std::string resource;  // edge or critique name
  std::string node;      // study / expert / critique / claim name behind it
  std::string label;
  bool pro = true;
  double base = 0.0;      // tau
  double strength = 0.0;  // sigma after attacks
  std::vector<std::string> reasons;  // how tau was obtained
  std::optional<LinkGrade> grade;    // evidence items
  // Who stands behind it: a critique's authors, a study's authors, the
  // asserting expert (display names via AUTHORED / ASSERTS edges).
  std::vector<std::string> authors;
  CritiqueKind critique_kind = CritiqueKind::kUnspecified;  // critique items
  std::vector<CritiqueHit> critiques;  // critiques attacking this item
};

struct ContributionItem {
  std::string argument;
  ArgumentKind kind = ArgumentKind::kEvidence;
  std::string node;
  std::string label;
  double strength = 0.0;
  // sigma(C) - sigma(C without this argument): the what-if delta.
  bool removal_computed = false;
  double removal = 0.0;
  // Shapley value (see shapley_* fields of the explanation for how).
  double shapley = 0.0;
};

struct PathStep {
  std::string argument;
  std::string label;
  ArgumentKind kind = ArgumentKind::kEvidence;
  double strength = 0.0;
};

struct ArgumentPath {
  std::vector<PathStep> steps;  // leaf first, the claim last
  int sign = 1;                 // +1 raises the claim, -1 lowers it
};

struct WhatIfOutcome {
  std::vector<std::string> removals;          // as requested
  std::vector<std::string> removed_arguments; // Qbaf arguments switched off
  std::vector<std::string> notes;             // removals without effect, re-based critiques
  double baseline_strength = 0.0;
  Verdict baseline_verdict = Verdict::kInsufficientEvidence;
  double baseline_pro = 0.0;
  double baseline_con = 0.0;
  double delta = 0.0;  // strength - baseline_strength
};

struct ClaimExplanation {
  std::string claim;
  std::string statement;
  Semantics semantics = Semantics::kDfQuad;
  VerdictThresholds thresholds;  // echoed

  Verdict verdict = Verdict::kInsufficientEvidence;
  std::string verdict_rule;  // which proof standard fired, with its numbers
  double strength = 0.5;     // sigma(C)
  double pro = 0.0;          // P
  double con = 0.0;          // N
  CertaintyLevel certainty = CertaintyLevel::kNone;
  std::string certainty_argument;  // the argument the certainty comes from

  bool unstable = false;  // some cycle in the claim's cone did not converge
  int iterations = 0;     // largest number of rounds of a cyclic component (1 = acyclic)
  int cone_size = 0;      // arguments the claim depends on (itself included)

  // Arguments acting directly on the claim, strongest first. Claim-relation
  // transfers with strength 0 are left out (they carry nothing).
  std::vector<ExplanationItem> evidence_for;
  std::vector<ExplanationItem> evidence_against;

  std::vector<ContributionItem> contributions;  // by |Shapley| descending
  bool shapley_computed = false;
  bool shapley_exact = false;
  int shapley_samples = 0;
  bool removal_complete = true;

  std::vector<ArgumentPath> paths;
  bool paths_truncated = false;

  std::string summary;
  std::string dot;  // empty unless render_dot

  std::optional<WhatIfOutcome> what_if;
};

// Builds the argument graph from `graph` and explains `claim_name`.
absl::StatusOr<ClaimExplanation> ExplainClaim(const EvidenceGraph& graph,
                                              absl::string_view claim_name,
                                              const ExplainOptions& options);

// The same on an already built argument graph (explaining many claims of one
// graph builds it once).
absl::StatusOr<ClaimExplanation> ExplainClaim(const ArgumentGraph& graph,
                                              absl::string_view claim_name,
                                              const ExplainOptions& options);

}  // namespace evidencegraph::reasoning

#endif  // EVIDENCEGRAPH_REASONING_EXPLAIN_H_
