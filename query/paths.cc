#include "query/paths.h"

#include <limits>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/node_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "query/traverse.h"

namespace evidencegraph::query {
namespace {

constexpr int kUnreachable = std::numeric_limits<int>::max() / 4;

// A hop read once and kept: the enumeration revisits vertices many times.
struct CachedHop {
  std::string neighbor;
  std::string edge;
  v1::EdgeKind kind;
  bool outgoing;
};

using HopList = std::vector<CachedHop>;

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
  // Hops of `vertex` in `direction`, read once per direction and cached.
  absl::StatusOr<const HopList*> Hops(const std::string& vertex, bool forward);
  // Phase 1: shortest length by bidirectional BFS; kUnreachable if none
  // within max_length (or budget).
  absl::StatusOr<int> Shortest();
  // Expands one full level of one side.
  absl::Status ExpandLevel(bool forward, int* best);
  // Phase 2: grow the backward ball (better lower bounds) within budget.
  absl::Status GrowBackward();
  int LowerBound(const std::string& vertex) const;
  // Phase 3: depth-first enumeration of paths of exactly `length` hops.
  absl::Status Enumerate(int length);
  absl::Status Dfs(const std::string& vertex, int depth, int length);
  bool BudgetLeft(absl::string_view what);

  WalkGraph graph_;
  const FindPathsOptions& options_;
  const v1::EdgeDirection forward_dir_;
  const v1::EdgeDirection backward_dir_;
  const int max_length_;
  const int max_paths_;
  StopPoller poller_;

  // node_hash_map: the enumeration holds references into lists while its
  // recursion adds more, so lists must not move.
  absl::node_hash_map<std::string, HopList> forward_hops_;
  absl::node_hash_map<std::string, HopList> backward_hops_;
  absl::flat_hash_map<std::string, int> dist_from_source_;
  absl::flat_hash_map<std::string, int> dist_to_target_;
  std::vector<std::string> frontier_f_;
  std::vector<std::string> frontier_b_;
  int level_f_ = 0;
  // Every vertex within level_b_ of the target is in dist_to_target_.
  int level_b_ = 0;
  bool backward_exhausted_ = false;

  std::vector<std::string> path_vertices_;
  std::vector<PathStep> path_hops_;
  absl::flat_hash_set<std::string> on_path_;
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

absl::StatusOr<const HopList*> PathSearch::Hops(const std::string& vertex,
                                                bool forward) {
  auto& cache = forward ? forward_hops_ : backward_hops_;
  auto it = cache.find(vertex);
  if (it != cache.end()) return &it->second;
  HopList hops;
  absl::Status inner;
  RETURN_IF_ERROR(graph_.ForEachHop(
      vertex, forward ? forward_dir_ : backward_dir_, [&](const Hop& hop) {
        inner = poller_.Tick();
        if (!inner.ok()) return false;
        hops.push_back(CachedHop{std::string(hop.neighbor), hop.EdgeName(),
                                 hop.kind, hop.outgoing});
        return true;
      }));
  RETURN_IF_ERROR(inner);
  return &cache.emplace(vertex, std::move(hops)).first->second;
}

absl::Status PathSearch::ExpandLevel(bool forward, int* best) {
  auto& frontier = forward ? frontier_f_ : frontier_b_;
  auto& mine = forward ? dist_from_source_ : dist_to_target_;
  const auto& other = forward ? dist_to_target_ : dist_from_source_;
  const int level = (forward ? level_f_ : level_b_) + 1;
  std::vector<std::string> next;
  for (const std::string& vertex : frontier) {
    if (!BudgetLeft("the shortest-path search")) return absl::OkStatus();
    ASSIGN_OR_RETURN(const HopList* hops, Hops(vertex, forward));
    for (const CachedHop& hop : *hops) {
      if (mine.contains(hop.neighbor)) continue;
      mine.emplace(hop.neighbor, level);
      next.push_back(hop.neighbor);
      auto meet = other.find(hop.neighbor);
      if (meet != other.end() && level + meet->second < *best) {
        *best = level + meet->second;
      }
    }
  }
  frontier.swap(next);
  (forward ? level_f_ : level_b_) = level;
  if (!forward && frontier.empty()) backward_exhausted_ = true;
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
  if (frontier_b_.empty()) backward_exhausted_ = true;
  return best <= max_length_ ? best : kUnreachable;
}

absl::Status PathSearch::GrowBackward() {
  // Exact distances out to half the maximum length: the enumeration then
  // prunes every branch in its second half exactly, while the ball costs
  // about as much as the search that found the shortest length (growing it
  // to max_length - 1 would cost the full one-sided BFS that the
  // bidirectional search exists to avoid).
  int unused = kUnreachable;
  while (!backward_exhausted_ && level_b_ < max_length_ / 2 &&
         static_cast<int64_t>(dist_to_target_.size()) <
             options_.budget.max_vertices / 4) {
    RETURN_IF_ERROR(ExpandLevel(/*forward=*/false, &unused));
    if (result_.truncated) break;
  }
  return absl::OkStatus();
}

int PathSearch::LowerBound(const std::string& vertex) const {
  auto it = dist_to_target_.find(vertex);
  if (it != dist_to_target_.end()) return it->second;
  return backward_exhausted_ ? kUnreachable : level_b_ + 1;
}

absl::Status PathSearch::Dfs(const std::string& vertex, int depth, int length) {
  if (vertex == options_.target) {
    if (depth != length) return absl::OkStatus();
    if (static_cast<int>(result_.paths.size()) == max_paths_) {
      result_.truncated = true;
      result_.truncation_reason =
          absl::StrCat("more than max_paths (", max_paths_, ") paths exist");
      done_ = true;
      return absl::OkStatus();
    }
    result_.paths.push_back(FoundPath{path_vertices_, path_hops_});
    return absl::OkStatus();
  }
  if (!BudgetLeft("path enumeration")) {
    done_ = true;
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(const HopList* hops, Hops(vertex, /*forward=*/true));
  for (const CachedHop& hop : *hops) {
    if (done_) break;
    ++hops_examined_;
    RETURN_IF_ERROR(poller_.Tick());
    if (on_path_.contains(hop.neighbor)) continue;
    if (depth + 1 + LowerBound(hop.neighbor) > length) continue;
    on_path_.insert(hop.neighbor);
    path_vertices_.push_back(hop.neighbor);
    path_hops_.push_back(PathStep{hop.edge, hop.kind, hop.outgoing});
    absl::Status status = Dfs(hop.neighbor, depth + 1, length);
    path_hops_.pop_back();
    path_vertices_.pop_back();
    on_path_.erase(hop.neighbor);
    RETURN_IF_ERROR(status);
  }
  return absl::OkStatus();
}

absl::Status PathSearch::Enumerate(int length) {
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
  RETURN_IF_ERROR(GrowBackward());
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
