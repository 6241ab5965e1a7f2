// The one mapping from the service's absl::Status to what a gRPC client sees.
//
// Contract
//   - The grpc::Status keeps the canonical code (absl and gRPC codes share
//     numbers) and carries a google.rpc.Status in the `grpc-status-details-bin`
//     trailer with, in order:
//       google.rpc.ErrorInfo    always: reason = ErrorReason(status) or the
//                               code's name (e.g. "NOT_FOUND"), domain
//                               "evidencegraph.v1", metadata request_id
//                               (+ field / resource when known);
//       google.rpc.BadRequest   when ErrorField(status) is set: one field
//                               violation {field, description = message};
//       google.rpc.ResourceInfo when ErrorResource(status) is set.
//   - INTERNAL, UNKNOWN and DATA_LOSS are bugs or storage failures: the full
//     message is logged with the request id (EG_LOG(ERROR)) and the client
//     gets "internal error (request id ...)" and reason "INTERNAL" only, so
//     storage text never leaks.
//   - OK maps to grpc::Status::OK without details.
// Thread-safety: stateless functions; safe from any thread.
#ifndef EVIDENCEGRAPH_SERVICES_GRPC_STATUS_H_
#define EVIDENCEGRAPH_SERVICES_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace evidencegraph::services {

// The ErrorInfo domain of every error this service returns.
inline constexpr char kErrorDomain[] = "evidencegraph.v1";

// Maps `status` to the grpc::Status sent to the client (see the contract).
// `request_id` is the call's tracing id (x-request-id), quoted in logs and
// in ErrorInfo.metadata["request_id"].
grpc::Status ToGrpcStatus(const absl::Status& status, absl::string_view request_id);

// The UPPER_SNAKE name of a code ("INVALID_ARGUMENT"), the default reason.
absl::string_view StatusCodeName(absl::StatusCode code);

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_GRPC_STATUS_H_
