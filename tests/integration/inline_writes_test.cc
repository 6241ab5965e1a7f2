// Creates and updates are first tried on gRPC's thread and go to the worker
// pool only when they would wait (services/graph_service_writes.cc). A fresh
// server answers from memory (inline); after a restart the records are in
// table files the new block cache may not hold yet, so calls can decline and
// run on the pool (tests/storage/no_wait_write_test.cc proves the decline
// itself). Either way the results, errors and replays must be the same.
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "tests/integration/graph_fixtures.h"
#include "tests/integration/rpc_assertions.h"
#include "tests/integration/server_test.h"
#include "tests/integration/test_server.h"

namespace evidencegraph::testing {
namespace {

class InlineWritesTest : public ServerTest {
 protected:
  // Every answer, inline or pooled, carries its x-request-id.
  grpc::Status Create(const v1::CreateNodeRequest& request, v1::Node* out) {
    std::string request_id;
    grpc::Status status = ServerTest::Create(request, out, &request_id);
    EXPECT_FALSE(request_id.empty());
    return status;
  }

  grpc::Status SetStatement(const std::string& name, const std::string& etag,
                            const std::string& statement, v1::Node* out) {
    auto stub = server_->GraphStub();
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::UpdateNodeRequest request;
    request.mutable_node()->set_name(name);
    request.mutable_node()->set_etag(etag);
    request.mutable_node()->mutable_claim()->set_statement(statement);
    request.mutable_update_mask()->add_paths("claim.statement");
    return stub->UpdateNode(&ctx, request, out);
  }

  v1::Node Read(const std::string& name) {
    auto stub = server_->GraphStub();
    v1::Node node;
    EXPECT_TRUE(GetNode(*stub, name, &node).ok());
    return node;
  }
};

// Runs the same checks warm (inline) and after a restart (cold files).
TEST_F(InlineWritesTest, UpdatesGiveTheSameResultsAndErrorsOnBothPaths) {
  v1::CreateNodeRequest create;
  create.set_node_id("c1");
  *create.mutable_node() = ClaimNode("Massage reduces soreness");
  v1::Node created;
  ASSERT_TRUE(Create(create, &created).ok());
  EXPECT_EQ(Read("claims/c1").SerializeAsString(), created.SerializeAsString());

  std::string etag = created.etag();
  for (const bool restarted : {false, true}) {
    SCOPED_TRACE(restarted ? "after a restart" : "warm (inline)");
    if (restarted) {
      ASSERT_TRUE(server_->Restart().ok());
    }

    v1::Node updated;
    const std::string statement = restarted ? "Massage helps" : "Massage may help";
    ASSERT_TRUE(SetStatement("claims/c1", etag, statement, &updated).ok());
    EXPECT_EQ(updated.claim().statement(), statement);
    EXPECT_NE(updated.etag(), etag);
    EXPECT_EQ(updated.create_time().SerializeAsString(),
              created.create_time().SerializeAsString());
    EXPECT_EQ(Read("claims/c1").SerializeAsString(), updated.SerializeAsString());

    v1::Node unused;
    EXPECT_TRUE(IsRpcError(SetStatement("claims/c1", etag, "stale", &unused),
                           grpc::StatusCode::ABORTED, "ETAG_MISMATCH"));
    EXPECT_TRUE(IsRpcError(SetStatement("claims/missing", "", "x", &unused),
                           grpc::StatusCode::NOT_FOUND));
    EXPECT_TRUE(IsRpcError(Create(create, &unused), grpc::StatusCode::ALREADY_EXISTS));
    v1::CreateNodeRequest empty;
    EXPECT_TRUE(IsRpcError(Create(empty, &unused), grpc::StatusCode::INVALID_ARGUMENT));
    EXPECT_EQ(Read("claims/c1").SerializeAsString(), updated.SerializeAsString());
    etag = updated.etag();
  }
}

TEST_F(InlineWritesTest, RequestIdsReplayOnBothPaths) {
  v1::CreateNodeRequest request;
  request.set_node_id("c2");
  *request.mutable_node() = ClaimNode("Heat helps");
  request.set_request_id("inline-create-1");
  v1::Node first;
  ASSERT_TRUE(Create(request, &first).ok());

  v1::Node warm_retry;
  ASSERT_TRUE(Create(request, &warm_retry).ok());
  EXPECT_EQ(warm_retry.SerializeAsString(), first.SerializeAsString());

  ASSERT_TRUE(server_->Restart().ok());
  v1::Node cold_retry;
  ASSERT_TRUE(Create(request, &cold_retry).ok());
  EXPECT_EQ(cold_retry.SerializeAsString(), first.SerializeAsString());

  request.mutable_node()->mutable_claim()->set_statement("Cold helps");
  v1::Node unused;
  EXPECT_TRUE(IsRpcError(Create(request, &unused), grpc::StatusCode::INVALID_ARGUMENT, "",
                         "request_id"));
  EXPECT_EQ(Read("claims/c2").SerializeAsString(), first.SerializeAsString());
}

TEST_F(InlineWritesTest, CreateEdgeChecksEndpointsOnBothPaths) {
  auto stub = server_->GraphStub();
  ASSERT_TRUE(CreateNode(*stub, "c3", ClaimNode("Ice helps")).ok());
  ASSERT_TRUE(CreateNode(*stub, "s3", StudyNode("Ice trial")).ok());
  ASSERT_TRUE(server_->Restart().ok());
  stub = server_->GraphStub();
  EXPECT_TRUE(IsRpcError(CreateEdge(*stub, MakeEdge("studies/s3", v1::EDGE_KIND_SUPPORTS,
                                                    "claims/missing")),
                         grpc::StatusCode::NOT_FOUND));
  v1::Edge edge;
  ASSERT_TRUE(
      CreateEdge(*stub, MakeEdge("studies/s3", v1::EDGE_KIND_SUPPORTS, "claims/c3"), &edge).ok());
  v1::Edge stored;
  ASSERT_TRUE(GetEdge(*stub, edge.name(), &stored).ok());
  EXPECT_EQ(stored.SerializeAsString(), edge.SerializeAsString());
  EXPECT_TRUE(IsRpcError(CreateEdge(*stub, MakeEdge("studies/s3", v1::EDGE_KIND_SUPPORTS,
                                                    "claims/c3")),
                         grpc::StatusCode::ALREADY_EXISTS));
}

}  // namespace
}  // namespace evidencegraph::testing
