// Specification of services/traverse_stream.h against a real GraphStore: the
// messages written from the walk's views are, byte for byte, the serialised
// TraverseResponses of the message-building stream they replaced (each
// batch's query::Visits moved into VisitedVertex messages, serialised), for
// many starts, directions, filters, bounds and batch sizes, inference
// vertices included; walk errors come out of the first Next().
#include "services/traverse_stream.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/resource_names.h"
#include "evidencegraph/v1/query_service.pb.h"
#include "gtest/gtest.h"
#include "query/traverse.h"
#include "tests/services/traverse_response.h"
#include "tests/services/traverse_test_util.h"
#include "tests/storage/storage_test_util.h"

namespace evidencegraph::services {
namespace {

using ::evidencegraph::services::testing::WrittenTraverse;

// The stream as it was built before (services/query_service.cc until this
// file existed): one TraverseResponse per NextBatch, serialised.
std::vector<std::string> MessageBuildingTraverse(const storage::GraphStore& store,
                                                 const query::TraverseOptions& options,
                                                 absl::Status* error) {
  std::unique_ptr<storage::GraphSnapshot> snapshot = store.Snapshot();
  absl::StatusOr<std::unique_ptr<query::Traversal>> walk =
      query::Traversal::Start(*snapshot, options);
  if (!walk.ok()) {
    *error = walk.status();
    return {};
  }
  std::vector<std::string> out;
  std::vector<query::Visit> batch;
  for (bool done = false; !done;) {
    absl::StatusOr<bool> next = (*walk)->NextBatch(nullptr, &batch);
    if (!next.ok()) {
      *error = next.status();
      return out;
    }
    done = *next;
    out.push_back(testing::TraverseResponseOf(batch, **walk, done).SerializeAsString());
  }
  return out;
}

class TraverseStreamTest : public testing::SyntheticGraphStoreTest {
 protected:
  // Both streams for `options`: equal bytes, message by message, and the
  // same error if any. Returns the message count.
  size_t ExpectSameBytes(const query::TraverseOptions& options) {
    absl::Status reference_error, written_error;
    const std::vector<std::string> reference =
        MessageBuildingTraverse(*store_, options, &reference_error);
    const std::vector<std::string> written = WrittenTraverse(*store_, options, &written_error);
    EXPECT_EQ(written_error, reference_error);
    EXPECT_EQ(written.size(), reference.size());
    for (size_t i = 0; i < std::min(written.size(), reference.size()); ++i) {
      EXPECT_EQ(written[i], reference[i]) << "message " << i;
      if (written[i] != reference[i]) break;
    }
    return reference.size();
  }
};

TEST_F(TraverseStreamTest, SameBytesAsTheMessageBuildingStream) {
  size_t messages = 0;
  for (size_t i = 0; i < 24; ++i) {
    query::TraverseOptions options;
    options.start = {nodes_[(i * 97) % nodes_.size()]};
    options.max_depth = 1 + static_cast<int>(i % 4);
    SCOPED_TRACE(absl::StrCat(options.start[0], " depth ", options.max_depth));
    messages += ExpectSameBytes(options);
  }
  EXPECT_GT(messages, 24u);
}

TEST_F(TraverseStreamTest, SameBytesForInferenceVerticesDirectionsAndFilters) {
  // Both ways an inference names the edge a vertex was reached by: entering
  // it (via_edge is the vertex itself) and leaving it (via_edge is the parent).
  int entered = 0, left = 0;
  for (size_t i = 0; i < std::min<size_t>(inferences_.size(), 6); ++i) {
    query::TraverseOptions options;
    options.start = {inferences_[i], nodes_[i * 13]};
    options.max_depth = 3;
    SCOPED_TRACE(options.start[0]);
    ExpectSameBytes(options);
    absl::Status error;
    for (const std::string& bytes : WrittenTraverse(*store_, options, &error)) {
      v1::TraverseResponse message;
      ASSERT_TRUE(message.ParseFromString(bytes));
      for (const v1::VisitedVertex& v : message.vertices()) {
        if (v.depth() > 0 && v.via_edge() == v.name()) ++entered;
        if (v.depth() > 0 && v.via_edge() == v.parent()) ++left;
      }
    }
    for (v1::EdgeDirection direction :
         {v1::EDGE_DIRECTION_OUTGOING, v1::EDGE_DIRECTION_INCOMING}) {
      options.direction = direction;
      ExpectSameBytes(options);
    }
    options.direction = v1::EDGE_DIRECTION_BOTH;
    options.edges.kinds = {v1::EDGE_KIND_SUPPORTS, v1::EDGE_KIND_TARGETS};
    ExpectSameBytes(options);
    options.edges.kinds = {v1::EDGE_KIND_SUPPORTS};  // no inferences without TARGETS
    ExpectSameBytes(options);
    options.edges.kinds.clear();
    options.nodes.kinds = {v1::NODE_KIND_CLAIM, v1::NODE_KIND_CRITIQUE};
    ExpectSameBytes(options);
  }
  EXPECT_GT(entered, 0);
  EXPECT_GT(left, 0);
}

TEST_F(TraverseStreamTest, SameBytesForEveryBatchSizeAndTruncation) {
  query::TraverseOptions options;
  options.start = {nodes_[1], nodes_[2], nodes_[1], nodes_[40]};  // a duplicate start
  options.max_depth = 4;
  for (int batch : {1, 3, 0, 1000}) {
    for (int max_nodes : {2, 50, 0}) {
      options.batch_size = batch;
      options.max_nodes = max_nodes;
      SCOPED_TRACE(absl::StrCat("batch ", batch, " max_nodes ", max_nodes));
      ExpectSameBytes(options);
    }
  }
}

TEST_F(TraverseStreamTest, LastMessageCarriesTheSummary) {
  query::TraverseOptions options;
  options.start = {nodes_[7]};
  options.max_nodes = 5;
  options.batch_size = 2;
  absl::Status error;
  const std::vector<std::string> written = WrittenTraverse(*store_, options, &error);
  ASSERT_TRUE(error.ok()) << error;
  ASSERT_EQ(written.size(), 3u);
  v1::TraverseResponse last;
  ASSERT_TRUE(last.ParseFromString(written.back()));
  EXPECT_TRUE(last.done());
  EXPECT_TRUE(last.truncated());
  EXPECT_EQ(last.truncation_reason().rfind("max_nodes (5) reached", 0), 0u);
  EXPECT_GT(last.edges_scanned(), 0);
  v1::TraverseResponse first;
  ASSERT_TRUE(first.ParseFromString(written.front()));
  EXPECT_FALSE(first.done());
  EXPECT_EQ(first.vertices_size(), 2);
  EXPECT_EQ(first.vertices(0).name(), nodes_[7]);
  EXPECT_EQ(first.revision(), last.revision());
}

TEST_F(TraverseStreamTest, WalkErrorsComeFromTheFirstMessage) {
  query::TraverseOptions missing;
  missing.start = {"claims/not-there"};
  ExpectSameBytes(missing);
  absl::Status error;
  EXPECT_TRUE(WrittenTraverse(*store_, missing, &error).empty());
  EXPECT_EQ(error.code(), absl::StatusCode::kNotFound);

  query::TraverseOptions too_deep;
  too_deep.start = {nodes_[0]};
  too_deep.max_depth = 11;
  error = absl::OkStatus();
  EXPECT_TRUE(WrittenTraverse(*store_, too_deep, &error).empty());
  EXPECT_EQ(error.code(), absl::StatusCode::kInvalidArgument);

  query::TraverseOptions options;
  options.start = {nodes_[0]};
  TraverseWriter writer(*store_, options);
  std::string message;
  absl::StatusOr<bool> stopped =
      writer.Next([] { return absl::CancelledError("client went away"); }, &message);
  EXPECT_EQ(stopped.status().code(), absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace evidencegraph::services
