#include "reasoning/evaluator.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"
#include "common/errors.h"

namespace evidencegraph::reasoning {
namespace {

constexpr int kStopCheckEvery = 1024;  // acyclic components between polls

absl::Status ValidateOptions(const Qbaf& qbaf, const Scenario& scenario,
                             const EvaluationOptions& options) {
  if (options.max_rounds < 1) {
    return InvalidField("max_rounds", absl::StrFormat("must be >= 1 (got %d)",
                                                      options.max_rounds));
  }
  if (!(options.tolerance > 0.0) || !std::isfinite(options.tolerance)) {
    return InvalidField("tolerance", "must be a finite number > 0");
  }
  int s = static_cast<int>(options.semantics);
  if (s < 0 || s > static_cast<int>(Semantics::kLinear)) {
    return InvalidField("semantics", "unknown semantics");
  }
  const size_t n = static_cast<size_t>(qbaf.num_arguments());
  if (scenario.argument_active.size() != n || scenario.base.size() != n ||
      scenario.edge_active.size() != static_cast<size_t>(qbaf.num_edges())) {
    return absl::InternalError("scenario does not match the framework's size");
  }
  return absl::OkStatus();
}

absl::Status Poll(const EvaluationOptions& options) {
  if (!options.stop_check) return absl::OkStatus();
  return options.stop_check();
}

// The value the semantics assigns to `v` given the current `strength` of its
// inputs (the right-hand side of the fixed-point equation).
inline double Target(const Qbaf& q, const Scenario& sc, Semantics sem, int v,
                     const std::vector<double>& strength) {
  if (!sc.argument_active[v]) return 0.0;
  auto from = q.incoming_from(v);
  auto roles = q.incoming_roles(v);
  auto ids = q.incoming(v);
  TransferShape shape = q.transfer_shape(v);
  if (shape != TransferShape::kNone) {
    // Exactly one incoming edge: the feed.
    int src = from[0];
    if (!sc.edge_active[ids[0]] || !sc.argument_active[src]) return 0.0;
    double x = 2.0 * strength[src] - 1.0;
    if (shape == TransferShape::kBelowHalf) x = -x;
    return q.transfer_coefficient(v) * (x > 0.0 ? x : 0.0);
  }
  double acc_attack = AggregateStart(sem);
  double acc_support = acc_attack;
  for (size_t i = 0; i < from.size(); ++i) {
    int u = from[i];
    if (!sc.edge_active[ids[i]] || !sc.argument_active[u]) continue;
    if (roles[i] == EdgeRole::kAttack) {
      acc_attack = AggregateAdd(sem, acc_attack, strength[u]);
    } else {
      acc_support = AggregateAdd(sem, acc_support, strength[u]);
    }
  }
  return Influence(sem, sc.base[v], AggregateValue(sem, acc_attack),
                   AggregateValue(sem, acc_support));
}

}  // namespace

namespace evaluator_internal {
CycleScratch& ThreadCycleScratch() {
  thread_local CycleScratch scratch;
  return scratch;
}
}  // namespace evaluator_internal

absl::Status IterateCyclicComponent(const Scenario& sc, const EvaluationOptions& options,
                                    int component, absl::Span<const int> members,
                                    absl::FunctionRef<double(int)> target,
                                    std::vector<double>& strength, EvaluationStats& stats) {
  return IterateCyclicComponentInline(sc, options, component, members, target, strength,
                                      stats);
}

Scenario Scenario::Full(const Qbaf& qbaf) {
  Scenario s;
  s.argument_active.assign(qbaf.num_arguments(), 1);
  s.edge_active.assign(qbaf.num_edges(), 1);
  s.base = qbaf.bases();
  return s;
}

void EvaluationStats::Merge(const EvaluationStats& other) {
  iterations = std::max(iterations, other.iterations);
  converged = converged && other.converged;
  unstable_components += other.unstable_components;
  rounds_by_component.insert(rounds_by_component.end(), other.rounds_by_component.begin(),
                             other.rounds_by_component.end());
  unstable_component_ids.insert(unstable_component_ids.end(),
                                other.unstable_component_ids.begin(),
                                other.unstable_component_ids.end());
}

absl::Status EvaluateComponents(const Qbaf& qbaf, const Scenario& scenario,
                                const EvaluationOptions& options,
                                absl::Span<const int> components,
                                std::vector<double>& strength,
                                EvaluationStats& stats) {
  absl::Status valid = ValidateOptions(qbaf, scenario, options);
  if (!valid.ok()) return valid;
  if (strength.size() != static_cast<size_t>(qbaf.num_arguments())) {
    strength.resize(qbaf.num_arguments(), 0.0);
  }
  int since_poll = 0;
  for (int c : components) {
    if (qbaf.component_cyclic(c)) {
      const Semantics sem = options.semantics;
      absl::Status st = IterateCyclicComponentInline(
          scenario, options, c, qbaf.component_members(c),
          [&](int v) { return Target(qbaf, scenario, sem, v, strength); }, strength, stats);
      if (!st.ok()) return st;
      continue;
    }
    int v = qbaf.component_members(c)[0];
    strength[v] = Target(qbaf, scenario, options.semantics, v, strength);
    stats.iterations = std::max(stats.iterations, 1);
    if (++since_poll == kStopCheckEvery) {
      since_poll = 0;
      absl::Status st = Poll(options);
      if (!st.ok()) return st;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Evaluation> Evaluate(const Qbaf& qbaf, const EvaluationOptions& options) {
  return Evaluate(qbaf, Scenario::Full(qbaf), options);
}

absl::StatusOr<Evaluation> Evaluate(const Qbaf& qbaf, const Scenario& scenario,
                                    const EvaluationOptions& options) {
  Evaluation out;
  out.strength.assign(qbaf.num_arguments(), 0.0);
  std::vector<int> all(qbaf.num_components());
  for (int c = 0; c < qbaf.num_components(); ++c) all[c] = c;
  absl::Status st = EvaluateComponents(qbaf, scenario, options, all, out.strength,
                                       out.stats);
  if (!st.ok()) return st;
  return out;
}

}  // namespace evidencegraph::reasoning
