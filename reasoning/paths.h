// Signed argument paths: every simple path from a leaf (an argument nothing
// present acts on) to a target, found by an iterative depth-first search
// backwards from the target, within bounds.
//
// The sign of a path is the product of its edges' polarities: attack -1,
// support +1, feed +1 for "rises above half" transfers and -1 for "falls
// below half" ones. A path with sign +1 pushes the target up when its leaf
// gets stronger; -1 pushes it down.
// Bounds: at most `max_paths` paths of at most `max_length` edges, and at most
// `max_steps` search steps; hitting any bound sets `truncated`.
// Thread-safety: pure function.
#ifndef EVIDENCEGRAPH_REASONING_PATHS_H_
#define EVIDENCEGRAPH_REASONING_PATHS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "reasoning/evaluator.h"
#include "reasoning/qbaf.h"

namespace evidencegraph::reasoning {

struct PathOptions {
  int max_paths = 32;
  int max_length = 8;
  int64_t max_steps = 200'000;
};

struct SignedPath {
  std::vector<int> arguments;  // leaf first, target last
  int sign = 1;
};

struct PathReport {
  std::vector<SignedPath> paths;
  bool truncated = false;
};

// INVALID_ARGUMENT for negative bounds or an unknown target.
absl::StatusOr<PathReport> FindSignedPaths(const Qbaf& qbaf, const Scenario& scenario,
                                           int target, const PathOptions& options);

}  // namespace evidencegraph::reasoning

#endif  // EVIDENCEGRAPH_REASONING_PATHS_H_
