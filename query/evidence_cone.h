// Evidence cone: everything that bears on one claim's verdict, read from one
// snapshot and handed to the reasoning library as a reasoning::EvidenceGraph.
//
// What the cone holds (reasoning.md section 3), walking backwards from the
// claim:
//   claim     <- SUPPORTS / REFUTES (studies), ASSERTS (experts), TARGETS
//                (rebutting critiques); SPECIALISES / GENERALISES in both
//                directions (related claims, which bring their own cones)
//   link      <- TARGETS (undercutting critiques), for each SUPPORTS /
//                REFUTES / ASSERTS edge into a claim of the cone
//   study     <- TARGETS (undermining critiques), AUTHORED (experts)
//   critique  <- TARGETS (critiques of critiques), AUTHORED (experts)
//   expert    (a leaf)
// Contract
//   - `claim` must be a claim name (INVALID_ARGUMENT naming `field`, e.g.
//     "name", when it is not a resource name or names another kind) and
//     must exist (NOT_FOUND).
//   - Bounds: max_depth 0 -> 6, cap 12 (hops from the claim); max_nodes
//     0 -> 5000, cap 50000 (vertices: nodes and links). Reaching either sets
//     `truncated` with the first bound's name. A vertex beyond max_depth is
//     left out and the walk goes on; the first new vertex beyond max_nodes
//     stops the walk where it is (in the middle of a hub's adjacency too:
//     nothing more is read, so a claim with 100k pieces of evidence costs
//     what max_nodes allows). The graph then holds what was loaded and only
//     the edges met before the stop whose endpoints were loaded (the
//     reasoning library rejects dangling edges): a sound lower view.
//   - Deterministic: the walk follows key order; nodes in breadth-first
//     order, edges between nodes in name order, then the TARGETS edges into
//     links in name order.
//   - `stop` is polled every 256 adjacency entries and before each batch
//     read.
// Thread-safety: runs on the caller's thread; reads the snapshot only.
#ifndef EVIDENCEGRAPH_QUERY_EVIDENCE_CONE_H_
#define EVIDENCEGRAPH_QUERY_EVIDENCE_CONE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/stop_check.h"
#include "evidencegraph/v1/resources.pb.h"
#include "query/bounds.h"
#include "reasoning/evidence_graph.h"
#include "storage/graph_store.h"

namespace evidencegraph::query {

inline constexpr Bound kConeMaxDepth{"max_depth", 6, 12};
inline constexpr Bound kConeMaxNodes{"max_nodes", 5000, 50000};

struct ConeOptions {
  std::string claim;
  int max_depth = 0;
  int max_nodes = 0;
  // The request field naming the claim, for errors.
  std::string field = "name";
};

struct EvidenceCone {
  reasoning::EvidenceGraph graph;
  // The claim itself, as stored.
  v1::Node claim;
  // Full stored messages, for explanations that quote them (critique text,
  // expert names, display titles), keyed by name.
  std::vector<v1::Node> nodes;
  std::vector<v1::Edge> edges;
  int vertices = 0;
  bool truncated = false;
  std::string truncation_reason;
  uint64_t revision = 0;
};

absl::StatusOr<EvidenceCone> LoadEvidenceCone(const storage::GraphSnapshot& snapshot,
                                              const ConeOptions& options,
                                              const StopCheck& stop);

}  // namespace evidencegraph::query

#endif  // EVIDENCEGRAPH_QUERY_EVIDENCE_CONE_H_
