// Contribution functions for one target argument (reasoning.md section 6;
// Kampik et al., IJAR 2024). Two are reported because no contribution
// function satisfies every desirable principle:
//
//   removal   ctrb(x) = s(target) - s(target without x): exactly the what-if
//             delta of removing x alone. Does not add up to anything.
//   Shapley   the average marginal effect of x over all orders in which the
//             players (every present argument in the target's ancestor cone,
//             the target excluded) can be added, starting from the target
//             alone. Sums to s(target) - tau(target) (efficiency): for a claim,
//             s(C) - 0.5.
//
// Shapley is exact (over all 2^n coalitions) for n <= exact_max_players;
// above, it is estimated from `samples` uniformly random permutations drawn
// from a seeded generator (SplitMix64 + Fisher-Yates, identical on every
// platform), and the sample count is reported. Every sampled permutation
// telescopes to s(target) - tau(target), so the estimate is efficient too.
//
// Removal sweeps and sampled permutations switch one player at a time with a
// Propagator (propagator.h), which pays only for what changes downstream.
// Work is bounded: `max_work` counts work units (argument updates and edge
// folds, roughly 10 ns each on a 2-core development machine). One pass over
// all players (a removal sweep, or one sampled permutation) costs, per
// player, the arguments and out-edges of its downstream cone plus a small
// constant, plus, for each cyclic component in that cone, one re-iteration of
// it (the rounds it took in the full evaluation times its members and inside
// edges: a switch upstream of a cycle iterates the cycle again). When a
// removal sweep would exceed the budget, only the `priority` players get a
// removal contribution (removal_complete = false); sampling draws at most
// max_work / pass cost permutations (none: shapley_computed = false).
// Thread-safety: pure function of its inputs.
#ifndef EVIDENCEGRAPH_REASONING_CONTRIBUTIONS_H_
#define EVIDENCEGRAPH_REASONING_CONTRIBUTIONS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "reasoning/evaluator.h"
#include "reasoning/qbaf.h"

namespace evidencegraph::reasoning {

struct ContributionOptions {
  int exact_max_players = 12;
  int samples = 1000;     // permutations when sampling
  uint64_t seed = 1;      // same seed, same estimate
  int64_t max_work = 5'000'000;
};

struct Contribution {
  int argument = -1;
  double removal = 0.0;
  bool removal_computed = false;
  double shapley = 0.0;
};

struct ContributionReport {
  std::vector<Contribution> items;  // one per player, in cone order
  double target_strength = 0.0;     // v(all players)
  double target_alone = 0.0;        // v(no player) = tau(target)
  bool shapley_computed = false;
  bool shapley_exact = false;
  int shapley_samples = 0;  // permutations used when sampled
  bool removal_complete = true;
  bool unstable = false;  // some evaluation along the way did not converge
};

// Contributions to `target` under `scenario` (removed arguments are not
// players). `priority` lists players that get a removal contribution even
// when the budget is too small for all.
absl::StatusOr<ContributionReport> ComputeContributions(
    const Qbaf& qbaf, const Scenario& scenario, const EvaluationOptions& evaluation,
    int target, absl::Span<const int> priority, const ContributionOptions& options);

}  // namespace evidencegraph::reasoning

#endif  // EVIDENCEGRAPH_REASONING_CONTRIBUTIONS_H_
