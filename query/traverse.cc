#include "query/traverse.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"

namespace evidencegraph::query {

absl::StatusOr<std::unique_ptr<Traversal>> Traversal::Start(
    const storage::GraphSnapshot& snapshot, const TraverseOptions& options) {
  ASSIGN_OR_RETURN(const int max_depth,
                   ResolveBound(options.max_depth, kTraverseMaxDepth));
  ASSIGN_OR_RETURN(const int max_nodes,
                   ResolveBound(options.max_nodes, kTraverseMaxNodes));
  ASSIGN_OR_RETURN(const int batch_size,
                   CoerceSize(options.batch_size, kTraverseBatchSize));
  if (options.start.empty()) {
    return InvalidField(options.start_field, "at least one start vertex is required");
  }
  if (options.start.size() > static_cast<size_t>(kMaxStartVertices)) {
    return InvalidField(options.start_field,
                        absl::StrCat("at most ", kMaxStartVertices,
                                     " start vertices (server cap); got ",
                                     options.start.size()),
                        "EXCEEDS_CAP");
  }
  std::unique_ptr<Traversal> walk(
      new Traversal(snapshot, options, max_depth, max_nodes, batch_size));
  for (size_t i = 0; i < options.start.size(); ++i) {
    const std::string& start = options.start[i];
    RETURN_IF_ERROR(walk->graph_.CheckVertex(
        start, absl::StrCat(options.start_field, "[", i, "]")));
    if (IsInferenceVertex(start)) walk->graph_.TreatAsVertex(start);
  }
  for (const std::string& start : options.start) {
    if (walk->seen_.contains(start)) continue;
    if (walk->vertices_ >= max_nodes) {
      walk->truncated_ = true;
      walk->truncation_reason_ = absl::StrCat(
          "max_nodes (", max_nodes, ") reached among the start vertices");
      walk->expanded_all_ = true;
      break;
    }
    const absl::string_view name = walk->names_.Add(start);
    walk->seen_.insert(name);
    walk->frontier_.push_back(name);
    VisitView visit;
    visit.name = name;
    walk->pending_.push_back(visit);
    ++walk->vertices_;
  }
  return walk;
}

Traversal::Traversal(const storage::GraphSnapshot& snapshot,
                     const TraverseOptions& options, int max_depth, int max_nodes,
                     size_t batch_size)
    : graph_(snapshot, options.edges),
      nodes_(options.nodes),
      direction_(Normalize(options.direction)),
      max_depth_(max_depth),
      max_nodes_(max_nodes),
      batch_size_(batch_size),
      revision_(snapshot.revision()) {}

absl::Status Traversal::Poll(const StopCheck& stop) {
  if (++ticks_ % kStopPollEdges != 0 || !stop) return absl::OkStatus();
  return stop();
}

absl::Status Traversal::ExpandOne(const StopCheck& stop) {
  if (frontier_pos_ == frontier_.size()) {
    // The level is done: the next one becomes current, if the walk may go on.
    frontier_.swap(next_);
    next_.clear();
    frontier_pos_ = 0;
    ++depth_;
    if (frontier_.empty() || depth_ >= max_depth_) expanded_all_ = true;
    return absl::OkStatus();
  }
  const absl::string_view vertex = frontier_[frontier_pos_++];
  absl::Status inner;
  RETURN_IF_ERROR(graph_.ForEachHop(vertex, direction_, [&](const Hop& hop) {
    inner = Poll(stop);
    if (!inner.ok()) return false;
    if (seen_.contains(hop.neighbor) || !nodes_.Allows(hop.neighbor)) return true;
    if (vertices_ >= max_nodes_) {
      truncated_ = true;
      truncation_reason_ =
          absl::StrCat("max_nodes (", max_nodes_, ") reached at depth ", depth_ + 1);
      return false;
    }
    const absl::string_view name = names_.Add(hop.neighbor);
    seen_.insert(name);
    next_.push_back(name);
    VisitView visit;
    visit.name = name;
    visit.depth = depth_ + 1;
    visit.parent = vertex;
    visit.via_kind = hop.kind;
    visit.via_outgoing = hop.outgoing;
    // An inference hop names its edge: the vertex entered or the one left.
    if (!hop.via.empty()) {
      visit.via_name = hop.via == hop.neighbor ? name
                       : hop.via == vertex     ? vertex
                                               : names_.Add(hop.via);
    }
    pending_.push_back(visit);
    ++vertices_;
    return true;
  }));
  RETURN_IF_ERROR(inner);
  if (truncated_) expanded_all_ = true;
  return absl::OkStatus();
}

absl::StatusOr<bool> Traversal::NextBatch(const StopCheck& stop,
                                          std::vector<Visit>* batch) {
  batch->clear();
  return NextBatch(stop, [batch](const VisitView& visit) {
    batch->push_back(visit.ToVisit());
  });
}

absl::StatusOr<bool> Traversal::NextBatch(
    const StopCheck& stop, absl::FunctionRef<void(const VisitView&)> visit) {
  if (stop) RETURN_IF_ERROR(stop());
  size_t handed = 0;
  while (handed < batch_size_) {
    if (!pending_.empty()) {
      visit(pending_.front());
      pending_.pop_front();
      ++handed;
      continue;
    }
    if (expanded_all_) break;
    RETURN_IF_ERROR(ExpandOne(stop));
  }
  return expanded_all_ && pending_.empty();
}

void VisitView::AppendViaEdge(std::string* out) const {
  if (is_start()) return;
  if (!via_name.empty()) {
    out->append(via_name.data(), via_name.size());
  } else if (via_outgoing) {
    AppendEdgeName(out, parent, via_kind, name);
  } else {
    AppendEdgeName(out, name, via_kind, parent);
  }
}

Visit VisitView::ToVisit() const {
  Visit visit;
  visit.name = std::string(name);
  visit.kind = kind();
  visit.depth = depth;
  AppendViaEdge(&visit.via_edge);
  visit.via_kind = via_kind;
  visit.parent = std::string(parent);
  visit.via_outgoing = via_outgoing;
  return visit;
}

}  // namespace evidencegraph::query
