// Propagator: keeps the strengths of an ancestor-closed set of arguments (a
// claim's cone) up to date while arguments are switched on and off one at a
// time, as contribution functions do thousands of times.
//
// Why: re-evaluating an argument from scratch reads all its incoming edges.
// A claim with 3,000 pieces of evidence would cost 3,000 reads per switched
// argument. The Propagator keeps each argument's aggregates (the running
// product of (1 - s) per polarity for DF-QuAD, with a separate count of
// inputs at strength 1 so no division by zero happens; running sums for the
// other semantics) and updates them along out-edges when an input changes, so
// a switch costs the out-degree of what actually changed. Changes travel in
// topological order of components (a min-heap of component ids), so every
// argument is recomputed at most once per switch; cyclic components are
// re-iterated with the rules of evaluator.h (IterateCyclicComponent, from
// their base scores), so results match a full evaluation up to floating-point
// rounding of the running aggregates (~1e-15 per update; Reset() clears any
// drift). A member of a cyclic component keeps in its aggregate only the
// inputs from outside the component (they are constant while it iterates), so
// a round costs the component's members and inside edges, not every input of
// every member (a claim with 3,000 pieces of evidence in a cycle of related
// claims would otherwise be re-read 3,000 edges per round per switch).
// Thread-safety: single-threaded. Ownership: borrows the Qbaf and the
// options; owns its scenario and strengths.
#ifndef EVIDENCEGRAPH_REASONING_PROPAGATOR_H_
#define EVIDENCEGRAPH_REASONING_PROPAGATOR_H_

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "reasoning/evaluator.h"
#include "reasoning/qbaf.h"

namespace evidencegraph::reasoning {

class Propagator {
 public:
  // `in_scope` marks the maintained arguments; it must be closed under
  // predecessors (an ancestor cone) so nothing outside can change them.
  Propagator(const Qbaf& qbaf, const EvaluationOptions& options, Scenario scenario,
             std::vector<unsigned char> in_scope);

  // Evaluates every in-scope component from scratch and rebuilds the
  // aggregates.
  absl::Status Reset();

  // Switches `argument` (in scope) on or off and propagates the change.
  absl::Status SetActive(int argument, bool active);

  // SetActive, remembering every value it changes so that Revert() puts the
  // previous state back exactly (no second propagation, no rounding drift):
  // what a removal sweep does for every player.
  absl::Status SetActiveTentatively(int argument, bool active);
  // Undoes the last SetActiveTentatively.
  void Revert();

  double strength(int argument) const { return strength_[argument]; }
  const Scenario& scenario() const { return scenario_; }
  // For bulk changes without propagation; call Reset() afterwards.
  Scenario& mutable_scenario() { return scenario_; }
  // Some cyclic component did not converge since construction.
  bool unstable() const { return unstable_; }

 private:
  struct Aggregate {
    double acc[2];  // [attack, support]: product of (1 - c) or sum of c
    int ones[2];    // product mode: inputs with c == 1 (factor 0)
  };

  double Contribution(int argument) const;
  void Fold(int target, EdgeRole role, double contribution, int sign);
  double Compute(int argument) const;
  // F(s) of a member of a cyclic component during its iteration: the
  // aggregate of its outside inputs plus its inside inputs' current strengths.
  double ComputeInCycle(int argument) const;
  // True for an edge between two members of one cyclic component.
  bool Internal(int edge) const;
  void RebuildAggregates();
  void MarkDirty(int component);
  absl::Status ProcessDirty();

  const Qbaf& qbaf_;
  const EvaluationOptions& options_;
  Scenario scenario_;
  std::vector<unsigned char> in_scope_;
  std::vector<int> scope_components_;  // ascending
  std::vector<double> strength_;
  std::vector<double> propagated_;  // contribution already folded downstream
  std::vector<Aggregate> aggregate_;
  // Per argument of a cyclic component, its incoming edges from inside the
  // component (CSR; transfers excluded): they are not folded into aggregates.
  std::vector<int> internal_offsets_;
  std::vector<int> internal_edges_;
  std::vector<int> internal_from_;             // parallel: the edge's source
  std::vector<unsigned char> internal_role_;   // parallel: 0 attack, 1 support
  // Undo journal of SetActiveTentatively (old values, in write order).
  bool journaling_ = false;
  int journal_argument_ = -1;
  unsigned char journal_active_ = 0;
  std::vector<std::pair<int, double>> saved_strength_;
  std::vector<std::pair<int, double>> saved_propagated_;
  std::vector<std::pair<int, Aggregate>> saved_aggregate_;
  EvaluationStats cycle_stats_;  // reused: no allocation per iteration
  std::vector<int> heap_;  // min-heap of dirty component ids
  std::vector<unsigned char> dirty_;
  bool product_;
  bool unstable_ = false;
};

}  // namespace evidencegraph::reasoning

#endif  // EVIDENCEGRAPH_REASONING_PROPAGATOR_H_
