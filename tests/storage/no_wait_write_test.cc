// GraphStore::WriteIfNoWait: the write a gRPC thread may try. When it answers,
// the answer is Write()'s (results, errors, etags, request_id replays); when
// it would wait it declines with nothing written, and Write() then applies
// the request exactly once.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "storage/graph_store.h"
#include "tests/storage/storage_test_util.h"

namespace evidencegraph::storage {
namespace {

using ::evidencegraph::storage::testing::Claim;
using ::evidencegraph::storage::testing::CreateNode;
using ::evidencegraph::storage::testing::Edge;
using ::evidencegraph::storage::testing::OpenStore;
using ::evidencegraph::storage::testing::Request;
using ::evidencegraph::storage::testing::StatusIs;
using ::evidencegraph::storage::testing::StatusIsReason;
using ::evidencegraph::storage::testing::Study;
using ::evidencegraph::storage::testing::TempDir;
using ::evidencegraph::storage::testing::TestStoreOptions;
using ::google::protobuf::util::MessageDifferencer;

WriteRequest One(WriteOp op, std::string request_id = "", std::string fingerprint = "") {
  std::vector<WriteOp> ops;
  ops.push_back(std::move(op));
  return Request(std::move(ops), std::move(request_id), std::move(fingerprint));
}

// An update that sets the claim's statement and counts its runs.
WriteRequest SetStatement(const std::string& name, const std::string& statement,
                          const std::string& etag = "", int* runs = nullptr) {
  UpdateNodeOp op;
  op.name = name;
  op.expected_etag = etag;
  op.mutate = [statement, runs](v1::Node& node) {
    if (runs != nullptr) ++*runs;
    node.mutable_claim()->set_statement(statement);
    return absl::OkStatus();
  };
  return One(std::move(op));
}

class NoWaitWriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(dir_.path());
    ASSERT_NE(store_, nullptr);
    ASSERT_TRUE(CreateNode(*store_, Claim("c1", "Massage reduces soreness")).ok());
    ASSERT_TRUE(CreateNode(*store_, Study("s1")).ok());
  }

  // Recovery writes the log to table files; the new block cache holds none
  // of their data blocks, so reading a stored record needs the disk.
  void Reopen(const GraphStoreOptions& options) {
    store_.reset();
    store_ = OpenStore(options);
    ASSERT_NE(store_, nullptr);
  }

  v1::Node Stored(const std::string& name) {
    absl::StatusOr<v1::Node> node = store_->Snapshot()->GetNode(name);
    EXPECT_TRUE(node.ok()) << node.status();
    return node.ok() ? *node : v1::Node();
  }

  TempDir dir_;
  std::unique_ptr<GraphStore> store_;
};

TEST_F(NoWaitWriteTest, CreatesAndUpdatesFromMemoryLikeWrite) {
  absl::StatusOr<std::optional<v1::BatchWriteResponse>> created =
      store_->WriteIfNoWait(One(CreateNodeOp{Claim("c2", "Heat helps")}));
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_TRUE(created->has_value());
  ASSERT_EQ((*created)->results_size(), 1);
  EXPECT_TRUE(MessageDifferencer::Equals((*created)->results(0).node(), Stored("claims/c2")));

  const std::string etag = Stored("claims/c1").etag();
  absl::StatusOr<std::optional<v1::BatchWriteResponse>> updated =
      store_->WriteIfNoWait(SetStatement("claims/c1", "Massage helps", etag));
  ASSERT_TRUE(updated.ok()) << updated.status();
  ASSERT_TRUE(updated->has_value());
  EXPECT_EQ((*updated)->results(0).node().claim().statement(), "Massage helps");
  EXPECT_NE((*updated)->results(0).node().etag(), etag);
  EXPECT_TRUE(MessageDifferencer::Equals((*updated)->results(0).node(), Stored("claims/c1")));

  v1::Edge edge = Edge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1");
  absl::StatusOr<std::optional<v1::BatchWriteResponse>> linked =
      store_->WriteIfNoWait(One(CreateEdgeOp{edge}));
  ASSERT_TRUE(linked.ok()) << linked.status();
  ASSERT_TRUE(linked->has_value());
  EXPECT_EQ((*linked)->results(0).edge().name(), "studies/s1/edges/supports/claims/c1");
}

TEST_F(NoWaitWriteTest, ErrorsAreWritesErrors) {
  auto answer = [&](WriteRequest request) {
    absl::StatusOr<std::optional<v1::BatchWriteResponse>> out =
        store_->WriteIfNoWait(request);
    EXPECT_TRUE(!out.ok() || out->has_value()) << "declined an in-memory write";
    return out.ok() ? absl::OkStatus() : out.status();
  };
  EXPECT_THAT(answer(One(CreateNodeOp{Claim("c1", "again")})),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(answer(SetStatement("claims/nope", "x")), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(answer(SetStatement("claims/c1", "x", "stale-etag")),
              StatusIsReason(absl::StatusCode::kAborted, "ETAG_MISMATCH"));
  EXPECT_THAT(answer(One(CreateEdgeOp{Edge("studies/s1", v1::EDGE_KIND_SUPPORTS,
                                           "claims/missing")})),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(answer(Request({})), StatusIs(absl::StatusCode::kInvalidArgument));
  // None of them wrote anything.
  EXPECT_EQ(Stored("claims/c1").claim().statement(), "Massage reduces soreness");
}

TEST_F(NoWaitWriteTest, RequestIdsReplayAcrossBothPaths) {
  WriteRequest request = One(CreateNodeOp{Claim("c3", "Ice helps")}, "req-1", "fp-1");
  absl::StatusOr<std::optional<v1::BatchWriteResponse>> first = store_->WriteIfNoWait(request);
  ASSERT_TRUE(first.ok() && first->has_value()) << first.status();

  // The retry, through either path, replays the recorded response.
  absl::StatusOr<std::optional<v1::BatchWriteResponse>> again = store_->WriteIfNoWait(request);
  ASSERT_TRUE(again.ok() && again->has_value()) << again.status();
  EXPECT_TRUE(MessageDifferencer::Equals(**again, **first));
  absl::StatusOr<v1::BatchWriteResponse> pooled = store_->Write(request);
  ASSERT_TRUE(pooled.ok()) << pooled.status();
  EXPECT_TRUE(MessageDifferencer::Equals(*pooled, **first));

  // The same id for another request is refused on both paths.
  WriteRequest other = One(CreateNodeOp{Claim("c4", "Rest helps")}, "req-1", "fp-2");
  EXPECT_THAT(store_->WriteIfNoWait(other),
              StatusIsReason(absl::StatusCode::kInvalidArgument, "REQUEST_ID_REUSED"));
  EXPECT_THAT(store_->Write(other),
              StatusIsReason(absl::StatusCode::kInvalidArgument, "REQUEST_ID_REUSED"));
  EXPECT_THAT(store_->Snapshot()->GetNode("claims/c4"), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(NoWaitWriteTest, DeclinesADiskReadWritingNothingThenWriteAppliesOnce) {
  Reopen(TestStoreOptions(dir_.path()));
  int runs = 0;
  WriteRequest update = SetStatement("claims/c1", "Massage helps", "", &runs);
  absl::StatusOr<std::optional<v1::BatchWriteResponse>> declined = store_->WriteIfNoWait(update);
  ASSERT_TRUE(declined.ok()) << declined.status();
  EXPECT_FALSE(declined->has_value());
  EXPECT_EQ(runs, 0);  // declined at the read, before the update ran

  const v1::Node before = Stored("claims/c1");
  EXPECT_EQ(before.claim().statement(), "Massage reduces soreness");

  absl::StatusOr<v1::BatchWriteResponse> written = store_->Write(update);
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(runs, 1);
  const v1::Node after = Stored("claims/c1");
  EXPECT_EQ(after.claim().statement(), "Massage helps");
  EXPECT_NE(after.etag(), before.etag());
  EXPECT_TRUE(MessageDifferencer::Equals(written->results(0).node(), after));
}

TEST_F(NoWaitWriteTest, DeclinesWhatMustWait) {
  // Deletes scan table files.
  DeleteNodeOp remove;
  remove.name = "claims/c1";
  absl::StatusOr<std::optional<v1::BatchWriteResponse>> deleted =
      store_->WriteIfNoWait(One(remove));
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_FALSE(deleted->has_value());
  EXPECT_TRUE(store_->Snapshot()->GetNode("claims/c1").ok());

  // A synced WAL waits for the disk.
  GraphStoreOptions synced = TestStoreOptions(dir_.path());
  synced.sync_writes = true;
  Reopen(synced);
  absl::StatusOr<std::optional<v1::BatchWriteResponse>> sync_create =
      store_->WriteIfNoWait(One(CreateNodeOp{Claim("c5", "Sleep helps")}));
  ASSERT_TRUE(sync_create.ok()) << sync_create.status();
  EXPECT_FALSE(sync_create->has_value());
  EXPECT_THAT(store_->Snapshot()->GetNode("claims/c5"), StatusIs(absl::StatusCode::kNotFound));

  // A request Write() takes exclusively waits for every transaction.
  GraphStoreOptions exclusive = TestStoreOptions(dir_.path());
  exclusive.exclusive_create_min_ops = 1;
  Reopen(exclusive);
  absl::StatusOr<std::optional<v1::BatchWriteResponse>> exclusive_create =
      store_->WriteIfNoWait(One(CreateNodeOp{Claim("c6", "Walking helps")}));
  ASSERT_TRUE(exclusive_create.ok()) << exclusive_create.status();
  EXPECT_FALSE(exclusive_create->has_value());
  EXPECT_THAT(store_->Snapshot()->GetNode("claims/c6"), StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace evidencegraph::storage
