// reasoning::ClaimExplanation -> v1::ClaimExplanation, and the enum
// mappings between the API and the reasoning library.
//
// Contract
//   - Every field of the reasoning result that the API exposes is copied;
//     names stay resource names. Critique texts and expert display names the
//     reasoning library does not carry are looked up in the cone's stored
//     nodes (`nodes_by_name`).
//   - Enum mappings are total: an API value without a reasoning counterpart
//     is reported by the validating caller, never mapped silently.
// Thread-safety: pure functions.
#ifndef EVIDENCEGRAPH_QUERY_EXPLANATION_PROTO_H_
#define EVIDENCEGRAPH_QUERY_EXPLANATION_PROTO_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "evidencegraph/v1/query_service.pb.h"
#include "evidencegraph/v1/resources.pb.h"
#include "reasoning/explain.h"

namespace evidencegraph::query {

v1::Verdict ToProtoVerdict(reasoning::Verdict verdict);
v1::Certainty ToProtoCertainty(reasoning::CertaintyLevel level);
v1::Semantics ToProtoSemantics(reasoning::Semantics semantics);
v1::ArgumentKind ToProtoArgumentKind(reasoning::ArgumentKind kind);
// UNSPECIFIED -> DF-QuAD. Only the three API semantics are accepted by the
// caller's validation.
reasoning::Semantics FromProtoSemantics(v1::Semantics semantics);

// Copies `in` into `out`. `nodes_by_name` holds the cone's stored nodes.
void ToProtoExplanation(const reasoning::ClaimExplanation& in,
                        const absl::flat_hash_map<std::string, const v1::Node*>& nodes_by_name,
                        uint64_t shapley_seed, v1::ClaimExplanation* out);

}  // namespace evidencegraph::query

#endif  // EVIDENCEGRAPH_QUERY_EXPLANATION_PROTO_H_
