// ExplainClaim on the stored graph: load the claim's evidence cone from one
// snapshot (query/evidence_cone.h), evaluate it with the reasoning library
// (reasoning/explain.h) and answer in API terms (v1::ClaimExplanation).
//
// Contract
//   - Request rules (INVALID_ARGUMENT naming the field): `name` a claim
//     name; semantics a known value; thresholds.alpha / thresholds.beta
//     finite and in [0, 1]; at most 100 `without` names, each a node or edge
//     name ("without[i]") that exists in the snapshot (reason
//     UNKNOWN_RESOURCE) and is not the claim itself; max_depth, max_nodes
//     and max_paths within their caps (reason EXCEEDS_CAP). A missing claim
//     is NOT_FOUND.
//   - What-if names outside the claim's cone are accepted and reported in
//     what_if.notes as having no effect (the reasoning library only knows
//     the cone it was given).
//   - `truncated` covers the cone bounds and the path bound.
//   - ExplainVerdict is the cheap form SearchClaims uses: default options,
//     no contributions, paths or DOT.
// Thread-safety: runs on the caller's thread; reads the snapshot only.
#ifndef EVIDENCEGRAPH_QUERY_EXPLAIN_H_
#define EVIDENCEGRAPH_QUERY_EXPLAIN_H_

#include "absl/status/statusor.h"
#include "common/stop_check.h"
#include "evidencegraph/v1/query_service.pb.h"
#include "query/bounds.h"
#include "query/search.h"
#include "storage/graph_store.h"

namespace evidencegraph::query {

inline constexpr Bound kExplainMaxPaths{"max_paths", 32, 256};
inline constexpr int kMaxWhatIfNames = 100;

absl::StatusOr<v1::ClaimExplanation> ExplainStoredClaim(
    const storage::GraphSnapshot& snapshot, const v1::ExplainClaimRequest& request,
    const StopCheck& stop);

// The verdict and strength of `claim` with default options.
absl::StatusOr<ClaimVerdict> ExplainVerdict(const storage::GraphSnapshot& snapshot,
                                            const v1::Node& claim, const StopCheck& stop);

}  // namespace evidencegraph::query

#endif  // EVIDENCEGRAPH_QUERY_EXPLAIN_H_
