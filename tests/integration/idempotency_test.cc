// AIP-155 request ids: a retry with the same request_id and the same request
// returns the first result (also after a restart); the same id with another
// request is INVALID_ARGUMENT.
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "tests/integration/graph_fixtures.h"
#include "tests/integration/rpc_assertions.h"
#include "tests/integration/server_test.h"
#include "tests/integration/test_server.h"

namespace evidencegraph::testing {
namespace {

class IdempotencyTest : public ServerTest {
 protected:
  int CountNodes() {
    auto stub = server_->GraphStub();
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::ListNodesResponse response;
    EXPECT_TRUE(stub->ListNodes(&ctx, v1::ListNodesRequest(), &response).ok());
    return response.nodes_size();
  }
};

TEST_F(IdempotencyTest, RetryReturnsTheFirstResultEvenWithAGeneratedId) {
  v1::CreateNodeRequest request;
  *request.mutable_node() = ClaimNode("Massage helps runners heal faster");
  request.set_request_id("create-claim-1");
  v1::Node first, retry;
  ASSERT_TRUE(Create(request, &first).ok());
  ASSERT_TRUE(Create(request, &retry).ok());
  EXPECT_EQ(retry.name(), first.name());
  EXPECT_EQ(retry.etag(), first.etag());
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(CountNodes(), 1);
}

TEST_F(IdempotencyTest, RetryAfterRestartReturnsTheFirstResult) {
  v1::CreateNodeRequest request;
  *request.mutable_node() = StudyNode("Crane 2012");
  request.set_request_id("create-study-1");
  v1::Node first;
  ASSERT_TRUE(Create(request, &first).ok());

  ASSERT_TRUE(server_->Restart().ok());

  v1::Node retry;
  ASSERT_TRUE(Create(request, &retry).ok());
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(CountNodes(), 1);
}

TEST_F(IdempotencyTest, SameIdWithADifferentRequestIsInvalid) {
  v1::CreateNodeRequest request;
  request.set_node_id("c1");
  *request.mutable_node() = ClaimNode("one");
  request.set_request_id("shared-key");
  v1::Node out;
  ASSERT_TRUE(Create(request, &out).ok());
  request.mutable_node()->mutable_claim()->set_statement("two");
  EXPECT_TRUE(IsRpcError(Create(request, &out), grpc::StatusCode::INVALID_ARGUMENT, "",
                         "request_id"));
}

TEST_F(IdempotencyTest, EdgeAndBatchRetriesReturnTheFirstResult) {
  auto stub = server_->GraphStub();
  ASSERT_TRUE(CreateNode(*stub, "c1", ClaimNode("claim")).ok());
  ASSERT_TRUE(CreateNode(*stub, "s1", StudyNode("study")).ok());

  v1::CreateEdgeRequest edge_request;
  *edge_request.mutable_edge() = MakeEdge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1");
  edge_request.set_request_id("edge-1");
  v1::Edge first_edge, retry_edge;
  for (v1::Edge* out : {&first_edge, &retry_edge}) {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    grpc::Status status = stub->CreateEdge(&ctx, edge_request, out);
    ASSERT_TRUE(status.ok()) << status.error_message();  // no ALREADY_EXISTS on retry
  }
  EXPECT_EQ(retry_edge.SerializeAsString(), first_edge.SerializeAsString());

  v1::BatchWriteRequest batch;
  batch.set_request_id("batch-1");
  auto* create = batch.add_operations()->mutable_create_node();
  *create->mutable_node() = ClaimNode("generated id in a batch");
  v1::BatchWriteResponse first_batch, retry_batch;
  for (v1::BatchWriteResponse* out : {&first_batch, &retry_batch}) {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    ASSERT_TRUE(stub->BatchWrite(&ctx, batch, out).ok());
  }
  EXPECT_EQ(retry_batch.SerializeAsString(), first_batch.SerializeAsString());
  EXPECT_EQ(CountNodes(), 3);
}

}  // namespace
}  // namespace evidencegraph::testing
