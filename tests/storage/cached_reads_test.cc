// GraphStore::ReadNodeIfCached / ReadEdgeIfCached: what a gRPC thread may read
// without blocking. They must agree with the snapshot reads whenever they
// answer (byte for byte with the serialised message), and decline (false)
// rather than read a file.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "storage/cached_reads.h"
#include "storage/graph_store.h"
#include "storage/keys.h"
#include "storage/rocks_db.h"
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
using ::evidencegraph::storage::testing::StatusIsReason;
using ::evidencegraph::storage::testing::TestStoreOptions;
using ::evidencegraph::storage::testing::Study;
using ::evidencegraph::storage::testing::TempDir;
using ::google::protobuf::util::MessageDifferencer;

constexpr char kSupports[] = "studies/s1/edges/supports/claims/c1";

// What a cached read handed out: the record's bytes, nullopt when declined.
using Read = absl::StatusOr<bool> (GraphStore::*)(
    absl::string_view, absl::FunctionRef<void(const SerializedRecord&)>) const;

absl::StatusOr<std::optional<std::string>> BytesIfCached(const GraphStore& store, Read read,
                                                         absl::string_view name) {
  std::string bytes;
  absl::StatusOr<bool> found = (store.*read)(name, [&](const SerializedRecord& record) {
    bytes = absl::StrCat(record.head, record.body);
  });
  if (!found.ok()) return found.status();
  if (!*found) return std::nullopt;
  return std::optional<std::string>(std::move(bytes));
}

// The same, parsed (the old GetNodeIfCached / GetEdgeIfCached shape).
template <typename Message>
absl::StatusOr<std::optional<Message>> IfCached(const GraphStore& store, Read read,
                                                absl::string_view name) {
  absl::StatusOr<std::optional<std::string>> bytes = BytesIfCached(store, read, name);
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return std::nullopt;
  std::optional<Message> message(std::in_place);
  EXPECT_TRUE(message->ParseFromString(**bytes));
  return message;
}

absl::StatusOr<std::optional<v1::Node>> NodeIfCached(const GraphStore& store,
                                                     absl::string_view name) {
  return IfCached<v1::Node>(store, &GraphStore::ReadNodeIfCached, name);
}

absl::StatusOr<std::optional<v1::Edge>> EdgeIfCached(const GraphStore& store,
                                                     absl::string_view name) {
  return IfCached<v1::Edge>(store, &GraphStore::ReadEdgeIfCached, name);
}

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
  absl::StatusOr<std::optional<v1::Node>> node = NodeIfCached(*store_, "claims/c1");
  ASSERT_TRUE(node.ok()) << node.status();
  ASSERT_TRUE(node->has_value());
  absl::StatusOr<v1::Node> expected_node = store_->Snapshot()->GetNode("claims/c1");
  ASSERT_TRUE(expected_node.ok());
  EXPECT_TRUE(MessageDifferencer::Equals(**node, *expected_node));

  absl::StatusOr<std::optional<v1::Edge>> edge = EdgeIfCached(*store_, kSupports);
  ASSERT_TRUE(edge.ok()) << edge.status();
  ASSERT_TRUE(edge->has_value());
  absl::StatusOr<v1::Edge> expected_edge = store_->Snapshot()->GetEdge(kSupports);
  ASSERT_TRUE(expected_edge.ok());
  EXPECT_TRUE(MessageDifferencer::Equals(**edge, *expected_edge));
  EXPECT_EQ((*edge)->name(), kSupports);
}

TEST_F(CachedReadsTest, ErrorsMatchTheSnapshotReads) {
  EXPECT_THAT(NodeIfCached(*store_, "claims/nope").status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(EdgeIfCached(*store_, "studies/s1/edges/refutes/claims/c1").status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(NodeIfCached(*store_, "not a name").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(EdgeIfCached(*store_, "claims/c1").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorField(NodeIfCached(*store_, "not a name").status()), "name");
}

TEST_F(CachedReadsTest, SeesWritesAtOnce) {
  ASSERT_TRUE(CreateNode(*store_, Claim("c2", "Heat helps")).ok());
  absl::StatusOr<std::optional<v1::Node>> node = NodeIfCached(*store_, "claims/c2");
  ASSERT_TRUE(node.ok() && node->has_value());
  EXPECT_EQ((*node)->claim().statement(), "Heat helps");
}

TEST_F(CachedReadsTest, DeclinesWhatOnlyTheDiskHoldsThenAnswersOnceCached) {
  Reopen();
  // Nothing of the records is in memory: no answer, and no error.
  absl::StatusOr<std::optional<v1::Node>> cold = NodeIfCached(*store_, "claims/c1");
  ASSERT_TRUE(cold.ok()) << cold.status();
  EXPECT_FALSE(cold->has_value());
  absl::StatusOr<std::optional<v1::Edge>> cold_edge = EdgeIfCached(*store_, kSupports);
  ASSERT_TRUE(cold_edge.ok()) << cold_edge.status();
  EXPECT_FALSE(cold_edge->has_value());

  // A normal read loads the blocks; then the cached read answers.
  absl::StatusOr<v1::Node> read = store_->Snapshot()->GetNode("claims/c1");
  ASSERT_TRUE(read.ok()) << read.status();
  absl::StatusOr<std::optional<v1::Node>> warm = NodeIfCached(*store_, "claims/c1");
  ASSERT_TRUE(warm.ok()) << warm.status();
  ASSERT_TRUE(warm->has_value());
  EXPECT_TRUE(MessageDifferencer::Equals(**warm, *read));
  ASSERT_TRUE(store_->Snapshot()->GetEdge(kSupports).ok());
  absl::StatusOr<std::optional<v1::Edge>> warm_edge = EdgeIfCached(*store_, kSupports);
  ASSERT_TRUE(warm_edge.ok() && warm_edge->has_value());
  EXPECT_EQ((*warm_edge)->name(), kSupports);
}

TEST_F(CachedReadsTest, AMissingRecordIsNotFoundOrDeclinedNeverInvented) {
  Reopen();
  // Whether the filters are in memory decides between NOT_FOUND and
  // "ask the disk"; either is right, a value is not.
  absl::StatusOr<std::optional<v1::Node>> missing = NodeIfCached(*store_, "claims/nope");
  if (missing.ok()) {
    EXPECT_FALSE(missing->has_value());
  } else {
    EXPECT_THAT(missing.status(), StatusIs(absl::StatusCode::kNotFound));
  }
}

TEST_F(CachedReadsTest, HandsOutTheSerialisedMessageByteForByte) {
  absl::StatusOr<std::optional<std::string>> node =
      BytesIfCached(*store_, &GraphStore::ReadNodeIfCached, "claims/c1");
  ASSERT_TRUE(node.ok() && node->has_value()) << node.status();
  absl::StatusOr<v1::Node> expected_node = store_->Snapshot()->GetNode("claims/c1");
  ASSERT_TRUE(expected_node.ok());
  EXPECT_EQ(**node, expected_node->SerializeAsString());

  absl::StatusOr<std::optional<std::string>> edge =
      BytesIfCached(*store_, &GraphStore::ReadEdgeIfCached, kSupports);
  ASSERT_TRUE(edge.ok() && edge->has_value()) << edge.status();
  absl::StatusOr<v1::Edge> expected_edge = store_->Snapshot()->GetEdge(kSupports);
  ASSERT_TRUE(expected_edge.ok());
  EXPECT_EQ(**edge, expected_edge->SerializeAsString());
}

// GraphStore::MemorySnapshot: the snapshot reads of the inline ExplainClaim.
TEST_F(CachedReadsTest, MemorySnapshotReadsEqualTheSnapshotsWhenInMemory) {
  std::unique_ptr<GraphSnapshot> memory = store_->MemorySnapshot();
  std::unique_ptr<GraphSnapshot> plain = store_->Snapshot();
  absl::StatusOr<v1::Node> node = memory->GetNode("claims/c1");
  ASSERT_TRUE(node.ok()) << node.status();
  EXPECT_EQ(node->SerializeAsString(), plain->GetNode("claims/c1")->SerializeAsString());
  absl::StatusOr<std::vector<v1::Edge>> edges =
      memory->GetEdges(std::vector<std::string>{kSupports});
  ASSERT_TRUE(edges.ok()) << edges.status();
  EXPECT_EQ((*edges)[0].SerializeAsString(), plain->GetEdge(kSupports)->SerializeAsString());
  std::vector<std::string> adjacent;
  ASSERT_TRUE(memory
                  ->ForEachAdjacent("claims/c1", v1::EDGE_DIRECTION_INCOMING,
                                    v1::EDGE_KIND_UNSPECIFIED,
                                    [&](const Adjacency& a) {
                                      adjacent.emplace_back(a.neighbor);
                                      return true;
                                    })
                  .ok());
  EXPECT_EQ(adjacent, std::vector<std::string>{"studies/s1"});
  EXPECT_THAT(memory->GetNode("claims/nope").status(), StatusIs(absl::StatusCode::kNotFound));
  // Full scans are refused outright.
  EXPECT_TRUE(IsNotInMemory(memory->SearchClaims("massage", 0, 10).status()));
  EXPECT_TRUE(IsNotInMemory(
      memory->ScanSerializedNodes()->Read([](const SerializedRecord&) { return true; }).status()));
}

TEST_F(CachedReadsTest, MemorySnapshotFailsNotInMemoryForWhatOnlyTheDiskHolds) {
  Reopen();
  std::unique_ptr<GraphSnapshot> memory = store_->MemorySnapshot();
  absl::StatusOr<v1::Node> cold = memory->GetNode("claims/c1");
  EXPECT_TRUE(IsNotInMemory(cold.status())) << cold.status();
  absl::Status scan = memory->ForEachAdjacent("claims/c1", v1::EDGE_DIRECTION_INCOMING,
                                              v1::EDGE_KIND_UNSPECIFIED,
                                              [](const Adjacency&) { return true; });
  EXPECT_TRUE(scan.ok() || IsNotInMemory(scan)) << scan;
  // An ordinary read loads the blocks; a new memory snapshot then answers.
  absl::StatusOr<v1::Node> read = store_->Snapshot()->GetNode("claims/c1");
  ASSERT_TRUE(read.ok()) << read.status();
  absl::StatusOr<v1::Node> warm = store_->MemorySnapshot()->GetNode("claims/c1");
  ASSERT_TRUE(warm.ok()) << warm.status();
  EXPECT_EQ(warm->SerializeAsString(), read->SerializeAsString());
}

// Stored values the fast path does not take: read through RocksDb directly,
// since nothing above storage/keys.h can write such bytes.
class CachedReadsOfOddValuesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<RocksDb>> db = RocksDb::Open(TestStoreOptions(dir_.path()));
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
  }

  void Put(keys::Family family, const std::string& key, const std::string& value) {
    ASSERT_TRUE(db_->db()->Put(rocksdb::WriteOptions(), db_->cf(family), key, value).ok());
  }

  absl::StatusOr<std::optional<std::string>> NodeBytes(absl::string_view name) {
    std::string bytes;
    absl::StatusOr<bool> found = ReadNodeIfCached(*db_, name, [&](const SerializedRecord& r) {
      bytes = absl::StrCat(r.head, r.body);
    });
    if (!found.ok()) return found.status();
    if (!*found) return std::nullopt;
    return std::optional<std::string>(std::move(bytes));
  }

  absl::StatusOr<std::optional<std::string>> EdgeBytes(absl::string_view name) {
    std::string bytes;
    absl::StatusOr<bool> found = ReadEdgeIfCached(*db_, name, [&](const SerializedRecord& r) {
      bytes = absl::StrCat(r.head, r.body);
    });
    if (!found.ok()) return found.status();
    if (!*found) return std::nullopt;
    return std::optional<std::string>(std::move(bytes));
  }

  TempDir dir_;
  std::unique_ptr<RocksDb> db_;
};

TEST_F(CachedReadsOfOddValuesTest, DamagedValuesAreStorageCorruption) {
  Put(keys::Family::kNodes, keys::NodeKey("claims/bad"), "\xff\xff\xff");
  EXPECT_THAT(NodeBytes("claims/bad"),
              StatusIsReason(absl::StatusCode::kInternal, "STORAGE_CORRUPTION"));
  Put(keys::Family::kOutEdges, keys::OutEdgeKey("studies/s", v1::EDGE_KIND_SUPPORTS, "claims/c"),
      "\xff\xff");
  EXPECT_THAT(EdgeBytes("studies/s/edges/supports/claims/c"),
              StatusIsReason(absl::StatusCode::kInternal, "STORAGE_CORRUPTION"));
}

TEST_F(CachedReadsOfOddValuesTest, AValueNotInCanonicalOrderIsReserialised) {
  // A node whose name is not its first field parses fine; the answer is what
  // the parse-and-serialise read gives, not the stored bytes.
  v1::Node node;
  node.set_name("claims/odd");
  node.set_kind(v1::NODE_KIND_CLAIM);
  node.mutable_claim()->set_statement("Odd order");
  const std::string canonical = node.SerializeAsString();
  std::string reordered;
  {
    v1::Node tail = node;
    tail.clear_name();
    v1::Node head;
    head.set_name(node.name());
    reordered = tail.SerializeAsString() + head.SerializeAsString();
  }
  ASSERT_NE(reordered, canonical);
  Put(keys::Family::kNodes, keys::NodeKey("claims/odd"), reordered);
  absl::StatusOr<std::optional<std::string>> bytes = NodeBytes("claims/odd");
  ASSERT_TRUE(bytes.ok() && bytes->has_value()) << bytes.status();
  EXPECT_EQ(**bytes, canonical);
}

}  // namespace
}  // namespace evidencegraph::storage
