// GraphStore idempotency: a request_id replays its recorded response (also
// after a restart) and refuses to be reused for another request.
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/graph_store.h"
#include "tests/storage/storage_test_util.h"

namespace evidencegraph::storage {
namespace {

using ::evidencegraph::storage::testing::Claim;
using ::evidencegraph::storage::testing::OpenStore;
using ::evidencegraph::storage::testing::Request;
using ::evidencegraph::storage::testing::StatusIs;
using ::evidencegraph::storage::testing::StatusIsReason;
using ::evidencegraph::storage::testing::TempDir;

WriteRequest CreateClaimRequest(const std::string& id, const std::string& request_id) {
  std::vector<WriteOp> ops;
  const v1::Node node = Claim(id, "Massage reduces inflammation");
  ops.push_back(CreateNodeOp{node});
  return Request(std::move(ops), request_id, node.SerializeAsString());
}

TEST(IdempotencyTest, ReplayReturnsTheRecordedResponseWithoutWritingAgain) {
  TempDir dir;
  std::unique_ptr<GraphStore> store = OpenStore(dir.path());
  absl::StatusOr<v1::BatchWriteResponse> first = store->Write(CreateClaimRequest("c1", "req-1"));
  ASSERT_TRUE(first.ok()) << first.status();
  const uint64_t revision = store->Snapshot()->revision();

  absl::StatusOr<v1::BatchWriteResponse> replay = store->Write(CreateClaimRequest("c1", "req-1"));
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->SerializeAsString(), first->SerializeAsString());
  EXPECT_EQ(store->Snapshot()->revision(), revision) << "a replay writes nothing";
}

TEST(IdempotencyTest, SameIdForAnotherRequestIsInvalidArgumentOnRequestId) {
  TempDir dir;
  std::unique_ptr<GraphStore> store = OpenStore(dir.path());
  ASSERT_TRUE(store->Write(CreateClaimRequest("c1", "req-1")).ok());
  absl::StatusOr<v1::BatchWriteResponse> reused = store->Write(CreateClaimRequest("c2", "req-1"));
  EXPECT_THAT(reused, StatusIsReason(absl::StatusCode::kInvalidArgument, "REQUEST_ID_REUSED"));
  EXPECT_EQ(ErrorField(reused.status()), "request_id");
  EXPECT_THAT(store->Snapshot()->GetNode("claims/c2"), StatusIs(absl::StatusCode::kNotFound));
}

TEST(IdempotencyTest, ReplayWorksAfterCloseAndReopen) {
  TempDir dir;
  std::string recorded;
  {
    std::unique_ptr<GraphStore> store = OpenStore(dir.path());
    absl::StatusOr<v1::BatchWriteResponse> first = store->Write(CreateClaimRequest("c1", "req-9"));
    ASSERT_TRUE(first.ok());
    recorded = first->SerializeAsString();
  }
  std::unique_ptr<GraphStore> store = OpenStore(dir.path());
  absl::StatusOr<v1::BatchWriteResponse> replay = store->Write(CreateClaimRequest("c1", "req-9"));
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->SerializeAsString(), recorded);
  EXPECT_THAT(store->Write(CreateClaimRequest("c3", "req-9")),
              StatusIsReason(absl::StatusCode::kInvalidArgument, "REQUEST_ID_REUSED"));
}

TEST(IdempotencyTest, AFailedRequestRecordsNothingAndMayBeRetried) {
  TempDir dir;
  std::unique_ptr<GraphStore> store = OpenStore(dir.path());
  ASSERT_TRUE(store->Write(CreateClaimRequest("c1", "")).ok());
  // Fails: c1 exists. The id is not consumed by the failure...
  EXPECT_THAT(store->Write(CreateClaimRequest("c1", "req-2")),
              StatusIs(absl::StatusCode::kAlreadyExists));
  // ...so it can be used for the request that works.
  EXPECT_TRUE(store->Write(CreateClaimRequest("c2", "req-2")).ok());
}

TEST(IdempotencyTest, ConcurrentIdenticalRetriesApplyOnce) {
  TempDir dir;
  std::unique_ptr<GraphStore> store = OpenStore(dir.path());
  constexpr int kThreads = 4;
  std::vector<absl::StatusOr<v1::BatchWriteResponse>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] { results[t] = store->Write(CreateClaimRequest("c1", "req-c")); });
  }
  for (std::thread& t : threads) t.join();
  // Every caller gets the one result: none sees ALREADY_EXISTS from a twin.
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->SerializeAsString(), results[0]->SerializeAsString());
  }
}

}  // namespace
}  // namespace evidencegraph::storage
