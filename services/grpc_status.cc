#include "services/grpc_status.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/log.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include <grpcpp/support/error_details.h>

namespace evidencegraph::services {
namespace {

// Codes whose message may carry storage or programming detail: never sent.
bool IsInternalCode(absl::StatusCode code) {
  return code == absl::StatusCode::kInternal ||
         code == absl::StatusCode::kUnknown ||
         code == absl::StatusCode::kDataLoss;
}

// "claims/x" -> "evidencegraph.v1.Node"; edge names -> "evidencegraph.v1.Edge".
std::string ResourceTypeOf(absl::string_view name) {
  if (name.find("/edges/") != absl::string_view::npos) return "evidencegraph.v1.Edge";
  if (name.find('/') != absl::string_view::npos) return "evidencegraph.v1.Node";
  return "";
}

}  // namespace

absl::string_view StatusCodeName(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk: return "OK";
    case absl::StatusCode::kCancelled: return "CANCELLED";
    case absl::StatusCode::kUnknown: return "UNKNOWN";
    case absl::StatusCode::kInvalidArgument: return "INVALID_ARGUMENT";
    case absl::StatusCode::kDeadlineExceeded: return "DEADLINE_EXCEEDED";
    case absl::StatusCode::kNotFound: return "NOT_FOUND";
    case absl::StatusCode::kAlreadyExists: return "ALREADY_EXISTS";
    case absl::StatusCode::kPermissionDenied: return "PERMISSION_DENIED";
    case absl::StatusCode::kResourceExhausted: return "RESOURCE_EXHAUSTED";
    case absl::StatusCode::kFailedPrecondition: return "FAILED_PRECONDITION";
    case absl::StatusCode::kAborted: return "ABORTED";
    case absl::StatusCode::kOutOfRange: return "OUT_OF_RANGE";
    case absl::StatusCode::kUnimplemented: return "UNIMPLEMENTED";
    case absl::StatusCode::kInternal: return "INTERNAL";
    case absl::StatusCode::kUnavailable: return "UNAVAILABLE";
    case absl::StatusCode::kDataLoss: return "DATA_LOSS";
    case absl::StatusCode::kUnauthenticated: return "UNAUTHENTICATED";
    default: break;
  }
  return "UNKNOWN";
}

grpc::Status ToGrpcStatus(const absl::Status& status, absl::string_view request_id) {
  if (status.ok()) return grpc::Status::OK;

  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(status.code()));
  google::rpc::ErrorInfo info;
  info.set_domain(kErrorDomain);
  (*info.mutable_metadata())["request_id"] = std::string(request_id);

  if (IsInternalCode(status.code())) {
    // Logged in full here, once, so operators can find it by request id.
    EG_LOG(ERROR) << "request " << request_id << " failed: " << status.ToString();
    rpc_status.set_code(static_cast<int>(absl::StatusCode::kInternal));
    rpc_status.set_message(absl::StrCat("internal error (request id ", request_id, ")"));
    info.set_reason("INTERNAL");
    rpc_status.add_details()->PackFrom(info);
  } else {
    rpc_status.set_message(std::string(status.message()));
    const std::optional<std::string> reason = ErrorReason(status);
    const std::optional<std::string> field = ErrorField(status);
    const std::optional<std::string> resource = ErrorResource(status);
    info.set_reason(reason.has_value() ? *reason : std::string(StatusCodeName(status.code())));
    if (field.has_value()) (*info.mutable_metadata())["field"] = *field;
    if (resource.has_value()) (*info.mutable_metadata())["resource"] = *resource;
    rpc_status.add_details()->PackFrom(info);
    if (field.has_value()) {
      google::rpc::BadRequest bad_request;
      google::rpc::BadRequest::FieldViolation* violation =
          bad_request.add_field_violations();
      violation->set_field(*field);
      violation->set_description(std::string(status.message()));
      rpc_status.add_details()->PackFrom(bad_request);
    }
    if (resource.has_value()) {
      google::rpc::ResourceInfo resource_info;
      resource_info.set_resource_type(ResourceTypeOf(*resource));
      resource_info.set_resource_name(*resource);
      resource_info.set_description(std::string(status.message()));
      rpc_status.add_details()->PackFrom(resource_info);
    }
  }

  grpc::Status out;
  grpc::SetErrorDetails(rpc_status, &out);
  return out;
}

}  // namespace evidencegraph::services
