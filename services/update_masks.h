// Field masks of UpdateNode and UpdateEdge (AIP-134): which paths a client may
// name, and how a masked update is applied to the stored resource.
//
// Contract
//   - Paths are checked against the message descriptor (FieldMaskUtil); an
//     unknown path, an output-only path (name, create_time, update_time, etag,
//     kind) or, for edges, an identifying path (source, kind, target) is
//     INVALID_ARGUMENT naming `mask_field` (e.g. "update_mask").
//   - Nodes: an empty mask means display_title, labels and the whole payload
//     (a full replace). A path into another payload than the stored one
//     ("study.x" on a claim), or a request payload of another kind, is
//     INVALID_ARGUMENT (reason KIND_MISMATCH): a node's kind never changes.
//   - Edges: allowed paths are weight, note, provenance, attack_type, grading
//     (and grading sub-paths); an empty mask means all of them.
//   - Applying replaces message and repeated fields named by the mask (not a
//     merge: "labels" sets the list), clears fields the request leaves unset,
//     and then validates the resulting resource in full with
//     services/validation.h, so a masked update can never store what a create
//     would reject.
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_SERVICES_UPDATE_MASKS_H_
#define EVIDENCEGRAPH_SERVICES_UPDATE_MASKS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "evidencegraph/v1/resources.pb.h"
#include "google/protobuf/field_mask.pb.h"

namespace evidencegraph::services {

// Static checks of an UpdateNode mask (paths exist, none output-only).
absl::Status ValidateNodeUpdateMask(const google::protobuf::FieldMask& mask,
                                    absl::string_view mask_field);

// Static checks of an UpdateEdge mask.
absl::Status ValidateEdgeUpdateMask(const google::protobuf::FieldMask& mask,
                                    absl::string_view mask_field);

// Applies `request` to `stored` under `mask` (validated with
// ValidateNodeUpdateMask), then validates the result. `node_field` names the
// request's node ("node", "operations[2].update_node.node"). On error
// `stored` may be partly changed: callers apply it to a copy (storage's
// mutate callback runs inside a transaction that is dropped on error).
absl::Status ApplyNodeUpdate(const v1::Node& request,
                             const google::protobuf::FieldMask& mask,
                             absl::string_view node_field,
                             absl::string_view mask_field, v1::Node* stored);

// As ApplyNodeUpdate, for edges (`edge_field` e.g. "edge").
absl::Status ApplyEdgeUpdate(const v1::Edge& request,
                             const google::protobuf::FieldMask& mask,
                             absl::string_view edge_field,
                             absl::string_view mask_field, v1::Edge* stored);

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_UPDATE_MASKS_H_
