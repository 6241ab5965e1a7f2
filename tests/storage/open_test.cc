// GraphStore::Open and the database's lifecycle: persistence across reopen,
// refusal of unknown formats, checkpoints, IsEmpty.
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/graph_store.h"
#include "storage/keys.h"
#include "tests/storage/storage_test_util.h"

namespace evidencegraph::storage {
namespace {

using ::evidencegraph::storage::testing::Claim;
using ::evidencegraph::storage::testing::CreateEdge;
using ::evidencegraph::storage::testing::CreateNode;
using ::evidencegraph::storage::testing::Edge;
using ::evidencegraph::storage::testing::OpenStore;
using ::evidencegraph::storage::testing::StatusIs;
using ::evidencegraph::storage::testing::StatusIsReason;
using ::evidencegraph::storage::testing::Study;
using ::evidencegraph::storage::testing::TempDir;

absl::StatusOr<std::unique_ptr<GraphStore>> TryOpen(const std::string& path) {
  GraphStoreOptions options;
  options.path = path;
  return GraphStore::Open(options);
}

// Opens the database with plain RocksDB (every family, default options) and
// runs `edit` on it: how the tests fake a database from another version.
template <typename Edit>
void EditRaw(const std::string& path, Edit edit) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (keys::Family f : keys::kAllFamilies) {
    descriptors.emplace_back(std::string(keys::FamilyName(f)), rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::DBOptions options;
  ASSERT_TRUE(rocksdb::DB::Open(options, path, descriptors, &handles, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  edit(db.get(), handles);
  for (rocksdb::ColumnFamilyHandle* h : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
  ASSERT_TRUE(db->Close().ok());
}

TEST(OpenTest, DataSurvivesCloseAndReopen) {
  TempDir dir;
  {
    std::unique_ptr<GraphStore> store = OpenStore(dir.path());
    EXPECT_TRUE(*store->IsEmpty());
    ASSERT_TRUE(CreateNode(*store, Study("s1")).ok());
    ASSERT_TRUE(CreateNode(*store, Claim("c1", "Massage reduces soreness", {"l"})).ok());
    ASSERT_TRUE(CreateEdge(*store, Edge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1")).ok());
    EXPECT_FALSE(*store->IsEmpty());
  }
  std::unique_ptr<GraphStore> store = OpenStore(dir.path());
  ASSERT_NE(store, nullptr);
  std::unique_ptr<GraphSnapshot> snap = store->Snapshot();
  EXPECT_TRUE(snap->GetNode("claims/c1").ok());
  EXPECT_TRUE(snap->GetEdge("studies/s1/edges/supports/claims/c1").ok());
  NodeListQuery by_label;
  by_label.label = "l";
  EXPECT_EQ(snap->ListNodes(by_label)->nodes.size(), 1u);
  absl::StatusOr<std::vector<SearchHit>> hits = snap->SearchClaims("soreness", 0, 10);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->size(), 1u);
  EXPECT_FALSE(*store->IsEmpty());
}

TEST(OpenTest, UnknownFormatVersionIsRefused) {
  TempDir dir;
  { ASSERT_NE(OpenStore(dir.path()), nullptr); }
  EditRaw(dir.path(), [](rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& h) {
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), h[static_cast<int>(keys::Family::kMeta)],
                        keys::FormatVersionKey(), keys::EncodeFormatVersion(99))
                    .ok());
  });
  absl::StatusOr<std::unique_ptr<GraphStore>> reopened = TryOpen(dir.path());
  EXPECT_THAT(reopened, StatusIsReason(absl::StatusCode::kFailedPrecondition,
                                       "STORAGE_FORMAT_UNSUPPORTED"));
  EXPECT_THAT(std::string(reopened.status().message()), ::testing::HasSubstr("99"));
}

TEST(OpenTest, UnknownColumnFamilyIsRefused) {
  TempDir dir;
  { ASSERT_NE(OpenStore(dir.path()), nullptr); }
  EditRaw(dir.path(), [](rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>&) {
    rocksdb::ColumnFamilyHandle* extra = nullptr;
    ASSERT_TRUE(db->CreateColumnFamily(rocksdb::ColumnFamilyOptions(), "from_the_future", &extra).ok());
    ASSERT_TRUE(db->DestroyColumnFamilyHandle(extra).ok());
  });
  EXPECT_THAT(TryOpen(dir.path()), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(OpenTest, MissingPathIsInvalidArgument) {
  EXPECT_THAT(TryOpen(""), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(OpenTest, CheckpointIsAnOpenableCopy) {
  TempDir dir;
  std::unique_ptr<GraphStore> store = OpenStore(dir.path());
  ASSERT_TRUE(CreateNode(*store, Claim("c1", "x")).ok());
  TempDir backups;
  const std::string backup = backups.Sub("backup");
  ASSERT_TRUE(store->Checkpoint(backup).ok());
  EXPECT_THAT(store->Checkpoint(backup), StatusIs(absl::StatusCode::kAlreadyExists));
  ASSERT_TRUE(CreateNode(*store, Claim("c2", "later")).ok());

  std::unique_ptr<GraphStore> copy = OpenStore(backup);
  ASSERT_NE(copy, nullptr);
  EXPECT_TRUE(copy->Snapshot()->GetNode("claims/c1").ok());
  EXPECT_THAT(copy->Snapshot()->GetNode("claims/c2"), StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace evidencegraph::storage
