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
//   - An ExplainScope bounds the cone for callers that must stay quick; what
//     does not fit is declined (IsDeclined), never answered differently.
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

// Bounds the work of one explanation for a caller that must not be held
// long (the service's attempt on gRPC's thread, with a MemorySnapshot).
struct ExplainScope {
  // A cone of more vertices than this is not explained: the call fails with
  // a status IsDeclined() recognises. 0: no bound. Answers within it equal
  // the unbounded ones (the cone is loaded with max_nodes lowered to this,
  // and an answer whose cone was cut by it is declined).
  int max_vertices = 0;
};

absl::StatusOr<v1::ClaimExplanation> ExplainStoredClaim(
    const storage::GraphSnapshot& snapshot, const v1::ExplainClaimRequest& request,
    const StopCheck& stop, const ExplainScope& scope = {});

// True for a failure that is not an answer: the scope's bound, or a
// MemorySnapshot read that needed the disk (storage::IsNotInMemory). The
// caller explains again without a scope, on a snapshot that may block.
bool IsDeclined(const absl::Status& status);

// The verdict and strength of `claim` with default options.
absl::StatusOr<ClaimVerdict> ExplainVerdict(const storage::GraphSnapshot& snapshot,
                                            const v1::Node& claim, const StopCheck& stop);

}  // namespace evidencegraph::query

#endif  // EVIDENCEGRAPH_QUERY_EXPLAIN_H_
