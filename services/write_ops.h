// Translation of GraphService write requests into storage::WriteOp values,
// with every field rule checked on the way (services/validation.h), so a
// translated op is one storage can apply without looking at field rules.
//
// `request_field` is the path of the request inside the RPC: "" for a
// top-level request, "operations[3].create_node." inside a BatchWrite; error
// fields are that prefix plus the field ("operations[3].create_node.node.claim.statement").
//
// Updates carry a `mutate` callback (storage runs it on the stored resource
// inside its transaction); it owns copies of the request fields it needs, so
// it stays valid after the RPC's request is gone.
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_SERVICES_WRITE_OPS_H_
#define EVIDENCEGRAPH_SERVICES_WRITE_OPS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "evidencegraph/v1/graph_service.pb.h"
#include "google/protobuf/message.h"
#include "storage/graph_store.h"

namespace evidencegraph::services {

absl::StatusOr<storage::WriteOp> TranslateCreateNode(const v1::CreateNodeRequest& request,
                                                     absl::string_view request_field);
absl::StatusOr<storage::WriteOp> TranslateUpdateNode(const v1::UpdateNodeRequest& request,
                                                     absl::string_view request_field);
absl::StatusOr<storage::WriteOp> TranslateDeleteNode(const v1::DeleteNodeRequest& request,
                                                     absl::string_view request_field);
absl::StatusOr<storage::WriteOp> TranslateCreateEdge(const v1::CreateEdgeRequest& request,
                                                     absl::string_view request_field);
absl::StatusOr<storage::WriteOp> TranslateUpdateEdge(const v1::UpdateEdgeRequest& request,
                                                     absl::string_view request_field);
absl::StatusOr<storage::WriteOp> TranslateDeleteEdge(const v1::DeleteEdgeRequest& request,
                                                     absl::string_view request_field);

// A whole BatchWrite: 1..max_operations operations (INVALID_ARGUMENT field
// "operations", reason BATCH_TOO_LARGE above the cap), each translated, and
// the batch's request_id with its fingerprint.
absl::StatusOr<storage::WriteRequest> TranslateBatchWrite(
    const v1::BatchWriteRequest& request, int max_operations);

// Wraps one op of the single-resource method `method` ("CreateNode") in a
// WriteRequest; `request_id` (validated, may be empty) keys idempotency and
// the fingerprint is method + deterministic bytes of `request`.
absl::StatusOr<storage::WriteRequest> SingleWrite(storage::WriteOp op,
                                                  absl::string_view method,
                                                  const google::protobuf::Message& request,
                                                  absl::string_view request_id);

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_WRITE_OPS_H_
