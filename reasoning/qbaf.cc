#include "reasoning/qbaf.h"

#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors.h"
#include "reasoning/scc.h"

namespace evidencegraph::reasoning {
namespace {

uint64_t EdgeKey(int from, int to, EdgeRole role) {
  // 31 bits per endpoint is ample (ids are ints >= 0); 2 bits of role.
  return (static_cast<uint64_t>(from) << 33) | (static_cast<uint64_t>(to) << 2) |
         static_cast<uint64_t>(role);
}

absl::string_view RoleWord(EdgeRole role) {
  switch (role) {
    case EdgeRole::kAttack: return "attack";
    case EdgeRole::kSupport: return "support";
    case EdgeRole::kFeed: return "feed";
  }
  return "edge";
}

// Counting sort of edge ids by `key(e)` into CSR offsets/ids.
template <typename KeyFn>
void BuildCsr(int n, int m, KeyFn key, std::vector<int>& offsets,
              std::vector<int>& ids) {
  offsets.assign(n + 1, 0);
  for (int e = 0; e < m; ++e) ++offsets[key(e) + 1];
  for (int v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
  ids.resize(m);
  std::vector<int> fill(offsets.begin(), offsets.end() - 1);
  for (int e = 0; e < m; ++e) ids[fill[key(e)]++] = e;
}

}  // namespace

std::optional<int> Qbaf::Find(absl::string_view name) const {
  auto it = index_.find(name);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

absl::StatusOr<int> QbafBuilder::AddArgument(absl::string_view name, double base) {
  if (name.empty()) {
    return InvalidField("argument id", "must be a non-empty string");
  }
  int id = num_arguments();
  auto [it, inserted] = q_.index_.emplace(std::string(name), id);
  if (!inserted) {
    return InvalidField(absl::StrCat("argument \"", name, "\""),
                        "ids must be unique (declared twice)");
  }
  q_.names_.emplace_back(name);
  q_.base_.push_back(base);
  q_.shape_.push_back(TransferShape::kNone);
  q_.coefficient_.push_back(0.0);
  return id;
}

absl::StatusOr<int> QbafBuilder::AddTransfer(absl::string_view name, int source,
                                             double coefficient,
                                             TransferShape shape) {
  if (source < 0 || source >= num_arguments()) {
    return InvalidField(absl::StrCat("transfer argument \"", name, "\" source"),
                        "must be an existing argument");
  }
  if (!std::isfinite(coefficient) || coefficient < 0.0 ||
      shape == TransferShape::kNone) {
    return InvalidField(absl::StrCat("transfer argument \"", name, "\""),
                        "needs a finite coefficient >= 0 and a shape");
  }
  absl::StatusOr<int> id = AddArgument(name, 0.0);
  if (!id.ok()) return id.status();
  q_.shape_[*id] = shape;
  q_.coefficient_[*id] = coefficient;
  absl::StatusOr<int> e = AddEdge(source, *id, EdgeRole::kFeed);
  if (!e.ok()) return e.status();
  return *id;
}

absl::StatusOr<int> QbafBuilder::AddAttack(int from, int to) {
  return AddEdge(from, to, EdgeRole::kAttack);
}

absl::StatusOr<int> QbafBuilder::AddSupport(int from, int to) {
  return AddEdge(from, to, EdgeRole::kSupport);
}

std::optional<int> QbafBuilder::FindEdge(int from, int to, EdgeRole role) const {
  auto it = edge_index_.find(EdgeKey(from, to, role));
  if (it == edge_index_.end()) return std::nullopt;
  return it->second;
}

absl::StatusOr<int> QbafBuilder::AddEdge(int from, int to, EdgeRole role) {
  int n = num_arguments();
  if (from < 0 || from >= n || to < 0 || to >= n) {
    return InvalidField(absl::StrCat(RoleWord(role), " ", from, "->", to),
                        "both ends must be existing arguments");
  }
  if (role != EdgeRole::kFeed && q_.shape_[to] != TransferShape::kNone) {
    return InvalidField(absl::StrCat(RoleWord(role), " \"", q_.names_[from],
                                     "\" -> \"", q_.names_[to], "\""),
                        "a transfer argument cannot be attacked or supported");
  }
  int id = static_cast<int>(q_.edges_.size());
  auto [it, inserted] = edge_index_.emplace(EdgeKey(from, to, role), id);
  if (!inserted) {
    return InvalidField(absl::StrCat(RoleWord(role), " \"", q_.names_[from],
                                     "\" -> \"", q_.names_[to], "\""),
                        "declared twice");
  }
  q_.edges_.push_back(QbafEdge{from, to, role});
  return id;
}

absl::StatusOr<Qbaf> QbafBuilder::Build(const QbafBuildOptions& options) && {
  const int n = num_arguments();
  for (int a = 0; a < n; ++a) {
    double b = q_.base_[a];
    if (std::isnan(b)) {
      return InvalidField(absl::StrCat("argument \"", q_.names_[a], "\" base score"),
                          "must be a number (got NaN)");
    }
    if (options.require_unit_interval ? (b < 0.0 || b > 1.0) : !std::isfinite(b)) {
      return InvalidField(
          absl::StrCat("argument \"", q_.names_[a], "\" base score"),
          absl::StrFormat("must be %s (got %g)",
                          options.require_unit_interval ? "in [0, 1]" : "finite", b));
    }
  }
  const int m = static_cast<int>(q_.edges_.size());
  const auto& edges = q_.edges_;
  BuildCsr(n, m, [&](int e) { return edges[e].to; }, q_.in_offsets_, q_.in_edges_);
  BuildCsr(n, m, [&](int e) { return edges[e].from; }, q_.out_offsets_, q_.out_edges_);
  q_.in_from_.resize(m);
  q_.in_role_.resize(m);
  for (int p = 0; p < m; ++p) {
    q_.in_from_[p] = edges[q_.in_edges_[p]].from;
    q_.in_role_[p] = edges[q_.in_edges_[p]].role;
  }

  std::vector<int> out_targets(m);
  for (int p = 0; p < m; ++p) out_targets[p] = edges[q_.out_edges_[p]].to;
  SccResult scc = StronglyConnectedComponents(q_.out_offsets_, out_targets);
  q_.component_of_ = std::move(scc.component_of);
  q_.component_offsets_ = std::move(scc.offsets);
  q_.members_ = std::move(scc.members);
  q_.cyclic_ = std::move(scc.cyclic);
  q_.num_cyclic_components_ = 0;
  for (unsigned char c : q_.cyclic_) q_.num_cyclic_components_ += c;
  edge_index_.clear();
  return std::move(q_);
}

}  // namespace evidencegraph::reasoning
