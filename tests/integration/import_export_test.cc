// Streaming bulk import and export: 10,000 edges in, the identical graph out
// (and back in again), per-message validation and conflict reporting.
#include <map>
#include <memory>
#include <string>

#include <grpcpp/support/byte_buffer.h>

#include "absl/strings/str_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/integration/graph_fixtures.h"
#include "tests/integration/rpc_assertions.h"
#include "tests/integration/test_server.h"

namespace evidencegraph::testing {
namespace {

using google::protobuf::util::MessageDifferencer;

struct Graph {
  std::map<std::string, v1::Node> nodes;  // by name
  std::map<std::string, v1::Edge> edges;  // by name
};

// What a client wrote: output-only fields cleared.
v1::Node ClientView(v1::Node node) {
  node.clear_create_time();
  node.clear_update_time();
  node.clear_etag();
  node.clear_kind();
  return node;
}
v1::Edge ClientView(v1::Edge edge) {
  edge.clear_name();
  edge.clear_create_time();
  edge.clear_update_time();
  edge.clear_etag();
  return edge;
}

// 100 claims, 1,000 studies, 10,000 SUPPORTS/REFUTES edges (study i to ten
// distinct claims), as stream messages of nodes then edges.
std::vector<v1::ImportGraphRequest> BigGraphMessages(Graph* expected) {
  std::vector<v1::ImportGraphRequest> messages(1);
  for (int c = 0; c < 100; ++c) {
    v1::Node node = ClaimNode(absl::StrFormat("Claim number %d holds", c));
    node.set_name(absl::StrFormat("claims/c%03d", c));
    node.add_labels(c % 2 == 0 ? "even" : "odd");
    *messages[0].add_nodes() = node;
    expected->nodes[node.name()] = node;
  }
  for (int s = 0; s < 1000; ++s) {
    v1::Node node = StudyNode(absl::StrFormat("Study %d", s),
                              s % 3 == 0 ? v1::STUDY_DESIGN_COHORT : v1::STUDY_DESIGN_RCT);
    node.set_name(absl::StrFormat("studies/s%04d", s));
    node.mutable_study()->set_sample_size(10 + s);
    *messages[0].add_nodes() = node;
    expected->nodes[node.name()] = node;
  }
  for (int s = 0; s < 1000; ++s) {
    if (s % 200 == 0) messages.emplace_back();
    for (int k = 0; k < 10; ++k) {
      const int c = (s + 10 * k) % 100;
      v1::Edge edge = MakeEdge(absl::StrFormat("studies/s%04d", s),
                               (s + k) % 2 == 0 ? v1::EDGE_KIND_SUPPORTS : v1::EDGE_KIND_REFUTES,
                               absl::StrFormat("claims/c%03d", c));
      edge.set_weight(0.1 * k);
      if (k == 3) edge.mutable_grading()->set_indirectness(v1::INDIRECTNESS_SURROGATE_OUTCOME);
      *messages.back().add_edges() = edge;
      expected->edges[absl::StrFormat("%s/edges/%s/%s", edge.source(),
                                      edge.kind() == v1::EDGE_KIND_SUPPORTS ? "supports"
                                                                            : "refutes",
                                      edge.target())] = edge;
    }
  }
  return messages;
}

absl::StatusOr<v1::ImportGraphResponse> Import(v1::GraphService::Stub& stub,
                                               const std::vector<v1::ImportGraphRequest>& messages) {
  grpc::ClientContext ctx;
  SetDeadline(ctx, absl::Seconds(120));
  v1::ImportGraphResponse response;
  auto writer = stub.ImportGraph(&ctx, &response);
  for (const v1::ImportGraphRequest& message : messages) {
    if (!writer->Write(message)) break;  // the server ended the stream; Finish says why
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (!status.ok()) return absl::InternalError(status.error_message());
  return response;
}

struct Export {
  Graph graph;
  std::vector<v1::ExportGraphResponse> messages;
  grpc::Status status;
};

Export ExportAll(v1::GraphService::Stub& stub, int batch_size = 0) {
  Export out;
  grpc::ClientContext ctx;
  SetDeadline(ctx, absl::Seconds(120));
  v1::ExportGraphRequest request;
  request.set_batch_size(batch_size);
  auto reader = stub.ExportGraph(&ctx, request);
  v1::ExportGraphResponse message;
  while (reader->Read(&message)) {
    for (const v1::Node& n : message.nodes()) out.graph.nodes[n.name()] = n;
    for (const v1::Edge& e : message.edges()) out.graph.edges[e.name()] = e;
    out.messages.push_back(message);
  }
  out.status = reader->Finish();
  return out;
}

// Every test runs twice: imports written as one WriteBatch per message (the
// default) and as SST files ingested per message (--import_ingest_min_records=1).
TestServerOptions ServerOptions(bool ingest) {
  TestServerOptions options;
  if (ingest) options.extra_flags.push_back("--import_ingest_min_records=1");
  return options;
}

class ImportExportTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    auto server = TestServer::Start(ServerOptions(GetParam()));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = server_->GraphStub();
  }
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<v1::GraphService::Stub> stub_;
};

TEST_P(ImportExportTest, TenThousandEdgesInTheSameGraphOut) {
  Graph expected;
  const std::vector<v1::ImportGraphRequest> messages = BigGraphMessages(&expected);
  ASSERT_EQ(expected.edges.size(), 10000u);

  absl::StatusOr<v1::ImportGraphResponse> summary = Import(*stub_, messages);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->nodes_created(), 1100);
  EXPECT_EQ(summary->edges_created(), 10000);
  EXPECT_EQ(summary->batches_committed(), static_cast<int64_t>(messages.size()));
  EXPECT_EQ(summary->batches_failed(), 0);
  EXPECT_EQ(summary->failures_size(), 0);

  Export exported = ExportAll(*stub_);
  ASSERT_TRUE(exported.status.ok()) << exported.status.error_message();
  ASSERT_EQ(exported.graph.nodes.size(), expected.nodes.size());
  ASSERT_EQ(exported.graph.edges.size(), expected.edges.size());
  for (const auto& [name, node] : expected.nodes) {
    auto it = exported.graph.nodes.find(name);
    ASSERT_NE(it, exported.graph.nodes.end()) << name;
    ASSERT_TRUE(MessageDifferencer::Equals(ClientView(it->second), node)) << name;
  }
  for (const auto& [name, edge] : expected.edges) {
    auto it = exported.graph.edges.find(name);
    ASSERT_NE(it, exported.graph.edges.end()) << name;
    ASSERT_TRUE(MessageDifferencer::Equals(ClientView(it->second), edge)) << name;
  }

  // One snapshot: the same revision everywhere; every node before every edge;
  // every message within the default batch size.
  bool edges_started = false;
  for (const v1::ExportGraphResponse& m : exported.messages) {
    EXPECT_EQ(m.revision(), exported.messages.front().revision());
    EXPECT_LE(m.nodes_size() + m.edges_size(), 500);
    if (edges_started) {
      EXPECT_EQ(m.nodes_size(), 0);  // no node after the first edge
    }
    if (m.edges_size() > 0) edges_started = true;
  }
}

TEST_P(ImportExportTest, ExportFeedsBackIntoImportUnchanged) {
  Graph expected;
  ASSERT_TRUE(Import(*stub_, BigGraphMessages(&expected)).ok());
  Export first = ExportAll(*stub_, 2000);
  ASSERT_TRUE(first.status.ok());

  auto other = TestServer::Start(ServerOptions(GetParam()));
  ASSERT_TRUE(other.ok()) << other.status();
  auto other_stub = (*other)->GraphStub();
  std::vector<v1::ImportGraphRequest> replay;
  for (const v1::ExportGraphResponse& m : first.messages) {
    // Byte for byte: an exported message is an ImportGraphRequest on the wire
    // (its revision must not land on a request field such as on_conflict).
    ASSERT_NE(m.revision(), 0u);
    v1::ImportGraphRequest request;
    ASSERT_TRUE(request.ParseFromString(m.SerializeAsString()));
    EXPECT_EQ(request.on_conflict(), v1::IMPORT_CONFLICT_POLICY_UNSPECIFIED);
    replay.push_back(std::move(request));
  }
  absl::StatusOr<v1::ImportGraphResponse> summary = Import(*other_stub, replay);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->batches_failed(), 0) << summary->DebugString();

  Export second = ExportAll(*other_stub, 2000);
  ASSERT_TRUE(second.status.ok());
  ASSERT_EQ(second.graph.nodes.size(), first.graph.nodes.size());
  ASSERT_EQ(second.graph.edges.size(), first.graph.edges.size());
  for (const auto& [name, node] : first.graph.nodes) {
    ASSERT_TRUE(MessageDifferencer::Equals(ClientView(second.graph.nodes.at(name)),
                                           ClientView(node)))
        << name;
  }
  for (const auto& [name, edge] : first.graph.edges) {
    ASSERT_TRUE(MessageDifferencer::Equals(ClientView(second.graph.edges.at(name)),
                                           ClientView(edge)))
        << name;
  }
}

TEST_P(ImportExportTest, InvalidAndConflictingBatchesAreReportedNotWritten) {
  // Message 1: one valid study and one invalid claim: nothing of it lands.
  // Message 2: an edge to a node that does not exist.
  std::vector<v1::ImportGraphRequest> messages = ImportMessagesWithFailures();
  // Message 3: repeats message 0 (skipped under the default policy) plus a new node.
  messages.push_back(messages[0]);
  v1::Node* fresh = messages[3].add_nodes();
  *fresh = ClaimNode("fresh");
  fresh->set_name("claims/fresh");

  absl::StatusOr<v1::ImportGraphResponse> summary = Import(*stub_, messages);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->batches_committed(), 2);
  EXPECT_EQ(summary->batches_failed(), 2);
  EXPECT_EQ(summary->nodes_created(), 4);
  EXPECT_EQ(summary->nodes_skipped(), 3);
  EXPECT_EQ(summary->records_failed(), 3);
  ASSERT_EQ(summary->failures_size(), 2);
  EXPECT_EQ(summary->failures(0).message_index(), 1);
  EXPECT_EQ(summary->failures(0).record(), "claims/bad");
  EXPECT_NE(summary->failures(0).reason().find("nodes[1].claim.statement"), std::string::npos)
      << summary->failures(0).reason();
  EXPECT_EQ(summary->failures(1).message_index(), 2);
  EXPECT_NE(summary->failures(1).reason().find("studies/ghost"), std::string::npos)
      << summary->failures(1).reason();

  v1::Node node;
  EXPECT_EQ(GetNode(*stub_, "studies/s1", &node).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(GetNode(*stub_, "claims/fresh", &node).ok());
}

TEST_P(ImportExportTest, FailPolicyRejectsBatchesWithExistingRecords) {
  v1::ImportGraphRequest first;
  first.set_on_conflict(v1::IMPORT_CONFLICT_POLICY_FAIL);
  v1::Node* n = first.add_nodes();
  *n = ClaimNode("claim");
  n->set_name("claims/c1");
  v1::ImportGraphRequest again = first;
  v1::Node* extra = again.add_nodes();
  *extra = ClaimNode("new");
  extra->set_name("claims/c2");
  absl::StatusOr<v1::ImportGraphResponse> summary = Import(*stub_, {first, again});
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->batches_committed(), 1);
  EXPECT_EQ(summary->batches_failed(), 1);
  EXPECT_EQ(summary->records_failed(), 2);
  v1::Node node;
  EXPECT_EQ(GetNode(*stub_, "claims/c2", &node).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST(ImportLimitsTest, MessagesOverTheRecordCapFailAsABatch) {
  auto server = TestServer::Start({.seed = false, .extra_flags = {"--max_import_records=5"}});
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = (*server)->GraphStub();
  v1::ImportGraphRequest big;
  for (int i = 0; i < 6; ++i) {
    v1::Node* n = big.add_nodes();
    *n = ClaimNode("claim");
    n->set_name(absl::StrFormat("claims/c%d", i));
  }
  absl::StatusOr<v1::ImportGraphResponse> summary = Import(*stub, {big});
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->batches_failed(), 1);
  EXPECT_EQ(summary->nodes_created(), 0);
  ASSERT_EQ(summary->failures_size(), 1);
  EXPECT_NE(summary->failures(0).reason().find("at most 5"), std::string::npos)
      << summary->failures(0).reason();
}

TEST_P(ImportExportTest, ExportOfAnEmptyGraphEndsCleanlyAndBadBatchSizeIsInvalid) {
  Export empty = ExportAll(*stub_);
  EXPECT_TRUE(empty.status.ok());
  EXPECT_TRUE(empty.messages.empty());
  Export bad = ExportAll(*stub_, -1);
  EXPECT_TRUE(IsRpcError(bad.status, grpc::StatusCode::INVALID_ARGUMENT, "INVALID_FIELD",
                         "batch_size"));
}

// ExportGraph read as raw bytes, the way the server writes them.
struct RawExport {
  std::vector<std::string> messages;
  grpc::Status status;
};

RawExport ExportRaw(const std::shared_ptr<grpc::Channel>& channel, const grpc::ByteBuffer& request) {
  RawExport out;
  grpc::ClientContext ctx;
  SetDeadline(ctx, absl::Seconds(120));
  const grpc::internal::RpcMethod method("/evidencegraph.v1.GraphService/ExportGraph",
                                         grpc::internal::RpcMethod::SERVER_STREAMING);
  std::unique_ptr<grpc::ClientReader<grpc::ByteBuffer>> reader(
      grpc::internal::ClientReaderFactory<grpc::ByteBuffer>::Create(channel.get(), method, &ctx,
                                                                    request));
  grpc::ByteBuffer message;
  while (reader->Read(&message)) {
    std::vector<grpc::Slice> slices;
    EXPECT_TRUE(message.Dump(&slices).ok());
    std::string bytes;
    for (const grpc::Slice& slice : slices) {
      bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
    out.messages.push_back(std::move(bytes));
  }
  out.status = reader->Finish();
  return out;
}

grpc::ByteBuffer Bytes(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

// The server assembles export messages from stored bytes: on the wire they
// are exactly what serialising the parsed messages gives (what a server
// building messages sends), and typed clients read the same stream.
TEST_P(ImportExportTest, ExportedBytesAreTheSerialisedMessages) {
  Graph expected;
  ASSERT_TRUE(Import(*stub_, BigGraphMessages(&expected)).ok());
  v1::ExportGraphRequest request;
  request.set_batch_size(700);
  RawExport raw = ExportRaw(server_->channel(), Bytes(request.SerializeAsString()));
  ASSERT_TRUE(raw.status.ok()) << raw.status.error_message();
  Export typed = ExportAll(*stub_, 700);
  ASSERT_TRUE(typed.status.ok());
  ASSERT_EQ(raw.messages.size(), typed.messages.size());
  size_t records = 0;
  for (size_t i = 0; i < raw.messages.size(); ++i) {
    v1::ExportGraphResponse parsed;
    ASSERT_TRUE(parsed.ParseFromString(raw.messages[i])) << i;
    EXPECT_EQ(parsed.SerializeAsString(), raw.messages[i]) << i;
    EXPECT_EQ(typed.messages[i].SerializeAsString(), raw.messages[i]) << i;
    records += parsed.nodes_size() + parsed.edges_size();
  }
  EXPECT_EQ(records, expected.nodes.size() + expected.edges.size());
}

TEST_P(ImportExportTest, ExportRequestThatDoesNotParseIsInvalid) {
  // A varint cut short: not an ExportGraphRequest.
  RawExport raw = ExportRaw(server_->channel(), Bytes(std::string("\x08\xff", 2)));
  EXPECT_TRUE(raw.messages.empty());
  EXPECT_TRUE(IsRpcError(raw.status, grpc::StatusCode::INVALID_ARGUMENT, "MALFORMED_REQUEST"));
}

INSTANTIATE_TEST_SUITE_P(WritePaths, ImportExportTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "IngestedFiles" : "WriteBatch";
                         });

}  // namespace
}  // namespace evidencegraph::testing
