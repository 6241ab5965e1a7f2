// Every error code GraphService promises, as a client sees it: the canonical
// code, ErrorInfo.reason, the BadRequest field for INVALID_ARGUMENT and the
// ResourceInfo for NOT_FOUND / ALREADY_EXISTS.
#include <chrono>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "tests/integration/graph_fixtures.h"
#include "tests/integration/rpc_assertions.h"
#include "tests/integration/test_server.h"

namespace evidencegraph::testing {
namespace {

using grpc::StatusCode;

class ErrorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = TestServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = server_->GraphStub();
  }

  int CountNodes() {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::ListNodesRequest request;
    request.set_page_size(1000);
    v1::ListNodesResponse response;
    EXPECT_TRUE(stub_->ListNodes(&ctx, request, &response).ok());
    return response.nodes_size();
  }

  grpc::Status Update(const v1::UpdateNodeRequest& request) {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::Node out;
    return stub_->UpdateNode(&ctx, request, &out);
  }

  grpc::Status Batch(const v1::BatchWriteRequest& request) {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::BatchWriteResponse out;
    return stub_->BatchWrite(&ctx, request, &out);
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<v1::GraphService::Stub> stub_;
};

TEST_F(ErrorsTest, InvalidArgumentNamesTheFieldWithBadRequest) {
  v1::Node no_statement;
  no_statement.mutable_claim();
  EXPECT_TRUE(IsRpcError(CreateNode(*stub_, "c1", no_statement), StatusCode::INVALID_ARGUMENT,
                         "INVALID_FIELD", "node.claim.statement"));
  EXPECT_TRUE(IsRpcError(CreateNode(*stub_, "Bad_Id", ClaimNode("x")),
                         StatusCode::INVALID_ARGUMENT, "INVALID_FIELD", "node_id"));
  v1::Node no_payload;
  EXPECT_TRUE(IsRpcError(CreateNode(*stub_, "c2", no_payload), StatusCode::INVALID_ARGUMENT,
                         "INVALID_FIELD", "node.payload"));

  v1::Node bad;
  EXPECT_TRUE(IsRpcError(GetNode(*stub_, "claim/x", &bad), StatusCode::INVALID_ARGUMENT,
                         "INVALID_FIELD", "name"));

  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::ListNodesRequest list;
  list.set_page_size(-1);
  v1::ListNodesResponse page;
  EXPECT_TRUE(IsRpcError(stub_->ListNodes(&ctx, list, &page), StatusCode::INVALID_ARGUMENT,
                         "INVALID_FIELD", "page_size"));
  EXPECT_EQ(CountNodes(), 0);
}

TEST_F(ErrorsTest, EdgeRulesNameTheEndpointAndTheRule) {
  ASSERT_TRUE(CreateNode(*stub_, "c1", ClaimNode("claim")).ok());
  ASSERT_TRUE(CreateNode(*stub_, "e1", ExpertNode("An Expert")).ok());
  ASSERT_TRUE(CreateNode(*stub_, "k1", CritiqueNode("too small")).ok());
  EXPECT_TRUE(IsRpcError(CreateEdge(*stub_, MakeEdge("experts/e1", v1::EDGE_KIND_SUPPORTS,
                                                     "claims/c1")),
                         StatusCode::INVALID_ARGUMENT, "EDGE_ENDPOINT_KIND", "edge.source"));
  EXPECT_TRUE(IsRpcError(CreateEdge(*stub_, MakeEdge("critiques/k1", v1::EDGE_KIND_TARGETS,
                                                     "claims/c1", v1::ATTACK_TYPE_UNDERMINE)),
                         StatusCode::INVALID_ARGUMENT, "ATTACK_TYPE_MISMATCH",
                         "edge.attack_type"));
  EXPECT_TRUE(IsRpcError(
      CreateEdge(*stub_, MakeEdge("claims/c1", v1::EDGE_KIND_SPECIALISES, "claims/c1")),
      StatusCode::INVALID_ARGUMENT, "SELF_LOOP", "edge.target"));
}

TEST_F(ErrorsTest, UpdateMaskAndKindRules) {
  ASSERT_TRUE(CreateNode(*stub_, "c1", ClaimNode("claim")).ok());
  v1::UpdateNodeRequest request;
  request.mutable_node()->set_name("claims/c1");
  request.mutable_update_mask()->add_paths("create_time");
  EXPECT_TRUE(IsRpcError(Update(request), StatusCode::INVALID_ARGUMENT, "INVALID_FIELD",
                         "update_mask.paths[0]"));
  request.mutable_update_mask()->set_paths(0, "no_such_field");
  EXPECT_TRUE(IsRpcError(Update(request), StatusCode::INVALID_ARGUMENT, "INVALID_FIELD",
                         "update_mask.paths[0]"));
  request.clear_update_mask();
  *request.mutable_node()->mutable_study() = StudyNode("now a study").study();
  EXPECT_TRUE(IsRpcError(Update(request), StatusCode::INVALID_ARGUMENT, "KIND_MISMATCH",
                         "node.study"));
}

TEST_F(ErrorsTest, NotFoundNamesTheResource) {
  v1::Node node;
  grpc::Status status = GetNode(*stub_, "claims/missing", &node);
  EXPECT_TRUE(IsRpcError(status, StatusCode::NOT_FOUND));
  EXPECT_TRUE(NamesResource(status, "claims/missing"));

  v1::Edge edge;
  status = GetEdge(*stub_, "studies/s/edges/supports/claims/c", &edge);
  EXPECT_TRUE(IsRpcError(status, StatusCode::NOT_FOUND));
  EXPECT_TRUE(NamesResource(status, "studies/s/edges/supports/claims/c"));

  ASSERT_TRUE(CreateNode(*stub_, "c1", ClaimNode("claim")).ok());
  status = CreateEdge(*stub_, MakeEdge("studies/ghost", v1::EDGE_KIND_SUPPORTS, "claims/c1"));
  EXPECT_TRUE(IsRpcError(status, StatusCode::NOT_FOUND));
  EXPECT_TRUE(NamesResource(status, "studies/ghost"));

  v1::UpdateNodeRequest update;
  update.mutable_node()->set_name("claims/ghost");
  update.mutable_node()->set_display_title("x");
  update.mutable_update_mask()->add_paths("display_title");
  status = Update(update);
  EXPECT_TRUE(IsRpcError(status, StatusCode::NOT_FOUND));
  EXPECT_TRUE(NamesResource(status, "claims/ghost"));
}

TEST_F(ErrorsTest, AlreadyExistsForNodesAndEdgeTriples) {
  ASSERT_TRUE(CreateNode(*stub_, "c1", ClaimNode("claim")).ok());
  grpc::Status status = CreateNode(*stub_, "c1", ClaimNode("another claim"));
  EXPECT_TRUE(IsRpcError(status, StatusCode::ALREADY_EXISTS));
  EXPECT_TRUE(NamesResource(status, "claims/c1"));

  ASSERT_TRUE(CreateNode(*stub_, "s1", StudyNode("study")).ok());
  const v1::Edge edge = MakeEdge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1");
  ASSERT_TRUE(CreateEdge(*stub_, edge).ok());
  status = CreateEdge(*stub_, edge);
  EXPECT_TRUE(IsRpcError(status, StatusCode::ALREADY_EXISTS));
  EXPECT_TRUE(NamesResource(status, "studies/s1/edges/supports/claims/c1"));
}

TEST_F(ErrorsTest, FailedPreconditionForDeletingANodeWithEdges) {
  ASSERT_TRUE(CreateNode(*stub_, "c1", ClaimNode("claim")).ok());
  ASSERT_TRUE(CreateNode(*stub_, "s1", StudyNode("study")).ok());
  ASSERT_TRUE(
      CreateEdge(*stub_, MakeEdge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1")).ok());
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::DeleteNodeRequest request;
  request.set_name("claims/c1");
  google::protobuf::Empty empty;
  grpc::Status status = stub_->DeleteNode(&ctx, request, &empty);
  EXPECT_TRUE(IsRpcError(status, StatusCode::FAILED_PRECONDITION));
  EXPECT_NE(status.error_message().find("claims/c1"), std::string::npos) << status.error_message();
}

TEST_F(ErrorsTest, AbortedOnAStaleEtag) {
  v1::Node created;
  ASSERT_TRUE(CreateNode(*stub_, "c1", ClaimNode("v1"), &created).ok());
  v1::UpdateNodeRequest first;
  first.mutable_node()->set_name("claims/c1");
  first.mutable_node()->set_etag(created.etag());
  first.mutable_node()->mutable_claim()->set_statement("v2");
  first.mutable_update_mask()->add_paths("claim.statement");
  ASSERT_TRUE(Update(first).ok());
  // The same etag again is now stale.
  first.mutable_node()->mutable_claim()->set_statement("v3");
  EXPECT_TRUE(IsRpcError(Update(first), StatusCode::ABORTED));

  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::DeleteNodeRequest del;
  del.set_name("claims/c1");
  del.set_etag(created.etag());
  google::protobuf::Empty empty;
  EXPECT_TRUE(IsRpcError(stub_->DeleteNode(&ctx, del, &empty), StatusCode::ABORTED));
  v1::Node now;
  ASSERT_TRUE(GetNode(*stub_, "claims/c1", &now).ok());
  EXPECT_EQ(now.claim().statement(), "v2");
}

TEST_F(ErrorsTest, BatchOverTheCapIsInvalidArgumentNamingTheCap) {
  v1::BatchWriteRequest batch;
  for (int i = 0; i < 1001; ++i) {  // the default cap is 1000
    auto* create = batch.add_operations()->mutable_create_node();
    create->set_node_id("c" + std::to_string(i));
    *create->mutable_node() = ClaimNode("claim");
  }
  grpc::Status status = Batch(batch);
  EXPECT_TRUE(IsRpcError(status, StatusCode::INVALID_ARGUMENT, "BATCH_TOO_LARGE", "operations"));
  EXPECT_NE(status.error_message().find("1000"), std::string::npos) << status.error_message();
  EXPECT_EQ(CountNodes(), 0);

  v1::BatchWriteRequest empty;
  EXPECT_TRUE(IsRpcError(Batch(empty), StatusCode::INVALID_ARGUMENT, "INVALID_FIELD",
                         "operations"));
}

TEST_F(ErrorsTest, BatchWhoseLastOpIsInvalidWritesNothing) {
  v1::BatchWriteRequest batch;
  for (int i = 0; i < 3; ++i) {
    auto* create = batch.add_operations()->mutable_create_node();
    create->set_node_id("c" + std::to_string(i));
    *create->mutable_node() = ClaimNode("claim");
  }
  // Invalid by field rules: a claim cannot SUPPORT a claim.
  *batch.add_operations()->mutable_create_edge()->mutable_edge() =
      MakeEdge("claims/c0", v1::EDGE_KIND_SUPPORTS, "claims/c1");
  EXPECT_TRUE(IsRpcError(Batch(batch), StatusCode::INVALID_ARGUMENT, "EDGE_ENDPOINT_KIND",
                         "operations[3].create_edge.edge.source"));
  EXPECT_EQ(CountNodes(), 0);

  // Invalid only against the stored graph: the study does not exist.
  *batch.mutable_operations(3)->mutable_create_edge()->mutable_edge() =
      MakeEdge("studies/ghost", v1::EDGE_KIND_SUPPORTS, "claims/c1");
  grpc::Status status = Batch(batch);
  EXPECT_TRUE(IsRpcError(status, StatusCode::NOT_FOUND));
  EXPECT_NE(status.error_message().find("studies/ghost"), std::string::npos);
  EXPECT_EQ(CountNodes(), 0);
}

// 20 creates and nothing else: the server writes them without a
// transaction (storage/create_batch.h); errors and atomicity are the same.
TEST_F(ErrorsTest, LargeCreateOnlyBatchFailsAtomicallyNamingTheOp) {
  v1::BatchWriteRequest batch;
  for (int i = 0; i < 10; ++i) {
    auto* create = batch.add_operations()->mutable_create_node();
    create->set_node_id("s" + std::to_string(i));
    *create->mutable_node() = StudyNode("study");
    auto* claim = batch.add_operations()->mutable_create_node();
    claim->set_node_id("c" + std::to_string(i));
    *claim->mutable_node() = ClaimNode("claim");
  }
  for (int i = 0; i < 10; ++i) {
    *batch.add_operations()->mutable_create_edge()->mutable_edge() = MakeEdge(
        "studies/s" + std::to_string(i), v1::EDGE_KIND_SUPPORTS, "claims/c" + std::to_string(i));
  }
  v1::BatchWriteRequest missing = batch;
  *missing.mutable_operations(27)->mutable_create_edge()->mutable_edge() =
      MakeEdge("studies/s7", v1::EDGE_KIND_SUPPORTS, "claims/ghost");
  grpc::Status status = Batch(missing);
  EXPECT_TRUE(IsRpcError(status, StatusCode::NOT_FOUND));
  EXPECT_TRUE(NamesResource(status, "claims/ghost"));
  EXPECT_EQ(status.error_message().rfind("operations[27]: ", 0), 0u) << status.error_message();
  EXPECT_EQ(CountNodes(), 0);

  ASSERT_TRUE(Batch(batch).ok());
  EXPECT_EQ(CountNodes(), 20);
  status = Batch(batch);
  EXPECT_TRUE(IsRpcError(status, StatusCode::ALREADY_EXISTS));
  EXPECT_TRUE(NamesResource(status, "studies/s0"));
  EXPECT_EQ(status.error_message().rfind("operations[0]: ", 0), 0u) << status.error_message();
  EXPECT_EQ(CountNodes(), 20);
}

TEST_F(ErrorsTest, DeadlineExceededOnAnExpiredDeadline) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() - std::chrono::seconds(1));
  v1::ListNodesResponse response;
  EXPECT_EQ(stub_->ListNodes(&ctx, v1::ListNodesRequest(), &response).error_code(),
            StatusCode::DEADLINE_EXCEEDED);
}

}  // namespace
}  // namespace evidencegraph::testing
