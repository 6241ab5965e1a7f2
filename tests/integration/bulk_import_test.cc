// ImportGraph in IMPORT_MODE_BULK over the real server: accepted messages land
// together when the client half-closes, rejected ones are reported as in
// per-message mode, and a stream that does not end cleanly (cancelled, over
// the record limit) writes nothing and leaves no staged file behind.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/integration/graph_fixtures.h"
#include "tests/integration/rpc_assertions.h"
#include "tests/integration/test_server.h"

namespace evidencegraph::testing {
namespace {

// 50 claims, 200 studies and 2,000 edges, in messages of at most 300 records;
// the first message asks for `mode`.
std::vector<v1::ImportGraphRequest> GraphMessages(v1::ImportMode mode) {
  std::vector<v1::ImportGraphRequest> messages(1);
  messages[0].set_mode(mode);
  for (int c = 0; c < 50; ++c) {
    v1::Node* node = messages[0].add_nodes();
    *node = ClaimNode(absl::StrFormat("Claim number %d about sleep holds", c));
    node->set_name(absl::StrFormat("claims/c%03d", c));
  }
  for (int s = 0; s < 200; ++s) {
    v1::Node* node = messages[0].add_nodes();
    *node = StudyNode(absl::StrFormat("Study %d", s));
    node->set_name(absl::StrFormat("studies/s%04d", s));
  }
  for (int s = 0; s < 200; ++s) {
    if (s % 30 == 0) messages.emplace_back();
    for (int k = 0; k < 10; ++k) {
      *messages.back().add_edges() =
          MakeEdge(absl::StrFormat("studies/s%04d", s),
                   k % 2 == 0 ? v1::EDGE_KIND_SUPPORTS : v1::EDGE_KIND_REFUTES,
                   absl::StrFormat("claims/c%03d", (s + 5 * k) % 50));
    }
  }
  return messages;
}

struct Outcome {
  grpc::Status status;
  v1::ImportGraphResponse response;
};

Outcome Import(v1::GraphService::Stub& stub, const std::vector<v1::ImportGraphRequest>& messages) {
  Outcome out;
  grpc::ClientContext ctx;
  SetDeadline(ctx, absl::Seconds(120));
  auto writer = stub.ImportGraph(&ctx, &out.response);
  for (const v1::ImportGraphRequest& message : messages) {
    if (!writer->Write(message)) break;
  }
  writer->WritesDone();
  out.status = writer->Finish();
  return out;
}

// Names of every node and edge, from ExportGraph.
std::vector<std::string> AllNames(v1::GraphService::Stub& stub) {
  std::vector<std::string> names;
  grpc::ClientContext ctx;
  SetDeadline(ctx, absl::Seconds(60));
  auto reader = stub.ExportGraph(&ctx, v1::ExportGraphRequest());
  v1::ExportGraphResponse message;
  while (reader->Read(&message)) {
    for (const v1::Node& n : message.nodes()) names.push_back(n.name());
    for (const v1::Edge& e : message.edges()) names.push_back(e.name());
  }
  EXPECT_TRUE(reader->Finish().ok());
  return names;
}

bool StagingIsEmpty(const TestServer& server) {
  const std::string dir = server.data_dir() + "/ingest";
  std::error_code ec;
  return !std::filesystem::exists(dir, ec) || std::filesystem::is_empty(dir, ec);
}

class BulkImportTest : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }
  void Start(std::vector<std::string> flags) {
    auto server = TestServer::Start({.seed = false, .extra_flags = std::move(flags)});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = server_->GraphStub();
  }
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<v1::GraphService::Stub> stub_;
};

TEST_F(BulkImportTest, BulkStreamLandsAndReadsBackLikePerMessage) {
  Outcome bulk = Import(*stub_, GraphMessages(v1::IMPORT_MODE_BULK));
  ASSERT_TRUE(bulk.status.ok()) << bulk.status.error_message();
  EXPECT_EQ(bulk.response.nodes_created(), 250);
  EXPECT_EQ(bulk.response.edges_created(), 2000);
  EXPECT_EQ(bulk.response.batches_failed(), 0);
  const std::vector<std::string> names = AllNames(*stub_);
  EXPECT_EQ(names.size(), 2250u);
  v1::Node node;
  EXPECT_TRUE(GetNode(*stub_, "claims/c007", &node).ok());
  v1::Edge edge;
  EXPECT_TRUE(GetEdge(*stub_, "studies/s0003/edges/supports/claims/c003", &edge).ok());
  EXPECT_TRUE(StagingIsEmpty(*server_));

  // The same graph per message into another server: the same records.
  auto other = TestServer::Start(TestServerOptions{});
  ASSERT_TRUE(other.ok()) << other.status();
  auto other_stub = (*other)->GraphStub();
  Outcome per_message = Import(*other_stub, GraphMessages(v1::IMPORT_MODE_PER_MESSAGE));
  ASSERT_TRUE(per_message.status.ok());
  EXPECT_EQ(per_message.response.DebugString(), bulk.response.DebugString());
  EXPECT_EQ(AllNames(*other_stub), names);

  // Again in bulk: everything exists, so everything is skipped.
  Outcome again = Import(*stub_, GraphMessages(v1::IMPORT_MODE_BULK));
  ASSERT_TRUE(again.status.ok());
  EXPECT_EQ(again.response.nodes_skipped(), 250);
  EXPECT_EQ(again.response.edges_skipped(), 2000);
  EXPECT_EQ(again.response.nodes_created() + again.response.edges_created(), 0);
}

TEST_F(BulkImportTest, RejectedMessagesAreReportedAndTheOthersLand) {
  std::vector<v1::ImportGraphRequest> messages(4);
  messages[0].set_mode(v1::IMPORT_MODE_BULK);
  for (int i = 0; i < 3; ++i) {
    v1::Node* n = messages[0].add_nodes();
    *n = ClaimNode("claim");
    n->set_name(absl::StrFormat("claims/c%d", i));
  }
  v1::Node* study = messages[1].add_nodes();
  *study = StudyNode("study");
  study->set_name("studies/s1");
  v1::Node* bad = messages[1].add_nodes();
  bad->set_name("claims/bad");
  bad->mutable_claim();
  *messages[2].add_edges() = MakeEdge("studies/ghost", v1::EDGE_KIND_SUPPORTS, "claims/c0");
  // Repeats message 0 (staged, so skipped) plus a new node and an edge between staged nodes.
  messages[3] = messages[0];
  messages[3].clear_mode();
  v1::Node* fresh = messages[3].add_nodes();
  *fresh = StudyNode("fresh");
  fresh->set_name("studies/fresh");
  *messages[3].add_edges() = MakeEdge("studies/fresh", v1::EDGE_KIND_SUPPORTS, "claims/c1");

  Outcome outcome = Import(*stub_, messages);
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
  const v1::ImportGraphResponse& summary = outcome.response;
  EXPECT_EQ(summary.batches_committed(), 2);
  EXPECT_EQ(summary.batches_failed(), 2);
  EXPECT_EQ(summary.nodes_created(), 4);
  EXPECT_EQ(summary.edges_created(), 1);
  EXPECT_EQ(summary.nodes_skipped(), 3);
  EXPECT_EQ(summary.records_failed(), 3);
  ASSERT_EQ(summary.failures_size(), 2);
  EXPECT_EQ(summary.failures(0).message_index(), 1);
  EXPECT_EQ(summary.failures(0).record(), "claims/bad");
  EXPECT_EQ(summary.failures(1).message_index(), 2);
  EXPECT_NE(summary.failures(1).reason().find("studies/ghost"), std::string::npos);

  v1::Node node;
  EXPECT_EQ(GetNode(*stub_, "studies/s1", &node).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(GetNode(*stub_, "studies/fresh", &node).ok());
  EXPECT_TRUE(GetNode(*stub_, "claims/c2", &node).ok());
}

TEST_F(BulkImportTest, CancelledBulkStreamWritesNothing) {
  ASSERT_TRUE(Import(*stub_, {GraphMessages(v1::IMPORT_MODE_PER_MESSAGE)[0]}).status.ok());
  const std::vector<std::string> before = AllNames(*stub_);

  std::vector<v1::ImportGraphRequest> messages = GraphMessages(v1::IMPORT_MODE_BULK);
  for (v1::ImportGraphRequest& m : messages) {
    for (v1::Node& n : *m.mutable_nodes()) n.set_name(n.name() + "-bulk");
  }
  grpc::ClientContext ctx;
  SetDeadline(ctx, absl::Seconds(60));
  v1::ImportGraphResponse response;
  auto writer = stub_->ImportGraph(&ctx, &response);
  for (const v1::ImportGraphRequest& message : messages) ASSERT_TRUE(writer->Write(message));
  ctx.TryCancel();  // before WritesDone: the stream never ends cleanly
  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::CANCELLED);

  // The server may still be unwinding the call: wait for the staging to go.
  for (int i = 0; i < 100 && !StagingIsEmpty(*server_); ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_TRUE(StagingIsEmpty(*server_));
  EXPECT_EQ(AllNames(*stub_), before);
}

TEST_F(BulkImportTest, StagingMoreThanTheLimitFailsTheStreamAndWritesNothing) {
  Start({"--max_bulk_import_records=100"});
  Outcome outcome = Import(*stub_, GraphMessages(v1::IMPORT_MODE_BULK));
  EXPECT_TRUE(IsRpcError(outcome.status, grpc::StatusCode::RESOURCE_EXHAUSTED,
                         "BULK_IMPORT_TOO_LARGE"));
  EXPECT_NE(outcome.status.error_message().find("--max_bulk_import_records"), std::string::npos)
      << outcome.status.error_message();
  EXPECT_TRUE(AllNames(*stub_).empty());
  EXPECT_TRUE(StagingIsEmpty(*server_));
}

TEST_F(BulkImportTest, UnknownModeIsInvalid) {
  std::vector<v1::ImportGraphRequest> messages = GraphMessages(v1::IMPORT_MODE_BULK);
  messages[0].set_mode(static_cast<v1::ImportMode>(7));
  Outcome outcome = Import(*stub_, messages);
  EXPECT_TRUE(IsRpcError(outcome.status, grpc::StatusCode::INVALID_ARGUMENT, "", "mode"));
  EXPECT_TRUE(AllNames(*stub_).empty());
}

}  // namespace
}  // namespace evidencegraph::testing
