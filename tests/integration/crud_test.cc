// GraphService standard methods against the real server: every method's
// success path, with what the API promises about names, output-only fields,
// masks, filters and deletes.
#include <memory>
#include <regex>
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

#include "gtest/gtest.h"
#include "tests/integration/graph_fixtures.h"
#include "tests/integration/rpc_assertions.h"
#include "tests/integration/test_server.h"

namespace evidencegraph::testing {
namespace {

class CrudTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = TestServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = server_->GraphStub();
  }

  // A small graph: claim c1, study s1 SUPPORTS c1, critique k1 UNDERCUTs that edge.
  void CreateSmallGraph() {
    ASSERT_TRUE(CreateNode(*stub_, "c1", ClaimNode("Massage reduces soreness")).ok());
    ASSERT_TRUE(CreateNode(*stub_, "s1", StudyNode("A trial of massage")).ok());
    ASSERT_TRUE(CreateNode(*stub_, "k1", CritiqueNode("Eleven men is too few")).ok());
    ASSERT_TRUE(
        CreateEdge(*stub_, MakeEdge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1")).ok());
    ASSERT_TRUE(CreateEdge(*stub_, MakeEdge("critiques/k1", v1::EDGE_KIND_TARGETS,
                                            kSupportsEdge, v1::ATTACK_TYPE_UNDERCUT))
                    .ok());
  }

  static constexpr char kSupportsEdge[] = "studies/s1/edges/supports/claims/c1";
  static constexpr char kUndercutEdge[] =
      "critiques/k1/edges/targets/studies/s1/edges/supports/claims/c1";

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<v1::GraphService::Stub> stub_;
};

TEST_F(CrudTest, CreateNodeWithIdSetsOutputOnlyFields) {
  v1::Node node = ClaimNode("Massage reduces inflammation");
  node.add_labels("running");
  v1::Node created;
  ASSERT_TRUE(CreateNode(*stub_, "massage-inflammation", node, &created).ok());
  EXPECT_EQ(created.name(), "claims/massage-inflammation");
  EXPECT_EQ(created.kind(), v1::NODE_KIND_CLAIM);
  EXPECT_FALSE(created.etag().empty());
  EXPECT_GT(created.create_time().seconds(), 0);
  EXPECT_EQ(created.claim().statement(), "Massage reduces inflammation");

  v1::Node fetched;
  ASSERT_TRUE(GetNode(*stub_, created.name(), &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), created.SerializeAsString());
}

TEST_F(CrudTest, CreateNodeWithoutIdGetsAGeneratedReadableName) {
  v1::Node created;
  ASSERT_TRUE(CreateNode(*stub_, "", StudyNode("Crane et al. 2012"), &created).ok());
  EXPECT_EQ(created.name().rfind("studies/crane-et-al-2012-", 0), 0u) << created.name();
  v1::Node fetched;
  EXPECT_TRUE(GetNode(*stub_, created.name(), &fetched).ok());
}

TEST_F(CrudTest, UpdateNodeChangesOnlyMaskedFieldsAndTheEtag) {
  v1::Node created;
  v1::Node node = ClaimNode("Old statement");
  node.mutable_claim()->set_context("Old context");
  ASSERT_TRUE(CreateNode(*stub_, "c1", node, &created).ok());

  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::UpdateNodeRequest request;
  request.mutable_node()->set_name("claims/c1");
  request.mutable_node()->set_etag(created.etag());
  request.mutable_node()->mutable_claim()->set_statement("New statement");
  request.mutable_node()->set_display_title("C1");
  request.mutable_update_mask()->add_paths("claim.statement");
  request.mutable_update_mask()->add_paths("display_title");
  v1::Node updated;
  ASSERT_TRUE(stub_->UpdateNode(&ctx, request, &updated).ok());
  EXPECT_EQ(updated.claim().statement(), "New statement");
  EXPECT_EQ(updated.claim().context(), "Old context");
  EXPECT_EQ(updated.display_title(), "C1");
  EXPECT_NE(updated.etag(), created.etag());
  EXPECT_EQ(updated.create_time().SerializeAsString(), created.create_time().SerializeAsString());
}

TEST_F(CrudTest, ListNodesPagesInNameOrderWithFilters) {
  for (int i = 0; i < 7; ++i) {
    v1::Node claim = ClaimNode("claim " + std::to_string(i));
    if (i % 2 == 0) claim.add_labels("even");
    ASSERT_TRUE(CreateNode(*stub_, "c" + std::to_string(i), claim).ok());
  }
  ASSERT_TRUE(CreateNode(*stub_, "s1", StudyNode("a study")).ok());

  std::vector<std::string> names;
  std::string token;
  int pages = 0;
  do {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::ListNodesRequest request;
    request.set_page_size(3);
    request.set_kind(v1::NODE_KIND_CLAIM);
    request.set_page_token(token);
    v1::ListNodesResponse response;
    ASSERT_TRUE(stub_->ListNodes(&ctx, request, &response).ok());
    EXPECT_LE(response.nodes_size(), 3);
    for (const v1::Node& n : response.nodes()) names.push_back(n.name());
    token = response.next_page_token();
    ASSERT_LT(++pages, 10);
  } while (!token.empty());
  ASSERT_EQ(names.size(), 7u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));

  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::ListNodesRequest by_label;
  by_label.set_label("even");
  v1::ListNodesResponse labelled;
  ASSERT_TRUE(stub_->ListNodes(&ctx, by_label, &labelled).ok());
  EXPECT_EQ(labelled.nodes_size(), 4);
  EXPECT_TRUE(labelled.next_page_token().empty());
}

TEST_F(CrudTest, EdgesGetListUpdateAndName) {
  CreateSmallGraph();
  v1::Edge edge;
  ASSERT_TRUE(GetEdge(*stub_, kSupportsEdge, &edge).ok());
  EXPECT_EQ(edge.name(), kSupportsEdge);
  EXPECT_EQ(edge.source(), "studies/s1");
  EXPECT_FALSE(edge.etag().empty());

  {  // Incoming edges of the SUPPORTS edge: the undercut.
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::ListEdgesRequest request;
    request.set_node(kSupportsEdge);
    request.set_direction(v1::EDGE_DIRECTION_INCOMING);
    v1::ListEdgesResponse response;
    ASSERT_TRUE(stub_->ListEdges(&ctx, request, &response).ok());
    ASSERT_EQ(response.edges_size(), 1);
    EXPECT_EQ(response.edges(0).name(), kUndercutEdge);
    EXPECT_EQ(response.edges(0).attack_type(), v1::ATTACK_TYPE_UNDERCUT);
  }
  {  // Outgoing SUPPORTS of the study; none of kind REFUTES.
    for (v1::EdgeKind kind : {v1::EDGE_KIND_SUPPORTS, v1::EDGE_KIND_REFUTES}) {
      grpc::ClientContext ctx;
      SetDeadline(ctx);
      v1::ListEdgesRequest request;
      request.set_node("studies/s1");
      request.set_direction(v1::EDGE_DIRECTION_OUTGOING);
      request.set_kind(kind);
      v1::ListEdgesResponse response;
      ASSERT_TRUE(stub_->ListEdges(&ctx, request, &response).ok());
      EXPECT_EQ(response.edges_size(), kind == v1::EDGE_KIND_SUPPORTS ? 1 : 0);
    }
  }
  {  // All edges of the graph.
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::ListEdgesResponse response;
    ASSERT_TRUE(stub_->ListEdges(&ctx, v1::ListEdgesRequest(), &response).ok());
    EXPECT_EQ(response.edges_size(), 2);
  }
  {  // UpdateEdge by triple, masked.
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::UpdateEdgeRequest request;
    *request.mutable_edge() = MakeEdge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1");
    request.mutable_edge()->set_weight(0.4);
    request.mutable_edge()->set_note("weak");
    request.mutable_update_mask()->add_paths("weight");
    v1::Edge updated;
    ASSERT_TRUE(stub_->UpdateEdge(&ctx, request, &updated).ok());
    EXPECT_DOUBLE_EQ(updated.weight(), 0.4);
    EXPECT_EQ(updated.note(), "");
    EXPECT_NE(updated.etag(), edge.etag());
  }
}

TEST_F(CrudTest, DeleteEdgeWithAndWithoutForce) {
  CreateSmallGraph();
  {  // The undercut targets the edge: plain delete refused.
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::DeleteEdgeRequest request;
    request.set_name(kSupportsEdge);
    google::protobuf::Empty empty;
    EXPECT_TRUE(IsRpcError(stub_->DeleteEdge(&ctx, request, &empty),
                           grpc::StatusCode::FAILED_PRECONDITION));
  }
  {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::DeleteEdgeRequest request;
    request.set_name(kSupportsEdge);
    request.set_force(true);
    google::protobuf::Empty empty;
    ASSERT_TRUE(stub_->DeleteEdge(&ctx, request, &empty).ok());
  }
  v1::Edge gone;
  EXPECT_EQ(GetEdge(*stub_, kSupportsEdge, &gone).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(GetEdge(*stub_, kUndercutEdge, &gone).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::Node kept;
  EXPECT_TRUE(GetNode(*stub_, "studies/s1", &kept).ok());
}

TEST_F(CrudTest, DeleteNodeWithAndWithoutForce) {
  CreateSmallGraph();
  {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::DeleteNodeRequest request;
    request.set_name("studies/s1");
    google::protobuf::Empty empty;
    grpc::Status status = stub_->DeleteNode(&ctx, request, &empty);
    EXPECT_TRUE(IsRpcError(status, grpc::StatusCode::FAILED_PRECONDITION)) << status.error_message();
  }
  v1::Node still;
  ASSERT_TRUE(GetNode(*stub_, "studies/s1", &still).ok());
  {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::DeleteNodeRequest request;
    request.set_name("studies/s1");
    request.set_etag(still.etag());
    request.set_force(true);
    google::protobuf::Empty empty;
    ASSERT_TRUE(stub_->DeleteNode(&ctx, request, &empty).ok());
  }
  v1::Node gone;
  EXPECT_EQ(GetNode(*stub_, "studies/s1", &gone).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::Edge edge;
  EXPECT_EQ(GetEdge(*stub_, kSupportsEdge, &edge).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(GetEdge(*stub_, kUndercutEdge, &edge).error_code(), grpc::StatusCode::NOT_FOUND);
  {  // A node without edges needs no force.
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::DeleteNodeRequest request;
    request.set_name("claims/c1");
    google::protobuf::Empty empty;
    EXPECT_TRUE(stub_->DeleteNode(&ctx, request, &empty).ok());
  }
}

TEST_F(CrudTest, BatchWriteAppliesOperationsInOrder) {
  v1::BatchWriteRequest batch;
  auto* c = batch.add_operations()->mutable_create_node();
  c->set_node_id("c1");
  *c->mutable_node() = ClaimNode("claim one");
  auto* s = batch.add_operations()->mutable_create_node();
  s->set_node_id("s1");
  *s->mutable_node() = StudyNode("study one");
  *batch.add_operations()->mutable_create_edge()->mutable_edge() =
      MakeEdge("studies/s1", v1::EDGE_KIND_REFUTES, "claims/c1");
  auto* u = batch.add_operations()->mutable_update_node();
  u->mutable_node()->set_name("claims/c1");
  u->mutable_node()->set_display_title("C1");
  u->mutable_update_mask()->add_paths("display_title");
  batch.add_operations()->mutable_delete_edge()->set_name(
      "studies/s1/edges/refutes/claims/c1");

  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::BatchWriteResponse response;
  ASSERT_TRUE(stub_->BatchWrite(&ctx, batch, &response).ok());
  ASSERT_EQ(response.results_size(), 5);
  EXPECT_EQ(response.results(0).node().name(), "claims/c1");
  EXPECT_EQ(response.results(2).edge().name(), "studies/s1/edges/refutes/claims/c1");
  EXPECT_EQ(response.results(3).node().display_title(), "C1");
  EXPECT_EQ(response.results(4).deleted(), "studies/s1/edges/refutes/claims/c1");

  v1::Node c1;
  ASSERT_TRUE(GetNode(*stub_, "claims/c1", &c1).ok());
  EXPECT_EQ(c1.display_title(), "C1");
}

// GetNode and GetEdge send the stored record's bytes: on the wire they are
// exactly what serialising the typed answer gives.
TEST_F(CrudTest, GetNodeAndGetEdgeSendTheSerialisedRecords) {
  CreateSmallGraph();
  const struct {
    const char* method;
    std::string name;
  } cases[] = {
      {"/evidencegraph.v1.GraphService/GetNode", "claims/c1"},
      {"/evidencegraph.v1.GraphService/GetNode", "critiques/k1"},
      {"/evidencegraph.v1.GraphService/GetEdge", kSupportsEdge},
      {"/evidencegraph.v1.GraphService/GetEdge", kUndercutEdge},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    v1::GetNodeRequest request;  // GetEdgeRequest has the same one field
    request.set_name(c.name);
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    RawReply raw = RawUnaryCall(*server_->channel(), c.method, request.SerializeAsString(), ctx);
    ASSERT_TRUE(raw.status.ok()) << raw.status.error_message();
    std::string typed;
    if (absl::EndsWith(c.method, "GetNode")) {
      v1::Node node;
      ASSERT_TRUE(GetNode(*stub_, c.name, &node).ok());
      EXPECT_EQ(node.name(), c.name);
      typed = node.SerializeAsString();
    } else {
      v1::Edge edge;
      ASSERT_TRUE(GetEdge(*stub_, c.name, &edge).ok());
      EXPECT_EQ(edge.name(), c.name);
      typed = edge.SerializeAsString();
    }
    EXPECT_EQ(raw.bytes, typed);
  }
}

TEST_F(CrudTest, GetNodeAndGetEdgeErrors) {
  CreateSmallGraph();
  v1::Node node;
  const grpc::Status missing = GetNode(*stub_, "claims/nope", &node);
  EXPECT_TRUE(IsRpcError(missing, grpc::StatusCode::NOT_FOUND, "NOT_FOUND"));
  EXPECT_TRUE(NamesResource(missing, "claims/nope"));
  EXPECT_TRUE(IsRpcError(GetNode(*stub_, "not a name", &node),
                         grpc::StatusCode::INVALID_ARGUMENT, "INVALID_FIELD", "name"));
  v1::Edge edge;
  const grpc::Status missing_edge = GetEdge(*stub_, "studies/s1/edges/refutes/claims/c1", &edge);
  EXPECT_TRUE(IsRpcError(missing_edge, grpc::StatusCode::NOT_FOUND, "NOT_FOUND"));
  EXPECT_TRUE(NamesResource(missing_edge, "studies/s1/edges/refutes/claims/c1"));
  EXPECT_TRUE(IsRpcError(GetEdge(*stub_, "claims/c1", &edge),
                         grpc::StatusCode::INVALID_ARGUMENT, "INVALID_FIELD", "name"));
  // Bytes that are no GetNodeRequest / GetEdgeRequest (a varint cut short),
  // still answered with the request id.
  for (const char* method :
       {"/evidencegraph.v1.GraphService/GetNode", "/evidencegraph.v1.GraphService/GetEdge"}) {
    SCOPED_TRACE(method);
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    ctx.AddMetadata("x-request-id", "bad-bytes");
    RawReply raw = RawUnaryCall(*server_->channel(), method, std::string("\x08\xff", 2), ctx);
    EXPECT_TRUE(
        IsRpcError(raw.status, grpc::StatusCode::INVALID_ARGUMENT, "MALFORMED_REQUEST"));
    EXPECT_EQ(Trailer(ctx, "x-request-id"), "bad-bytes");
  }
}

TEST_F(CrudTest, ResponsesCarryTheRequestIdTrailer) {
  {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    ctx.AddMetadata("x-request-id", "trace-42");
    v1::ListNodesResponse response;
    ASSERT_TRUE(stub_->ListNodes(&ctx, v1::ListNodesRequest(), &response).ok());
    EXPECT_EQ(Trailer(ctx, "x-request-id"), "trace-42");
  }
  {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::GetNodeRequest request;
    request.set_name("claims/nope");
    v1::Node node;
    grpc::Status status = stub_->GetNode(&ctx, request, &node);
    const std::string id = Trailer(ctx, "x-request-id");
    EXPECT_FALSE(id.empty());
    RpcError error = DecodeRpcError(status);
    ASSERT_TRUE(error.info.has_value());
    EXPECT_EQ(error.info->metadata().at("request_id"), id);
  }
}

// One line per RPC: method, code, latency in milliseconds with three
// decimals and the request id (OK at INFO, failures at WARNING).
TEST_F(CrudTest, EachCallIsLoggedWithItsCodeLatencyAndRequestId) {
  ASSERT_TRUE(CreateNode(*stub_, "c1", ClaimNode("Logged claim")).ok());
  for (const char* name : {"claims/c1", "claims/missing"}) {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    ctx.AddMetadata("x-request-id", absl::StrCat("log-", name));
    v1::GetNodeRequest request;
    request.set_name(name);
    v1::Node node;
    (void)stub_->GetNode(&ctx, request, &node);
  }
  const std::string log = server_->ReadLog();
  EXPECT_TRUE(std::regex_search(
      log, std::regex("\\nI\\d{8} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} [a-z_]+\\.cc:\\d+\\] "
                      "rpc /evidencegraph\\.v1\\.GraphService/GetNode code=OK "
                      "latency_ms=\\d+\\.\\d{3} request_id=log-claims/c1\\n")))
      << log;
  EXPECT_TRUE(std::regex_search(
      log, std::regex("\\nW\\d{8} [^\\n]*rpc /evidencegraph\\.v1\\.GraphService/GetNode "
                      "code=NOT_FOUND latency_ms=\\d+\\.\\d{3} "
                      "request_id=log-claims/missing message=\"[^\\n]+\"\\n")))
      << log;
}

}  // namespace
}  // namespace evidencegraph::testing
