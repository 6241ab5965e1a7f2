// Qbaf: an immutable quantitative bipolar argumentation framework in flat,
// int-indexed form, ready for evaluation.
//
// Contract
//   - Arguments are ints 0..n-1 with a unique name and a base score tau.
//     Edges are ints 0..m-1: attack or support from one argument to another,
//     or a "feed" edge into a transfer argument.
//   - A transfer argument has no base score of its own: its strength is a
//     function of one source argument's strength,
//       kAboveHalf: coefficient * max(0, 2*s(source) - 1)
//       kBelowHalf: coefficient * max(0, 1 - 2*s(source))
//     This is how claim relations (a special case that holds supports its
//     generalisation; one that fails is a counterexample) enter the graph.
//   - Built once by QbafBuilder, which validates (NaN, tau range, unknown or
//     duplicate edges) and precomputes the incoming/outgoing adjacency (CSR)
//     and the strongly connected components in topological order.
// Thread-safety: a built Qbaf is immutable and may be shared by threads.
// QbafBuilder is single-threaded.
#ifndef EVIDENCEGRAPH_REASONING_QBAF_H_
#define EVIDENCEGRAPH_REASONING_QBAF_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace evidencegraph::reasoning {

enum class EdgeRole : unsigned char { kAttack = 0, kSupport = 1, kFeed = 2 };

enum class TransferShape : unsigned char { kNone = 0, kAboveHalf = 1, kBelowHalf = 2 };

struct QbafEdge {
  int from = 0;
  int to = 0;
  EdgeRole role = EdgeRole::kAttack;
};

class Qbaf {
 public:
  Qbaf() = default;

  int num_arguments() const { return static_cast<int>(base_.size()); }
  int num_edges() const { return static_cast<int>(edges_.size()); }

  const std::string& name(int arg) const { return names_[arg]; }
  double base(int arg) const { return base_[arg]; }
  const std::vector<double>& bases() const { return base_; }
  TransferShape transfer_shape(int arg) const { return shape_[arg]; }
  double transfer_coefficient(int arg) const { return coefficient_[arg]; }
  bool is_transfer(int arg) const { return shape_[arg] != TransferShape::kNone; }

  const QbafEdge& edge(int e) const { return edges_[e]; }
  // Edge ids into / out of `arg`, in insertion order.
  absl::Span<const int> incoming(int arg) const {
    return absl::MakeConstSpan(in_edges_).subspan(
        in_offsets_[arg], in_offsets_[arg + 1] - in_offsets_[arg]);
  }
  // Parallel to incoming(): the source argument and role of each edge, so
  // evaluation reads contiguous memory.
  absl::Span<const int> incoming_from(int arg) const {
    return absl::MakeConstSpan(in_from_).subspan(
        in_offsets_[arg], in_offsets_[arg + 1] - in_offsets_[arg]);
  }
  absl::Span<const EdgeRole> incoming_roles(int arg) const {
    return absl::MakeConstSpan(in_role_).subspan(
        in_offsets_[arg], in_offsets_[arg + 1] - in_offsets_[arg]);
  }
  absl::Span<const int> outgoing(int arg) const {
    return absl::MakeConstSpan(out_edges_).subspan(
        out_offsets_[arg], out_offsets_[arg + 1] - out_offsets_[arg]);
  }

  // Components, numbered in topological order (inputs of component c come
  // from components <= c).
  int num_components() const { return static_cast<int>(cyclic_.size()); }
  int component_of(int arg) const { return component_of_[arg]; }
  absl::Span<const int> component_members(int c) const {
    return absl::MakeConstSpan(members_).subspan(
        component_offsets_[c], component_offsets_[c + 1] - component_offsets_[c]);
  }
  bool component_cyclic(int c) const { return cyclic_[c] != 0; }
  bool acyclic() const { return num_cyclic_components_ == 0; }

  // The argument called `name`, if any.
  std::optional<int> Find(absl::string_view name) const;

 private:
  friend class QbafBuilder;

  std::vector<std::string> names_;
  absl::flat_hash_map<std::string, int> index_;
  std::vector<double> base_;
  std::vector<TransferShape> shape_;
  std::vector<double> coefficient_;
  std::vector<QbafEdge> edges_;
  std::vector<int> in_offsets_, in_edges_, out_offsets_, out_edges_;
  std::vector<int> in_from_;
  std::vector<EdgeRole> in_role_;
  std::vector<int> component_of_, component_offsets_, members_;
  std::vector<unsigned char> cyclic_;
  int num_cyclic_components_ = 0;
};

struct QbafBuildOptions {
  // Bases must lie in [0, 1] (every semantics but "linear" needs this).
  // When false, any finite base is accepted.
  bool require_unit_interval = true;
};

class QbafBuilder {
 public:
  QbafBuilder() = default;

  // Adds an argument. Names must be unique and non-empty. The base is checked
  // in Build(), so the error can name the argument either way.
  absl::StatusOr<int> AddArgument(absl::string_view name, double base);

  // Adds a transfer argument fed by `source` (see the file comment);
  // coefficient must be finite and >= 0.
  absl::StatusOr<int> AddTransfer(absl::string_view name, int source,
                                  double coefficient, TransferShape shape);

  // Adds an attack / support; INVALID_ARGUMENT for unknown ids or a
  // duplicate (same from, to and role). Returns the edge id.
  absl::StatusOr<int> AddAttack(int from, int to);
  absl::StatusOr<int> AddSupport(int from, int to);

  // The existing edge from->to with `role`, if any.
  std::optional<int> FindEdge(int from, int to, EdgeRole role) const;

  int num_arguments() const { return static_cast<int>(q_.base_.size()); }
  const std::string& name(int arg) const { return q_.names_[arg]; }

  // Validates and finishes. The builder is consumed.
  absl::StatusOr<Qbaf> Build(const QbafBuildOptions& options = {}) &&;

 private:
  absl::StatusOr<int> AddEdge(int from, int to, EdgeRole role);

  Qbaf q_;
  absl::flat_hash_map<uint64_t, int> edge_index_;  // (from, to, role) -> id
};

}  // namespace evidencegraph::reasoning

#endif  // EVIDENCEGRAPH_REASONING_QBAF_H_
