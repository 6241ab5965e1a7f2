// Stored graph -> reasoning input: v1::Node / v1::Edge mapped 1:1 onto the
// structs of reasoning/evidence_graph.h.
//
// Contract
//   - Same resource names, same enum numbers (the reasoning enums carry the
//     proto numbers, so the casts are exact), same "unset" meaning (a proto3
//     `optional` field maps to std::optional, unset stays unset).
//   - Nothing is validated here: reasoning's BuildArgumentGraph reports bad
//     values naming the item.
//   - AddNode puts a node into the vector of its kind; nodes without a
//     payload are ignored (storage never returns one).
// Thread-safety: pure functions.
#ifndef EVIDENCEGRAPH_QUERY_REASONING_MAPPING_H_
#define EVIDENCEGRAPH_QUERY_REASONING_MAPPING_H_

#include "evidencegraph/v1/resources.pb.h"
#include "reasoning/evidence_graph.h"

namespace evidencegraph::query {

reasoning::Claim ToReasoningClaim(const v1::Node& node);
reasoning::Study ToReasoningStudy(const v1::Node& node);
reasoning::Expert ToReasoningExpert(const v1::Node& node);
reasoning::Critique ToReasoningCritique(const v1::Node& node);
reasoning::Source ToReasoningSource(const v1::Node& node);
reasoning::Edge ToReasoningEdge(const v1::Edge& edge);

// Appends `node` to the vector of its kind in `graph`.
void AddNode(const v1::Node& node, reasoning::EvidenceGraph& graph);

}  // namespace evidencegraph::query

#endif  // EVIDENCEGRAPH_QUERY_REASONING_MAPPING_H_
