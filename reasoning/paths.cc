#include "reasoning/paths.h"

#include <algorithm>

#include "common/errors.h"

namespace evidencegraph::reasoning {
namespace {

int EdgeSign(const Qbaf& q, int e) {
  const QbafEdge& edge = q.edge(e);
  switch (edge.role) {
    case EdgeRole::kAttack: return -1;
    case EdgeRole::kSupport: return 1;
    case EdgeRole::kFeed:
      return q.transfer_shape(edge.to) == TransferShape::kBelowHalf ? -1 : 1;
  }
  return 1;
}

bool Acts(const Scenario& sc, const Qbaf& q, int e) {
  return sc.edge_active[e] && sc.argument_active[q.edge(e).from];
}

bool IsLeaf(const Qbaf& q, const Scenario& sc, int a) {
  for (int e : q.incoming(a)) {
    if (Acts(sc, q, e)) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<PathReport> FindSignedPaths(const Qbaf& q, const Scenario& sc,
                                           int target, const PathOptions& options) {
  if (options.max_paths < 0 || options.max_length < 0 || options.max_steps < 0) {
    return InvalidField("paths", "bounds must be >= 0");
  }
  if (target < 0 || target >= q.num_arguments()) {
    return InvalidField("target", "must be an argument of the framework");
  }
  PathReport report;
  if (options.max_paths == 0 || !sc.argument_active[target]) return report;

  struct Frame {
    int argument;
    int next;   // position in incoming(argument)
    int sign;   // product of signs from this argument to the target
  };
  std::vector<Frame> stack{{target, 0, 1}};
  std::vector<unsigned char> on_path(q.num_arguments(), 0);
  on_path[target] = 1;
  int64_t steps = 0;

  while (!stack.empty()) {
    if (++steps > options.max_steps) {
      report.truncated = true;
      break;
    }
    Frame& top = stack.back();
    auto incoming = q.incoming(top.argument);
    if (top.next >= static_cast<int>(incoming.size())) {
      on_path[top.argument] = 0;
      stack.pop_back();
      continue;
    }
    int e = incoming[top.next++];
    if (!Acts(sc, q, e)) continue;
    int from = q.edge(e).from;
    if (on_path[from]) continue;  // simple paths only
    int sign = top.sign * EdgeSign(q, e);
    int length = static_cast<int>(stack.size());  // edges once `from` is added
    if (IsLeaf(q, sc, from)) {
      SignedPath path;
      path.sign = sign;
      path.arguments.push_back(from);
      for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
        path.arguments.push_back(it->argument);
      }
      report.paths.push_back(std::move(path));
      if (static_cast<int>(report.paths.size()) >= options.max_paths) {
        report.truncated = true;  // there may be more
        break;
      }
      continue;
    }
    if (length >= options.max_length) {
      report.truncated = true;  // longer paths exist beyond the bound
      continue;
    }
    on_path[from] = 1;
    stack.push_back(Frame{from, 0, sign});
  }
  return report;
}

}  // namespace evidencegraph::reasoning
