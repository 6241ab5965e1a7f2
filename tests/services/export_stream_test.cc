// Specification of services/export_stream.h against a real GraphStore: the
// messages assembled from stored bytes are, byte for byte, the serialised
// ExportGraphResponses of the message-building export they replaced (pages
// of parsed nodes and edges moved into responses), for every cut between
// messages; one snapshot per stream; an empty graph gives no message.
#include "services/export_stream.h"

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/resource_names.h"
#include "gtest/gtest.h"
#include "tests/storage/storage_test_util.h"
#include "tools/graphgen/synthetic_graph.h"

namespace evidencegraph::services {
namespace {

// The export as it was built before: ListNodes / ListEdges pages of parsed
// records moved into ExportGraphResponses until batch_size records or
// max_bytes of their serialised sizes, each message serialised.
std::vector<std::string> MessageBuildingExport(const storage::GraphStore& store,
                                               int batch_size, size_t max_bytes) {
  std::unique_ptr<storage::GraphSnapshot> snapshot = store.Snapshot();
  std::vector<v1::Node> nodes;
  std::vector<v1::Edge> edges;
  storage::NodeListQuery nq;
  nq.page_size = 1000;
  do {
    absl::StatusOr<storage::NodePage> page = snapshot->ListNodes(nq);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return {};
    for (v1::Node& n : page->nodes) nodes.push_back(std::move(n));
    nq.page_token = page->next_page_token;
  } while (!nq.page_token.empty());
  storage::EdgeListQuery eq;
  eq.page_size = 1000;
  do {
    absl::StatusOr<storage::EdgePage> page = snapshot->ListEdges(eq);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return {};
    for (v1::Edge& e : page->edges) edges.push_back(std::move(e));
    eq.page_token = page->next_page_token;
  } while (!eq.page_token.empty());

  std::vector<std::string> out;
  size_t n = 0, e = 0;
  while (n < nodes.size() || e < edges.size()) {
    v1::ExportGraphResponse message;
    message.set_revision(snapshot->revision());
    size_t bytes = 0;
    while (message.nodes_size() + message.edges_size() < batch_size && bytes < max_bytes) {
      if (n < nodes.size()) {
        bytes += nodes[n].ByteSizeLong();
        *message.add_nodes() = nodes[n++];
      } else if (e < edges.size()) {
        bytes += edges[e].ByteSizeLong();
        *message.add_edges() = edges[e++];
      } else {
        break;
      }
    }
    out.push_back(message.SerializeAsString());
  }
  return out;
}

std::vector<std::string> WrittenExport(const storage::GraphStore& store, int batch_size,
                                       size_t max_bytes) {
  ExportWriter writer(store, batch_size, max_bytes);
  std::vector<std::string> out;
  for (;;) {
    std::string message;
    absl::StatusOr<bool> more = writer.Next(&message);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    out.push_back(std::move(message));
  }
  return out;
}

class ExportStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_.path();
    store_ = storage::testing::OpenStore(temp_.Sub("data"));
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override { store_.reset(); }

  void Import(const v1::ImportGraphRequest& batch) {
    const std::vector<v1::Node> nodes(batch.nodes().begin(), batch.nodes().end());
    const std::vector<v1::Edge> edges(batch.edges().begin(), batch.edges().end());
    absl::StatusOr<storage::ImportBatchResult> result =
        store_->ImportBatch(nodes, edges, /*fail_on_conflict=*/true);
    ASSERT_TRUE(result.ok()) << result.status();
  }

  void ImportSyntheticGraph(int64_t edges) {
    graphgen::SyntheticGraphOptions options;
    options.edges = edges;
    options.seed = 3;
    options.batch_size = 1000;
    graphgen::GenerateSyntheticGraph(options,
                                     [&](const v1::ImportGraphRequest& batch) { Import(batch); });
  }

  storage::testing::TempDir temp_;  // outlives store_ (declared first)
  std::string dir_;
  std::unique_ptr<storage::GraphStore> store_;
};

TEST_F(ExportStreamTest, SameBytesAsTheMessageBuildingExportForEveryCut) {
  ImportSyntheticGraph(3000);
  // Records the generator does not make: every node kind, long names, a
  // newer client's unknown fields, an edge targeting an edge.
  v1::ImportGraphRequest extra;
  v1::Node source;
  source.set_name("sources/" + std::string(63, 's'));  // edge names over 127 bytes
  source.mutable_source()->set_title("A report");
  source.add_labels("press");
  source.MergeFromString(std::string("\xf8\x06\x07", 3));  // field 111
  *extra.add_nodes() = source;
  v1::Node claim;
  claim.set_name("claims/zz-extra");
  claim.mutable_claim()->set_statement("x");
  *extra.add_nodes() = claim;
  v1::Edge reports;
  reports.set_source(source.name());
  reports.set_kind(v1::EDGE_KIND_REPORTS);
  reports.set_target(claim.name());
  reports.set_note(std::string(500, 'n'));
  reports.MergeFromString(std::string("\xa8\x1f\x01", 3));  // field 501
  *extra.add_edges() = reports;
  Import(extra);

  const std::vector<std::string> reference = MessageBuildingExport(*store_, 500, 2u << 20);
  ASSERT_GT(reference.size(), 5u);
  EXPECT_EQ(WrittenExport(*store_, 500, 2u << 20), reference);
  // Cuts by count (one record, odd sizes, everything in one message) and by
  // bytes (tiny budgets: one record per message; a message ending mid-way).
  for (const auto& [batch, bytes] : std::vector<std::pair<int, size_t>>{
           {1, 2u << 20}, {7, 2u << 20}, {5000, 2u << 20}, {500, 1}, {500, 1000}, {50, 4096}}) {
    SCOPED_TRACE(absl::StrCat("batch ", batch, ", max_bytes ", bytes));
    const std::vector<std::string> expected = MessageBuildingExport(*store_, batch, bytes);
    const std::vector<std::string> written = WrittenExport(*store_, batch, bytes);
    ASSERT_EQ(written.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) ASSERT_EQ(written[i], expected[i]) << i;
  }
}

TEST_F(ExportStreamTest, OneSnapshotFromTheFirstMessage) {
  ImportSyntheticGraph(200);
  ExportWriter writer(*store_, 1, 2u << 20);
  std::string first;
  ASSERT_TRUE(*writer.Next(&first));
  v1::ExportGraphResponse parsed;
  ASSERT_TRUE(parsed.ParseFromString(first));
  const uint64_t revision = parsed.revision();

  // Written after the stream began: not part of it.
  v1::ImportGraphRequest later;
  v1::Node node;
  node.set_name("claims/written-later");
  node.mutable_claim()->set_statement("later");
  *later.add_nodes() = node;
  Import(later);

  int64_t records = 1;
  std::string message;
  while (*writer.Next(&message)) {
    ASSERT_TRUE(parsed.ParseFromString(message));
    EXPECT_EQ(parsed.revision(), revision);
    ASSERT_EQ(parsed.nodes_size() + parsed.edges_size(), 1);
    if (parsed.nodes_size() == 1) {
      EXPECT_NE(parsed.nodes(0).name(), node.name());
    }
    ++records;
  }
  EXPECT_TRUE(message.empty());
  const std::vector<std::string> now = WrittenExport(*store_, 5000, 2u << 20);
  v1::ExportGraphResponse all;
  for (const std::string& m : now) {
    ASSERT_TRUE(parsed.ParseFromString(m));
    all.MergeFrom(parsed);
  }
  EXPECT_EQ(all.nodes_size() + all.edges_size(), records + 1);
}

TEST_F(ExportStreamTest, EmptyGraphGivesNoMessage) {
  ExportWriter writer(*store_, 500, 2u << 20);
  std::string message = "stale";
  absl::StatusOr<bool> more = writer.Next(&message);
  ASSERT_TRUE(more.ok()) << more.status();
  EXPECT_FALSE(*more);
  EXPECT_TRUE(message.empty());
  EXPECT_TRUE(MessageBuildingExport(*store_, 500, 2u << 20).empty());
}

TEST_F(ExportStreamTest, ByteBufferHoldsTheBytes) {
  const std::string bytes(100000, 'b');
  grpc::ByteBuffer buffer = ToByteBuffer(bytes);
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(buffer.Dump(&slices).ok());
  std::string back;
  for (const grpc::Slice& slice : slices) {
    back.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  EXPECT_EQ(back, bytes);
}

}  // namespace
}  // namespace evidencegraph::services
