// reasoning::ClaimExplanation -> v1::ClaimExplanation, and the enum
// mappings between the API and the reasoning library.
//
// Contract
//   - Every field of the reasoning result that the API exposes is copied;
//     names stay resource names. Critique texts and expert display names the
//     reasoning library does not carry are looked up in the cone's stored
//     critiques (`critiques`).
//   - Enum mappings are total: an API value without a reasoning counterpart
//     is reported by the validating caller, never mapped silently.
// Thread-safety: pure functions.
#ifndef EVIDENCEGRAPH_QUERY_EXPLANATION_PROTO_H_
#define EVIDENCEGRAPH_QUERY_EXPLANATION_PROTO_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
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

// The cone's stored critique nodes by name (critique texts); the views and
// pointers borrow the cone.
using CritiquesByName = absl::flat_hash_map<absl::string_view, const v1::Node*>;

// Moves `in` into `out` (an explanation of a 10,000-vertex cone carries tens
// of thousands of strings: they are moved, not copied).
void ToProtoExplanation(reasoning::ClaimExplanation&& in, const CritiquesByName& critiques,
                        uint64_t shapley_seed, v1::ClaimExplanation* out);

}  // namespace evidencegraph::query

#endif  // EVIDENCEGRAPH_QUERY_EXPLANATION_PROTO_H_
