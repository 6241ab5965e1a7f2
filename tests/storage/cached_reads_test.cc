// GraphStore::GetNodeIfCached / GetEdgeIfCached: what a gRPC thread may read
// without blocking. They must agree with the snapshot reads whenever they
// answer, and decline (nullopt) rather than read a file.
#include <memory>
#include <optional>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "storage/graph_store.h"
#include "tests/storage/storage_test_util.h"

namespace evidencegraph::storage {
namespace {

using ::evidencegraph::storage::testing::Claim;
using ::evidencegraph::storage::testing::CreateEdge;
using ::evidencegraph::storage::testing::CreateNode;
using ::evidencegraph::storage::testing::Edge;
using ::evidencegraph::storage::testing::EdgeNameOf;
using ::evidencegraph::storage::testing::OpenStore;
using ::evidencegraph::storage::testing::StatusIs;
using ::evidencegraph::storage::testing::Study;
using ::evidencegraph::storage::testing::TempDir;
using ::google::protobuf::util::MessageDifferencer;

constexpr char kSupports[] = "studies/s1/edges/supports/claims/c1";

class CachedReadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(dir_.path());
    ASSERT_NE(store_, nullptr);
    ASSERT_TRUE(CreateNode(*store_, Claim("c1", "Massage reduces soreness", {"physio"})).ok());
    ASSERT_TRUE(CreateNode(*store_, Study("s1")).ok());
    ASSERT_TRUE(
        CreateEdge(*store_, Edge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1")).ok());
  }

  // Closes and reopens the store: recovery writes the log to table files,
  // and the new block cache holds none of their data blocks.
  void Reopen() {
    store_.reset();
    store_ = OpenStore(dir_.path());
    ASSERT_NE(store_, nullptr);
  }

  TempDir dir_;
  std::unique_ptr<GraphStore> store_;
};

TEST_F(CachedReadsTest, AnswersFromMemoryLikeTheSnapshot) {
  absl::StatusOr<std::optional<v1::Node>> node = store_->GetNodeIfCached("claims/c1");
  ASSERT_TRUE(node.ok()) << node.status();
  ASSERT_TRUE(node->has_value());
  absl::StatusOr<v1::Node> expected_node = store_->Snapshot()->GetNode("claims/c1");
  ASSERT_TRUE(expected_node.ok());
  EXPECT_TRUE(MessageDifferencer::Equals(**node, *expected_node));

  absl::StatusOr<std::optional<v1::Edge>> edge = store_->GetEdgeIfCached(kSupports);
  ASSERT_TRUE(edge.ok()) << edge.status();
  ASSERT_TRUE(edge->has_value());
  absl::StatusOr<v1::Edge> expected_edge = store_->Snapshot()->GetEdge(kSupports);
  ASSERT_TRUE(expected_edge.ok());
  EXPECT_TRUE(MessageDifferencer::Equals(**edge, *expected_edge));
  EXPECT_EQ((*edge)->name(), kSupports);
}

TEST_F(CachedReadsTest, ErrorsMatchTheSnapshotReads) {
  EXPECT_THAT(store_->GetNodeIfCached("claims/nope").status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(store_->GetEdgeIfCached("studies/s1/edges/refutes/claims/c1").status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(store_->GetNodeIfCached("not a name").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(store_->GetEdgeIfCached("claims/c1").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorField(store_->GetNodeIfCached("not a name").status()), "name");
}

TEST_F(CachedReadsTest, SeesWritesAtOnce) {
  ASSERT_TRUE(CreateNode(*store_, Claim("c2", "Heat helps")).ok());
  absl::StatusOr<std::optional<v1::Node>> node = store_->GetNodeIfCached("claims/c2");
  ASSERT_TRUE(node.ok() && node->has_value());
  EXPECT_EQ((*node)->claim().statement(), "Heat helps");
}

TEST_F(CachedReadsTest, DeclinesWhatOnlyTheDiskHoldsThenAnswersOnceCached) {
  Reopen();
  // Nothing of the records is in memory: no answer, and no error.
  absl::StatusOr<std::optional<v1::Node>> cold = store_->GetNodeIfCached("claims/c1");
  ASSERT_TRUE(cold.ok()) << cold.status();
  EXPECT_FALSE(cold->has_value());
  absl::StatusOr<std::optional<v1::Edge>> cold_edge = store_->GetEdgeIfCached(kSupports);
  ASSERT_TRUE(cold_edge.ok()) << cold_edge.status();
  EXPECT_FALSE(cold_edge->has_value());

  // A normal read loads the blocks; then the cached read answers.
  absl::StatusOr<v1::Node> read = store_->Snapshot()->GetNode("claims/c1");
  ASSERT_TRUE(read.ok()) << read.status();
  absl::StatusOr<std::optional<v1::Node>> warm = store_->GetNodeIfCached("claims/c1");
  ASSERT_TRUE(warm.ok()) << warm.status();
  ASSERT_TRUE(warm->has_value());
  EXPECT_TRUE(MessageDifferencer::Equals(**warm, *read));
  ASSERT_TRUE(store_->Snapshot()->GetEdge(kSupports).ok());
  absl::StatusOr<std::optional<v1::Edge>> warm_edge = store_->GetEdgeIfCached(kSupports);
  ASSERT_TRUE(warm_edge.ok() && warm_edge->has_value());
  EXPECT_EQ((*warm_edge)->name(), kSupports);
}

TEST_F(CachedReadsTest, AMissingRecordIsNotFoundOrDeclinedNeverInvented) {
  Reopen();
  // Whether the filters are in memory decides between NOT_FOUND and
  // "ask the disk"; either is right, a value is not.
  absl::StatusOr<std::optional<v1::Node>> missing = store_->GetNodeIfCached("claims/nope");
  if (missing.ok()) {
    EXPECT_FALSE(missing->has_value());
  } else {
    EXPECT_THAT(missing.status(), StatusIs(absl::StatusCode::kNotFound));
  }
}

}  // namespace
}  // namespace evidencegraph::storage
