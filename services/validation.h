// Field validation of nodes, edges and import batches, before anything is
// written. Storage checks referential integrity (endpoints exist, unique
// triples, no dangling edges); everything that can be decided from the request
// alone is decided here, so every rule has one home.
//
// Contract
//   - Every failure is INVALID_ARGUMENT built with common/errors.h, naming the
//     full field path given by the caller's `field` prefix (e.g. "node",
//     "operations[3].create_edge.edge") plus the sub-field
//     ("operations[3].create_edge.edge.kind") and the rule broken. Reasons:
//       INVALID_FIELD          a field's own rule (required, length, range, enum)
//       EDGE_ENDPOINT_KIND     an endpoint's kind does not fit the edge kind
//       ATTACK_TYPE_MISMATCH   attack_type missing, forbidden, or not fitting the target
//       SELF_LOOP              source equals target
//       KIND_MISMATCH          a name's collection differs from the payload kind
//   - Names and ids are checked with common/resource_names.h only.
//   - Output-only fields (times, etag, node kind) are ignored, as AIP-203 says.
//   - Text lengths are counted in Unicode code points (proto strings are UTF-8).
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_SERVICES_VALIDATION_H_
#define EVIDENCEGRAPH_SERVICES_VALIDATION_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "evidencegraph/v1/graph_service.pb.h"
#include "evidencegraph/v1/resources.pb.h"
#include "services/update_masks.h"

namespace evidencegraph::services {

// Limits named in the API comments (resources.proto). Changing one changes
// the public contract.
inline constexpr int kMaxDisplayTitle = 500;
inline constexpr int kMaxLabels = 64;
inline constexpr int kMaxLabelLength = 63;
inline constexpr int kMaxStatement = 2000;
inline constexpr int kMaxCritiqueText = 5000;
inline constexpr int kMaxEdgeNote = 5000;
inline constexpr int kMaxProvenance = 2000;
inline constexpr int kMaxShortText = 500;    // venue, names, affiliations...
inline constexpr int kMaxTitle = 1000;       // citation and source titles
inline constexpr int kMaxUrl = 2000;
inline constexpr int kMaxLongText = 10000;   // summaries, notes, contexts
inline constexpr int kMaxConflicts = 32;
inline constexpr int kMaxOverrides = 16;
inline constexpr int kMinYear = 1600;
inline constexpr int kMaxYear = 2200;

// Length of UTF-8 `text` in code points.
int CodePoints(absl::string_view text);

// A free label: 1-63 characters of [a-z0-9-_.:].
absl::Status ValidateLabel(absl::string_view label, absl::string_view field);

// Idempotency keys (request_id fields): empty, or 1-128 printable ASCII.
absl::Status ValidateIdempotencyKey(absl::string_view request_id,
                                    absl::string_view field);

// A node's content: exactly one payload with its rules, display_title and
// labels. The name is not looked at (see ValidateNodeName*).
absl::Status ValidateNodeContent(const v1::Node& node, absl::string_view field);

// A complete node as stored or imported: `name` required, parsed, of the
// payload's collection (KIND_MISMATCH otherwise), and valid content.
absl::Status ValidateNamedNode(const v1::Node& node, absl::string_view field);

// The resource name of a node to create from CreateNodeRequest fields
// (`request_field` is the request's path: "" or "operations[3].create_node.").
// Rules: node_id, when set, must be a valid id; node.name, when set, must be
// "{collection}/{id}" of the payload's collection and equal
// "{collection}/{node_id}" when node_id is set too. Returns the name, or ""
// when neither is given (the caller generates an id).
absl::StatusOr<std::string> ResolveCreateNodeName(const v1::Node& node,
                                                  absl::string_view node_id,
                                                  absl::string_view request_field);

// A complete edge to create: source (a node name), kind, target (a node name,
// or for TARGETS/UNDERCUT an edge name), the endpoint-kind rules of the kind,
// no self-loop, attack_type only (and always) on TARGETS and fitting the
// target, grading only on SUPPORTS/REFUTES, weight in [0, 1], text caps.
// A non-empty edge.name must equal the name computed from the triple.
absl::Status ValidateEdge(const v1::Edge& edge, absl::string_view field);

// Just the endpoint-kind rules for (source, kind, target, attack_type);
// names already parsed. Field paths are `field` + ".source" etc.
absl::Status ValidateEdgeEndpoints(absl::string_view source, v1::EdgeKind kind,
                                   absl::string_view target,
                                   v1::AttackType attack_type,
                                   absl::string_view field);

// One invalid record of an import batch.
struct RecordError {
  // The record's name, or "nodes[i]" / "edges[i]" when it has none.
  std::string record;
  absl::Status status;
};

// Validates a whole ImportGraph message (or seed line): every node with
// ValidateNamedNode("nodes[i]"), every edge with ValidateEdge("edges[i]"),
// and at most `max_records` nodes + edges (checked first: over the cap, one
// error naming the cap). Returns every invalid record, empty when all valid.
std::vector<RecordError> ValidateImportBatch(const v1::ImportGraphRequest& batch,
                                             int max_records);

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_VALIDATION_H_
