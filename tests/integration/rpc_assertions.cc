#include "tests/integration/rpc_assertions.h"

#include <grpcpp/support/error_details.h>

#include "absl/strings/match.h"
#include "google/rpc/status.pb.h"

namespace evidencegraph::testing {

RpcError DecodeRpcError(const grpc::Status& status) {
  RpcError out;
  out.code = status.error_code();
  out.message = status.error_message();
  google::rpc::Status details;
  if (status.error_details().empty() || !grpc::ExtractErrorDetails(status, &details).ok()) {
    return out;
  }
  out.has_details = true;
  for (const google::protobuf::Any& any : details.details()) {
    if (any.Is<google::rpc::ErrorInfo>()) {
      out.info.emplace();
      any.UnpackTo(&*out.info);
    } else if (any.Is<google::rpc::BadRequest>()) {
      out.bad_request.emplace();
      any.UnpackTo(&*out.bad_request);
    } else if (any.Is<google::rpc::ResourceInfo>()) {
      out.resource.emplace();
      any.UnpackTo(&*out.resource);
    }
  }
  return out;
}

::testing::AssertionResult IsRpcError(const grpc::Status& status, grpc::StatusCode code,
                                      absl::string_view reason, absl::string_view field) {
  const RpcError e = DecodeRpcError(status);
  if (e.code != code) {
    return ::testing::AssertionFailure() << "code " << e.code << ", want " << code << " ("
                                         << e.message << ")";
  }
  if (!e.info.has_value()) {
    return ::testing::AssertionFailure() << "no google.rpc.ErrorInfo detail (" << e.message
                                         << ")";
  }
  if (e.info->domain() != "evidencegraph.v1") {
    return ::testing::AssertionFailure() << "ErrorInfo.domain " << e.info->domain();
  }
  if (!reason.empty() && e.info->reason() != reason) {
    return ::testing::AssertionFailure() << "reason " << e.info->reason() << ", want " << reason
                                         << " (" << e.message << ")";
  }
  if (!field.empty()) {
    if (!e.bad_request.has_value() || e.bad_request->field_violations_size() == 0) {
      return ::testing::AssertionFailure() << "no google.rpc.BadRequest detail (" << e.message
                                           << ")";
    }
    const std::string& got = e.bad_request->field_violations(0).field();
    if (got != field) {
      return ::testing::AssertionFailure() << "BadRequest field " << got << ", want " << field
                                           << " (" << e.message << ")";
    }
    if (!absl::StrContains(e.message, field)) {
      return ::testing::AssertionFailure() << "message does not name " << field << ": "
                                           << e.message;
    }
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult NamesResource(const grpc::Status& status,
                                         absl::string_view resource) {
  const RpcError e = DecodeRpcError(status);
  if (!e.resource.has_value()) {
    return ::testing::AssertionFailure() << "no google.rpc.ResourceInfo detail (" << e.message
                                         << ")";
  }
  if (e.resource->resource_name() != resource) {
    return ::testing::AssertionFailure() << "ResourceInfo names " << e.resource->resource_name()
                                         << ", want " << resource;
  }
  if (!absl::StrContains(e.message, resource)) {
    return ::testing::AssertionFailure() << "message does not name " << resource << ": "
                                         << e.message;
  }
  return ::testing::AssertionSuccess();
}

std::string Trailer(const grpc::ClientContext& ctx, absl::string_view key) {
  const auto& trailers = ctx.GetServerTrailingMetadata();
  for (const auto& [k, v] : trailers) {
    if (absl::string_view(k.data(), k.size()) == key) return std::string(v.data(), v.size());
  }
  return "";
}

}  // namespace evidencegraph::testing
