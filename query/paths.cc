#include "query/paths.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/node_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "query/traverse.h"

namespace evidencegraph::query {
namespace {

constexpr int kUnreachable = std::numeric_limits<int>::max() / 4;

// How a hop's edge is named when an inference vertex is involved.
enum class Via : uint8_t {
  kNone,      // a stored edge between the two vertices: named from them
  kNeighbor,  // node -> [e]: the neighbor is the edge
  kSelf,      // [e] -> one of its endpoints: the vertex itself is the edge
};

Via Reversed(Via via) {
  switch (via) {
    case Via::kNeighbor: return Via::kSelf;
    case Via::kSelf: return Via::kNeighbor;
    case Via::kNone: break;
  }
  return Via::kNone;
}

// A hop read once and kept: the enumeration revisits vertices many times.
// The neighbor's name lives in its HopList's buffer; the edge's name is only
// built for hops that end up in a path.
struct CachedHop {
  uint32_t offset;
  uint32_t length;
  v1::EdgeKind kind;
  bool outgoing;
  Via via;
};

// The hops of one vertex in one direction, in WalkGraph order. Filled in
// place inside a node_hash_map and never changed afterwards, so views of
// `names` stay valid for the whole search (distance maps, frontiers and
// paths hold such views).
struct HopList {
  std::string names;
  std::vector<CachedHop> hops;

  absl::string_view neighbor(const CachedHop& hop) const {
    return absl::string_view(names).substr(hop.offset, hop.length);
  }
};

std::string EdgeNameOf(absl::string_view self, absl::string_view neighbor, v1::EdgeKind kind,
                       bool outgoing, Via via) {
  switch (via) {
    case Via::kNeighbor: return std::string(neighbor);
    case Via::kSelf: return std::string(self);
    case Via::kNone: break;
  }
  return outgoing ? MakeEdgeName(self, kind, neighbor) : MakeEdgeName(neighbor, kind, self);
}

// The endpoint of edge `edge_name` other than the one a hop starts from:
// its target when the hop runs along the edge, else its source.
absl::string_view OtherEndpoint(absl::string_view edge_name, bool outgoing) {
  constexpr absl::string_view kInfix = "/edges/";
  const size_t infix = edge_name.find(kInfix);
  if (infix == absl::string_view::npos) return edge_name;
  if (!outgoing) return edge_name.substr(0, infix);
  const size_t slash = edge_name.find('/', infix + kInfix.size());
  return slash == absl::string_view::npos ? absl::string_view() : edge_name.substr(slash + 1);
}

// Where the hop self -> neighbor comes in WalkGraph::ForEachHop(self): an
// inference vertex's hops to its target and source first (groups 0, 1); then
// stored edges, outgoing (2) before incoming (3), each in key order (kind
// token, other endpoint); then a node's hops into attacked inferences (4 from
// its outgoing edges, 5 from its incoming ones) in the order their edges were
// scanned. Lets successors gathered from the backward side be put in the
// order the forward side would have read them.
struct HopOrder {
  int group;
  absl::string_view token;
  absl::string_view name;

  bool operator<(const HopOrder& o) const {
    if (group != o.group) return group < o.group;
    if (token != o.token) return token < o.token;
    return name < o.name;
  }
};

HopOrder OrderOf(absl::string_view neighbor, v1::EdgeKind kind, bool outgoing, Via via) {
  switch (via) {
    case Via::kSelf:
      return {outgoing ? 0 : 1, {}, {}};
    case Via::kNeighbor:
      return {outgoing ? 4 : 5, EdgeKindToken(kind), OtherEndpoint(neighbor, outgoing)};
    case Via::kNone:
      break;
  }
  return {outgoing ? 2 : 3, EdgeKindToken(kind), neighbor};
}

// One search: the state shared by the three phases.
class PathSearch {
 public:
  PathSearch(const storage::GraphSnapshot& snapshot, const FindPathsOptions& options,
             int max_length, int max_paths, const StopCheck& stop)
      : graph_(snapshot, options.edges),
        options_(options),
        forward_dir_(Normalize(options.direction)),
        backward_dir_(Reverse(options.direction)),
        max_length_(max_length),
        max_paths_(max_paths),
        poller_(stop) {}

  absl::StatusOr<FindPathsResult> Run();

 private:
  // A hop y -> w of the forward walk, found as w -> y in w's backward list.
  struct Successor {
    absl::string_view vertex;  // w
    const HopList* list;       // w's backward hops
    const CachedHop* hop;      // w -> y
    int distance;              // w's distance to the target
  };
  // One hop of the path being built.
  struct Step {
    absl::string_view self;
    absl::string_view neighbor;
    v1::EdgeKind kind;
    bool outgoing;
    Via via;
  };

  // Hops of `vertex` in `direction`, read once per direction and cached.
  absl::StatusOr<const HopList*> Hops(absl::string_view vertex, bool forward);
  // Phase 1: shortest length by bidirectional BFS; kUnreachable if none
  // within max_length (or budget).
  absl::StatusOr<int> Shortest();
  // Expands one full level of one side.
  absl::Status ExpandLevel(bool forward, int* best);
  // True when every hop of every path of `length` is cached: the first
  // level_f_ hops of a path leave vertices of the forward ball (forward hops
  // read), the others enter vertices nearer than level_b_ to the target
  // (backward hops read); or one side was explored completely.
  bool Covered(int length) const;
  // Phase 2: grows the balls, smaller frontier first (as the shortest-path
  // search does), until Covered(length) or the budget runs out.
  absl::Status Cover(int length);
  int LowerBound(absl::string_view vertex) const;
  // Successors of the vertices the enumeration reaches past the forward
  // ball, from the backward hops of the vertices within `max_distance` of
  // the target, each vertex's in forward order.
  void IndexSuccessors(int max_distance);
  // Phase 3: depth-first enumeration of paths of exactly `length` hops.
  absl::Status Enumerate(int length);
  absl::Status Dfs(absl::string_view vertex, int depth, int length);
  absl::Status Descend(const Step& step, int depth, int length);
  bool BudgetLeft(absl::string_view what);

  WalkGraph graph_;
  const FindPathsOptions& options_;
  const v1::EdgeDirection forward_dir_;
  const v1::EdgeDirection backward_dir_;
  const int max_length_;
  const int max_paths_;
  StopPoller poller_;

  // node_hash_map: lists must not move (views of their names are kept).
  absl::node_hash_map<std::string, HopList> forward_hops_;
  absl::node_hash_map<std::string, HopList> backward_hops_;
  absl::flat_hash_map<absl::string_view, int> dist_from_source_;
  absl::flat_hash_map<absl::string_view, int> dist_to_target_;
  std::vector<absl::string_view> frontier_f_;
  std::vector<absl::string_view> frontier_b_;
  // Every vertex within level_f_ of the source is in dist_from_source_, and
  // those nearer than level_f_ have their forward hops cached; likewise
  // level_b_ for the target.
  int level_f_ = 0;
  int level_b_ = 0;
  bool forward_exhausted_ = false;
  bool backward_exhausted_ = false;

  // Set per length by Enumerate: past depth level_f_, successors come from
  // `successors_` instead of reading forward hops.
  bool use_successors_ = false;
  absl::flat_hash_map<absl::string_view, std::vector<Successor>> successors_;

  std::vector<absl::string_view> path_vertices_;
  std::vector<Step> path_hops_;
  absl::flat_hash_set<absl::string_view> on_path_;
  int64_t hops_examined_ = 0;
  FindPathsResult result_;
  bool done_ = false;
};

bool PathSearch::BudgetLeft(absl::string_view what) {
  const int64_t vertices =
      static_cast<int64_t>(forward_hops_.size() + backward_hops_.size());
  if (vertices <= options_.budget.max_vertices &&
      hops_examined_ <= options_.budget.max_hops) {
    return true;
  }
  if (!result_.truncated) {
    result_.truncated = true;
    result_.truncation_reason = absl::StrCat("work budget exhausted during ", what);
  }
  return false;
}

absl::StatusOr<const HopList*> PathSearch::Hops(absl::string_view vertex, bool forward) {
  auto& cache = forward ? forward_hops_ : backward_hops_;
  auto it = cache.find(vertex);
  if (it != cache.end()) return &it->second;
  HopList& list = cache[std::string(vertex)];
  absl::Status inner;
  RETURN_IF_ERROR(graph_.ForEachHop(
      vertex, forward ? forward_dir_ : backward_dir_, [&](const Hop& hop) {
        inner = poller_.Tick();
        if (!inner.ok()) return false;
        const Via via = hop.via.empty()            ? Via::kNone
                        : hop.via == hop.neighbor ? Via::kNeighbor
                                                  : Via::kSelf;
        list.hops.push_back(CachedHop{static_cast<uint32_t>(list.names.size()),
                                      static_cast<uint32_t>(hop.neighbor.size()), hop.kind,
                                      hop.outgoing, via});
        list.names.append(hop.neighbor.data(), hop.neighbor.size());
        return true;
      }));
  RETURN_IF_ERROR(inner);
  return &list;
}

absl::Status PathSearch::ExpandLevel(bool forward, int* best) {
  auto& frontier = forward ? frontier_f_ : frontier_b_;
  auto& mine = forward ? dist_from_source_ : dist_to_target_;
  const auto& other = forward ? dist_to_target_ : dist_from_source_;
  const int level = (forward ? level_f_ : level_b_) + 1;
  std::vector<absl::string_view> next;
  for (const absl::string_view vertex : frontier) {
    if (!BudgetLeft("the shortest-path search")) return absl::OkStatus();
    ASSIGN_OR_RETURN(const HopList* hops, Hops(vertex, forward));
    for (const CachedHop& hop : hops->hops) {
      const absl::string_view neighbor = hops->neighbor(hop);
      if (!mine.try_emplace(neighbor, level).second) continue;
      next.push_back(neighbor);
      auto meet = other.find(neighbor);
      if (meet != other.end() && level + meet->second < *best) {
        *best = level + meet->second;
      }
    }
  }
  frontier.swap(next);
  (forward ? level_f_ : level_b_) = level;
  if (frontier.empty()) (forward ? forward_exhausted_ : backward_exhausted_) = true;
  return absl::OkStatus();
}

absl::StatusOr<int> PathSearch::Shortest() {
  dist_from_source_.emplace(options_.source, 0);
  dist_to_target_.emplace(options_.target, 0);
  frontier_f_.push_back(options_.source);
  frontier_b_.push_back(options_.target);
  int best = kUnreachable;
  // After the loop every path shorter than level_f_ + level_b_ + 1 hops is
  // known, so `best` is the shortest as soon as it is <= level_f_ + level_b_.
  while (best > level_f_ + level_b_ && level_f_ + level_b_ < max_length_ &&
         !frontier_f_.empty() && !frontier_b_.empty() && !result_.truncated) {
    const bool forward = frontier_f_.size() <= frontier_b_.size();
    RETURN_IF_ERROR(ExpandLevel(forward, &best));
  }
  return best <= max_length_ ? best : kUnreachable;
}

bool PathSearch::Covered(int length) const {
  return forward_exhausted_ || backward_exhausted_ || level_f_ + level_b_ >= length;
}

absl::Status PathSearch::Cover(int length) {
  int unused = kUnreachable;
  while (!Covered(length) && !result_.truncated) {
    const bool forward = frontier_f_.size() <= frontier_b_.size();
    RETURN_IF_ERROR(ExpandLevel(forward, &unused));
  }
  return absl::OkStatus();
}

int PathSearch::LowerBound(absl::string_view vertex) const {
  auto it = dist_to_target_.find(vertex);
  if (it != dist_to_target_.end()) return it->second;
  return backward_exhausted_ ? kUnreachable : level_b_ + 1;
}

void PathSearch::IndexSuccessors(int max_distance) {
  successors_.clear();
  // A vertex the enumeration reaches at depth >= level_f_ is in the forward
  // ball (depth level_f_) or was itself taken from here (backward ball).
  for (const auto& [name, list] : backward_hops_) {
    auto d = dist_to_target_.find(name);
    if (d == dist_to_target_.end() || d->second > max_distance) continue;
    const absl::string_view w = name;
    for (const CachedHop& hop : list.hops) {
      const absl::string_view y = list.neighbor(hop);
      if (!dist_from_source_.contains(y) && !dist_to_target_.contains(y)) continue;
      successors_[y].push_back(Successor{w, &list, &hop, d->second});
    }
  }
  for (auto& [y, successors] : successors_) {
    std::sort(successors.begin(), successors.end(),
              [](const Successor& a, const Successor& b) {
                return OrderOf(a.vertex, a.hop->kind, !a.hop->outgoing, Reversed(a.hop->via)) <
                       OrderOf(b.vertex, b.hop->kind, !b.hop->outgoing, Reversed(b.hop->via));
              });
  }
}

absl::Status PathSearch::Descend(const Step& step, int depth, int length) {
  on_path_.insert(step.neighbor);
  path_vertices_.push_back(step.neighbor);
  path_hops_.push_back(step);
  absl::Status status = Dfs(step.neighbor, depth + 1, length);
  path_hops_.pop_back();
  path_vertices_.pop_back();
  on_path_.erase(step.neighbor);
  return status;
}

absl::Status PathSearch::Dfs(absl::string_view vertex, int depth, int length) {
  if (vertex == options_.target) {
    if (depth != length) return absl::OkStatus();
    if (static_cast<int>(result_.paths.size()) == max_paths_) {
      result_.truncated = true;
      result_.truncation_reason =
          absl::StrCat("more than max_paths (", max_paths_, ") paths exist");
      done_ = true;
      return absl::OkStatus();
    }
    FoundPath& path = result_.paths.emplace_back();
    path.vertices.reserve(path_vertices_.size());
    for (const absl::string_view v : path_vertices_) path.vertices.emplace_back(v);
    for (const Step& step : path_hops_) {
      path.hops.push_back(PathStep{
          EdgeNameOf(step.self, step.neighbor, step.kind, step.outgoing, step.via),
          step.kind, step.outgoing});
    }
    return absl::OkStatus();
  }
  if (!BudgetLeft("path enumeration")) {
    done_ = true;
    return absl::OkStatus();
  }
  if (use_successors_ && depth >= level_f_) {
    auto it = successors_.find(vertex);
    if (it == successors_.end()) return absl::OkStatus();
    for (const Successor& s : it->second) {
      if (done_) break;
      ++hops_examined_;
      RETURN_IF_ERROR(poller_.Tick());
      if (depth + 1 + s.distance > length || on_path_.contains(s.vertex)) continue;
      RETURN_IF_ERROR(Descend(Step{vertex, s.vertex, s.hop->kind, !s.hop->outgoing,
                                   Reversed(s.hop->via)},
                              depth, length));
    }
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(const HopList* hops, Hops(vertex, /*forward=*/true));
  for (const CachedHop& hop : hops->hops) {
    if (done_) break;
    ++hops_examined_;
    RETURN_IF_ERROR(poller_.Tick());
    const absl::string_view neighbor = hops->neighbor(hop);
    if (on_path_.contains(neighbor)) continue;
    if (depth + 1 + LowerBound(neighbor) > length) continue;
    RETURN_IF_ERROR(
        Descend(Step{vertex, neighbor, hop.kind, hop.outgoing, hop.via}, depth, length));
  }
  return absl::OkStatus();
}

absl::Status PathSearch::Enumerate(int length) {
  RETURN_IF_ERROR(Cover(length));
  // Covered: every hop of a path is cached, forward near the source and
  // backward near the target, so nothing more is read. (Out of budget: the
  // enumeration stops at once, as BudgetLeft says.)
  use_successors_ = Covered(length) && !forward_exhausted_;
  if (use_successors_) IndexSuccessors(length - level_f_ - 1);
  path_vertices_.assign(1, options_.source);
  path_hops_.clear();
  on_path_.clear();
  on_path_.insert(options_.source);
  return Dfs(options_.source, 0, length);
}

absl::StatusOr<FindPathsResult> PathSearch::Run() {
  result_.revision = graph_.snapshot().revision();
  // An inference given as an endpoint is a vertex even if nothing attacks it.
  for (const std::string* end : {&options_.source, &options_.target}) {
    if (IsInferenceVertex(*end)) graph_.TreatAsVertex(*end);
  }
  RETURN_IF_ERROR(poller_.Now());
  ASSIGN_OR_RETURN(const int shortest, Shortest());
  if (shortest == kUnreachable) return std::move(result_);
  result_.shortest_length = shortest;
  for (int length = shortest; length <= max_length_ && !done_; ++length) {
    RETURN_IF_ERROR(Enumerate(length));
  }
  return std::move(result_);
}

}  // namespace

absl::StatusOr<FindPathsResult> FindPaths(const storage::GraphSnapshot& snapshot,
                                          const FindPathsOptions& options,
                                          const StopCheck& stop) {
  ASSIGN_OR_RETURN(const int max_length,
                   ResolveBound(options.max_length, kPathsMaxLength));
  ASSIGN_OR_RETURN(const int max_paths, ResolveBound(options.max_paths, kPathsMaxPaths));
  if (options.source == options.target && !options.source.empty()) {
    return InvalidField("target", "must differ from source");
  }
  PathSearch search(snapshot, options, max_length, max_paths, stop);
  // Validation needs a WalkGraph too; a throwaway one keeps PathSearch's
  // constructor free of fallible work.
  WalkGraph check(snapshot, options.edges);
  RETURN_IF_ERROR(check.CheckVertex(options.source, "source"));
  RETURN_IF_ERROR(check.CheckVertex(options.target, "target"));
  return search.Run();
}

}  // namespace evidencegraph::query
