// QueryService on generated graphs loaded through ImportGraph: Traverse
// streams bounded batches that agree with a reference BFS written here,
// truncation, client cancellation mid-stream, a 1 ms deadline on a large
// walk (the server stays healthy), one snapshot per call while another
// client writes, and SearchClaims following creates and deletes.
#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/graph_fixtures.h"
#include "tests/integration/rpc_assertions.h"
#include "tests/integration/test_server.h"
#include "tests/integration_query/query_client.h"

namespace evidencegraph::testing {
namespace {

constexpr int kNodes = 30000;
constexpr int kEdges = 100000;

// Plain BFS over the generated edge list: the reference for Traverse.
std::map<std::string, int> ReferenceBfs(const GeneratedGraph& g, const std::string& start,
                                        int max_depth) {
  std::map<std::string, std::vector<std::string>> adjacent;
  for (const v1::Edge& e : g.edges) {
    adjacent[e.source()].push_back(e.target());
    adjacent[e.target()].push_back(e.source());
  }
  std::map<std::string, int> depth = {{start, 0}};
  std::deque<std::string> queue = {start};
  while (!queue.empty()) {
    const std::string v = queue.front();
    queue.pop_front();
    if (depth[v] == max_depth) continue;
    for (const std::string& n : adjacent[v]) {
      if (depth.emplace(n, depth[v] + 1).second) queue.push_back(n);
    }
  }
  return depth;
}

bool Serving(TestServer& server, const std::string& service) {
  auto health = server.HealthStub();
  grpc::ClientContext ctx;
  SetDeadline(ctx, absl::Seconds(10));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  return health->Check(&ctx, request, &response).ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

class LargeGraphTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto server = TestServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    graph_ = new GeneratedGraph(GenerateGraph(kNodes, kEdges, 2024));
    auto stub = server_->GraphStub();
    v1::ImportGraphResponse summary;
    grpc::Status status = ImportAll(*stub, *graph_, 10000, &summary);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(summary.edges_created(), kEdges) << summary.DebugString();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete graph_;
    server_ = nullptr;
    graph_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    query_ = QueryStub(server_->channel());
    graph_stub_ = server_->GraphStub();
  }
  static TestServer* server_;
  static GeneratedGraph* graph_;
  std::unique_ptr<v1::QueryService::Stub> query_;
  std::unique_ptr<v1::GraphService::Stub> graph_stub_;
};
TestServer* LargeGraphTest::server_ = nullptr;
GeneratedGraph* LargeGraphTest::graph_ = nullptr;

TEST_F(LargeGraphTest, TraverseStreamsBoundedBatchesThatAgreeWithAReferenceBfs) {
  for (const std::string start : {"studies/g100", "claims/g7"}) {
    v1::TraverseRequest request;
    request.add_start(start);
    request.set_max_depth(3);
    request.set_max_nodes(100000);
    const TraverseRun run = RunTraverse(*query_, request);
    ASSERT_TRUE(run.status.ok()) << run.status.error_message();
    ASSERT_GT(run.messages.size(), 1u);
    for (const auto& m : run.messages) {
      EXPECT_LE(m.vertices_size(), 256);
      EXPECT_EQ(m.revision(), run.messages[0].revision());
    }
    EXPECT_TRUE(run.messages.back().done());
    EXPECT_FALSE(run.messages.back().truncated());
    EXPECT_GT(run.messages.back().edges_scanned(), 0);
    std::map<std::string, int> got;
    for (const auto& v : run.Vertices()) {
      EXPECT_TRUE(got.emplace(v.name(), v.depth()).second) << v.name() << " twice";
    }
    EXPECT_EQ(got, ReferenceBfs(*graph_, start, 3)) << start;
  }
}

TEST_F(LargeGraphTest, MaxNodesStopsTheWalkWithTruncated) {
  v1::TraverseRequest request;
  request.add_start("studies/g1");
  request.set_max_depth(10);
  request.set_max_nodes(1000);
  const TraverseRun run = RunTraverse(*query_, request);
  ASSERT_TRUE(run.status.ok()) << run.status.error_message();
  EXPECT_EQ(run.Vertices().size(), 1000u);
  EXPECT_TRUE(run.messages.back().truncated());
  EXPECT_THAT(run.messages.back().truncation_reason(), ::testing::HasSubstr("max_nodes"));
}

TEST_F(LargeGraphTest, ExplainMaxNodesStopsTheConeAtTheBoundAndAnswersTheSameTwice) {
  // A claim whose cone exceeds 10 vertices.
  std::string claim;
  for (int i = 0; i < 200 && claim.empty(); ++i) {
    v1::ExplainClaimRequest probe;
    probe.set_name(absl::StrCat("claims/g", i));
    v1::ClaimExplanation answer;
    if (Explain(*query_, probe, &answer).ok() && answer.cone_size() > 20) claim = probe.name();
  }
  ASSERT_FALSE(claim.empty());
  v1::ExplainClaimRequest request;
  request.set_name(claim);
  request.set_max_nodes(10);
  v1::ClaimExplanation first, second;
  grpc::Status status = Explain(*query_, request, &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(first.truncated());
  EXPECT_EQ(first.truncation_reason(), "evidence cone: max_nodes (10) reached");
  EXPECT_EQ(first.cone_size(), 10);
  status = Explain(*query_, request, &second);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
}

TEST_F(LargeGraphTest, AClientCancellingMidStreamEndsTheCallAndTheServerCarriesOn) {
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::TraverseRequest request;
  request.add_start("studies/g2");
  request.set_max_depth(10);
  request.set_max_nodes(100000);
  request.set_batch_size(1);
  auto reader = query_->Traverse(&ctx, request);
  v1::TraverseResponse message;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(reader->Read(&message));
  ctx.TryCancel();
  while (reader->Read(&message)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_TRUE(Serving(*server_, "evidencegraph.v1.QueryService"));
  v1::TraverseRequest small;
  small.add_start("studies/g2");
  small.set_max_depth(1);
  EXPECT_TRUE(RunTraverse(*query_, small).status.ok());
}

TEST_F(LargeGraphTest, AOneMillisecondDeadlineOnALargeWalkIsDeadlineExceeded) {
  v1::TraverseRequest request;
  request.add_start("studies/g3");
  request.set_max_depth(10);
  request.set_max_nodes(100000);
  const TraverseRun run = RunTraverse(*query_, request, absl::Milliseconds(1));
  EXPECT_EQ(run.status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_TRUE(Serving(*server_, "evidencegraph.v1.QueryService"));
  EXPECT_TRUE(Serving(*server_, ""));
}

TEST_F(LargeGraphTest, FindPathsReturnsValidSimplePathsShortestFirst) {
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::FindPathsRequest request;
  request.set_source("studies/g10");
  request.set_target("studies/g20");
  request.set_max_length(6);
  request.set_max_paths(20);
  v1::FindPathsResponse response;
  ASSERT_TRUE(query_->FindPaths(&ctx, request, &response).ok());
  const auto reference = ReferenceBfs(*graph_, "studies/g10", 6);
  const auto it = reference.find("studies/g20");
  ASSERT_NE(it, reference.end()) << "pick another pair: no path within 6 hops";
  EXPECT_EQ(response.shortest_length(), it->second);
  std::set<std::string> edges;
  for (const auto& e : graph_->edges) {
    edges.insert(absl::StrCat(e.source(), "/edges/",
                              e.kind() == v1::EDGE_KIND_CITES      ? "cites"
                              : e.kind() == v1::EDGE_KIND_SUPPORTS ? "supports"
                                                                   : "refutes",
                              "/", e.target()));
  }
  int last = 0;
  for (const v1::Path& p : response.paths()) {
    EXPECT_GE(p.hops_size(), last);
    last = p.hops_size();
    EXPECT_EQ(p.vertices(0), "studies/g10");
    EXPECT_EQ(p.vertices(p.vertices_size() - 1), "studies/g20");
    std::set<std::string> distinct(p.vertices().begin(), p.vertices().end());
    EXPECT_EQ(static_cast<int>(distinct.size()), p.vertices_size());
    for (const v1::PathHop& hop : p.hops()) EXPECT_TRUE(edges.count(hop.edge())) << hop.edge();
  }
}

// --- one snapshot per call while another client writes ----------------------

class SnapshotConsistencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = TestServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    graph_ = server_->GraphStub();
    query_ = QueryStub(server_->NewChannel());
  }
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<v1::GraphService::Stub> graph_;
  std::unique_ptr<v1::QueryService::Stub> query_;
};

// The writer's atomic step: the previous generation out, the next one in.
// In every committed state exactly one gen-i study supports the hub, cites
// the anchor, and is undercut by its own critique.
std::vector<v1::WriteOperation> Generation(int i) {
  std::vector<v1::WriteOperation> ops;
  const std::string study = absl::StrCat("studies/gen-", i);
  const std::string critique = absl::StrCat("critiques/gen-", i);
  if (i > 0) {
    ops.push_back(DeleteNodeOp(absl::StrCat("studies/gen-", i - 1)));
    ops.push_back(DeleteNodeOp(absl::StrCat("critiques/gen-", i - 1)));
  }
  ops.push_back(CreateNodeOp(study, StudyNode(absl::StrCat("Generation ", i))));
  ops.push_back(CreateNodeOp(critique, CritiqueNode(absl::StrCat("Against generation ", i))));
  ops.push_back(CreateEdgeOp(MakeEdge(study, v1::EDGE_KIND_SUPPORTS, "claims/hub")));
  ops.push_back(CreateEdgeOp(MakeEdge(study, v1::EDGE_KIND_CITES, "studies/anchor")));
  ops.push_back(CreateEdgeOp(MakeEdge(critique, v1::EDGE_KIND_TARGETS,
                                      absl::StrCat(study, "/edges/supports/claims/hub"),
                                      v1::ATTACK_TYPE_UNDERCUT)));
  return ops;
}

TEST_F(SnapshotConsistencyTest, TraverseAndExplainSeeOneStateWhileAnotherClientWrites) {
  std::vector<v1::WriteOperation> setup = {
      CreateNodeOp("claims/hub", ClaimNode("The hub claim")),
      CreateNodeOp("studies/anchor", StudyNode("Anchor"))};
  for (int i = 0; i < 300; ++i) {
    const std::string name = absl::StrFormat("studies/static-%03d", i);
    setup.push_back(CreateNodeOp(name, StudyNode(name)));
    setup.push_back(CreateEdgeOp(MakeEdge(name, v1::EDGE_KIND_SUPPORTS, "claims/hub")));
  }
  ASSERT_TRUE(Batch(*graph_, setup).ok());
  ASSERT_TRUE(Batch(*graph_, Generation(0)).ok());

  std::atomic<bool> stop{false};
  std::atomic<int> generations{1};
  std::thread writer([&] {
    auto stub = v1::GraphService::NewStub(server_->NewChannel());
    for (int i = 1; !stop.load(); ++i) {
      grpc::Status s = Batch(*stub, Generation(i));
      if (!s.ok()) {
        ADD_FAILURE() << "writer: " << s.error_message();
        return;
      }
      generations.store(i + 1);
    }
  });

  for (int round = 0; round < 8; ++round) {
    // Batches of one: the hub's 301 neighbours go out one message at a time
    // before gen-i is expanded, so writes land between the messages.
    v1::TraverseRequest request;
    request.add_start("claims/hub");
    request.add_edge_kinds(v1::EDGE_KIND_SUPPORTS);
    request.add_edge_kinds(v1::EDGE_KIND_CITES);
    request.set_max_depth(2);
    request.set_batch_size(1);
    const TraverseRun run = RunTraverse(*query_, request);
    ASSERT_TRUE(run.status.ok()) << run.status.error_message();
    std::set<uint64_t> revisions;
    for (const auto& m : run.messages) revisions.insert(m.revision());
    EXPECT_EQ(revisions.size(), 1u) << "one snapshot per stream";
    int gens = 0;
    bool anchor = false;
    for (const auto& v : run.Vertices()) {
      gens += v.name().rfind("studies/gen-", 0) == 0;
      anchor |= v.name() == "studies/anchor" && v.depth() == 2;
    }
    EXPECT_EQ(gens, 1) << "round " << round;
    EXPECT_TRUE(anchor) << "the live generation's CITES edge vanished mid-walk";

    v1::ClaimExplanation e;
    ASSERT_TRUE(Explain(*query_, "claims/hub", {}, &e).ok());
    int live = 0;
    for (const v1::EvidenceItem& item : e.supporting()) {
      if (item.source().rfind("studies/gen-", 0) != 0) continue;
      ++live;
      const std::string i = item.source().substr(std::string("studies/gen-").size());
      ASSERT_EQ(item.critiques_size(), 1) << "half-applied: " << item.source();
      EXPECT_EQ(item.critiques(0).critique(), "critiques/gen-" + i);
    }
    EXPECT_EQ(live, 1);
  }
  stop.store(true);
  writer.join();
  EXPECT_GT(generations.load(), 1) << "the writer never wrote";
}

TEST_F(SnapshotConsistencyTest, SearchFindsAClaimRightAfterCreateAndNotAfterDelete) {
  auto search = [&](const std::string& query) {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::SearchClaimsRequest request;
    request.set_query(query);
    v1::SearchClaimsResponse response;
    EXPECT_TRUE(query_->SearchClaims(&ctx, request, &response).ok());
    std::set<std::string> names;
    for (const auto& m : response.claims()) names.insert(m.claim().name());
    return names;
  };
  EXPECT_TRUE(search("zebras").empty());
  ASSERT_TRUE(Batch(*graph_, {CreateNodeOp("claims/zebra",
                                           ClaimNode("Zèbras dislike deep-tissue massage"))})
                  .ok());
  EXPECT_EQ(search("ZEBRAS dislike"), (std::set<std::string>{"claims/zebra"}));
  ASSERT_TRUE(Batch(*graph_, {DeleteNodeOp("claims/zebra")}).ok());
  EXPECT_TRUE(search("zebras").empty());
}

}  // namespace
}  // namespace evidencegraph::testing
