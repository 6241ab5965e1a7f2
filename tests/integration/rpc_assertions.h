// Assertions on what a gRPC client receives from the server: the status code
// and the google.rpc details in the grpc-status-details-bin trailer
// (ErrorInfo.reason, BadRequest field, ResourceInfo name).
//
//   EXPECT_TRUE(IsRpcError(status, grpc::StatusCode::INVALID_ARGUMENT,
//                          "INVALID_FIELD", "node.claim.statement"));
//   EXPECT_TRUE(NamesResource(status, "claims/missing"));
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_TESTS_INTEGRATION_RPC_ASSERTIONS_H_
#define EVIDENCEGRAPH_TESTS_INTEGRATION_RPC_ASSERTIONS_H_

#include <grpcpp/grpcpp.h>

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace evidencegraph::testing {

// The decoded grpc-status-details-bin of a status.
struct RpcError {
  grpc::StatusCode code = grpc::StatusCode::OK;
  std::string message;
  bool has_details = false;  // a google.rpc.Status was attached
  std::optional<google::rpc::ErrorInfo> info;
  std::optional<google::rpc::BadRequest> bad_request;
  std::optional<google::rpc::ResourceInfo> resource;
};

RpcError DecodeRpcError(const grpc::Status& status);

// Passes when `status` has `code`, an ErrorInfo (domain evidencegraph.v1)
// whose reason is `reason` (if non-empty), and, if `field` is non-empty, a
// BadRequest violation naming exactly `field`.
::testing::AssertionResult IsRpcError(const grpc::Status& status, grpc::StatusCode code,
                                      absl::string_view reason = "",
                                      absl::string_view field = "");

// Passes when `status` carries a ResourceInfo naming `resource`, and the
// message names it too.
::testing::AssertionResult NamesResource(const grpc::Status& status,
                                         absl::string_view resource);

// The value of trailing metadata `key` ("" if absent).
std::string Trailer(const grpc::ClientContext& ctx, absl::string_view key);

}  // namespace evidencegraph::testing

#endif  // EVIDENCEGRAPH_TESTS_INTEGRATION_RPC_ASSERTIONS_H_
