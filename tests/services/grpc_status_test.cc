// Specification of services/grpc_status.h: one absl::Status -> grpc::Status
// mapping with google.rpc details, and no internal text on the wire.
#include "services/grpc_status.h"

#include <grpcpp/support/error_details.h>

#include "common/errors.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace evidencegraph::services {
namespace {

struct Details {
  google::rpc::Status status;
  std::optional<google::rpc::ErrorInfo> info;
  std::optional<google::rpc::BadRequest> bad_request;
  std::optional<google::rpc::ResourceInfo> resource;
};

Details Decode(const grpc::Status& status) {
  Details d;
  EXPECT_TRUE(grpc::ExtractErrorDetails(status, &d.status).ok());
  for (const google::protobuf::Any& any : d.status.details()) {
    if (any.Is<google::rpc::ErrorInfo>()) {
      d.info.emplace();
      any.UnpackTo(&*d.info);
    } else if (any.Is<google::rpc::BadRequest>()) {
      d.bad_request.emplace();
      any.UnpackTo(&*d.bad_request);
    } else if (any.Is<google::rpc::ResourceInfo>()) {
      d.resource.emplace();
      any.UnpackTo(&*d.resource);
    }
  }
  return d;
}

TEST(ToGrpcStatusTest, OkHasNoDetails) {
  grpc::Status s = ToGrpcStatus(absl::OkStatus(), "r1");
  EXPECT_TRUE(s.ok());
  EXPECT_TRUE(s.error_details().empty());
}

TEST(ToGrpcStatusTest, InvalidFieldCarriesErrorInfoAndBadRequest) {
  grpc::Status s = ToGrpcStatus(InvalidField("node.claim.statement", "is required"), "req-7");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "invalid node.claim.statement: is required");
  Details d = Decode(s);
  EXPECT_EQ(d.status.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(d.status.message(), s.error_message());
  ASSERT_TRUE(d.info.has_value());
  EXPECT_EQ(d.info->reason(), "INVALID_FIELD");
  EXPECT_EQ(d.info->domain(), "evidencegraph.v1");
  EXPECT_EQ(d.info->metadata().at("request_id"), "req-7");
  EXPECT_EQ(d.info->metadata().at("field"), "node.claim.statement");
  ASSERT_TRUE(d.bad_request.has_value());
  ASSERT_EQ(d.bad_request->field_violations_size(), 1);
  EXPECT_EQ(d.bad_request->field_violations(0).field(), "node.claim.statement");
  EXPECT_EQ(d.bad_request->field_violations(0).description(), s.error_message());
  EXPECT_FALSE(d.resource.has_value());
}

TEST(ToGrpcStatusTest, NotFoundCarriesResourceInfo) {
  Details d = Decode(ToGrpcStatus(NotFound("claims/missing", "node"), "r"));
  ASSERT_TRUE(d.resource.has_value());
  EXPECT_EQ(d.resource->resource_name(), "claims/missing");
  EXPECT_EQ(d.resource->resource_type(), "evidencegraph.v1.Node");
  EXPECT_EQ(d.info->reason(), "NOT_FOUND");
  EXPECT_FALSE(d.bad_request.has_value());
}

TEST(ToGrpcStatusTest, EdgeResourcesAreTypedAsEdges) {
  Details d = Decode(ToGrpcStatus(
      AlreadyExists("studies/a/edges/supports/claims/b", "edge"), "r"));
  ASSERT_TRUE(d.resource.has_value());
  EXPECT_EQ(d.resource->resource_type(), "evidencegraph.v1.Edge");
}

TEST(ToGrpcStatusTest, CodeWithoutReasonGetsTheCodeNameAsReason) {
  grpc::Status s = ToGrpcStatus(absl::AbortedError("etag mismatch"), "r");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Decode(s).info->reason(), "ABORTED");
}

TEST(ToGrpcStatusTest, EveryCanonicalCodeKeepsItsNumber) {
  for (int code = 1; code <= 16; ++code) {
    const auto absl_code = static_cast<absl::StatusCode>(code);
    if (absl_code == absl::StatusCode::kUnknown || absl_code == absl::StatusCode::kDataLoss) {
      continue;  // folded into INTERNAL (below)
    }
    grpc::Status s = ToGrpcStatus(absl::Status(absl_code, "x"), "r");
    EXPECT_EQ(static_cast<int>(s.error_code()), code) << StatusCodeName(absl_code);
  }
}

TEST(ToGrpcStatusTest, InternalErrorsAreLoggedNotLeaked) {
  for (absl::StatusCode code : {absl::StatusCode::kInternal, absl::StatusCode::kUnknown,
                                absl::StatusCode::kDataLoss}) {
    absl::Status storage_error =
        MakeError(code, "STORAGE_ERROR", "IO error: /var/data/000123.sst: No space left");
    grpc::Status s = ToGrpcStatus(storage_error, "abc123");
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INTERNAL);
    EXPECT_EQ(s.error_message(), "internal error (request id abc123)");
    EXPECT_EQ(s.error_details().find("No space"), std::string::npos);
    EXPECT_EQ(s.error_details().find("STORAGE_ERROR"), std::string::npos);
    Details d = Decode(s);
    EXPECT_EQ(d.info->reason(), "INTERNAL");
    EXPECT_EQ(d.info->metadata().at("request_id"), "abc123");
    EXPECT_FALSE(d.bad_request.has_value());
    EXPECT_FALSE(d.resource.has_value());
  }
}

TEST(ToGrpcStatusTest, CustomReasonsPassThrough) {
  absl::Status s = MakeError(absl::StatusCode::kResourceExhausted, "SERVER_OVERLOADED", "busy");
  EXPECT_EQ(Decode(ToGrpcStatus(s, "r")).info->reason(), "SERVER_OVERLOADED");
}

}  // namespace
}  // namespace evidencegraph::services
