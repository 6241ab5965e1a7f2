// Specification of services/traverse_inline.h against a real GraphStore: an
// inline answer is the pooled stream (TraverseWriter on an ordinary
// snapshot), byte for byte and status for status, over starts, directions,
// filters, bounds, truncation and errors; requests outside the bounds, walks
// of more than one message and walks longer than the edge bound decline.
#include "services/traverse_inline.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/resource_names.h"
#include "evidencegraph/v1/query_service.pb.h"
#include "gtest/gtest.h"
#include "services/traverse_stream.h"
#include "tests/services/traverse_test_util.h"
#include "tests/storage/storage_test_util.h"

namespace evidencegraph::services {
namespace {

using ::evidencegraph::services::testing::WrittenTraverse;

class TraverseInlineTest : public testing::SyntheticGraphStoreTest {
 protected:
  // The inline answer, when there is one, equals the pooled stream: one
  // message and OK, or no message and the same error. Returns whether it
  // answered.
  bool ExpectSameStream(const query::TraverseOptions& options) {
    absl::Status pooled_error;
    const std::vector<std::string> pooled = WrittenTraverse(*store_, options, &pooled_error);
    const std::optional<InlineTraverse> inline_answer = TraverseInline(*store_, options, nullptr);
    if (!inline_answer.has_value()) return false;
    EXPECT_EQ(inline_answer->status, pooled_error);
    if (inline_answer->message.has_value()) {
      EXPECT_TRUE(inline_answer->status.ok());
      EXPECT_EQ(pooled.size(), 1u);
      if (!pooled.empty()) {
        EXPECT_EQ(*inline_answer->message, pooled[0]);
      }
    } else {
      EXPECT_FALSE(inline_answer->status.ok());
      EXPECT_TRUE(pooled.empty());
    }
    return true;
  }
};

TEST_F(TraverseInlineTest, AnswersOneHopWalksWithThePooledBytes) {
  int answered = 0;
  for (size_t i = 0; i < 40; ++i) {
    query::TraverseOptions options;
    options.start = {nodes_[(i * 97) % nodes_.size()]};
    if (i % 3 == 0) options.start.push_back(inferences_[i % inferences_.size()]);
    if (i % 5 == 0) options.start.push_back(options.start[0]);  // a duplicate start
    options.max_depth = 1;
    options.direction = static_cast<v1::EdgeDirection>(i % 4);  // UNSPECIFIED, BOTH, OUT, IN
    if (i % 4 == 1) options.edges.kinds = {v1::EDGE_KIND_SUPPORTS};
    if (i % 4 == 2) options.edges.kinds = {v1::EDGE_KIND_TARGETS};
    if (i % 6 == 3) options.nodes.kinds = {v1::NODE_KIND_CLAIM, v1::NODE_KIND_CRITIQUE};
    SCOPED_TRACE(absl::StrCat("case ", i, ": ", options.start[0]));
    if (ExpectSameStream(options)) ++answered;
  }
  // Everything was just written, so it is all in memory: only a walk past
  // the edge bound (a popular claim among the starts) may decline.
  EXPECT_GE(answered, 30);
}

TEST_F(TraverseInlineTest, TruncationAndErrorsAreTheSame) {
  query::TraverseOptions options;
  options.start = {nodes_[1], nodes_[2], nodes_[3]};
  options.max_depth = 1;
  for (int max_nodes : {1, 2, 3, 5}) {
    options.max_nodes = max_nodes;
    SCOPED_TRACE(absl::StrCat("max_nodes ", max_nodes));
    EXPECT_TRUE(ExpectSameStream(options));
  }
  absl::Status error;
  options.max_nodes = 2;
  const std::vector<std::string> truncated = WrittenTraverse(*store_, options, &error);
  ASSERT_EQ(truncated.size(), 1u);
  v1::TraverseResponse message;
  ASSERT_TRUE(message.ParseFromString(truncated[0]));
  EXPECT_TRUE(message.truncated());

  // NOT_FOUND (a missing start) and INVALID_ARGUMENT (a bad start, a bound
  // over its cap) come before any message, inline as from the pool.
  options.max_nodes = 0;
  options.start = {nodes_[1], "claims/no-such-claim"};
  ASSERT_TRUE(ExpectSameStream(options));
  EXPECT_EQ(TraverseInline(*store_, options, nullptr)->status.code(),
            absl::StatusCode::kNotFound);
  options.start = {nodes_[1], ""};
  ASSERT_TRUE(ExpectSameStream(options));
  EXPECT_EQ(TraverseInline(*store_, options, nullptr)->status.code(),
            absl::StatusCode::kInvalidArgument);
  options.start = {nodes_[1]};
  options.max_nodes = query::kTraverseMaxNodes.cap + 1;
  ASSERT_TRUE(ExpectSameStream(options));
  EXPECT_EQ(TraverseInline(*store_, options, nullptr)->status.code(),
            absl::StatusCode::kInvalidArgument);
  // The call's stop (cancellation) ends it as it ends the pooled stream.
  options.max_nodes = 0;
  const std::optional<InlineTraverse> cancelled = TraverseInline(
      *store_, options, [] { return absl::CancelledError("the client cancelled"); });
  ASSERT_TRUE(cancelled.has_value());
  EXPECT_EQ(cancelled->status.code(), absl::StatusCode::kCancelled);
  EXPECT_FALSE(cancelled->message.has_value());
}

TEST_F(TraverseInlineTest, DeclinesOutsideItsBounds) {
  query::TraverseOptions options;
  options.start = {nodes_[1]};
  options.max_depth = 1;
  EXPECT_TRUE(MayTraverseInline(options));
  options.max_depth = 0;  // the default, 3
  EXPECT_FALSE(TraverseInline(*store_, options, nullptr).has_value());
  options.max_depth = 2;
  EXPECT_FALSE(TraverseInline(*store_, options, nullptr).has_value());
  options.max_depth = 1;
  options.edges.kinds = {v1::EDGE_KIND_SUPPORTS, v1::EDGE_KIND_REFUTES};
  EXPECT_FALSE(TraverseInline(*store_, options, nullptr).has_value());
  options.edges.kinds.clear();
  options.start.assign(kInlineTraverseStarts + 1, nodes_[1]);
  EXPECT_FALSE(TraverseInline(*store_, options, nullptr).has_value());
  options.start.resize(kInlineTraverseStarts);
  EXPECT_TRUE(TraverseInline(*store_, options, nullptr).has_value());
}

TEST_F(TraverseInlineTest, DeclinesStreamsOfMoreThanOneMessage) {
  query::TraverseOptions options;
  options.start = {nodes_[1], nodes_[2]};
  options.max_depth = 1;
  options.batch_size = 1;
  absl::Status error;
  ASSERT_GT(WrittenTraverse(*store_, options, &error).size(), 1u);
  EXPECT_FALSE(TraverseInline(*store_, options, nullptr).has_value());
}

TEST_F(TraverseInlineTest, DeclinesWalksLongerThanTheEdgeBound) {
  // The sixteen busiest vertices (popular claims) together pass the bound.
  query::TraverseOptions options;
  options.max_depth = 1;
  options.batch_size = 1000;
  std::vector<std::pair<int64_t, std::string>> degrees;
  for (const std::string& node : nodes_) {
    options.start = {node};
    absl::Status error;
    const std::vector<std::string> pooled = WrittenTraverse(*store_, options, &error);
    ASSERT_EQ(pooled.size(), 1u) << error;
    v1::TraverseResponse message;
    ASSERT_TRUE(message.ParseFromString(pooled[0]));
    degrees.emplace_back(message.edges_scanned(), node);
  }
  std::sort(degrees.rbegin(), degrees.rend());
  options.start.clear();
  for (int i = 0; i < kInlineTraverseStarts; ++i) options.start.push_back(degrees[i].second);
  absl::Status error;
  const std::vector<std::string> pooled = WrittenTraverse(*store_, options, &error);
  ASSERT_EQ(pooled.size(), 1u);
  v1::TraverseResponse message;
  ASSERT_TRUE(message.ParseFromString(pooled[0]));
  ASSERT_GE(message.edges_scanned(), query::kStopPollEdges);
  EXPECT_FALSE(TraverseInline(*store_, options, nullptr).has_value());
  // The quietest vertex alone stays within it.
  options.start = {degrees.back().second};
  EXPECT_TRUE(ExpectSameStream(options));
}

}  // namespace
}  // namespace evidencegraph::services
