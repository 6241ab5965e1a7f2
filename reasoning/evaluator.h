// Evaluation of a Qbaf under a gradual semantics: strengths for every
// argument, exact on acyclic parts, iterated inside cycles.
//
// Algorithm
//   Components are visited in topological order (Qbaf numbers them so). A
//   component without a cycle is one argument: its strength is computed once
//   from its already-final inputs (exact). A cyclic component is iterated
//   synchronously from the base scores: every member's target value F(s) is
//   computed from the previous round's strengths, then s <- s + lambda(F(s)-s).
//   lambda starts at 1 and drops to 0.5 for the rest of the component once a
//   change flips sign without shrinking (|delta_t| >= |delta_{t-2}| for the
//   largest change): oscillations that already contract are left alone, so
//   published undamped fixed points are reproduced; persistent ones are damped.
//   A component stops when the largest change is below `tolerance`, or after
//   `max_rounds` rounds: then it is unstable (converged = false).
//   Iteration always restarts from the base scores, so the result of a
//   component depends only on its inputs, never on earlier evaluations: a
//   partial re-evaluation equals a full one.
//
// Scenarios (what-if, contributions) switch arguments and edges off and may
// change base scores. An inactive argument has strength 0 and does not act;
// an inactive edge does not act. A transfer argument whose source or feed
// edge is inactive has strength 0.
//
// The StopCheck is polled before every cyclic round and every 1024 acyclic
// components; its error is returned as is.
// Thread-safety: stateless functions; callers own the strength vectors.
#ifndef EVIDENCEGRAPH_REASONING_EVALUATOR_H_
#define EVIDENCEGRAPH_REASONING_EVALUATOR_H_

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/stop_check.h"
#include "reasoning/qbaf.h"
#include "reasoning/semantics.h"

namespace evidencegraph::reasoning {

struct EvaluationOptions {
  Semantics semantics = Semantics::kDfQuad;
  // Rounds per cyclic component before it is declared unstable.
  int max_rounds = 1000;
  // Convergence: largest change of a round below this.
  double tolerance = 1e-9;
  // Polled between rounds and components; empty = never stop.
  StopCheck stop_check;
};

// Which arguments/edges take part, and their base scores.
struct Scenario {
  std::vector<unsigned char> argument_active;  // per argument, 1 = present
  std::vector<unsigned char> edge_active;      // per edge, 1 = present
  std::vector<double> base;                    // per argument

  // Everything present, bases from the Qbaf.
  static Scenario Full(const Qbaf& qbaf);
};

struct EvaluationStats {
  // Largest number of rounds used by an evaluated cyclic component; 1 when
  // everything evaluated was acyclic (one exact pass), 0 if nothing was.
  int iterations = 0;
  bool converged = true;
  int unstable_components = 0;
  // Ids of the components that did not converge (usually empty).
  std::vector<int> unstable_component_ids;
  // (component id, rounds) of every cyclic component evaluated.
  std::vector<std::pair<int, int>> rounds_by_component;

  void Merge(const EvaluationStats& other);
};

// Re-evaluates the given components (ids in ascending = topological order),
// reading all other strengths from `strength` (size = num_arguments) and
// writing the new strengths of their members into it.
absl::Status EvaluateComponents(const Qbaf& qbaf, const Scenario& scenario,
                                const EvaluationOptions& options,
                                absl::Span<const int> components,
                                std::vector<double>& strength,
                                EvaluationStats& stats);

// The iteration of one cyclic component described above, with the right-hand
// side supplied by the caller: `target(v)` is F(s) for member v, computed from
// the current `strength` (which the iteration updates synchronously). This is
// how EvaluateComponents iterates, and how the Propagator (propagator.h)
// iterates from its maintained aggregates of the component's outside inputs,
// so both follow the same damping and stopping rules. Starts from the base
// scores, polls the StopCheck before every round; the caller has validated
// the options.
absl::Status IterateCyclicComponent(const Scenario& scenario,
                                    const EvaluationOptions& options, int component,
                                    absl::Span<const int> members,
                                    absl::FunctionRef<double(int)> target,
                                    std::vector<double>& strength,
                                    EvaluationStats& stats);

// The same iteration with `target` inlined (a lambda): the Propagator runs it
// once per switched argument upstream of a cycle, tens of thousands of times
// per explanation, where an indirect call per member and round showed.
template <typename Target>
absl::Status IterateCyclicComponentInline(const Scenario& scenario,
                                          const EvaluationOptions& options, int component,
                                          absl::Span<const int> members, Target&& target,
                                          std::vector<double>& strength,
                                          EvaluationStats& stats);

struct Evaluation {
  std::vector<double> strength;
  EvaluationStats stats;
};

// Every argument of the framework, all present.
absl::StatusOr<Evaluation> Evaluate(const Qbaf& qbaf, const EvaluationOptions& options);
// Every argument under `scenario`.
absl::StatusOr<Evaluation> Evaluate(const Qbaf& qbaf, const Scenario& scenario,
                                    const EvaluationOptions& options);

// ---------------------------------------------------------------------------
// Implementation of IterateCyclicComponentInline (shared by both forms).

namespace evaluator_internal {
// Scratch kept per thread: contribution sweeps iterate a component once per
// switched argument, thousands of times.
struct CycleScratch {
  std::vector<double> delta, previous;
};
CycleScratch& ThreadCycleScratch();
}  // namespace evaluator_internal

template <typename Target>
absl::Status IterateCyclicComponentInline(const Scenario& sc,
                                          const EvaluationOptions& options, int component,
                                          absl::Span<const int> members, Target&& target,
                                          std::vector<double>& strength,
                                          EvaluationStats& stats) {
  const size_t k = members.size();
  for (int v : members) strength[v] = sc.argument_active[v] ? sc.base[v] : 0.0;
  evaluator_internal::CycleScratch& scratch = evaluator_internal::ThreadCycleScratch();
  std::vector<double>& delta = scratch.delta;
  std::vector<double>& previous = scratch.previous;
  delta.assign(k, 0.0);
  previous.assign(k, 0.0);
  double lambda = 1.0;
  double max_delta_1 = -1.0, max_delta_2 = -1.0;  // rounds t-1 and t-2
  bool converged = false;
  int round = 0;
  while (round < options.max_rounds) {
    if (options.stop_check) {
      absl::Status st = options.stop_check();
      if (!st.ok()) return st;
    }
    ++round;
    double max_delta = 0.0;
    bool flipped = false;
    for (size_t i = 0; i < k; ++i) {
      int v = members[i];
      delta[i] = target(v) - strength[v];
      max_delta = std::max(max_delta, std::fabs(delta[i]));
      if (delta[i] * previous[i] < 0.0) flipped = true;
    }
    if (!std::isfinite(max_delta)) break;  // diverged (only "linear" can)
    if (max_delta < options.tolerance) {
      converged = true;
      break;
    }
    if (flipped && lambda == 1.0 && max_delta_2 >= 0.0 && max_delta >= max_delta_2) {
      lambda = 0.5;
    }
    for (size_t i = 0; i < k; ++i) strength[members[i]] += lambda * delta[i];
    previous.swap(delta);
    max_delta_2 = max_delta_1;
    max_delta_1 = max_delta;
  }
  stats.iterations = std::max(stats.iterations, round);
  stats.rounds_by_component.emplace_back(component, round);
  if (!converged) {
    stats.converged = false;
    ++stats.unstable_components;
    stats.unstable_component_ids.push_back(component);
  }
  return absl::OkStatus();
}

}  // namespace evidencegraph::reasoning

#endif  // EVIDENCEGRAPH_REASONING_EVALUATOR_H_
