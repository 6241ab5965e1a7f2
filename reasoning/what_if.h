// What-if removals: evidence-graph resource names -> changes to a Scenario.
//
// What each kind of name removes (reasoning.md section 6):
//   claim (not the one explained)   its claim argument
//   study                           every evidence argument A(S, .)
//   critique                        the critique argument
//   expert                          their assertions, the critiques they
//                                   authored, and the evidence arguments of the
//                                   studies they authored
//   source                          nothing (a source carries no argument)
//   SUPPORTS/REFUTES/ASSERTS edge   that link's argument
//   TARGETS edge                    its attack edges (an attack also produced by
//                                   another, kept TARGETS edge stays)
//   SPECIALISES/GENERALISES edge    the claim pair's three relation arguments
//   AUTHORED expert->critique       the author link: the critique's base is
//                                   recomputed from its remaining authors
//   other edges                     nothing
// Unknown names are INVALID_ARGUMENT naming the entry ("what_if_removals[2]").
// Removing the claim being explained is INVALID_ARGUMENT too.
// Thread-safety: pure functions.
#ifndef EVIDENCEGRAPH_REASONING_WHAT_IF_H_
#define EVIDENCEGRAPH_REASONING_WHAT_IF_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "reasoning/argument_graph.h"
#include "reasoning/evaluator.h"

namespace evidencegraph::reasoning {

struct WhatIfChanges {
  std::vector<int> removed_arguments;               // Qbaf argument ids
  std::vector<int> removed_edges;                   // Qbaf edge ids
  std::vector<std::pair<int, double>> new_bases;    // argument -> base
  std::vector<std::string> notes;                   // removals with no effect

  // Arguments whose own value changes directly: the seeds of the downstream
  // cone to recompute.
  std::vector<int> Seeds(const Qbaf& qbaf) const;
  // Applies the changes to `scenario`.
  void ApplyTo(Scenario& scenario) const;
};

// `protected_claim` is the claim being explained (may be empty).
absl::StatusOr<WhatIfChanges> ResolveRemovals(const ArgumentGraph& graph,
                                              absl::Span<const std::string> removals,
                                              absl::string_view protected_claim);

}  // namespace evidencegraph::reasoning

#endif  // EVIDENCEGRAPH_REASONING_WHAT_IF_H_
