#include "reasoning/contributions.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_format.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "reasoning/cone.h"
#include "reasoning/propagator.h"

namespace evidencegraph::reasoning {
namespace {

// Exact Shapley enumerates 2^n coalitions: cap n so a caller cannot ask for
// 2^60 evaluations.
constexpr int kExactLimit = 20;

// SplitMix64: tiny, fast, and the same sequence everywhere (std:: engines'
// distributions are implementation-defined).
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound), bound > 0, without modulo bias (rejection).
  uint64_t Below(uint64_t bound) {
    uint64_t limit = ~uint64_t{0} - (~uint64_t{0} % bound);
    uint64_t x;
    do {
      x = Next();
    } while (x >= limit);
    return x % bound;
  }

 private:
  uint64_t state_;
};

// Small cones evaluate without the evaluator ever polling (it polls per
// cyclic round and per 1024 components), so the loops here poll too.
constexpr int kPollEvery = 64;

absl::Status Poll(const EvaluationOptions& evaluation, int& counter) {
  if (++counter < kPollEvery || !evaluation.stop_check) return absl::OkStatus();
  counter = 0;
  return evaluation.stop_check();
}

absl::Status Validate(const ContributionOptions& o) {
  if (o.exact_max_players < 0 || o.exact_max_players > kExactLimit) {
    return InvalidField("shapley.exact_max_players",
                        absl::StrFormat("must be 0 to %d (got %d)", kExactLimit,
                                        o.exact_max_players));
  }
  if (o.samples < 0) return InvalidField("shapley.samples", "must be >= 0");
  if (o.max_work < 0) return InvalidField("shapley.max_work", "must be >= 0");
  return absl::OkStatus();
}

// Shared state of one computation: a private scenario and strength vector
// that evaluations of sub-coalitions mutate and restore.
struct Workspace {
  const Qbaf& qbaf;
  const EvaluationOptions& evaluation;
  Scenario scenario;
  std::vector<double> strength;
  ConeWalker walker;
  std::vector<unsigned char> in_cone;
  std::vector<int> cone_components;
  bool unstable = false;

  absl::Status Run(absl::Span<const int> components, EvaluationStats* out = nullptr) {
    EvaluationStats stats;
    RETURN_IF_ERROR(EvaluateComponents(qbaf, scenario, evaluation, components,
                                       strength, stats));
    if (!stats.converged) unstable = true;
    if (out != nullptr) *out = std::move(stats);
    return absl::OkStatus();
  }
};

// What re-iterating each cyclic component of the cone costs, in work units:
// the rounds it took in the full evaluation times its members and the edges
// between them (what one round reads). Zero for acyclic components.
std::vector<int64_t> CycleCosts(const Qbaf& qbaf, const EvaluationStats& stats) {
  std::vector<int64_t> cost(qbaf.num_components(), 0);
  for (const auto& [c, rounds] : stats.rounds_by_component) {
    int64_t round = 0;
    for (int v : qbaf.component_members(c)) {
      round += 1;
      for (int u : qbaf.incoming_from(v)) round += qbaf.component_of(u) == c ? 1 : 0;
    }
    cost[c] = std::max<int64_t>(cost[c], rounds * round);
  }
  return cost;
}

}  // namespace

absl::StatusOr<ContributionReport> ComputeContributions(
    const Qbaf& qbaf, const Scenario& scenario, const EvaluationOptions& evaluation,
    int target, absl::Span<const int> priority, const ContributionOptions& options) {
  RETURN_IF_ERROR(Validate(options));
  if (target < 0 || target >= qbaf.num_arguments()) {
    return InvalidField("target", "must be an argument of the framework");
  }
  const int n = qbaf.num_arguments();
  Workspace ws{qbaf, evaluation, scenario, std::vector<double>(n, 0.0), ConeWalker(qbaf),
               std::vector<unsigned char>(n, 0), {}, false};
  std::vector<int> cone = ws.walker.Ancestors(target);
  for (int a : cone) ws.in_cone[a] = 1;
  ws.cone_components = ws.walker.Components(cone);

  std::vector<int> players;
  for (int a : cone) {
    if (a != target && scenario.argument_active[a]) players.push_back(a);
  }
  const int p_count = static_cast<int>(players.size());

  ContributionReport report;
  EvaluationStats full_stats;
  RETURN_IF_ERROR(ws.Run(ws.cone_components, &full_stats));
  const double full = report.target_strength = ws.strength[target];
  report.items.resize(p_count);
  for (int i = 0; i < p_count; ++i) report.items[i].argument = players[i];

  // Cost of one pass over all players (a removal sweep or one sampled
  // permutation). Switching a player re-evaluates at most its downstream
  // cone, and the Propagator pays the out-edges of what changed, so a player
  // costs at most the size and out-degree of its downstream cone plus a
  // fixed overhead, and each cyclic component in that cone is iterated again
  // (as many rounds as it took in the full evaluation). Counted up to the
  // budget only.
  constexpr int64_t kStepOverhead = 8;
  const std::vector<int64_t> cycle_cost = CycleCosts(qbaf, full_stats);
  std::vector<int> cycle_seen(qbaf.num_components(), -1);  // last player counted
  int64_t pass_cost = 0;
  for (int p : players) {
    int seed[1] = {p};
    pass_cost += kStepOverhead;
    for (int v : ws.walker.Downstream(seed, ws.in_cone)) {
      pass_cost += 1 + static_cast<int64_t>(qbaf.outgoing(v).size());
      const int c = qbaf.component_of(v);
      if (cycle_cost[c] > 0 && cycle_seen[c] != p) {
        cycle_seen[c] = p;
        pass_cost += cycle_cost[c];
      }
    }
    if (pass_cost > options.max_work) break;
  }
  Propagator propagator(qbaf, evaluation, scenario, ws.in_cone);

  // --- removal contributions ---
  std::vector<unsigned char> wanted(n, 0);
  bool all = pass_cost <= options.max_work;
  report.removal_complete = all;
  for (int a : priority) {
    if (a >= 0 && a < n) wanted[a] = 1;
  }
  int polls = 0;
  RETURN_IF_ERROR(propagator.Reset());
  for (Contribution& c : report.items) {
    if (!all && !wanted[c.argument]) continue;
    RETURN_IF_ERROR(Poll(evaluation, polls));
    RETURN_IF_ERROR(propagator.SetActiveTentatively(c.argument, false));
    c.removal = full - propagator.strength(target);
    c.removal_computed = true;
    propagator.Revert();  // back to the full state exactly, for the next player
  }

  // --- Shapley values ---
  if (p_count <= options.exact_max_players) {
    const uint32_t coalitions = uint32_t{1} << p_count;
    std::vector<double> value(coalitions);
    for (uint32_t mask = 0; mask < coalitions; ++mask) {
      RETURN_IF_ERROR(Poll(evaluation, polls));
      for (int i = 0; i < p_count; ++i) {
        ws.scenario.argument_active[players[i]] = (mask >> i) & 1u;
      }
      RETURN_IF_ERROR(ws.Run(ws.cone_components));
      value[mask] = ws.strength[target];
    }
    // weight[s] = s! (n-s-1)! / n!
    std::vector<double> weight(std::max(p_count, 1), 1.0);
    for (int s = 0; s < p_count; ++s) {
      double w = 1.0 / p_count;
      for (int k = 1; k <= s; ++k) w *= static_cast<double>(k) / (p_count - k);
      weight[s] = w;
    }
    for (int i = 0; i < p_count; ++i) {
      double phi = 0.0;
      for (uint32_t mask = 0; mask < coalitions; ++mask) {
        if (mask & (1u << i)) continue;
        phi += weight[__builtin_popcount(mask)] * (value[mask | (1u << i)] - value[mask]);
      }
      report.items[i].shapley = phi;
    }
    report.target_alone = value[0];
    report.shapley_computed = report.shapley_exact = true;
  } else {
    const int64_t per_permutation = std::max<int64_t>(1, pass_cost);
    int samples = static_cast<int>(
        std::min<int64_t>(options.samples, options.max_work / per_permutation));
    SplitMix64 rng(options.seed);
    std::vector<int> order(p_count);
    std::vector<double> sum(p_count, 0.0);
    std::vector<int> slot_of(n, -1);
    for (int i = 0; i < p_count; ++i) slot_of[players[i]] = i;
    for (int t = 0; t < samples; ++t) {
      polls = kPollEvery - 1;  // poll once per permutation
      RETURN_IF_ERROR(Poll(evaluation, polls));
      for (int i = 0; i < p_count; ++i) order[i] = players[i];
      for (int i = p_count - 1; i > 0; --i) {
        std::swap(order[i], order[rng.Below(static_cast<uint64_t>(i) + 1)]);
      }
      // Start each permutation from an exact evaluation (no drift carried).
      for (int a : players) propagator.mutable_scenario().argument_active[a] = 0;
      RETURN_IF_ERROR(propagator.Reset());
      double previous = report.target_alone = propagator.strength(target);
      for (int a : order) {
        RETURN_IF_ERROR(propagator.SetActive(a, true));
        double current = propagator.strength(target);
        sum[slot_of[a]] += current - previous;
        previous = current;
      }
    }
    if (samples > 0) {
      for (int i = 0; i < p_count; ++i) report.items[i].shapley = sum[i] / samples;
      report.shapley_computed = true;
      report.shapley_samples = samples;
    } else {
      report.target_alone = scenario.base[target];
    }
  }
  report.unstable = ws.unstable || propagator.unstable();
  return report;
}

}  // namespace evidencegraph::reasoning
