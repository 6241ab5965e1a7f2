#include "reasoning/propagator.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "common/status_macros.h"

namespace evidencegraph::reasoning {
namespace {

// A factor 1 - c at or below this counts as zero (an input at strength 1):
// dividing it out later would blow up the running product.
constexpr double kZeroFactor = 1e-12;

int RoleIndex(EdgeRole role) { return role == EdgeRole::kAttack ? 0 : 1; }

}  // namespace

Propagator::Propagator(const Qbaf& qbaf, const EvaluationOptions& options,
                       Scenario scenario, std::vector<unsigned char> in_scope)
    : qbaf_(qbaf),
      options_(options),
      scenario_(std::move(scenario)),
      in_scope_(std::move(in_scope)),
      strength_(qbaf.num_arguments(), 0.0),
      propagated_(qbaf.num_arguments(), 0.0),
      aggregate_(qbaf.num_arguments()),
      dirty_(qbaf.num_components(), 0),
      product_(UsesProduct(options.semantics)) {
  std::vector<unsigned char> seen(qbaf.num_components(), 0);
  for (int a = 0; a < qbaf.num_arguments(); ++a) {
    int c = qbaf.component_of(a);
    if (in_scope_[a] && !seen[c]) {
      seen[c] = 1;
      scope_components_.push_back(c);
    }
  }
  std::sort(scope_components_.begin(), scope_components_.end());
  // Inputs from inside a cyclic component, per member (CSR): the only ones an
  // iteration round has to read; the others sit in the member's aggregate.
  internal_offsets_.assign(qbaf.num_arguments() + 1, 0);
  for (int a = 0; a < qbaf.num_arguments(); ++a) {
    internal_offsets_[a + 1] = internal_offsets_[a];
    if (!in_scope_[a] || qbaf.is_transfer(a)) continue;
    for (int e : qbaf.incoming(a)) {
      if (Internal(e)) {
        internal_edges_.push_back(e);
        internal_from_.push_back(qbaf.edge(e).from);
        internal_role_.push_back(static_cast<unsigned char>(RoleIndex(qbaf.edge(e).role)));
        ++internal_offsets_[a + 1];
      }
    }
  }
}

bool Propagator::Internal(int edge) const {
  const QbafEdge& e = qbaf_.edge(edge);
  const int c = qbaf_.component_of(e.to);
  return qbaf_.component_of(e.from) == c && qbaf_.component_cyclic(c);
}

double Propagator::Contribution(int argument) const {
  return scenario_.argument_active[argument] ? strength_[argument] : 0.0;
}

void Propagator::Fold(int target, EdgeRole role, double contribution, int sign) {
  Aggregate& agg = aggregate_[target];
  int r = RoleIndex(role);
  if (!product_) {
    agg.acc[r] += sign * contribution;
    return;
  }
  double factor = 1.0 - contribution;
  if (factor <= kZeroFactor) {
    agg.ones[r] += sign;
  } else if (sign > 0) {
    agg.acc[r] *= factor;
  } else {
    agg.acc[r] /= factor;
  }
}

double Propagator::Compute(int v) const {
  if (!scenario_.argument_active[v]) return 0.0;
  TransferShape shape = qbaf_.transfer_shape(v);
  if (shape != TransferShape::kNone) {
    int src = qbaf_.incoming_from(v)[0];
    if (!scenario_.edge_active[qbaf_.incoming(v)[0]] || !scenario_.argument_active[src]) {
      return 0.0;
    }
    double x = 2.0 * strength_[src] - 1.0;
    if (shape == TransferShape::kBelowHalf) x = -x;
    return qbaf_.transfer_coefficient(v) * (x > 0.0 ? x : 0.0);
  }
  const Aggregate& agg = aggregate_[v];
  double attack, support;
  if (product_) {
    attack = agg.ones[0] > 0 ? 1.0 : 1.0 - agg.acc[0];
    support = agg.ones[1] > 0 ? 1.0 : 1.0 - agg.acc[1];
  } else {
    attack = agg.acc[0];
    support = agg.acc[1];
  }
  return Influence(options_.semantics, scenario_.base[v], attack, support);
}

inline double Propagator::ComputeInCycle(int v) const {
  if (!scenario_.argument_active[v]) return 0.0;
  if (qbaf_.is_transfer(v)) return Compute(v);  // reads its source's current strength
  const Aggregate& agg = aggregate_[v];
  double acc[2] = {agg.acc[0], agg.acc[1]};
  const Semantics semantics = options_.semantics;
  for (int i = internal_offsets_[v], end = internal_offsets_[v + 1]; i < end; ++i) {
    const int from = internal_from_[i];
    if (!scenario_.edge_active[internal_edges_[i]] || !scenario_.argument_active[from]) continue;
    const int r = internal_role_[i];
    acc[r] = AggregateAdd(semantics, acc[r], strength_[from]);
  }
  double attack, support;
  if (product_) {
    attack = agg.ones[0] > 0 ? 1.0 : 1.0 - acc[0];
    support = agg.ones[1] > 0 ? 1.0 : 1.0 - acc[1];
  } else {
    attack = acc[0];
    support = acc[1];
  }
  return Influence(options_.semantics, scenario_.base[v], attack, support);
}

void Propagator::RebuildAggregates() {
  const double empty = product_ ? 1.0 : 0.0;
  for (int v = 0; v < qbaf_.num_arguments(); ++v) {
    if (!in_scope_[v]) continue;
    aggregate_[v] = Aggregate{{empty, empty}, {0, 0}};
    propagated_[v] = Contribution(v);
  }
  for (int v = 0; v < qbaf_.num_arguments(); ++v) {
    if (!in_scope_[v] || qbaf_.is_transfer(v)) continue;
    auto ids = qbaf_.incoming(v);
    auto from = qbaf_.incoming_from(v);
    auto roles = qbaf_.incoming_roles(v);
    for (size_t i = 0; i < ids.size(); ++i) {
      if (scenario_.edge_active[ids[i]] && !Internal(ids[i])) {
        Fold(v, roles[i], Contribution(from[i]), +1);
      }
    }
  }
}

absl::Status Propagator::Reset() {
  for (int c : heap_) dirty_[c] = 0;
  heap_.clear();
  EvaluationStats stats;
  RETURN_IF_ERROR(EvaluateComponents(qbaf_, scenario_, options_, scope_components_,
                                     strength_, stats));
  if (!stats.converged) unstable_ = true;
  RebuildAggregates();
  return absl::OkStatus();
}

void Propagator::MarkDirty(int component) {
  if (dirty_[component]) return;
  dirty_[component] = 1;
  heap_.push_back(component);
  std::push_heap(heap_.begin(), heap_.end(), std::greater<int>());
}

absl::Status Propagator::SetActive(int argument, bool active) {
  scenario_.argument_active[argument] = active ? 1 : 0;
  MarkDirty(qbaf_.component_of(argument));
  return ProcessDirty();
}

absl::Status Propagator::SetActiveTentatively(int argument, bool active) {
  saved_strength_.clear();
  saved_propagated_.clear();
  saved_aggregate_.clear();
  journal_argument_ = argument;
  journal_active_ = scenario_.argument_active[argument];
  journaling_ = true;
  absl::Status status = SetActive(argument, active);
  journaling_ = false;
  return status;
}

void Propagator::Revert() {
  // Newest first: a value written twice gets its oldest saved value last.
  for (auto it = saved_aggregate_.rbegin(); it != saved_aggregate_.rend(); ++it) {
    aggregate_[it->first] = it->second;
  }
  for (auto it = saved_propagated_.rbegin(); it != saved_propagated_.rend(); ++it) {
    propagated_[it->first] = it->second;
  }
  for (auto it = saved_strength_.rbegin(); it != saved_strength_.rend(); ++it) {
    strength_[it->first] = it->second;
  }
  if (journal_argument_ >= 0) scenario_.argument_active[journal_argument_] = journal_active_;
  journal_argument_ = -1;
  saved_strength_.clear();
  saved_propagated_.clear();
  saved_aggregate_.clear();
}

absl::Status Propagator::ProcessDirty() {
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<int>());
    int c = heap_.back();
    heap_.pop_back();
    dirty_[c] = 0;
    auto members = qbaf_.component_members(c);
    const bool cyclic = qbaf_.component_cyclic(c);
    if (cyclic) {
      // Outside inputs are already folded into the members' aggregates: a
      // round reads only the edges inside the component.
      EvaluationStats& stats = cycle_stats_;
      stats.converged = true;
      stats.rounds_by_component.clear();
      stats.unstable_component_ids.clear();
      if (journaling_) {
        for (int v : members) saved_strength_.emplace_back(v, strength_[v]);
      }
      RETURN_IF_ERROR(IterateCyclicComponentInline(
          scenario_, options_, c, members, [this](int v) { return ComputeInCycle(v); },
          strength_, stats));
      if (!stats.converged) unstable_ = true;
    } else {
      if (journaling_) saved_strength_.emplace_back(members[0], strength_[members[0]]);
      strength_[members[0]] = Compute(members[0]);
    }
    for (int v : members) {
      double now = Contribution(v);
      double before = propagated_[v];
      if (now == before) continue;
      for (int e : qbaf_.outgoing(v)) {
        int t = qbaf_.edge(e).to;
        if (!scenario_.edge_active[e] || !in_scope_[t]) continue;
        if (cyclic && qbaf_.component_of(t) == c) continue;  // inside: just iterated
        EdgeRole role = qbaf_.edge(e).role;
        if (role != EdgeRole::kFeed) {
          if (journaling_) saved_aggregate_.emplace_back(t, aggregate_[t]);
          Fold(t, role, before, -1);
          Fold(t, role, now, +1);
        }
        MarkDirty(qbaf_.component_of(t));
      }
      if (journaling_) saved_propagated_.emplace_back(v, before);
      propagated_[v] = now;
    }
  }
  return absl::OkStatus();
}

}  // namespace evidencegraph::reasoning
