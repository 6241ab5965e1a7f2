// request_id retention: expired records count as unused on both write paths
// and are dropped by compaction; fresh and unreadable ones are kept.
#include "storage/request_records.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/graph_store.h"
#include "storage/keys.h"
#include "tests/storage/storage_test_util.h"

namespace evidencegraph::storage {
namespace {

using ::evidencegraph::storage::testing::Claim;
using ::evidencegraph::storage::testing::Request;
using ::evidencegraph::storage::testing::StatusIs;
using ::evidencegraph::storage::testing::StatusIsReason;
using ::evidencegraph::storage::testing::TempDir;

constexpr absl::Duration kRetention = absl::Milliseconds(300);

std::unique_ptr<GraphStore> OpenWithRetention(const std::string& path) {
  GraphStoreOptions options = testing::TestStoreOptions(path);
  options.request_id_retention = kRetention;
  return testing::OpenStore(options);
}

// `count` claim creates "<prefix>0".. in one request (16+ takes the
// create-only batch path, 1 the transaction).
WriteRequest CreateClaims(const std::string& prefix, int count, const std::string& request_id) {
  std::vector<WriteOp> ops;
  std::string fingerprint;
  for (int i = 0; i < count; ++i) {
    const v1::Node node = Claim(prefix + std::to_string(i), "Massage reduces inflammation");
    fingerprint += node.SerializeAsString();
    ops.push_back(CreateNodeOp{node});
  }
  return Request(std::move(ops), request_id, fingerprint);
}

std::string Record(absl::Time created) {
  keys::IdempotencyRecord record;
  record.create_micros = absl::ToUnixMicros(created);
  record.fingerprint = "fp";
  return keys::EncodeIdempotencyRecord(record);
}

TEST(RequestRecordsTest, ExpiryFollowsTheRetention) {
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  const int64_t hour_ago = absl::ToUnixMicros(now - absl::Hours(1));
  EXPECT_TRUE(IsRecordExpired(hour_ago, now, absl::Minutes(59)));
  EXPECT_FALSE(IsRecordExpired(hour_ago, now, absl::Minutes(61)));
  EXPECT_FALSE(IsRecordExpired(hour_ago, now, absl::InfiniteDuration()));
  EXPECT_FALSE(IsRecordExpired(hour_ago, now, absl::ZeroDuration()));
  EXPECT_EQ(*keys::IdempotencyRecordCreateMicros(Record(now)), absl::ToUnixMicros(now));
  EXPECT_FALSE(keys::IdempotencyRecordCreateMicros("").ok());
  EXPECT_FALSE(keys::IdempotencyRecordCreateMicros("\x01\x02").ok());
}

class RetentionPathTest : public ::testing::TestWithParam<int> {};

// Within the retention a retry replays; after it the id runs a new request,
// whose record then replaces the old one.
TEST_P(RetentionPathTest, AnExpiredIdIsFreeForANewRequest) {
  const int ops = GetParam();
  TempDir dir;
  std::unique_ptr<GraphStore> store = OpenWithRetention(dir.path());
  ASSERT_NE(store, nullptr);
  absl::StatusOr<v1::BatchWriteResponse> first = store->Write(CreateClaims("a", ops, "req-1"));
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<v1::BatchWriteResponse> replay = store->Write(CreateClaims("a", ops, "req-1"));
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->SerializeAsString(), first->SerializeAsString());
  EXPECT_THAT(store->Write(CreateClaims("b", ops, "req-1")),
              StatusIsReason(absl::StatusCode::kInvalidArgument, "REQUEST_ID_REUSED"));

  absl::SleepFor(kRetention + absl::Milliseconds(100));
  // The original request now runs again (and fails: its claims exist).
  EXPECT_THAT(store->Write(CreateClaims("a", ops, "req-1")),
              StatusIs(absl::StatusCode::kAlreadyExists));
  // A different request under the same id is accepted and recorded.
  absl::StatusOr<v1::BatchWriteResponse> second = store->Write(CreateClaims("b", ops, "req-1"));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(store->Snapshot()->GetNode("claims/b0").ok());
  absl::StatusOr<v1::BatchWriteResponse> second_replay =
      store->Write(CreateClaims("b", ops, "req-1"));
  ASSERT_TRUE(second_replay.ok()) << second_replay.status();
  EXPECT_EQ(second_replay->SerializeAsString(), second->SerializeAsString());
  EXPECT_THAT(store->Write(CreateClaims("c", ops, "req-1")),
              StatusIsReason(absl::StatusCode::kInvalidArgument, "REQUEST_ID_REUSED"));
}

INSTANTIATE_TEST_SUITE_P(TransactionAndCreateBatch, RetentionPathTest, ::testing::Values(1, 20));

// The filter on a real RocksDB: a compaction drops expired records only.
TEST(RequestRecordsTest, CompactionDropsExpiredRecordsOnly) {
  TempDir dir;
  rocksdb::Options options;
  options.create_if_missing = true;
  options.compaction_filter_factory = NewExpiredRecordFilterFactory(absl::Hours(1));
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, dir.path(), &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  const absl::Time now = absl::Now();
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "old", Record(now - absl::Hours(2))).ok());
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "fresh", Record(now - absl::Minutes(5))).ok());
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "unreadable", "garbage").ok());
  ASSERT_TRUE(db->Flush(rocksdb::FlushOptions()).ok());
  ASSERT_TRUE(db->CompactRange(rocksdb::CompactRangeOptions(), nullptr, nullptr).ok());
  std::string value;
  EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), "old", &value).IsNotFound());
  EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), "fresh", &value).ok());
  EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), "unreadable", &value).ok());
}

}  // namespace
}  // namespace evidencegraph::storage
