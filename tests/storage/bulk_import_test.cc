// Bulk imports (storage/bulk_import.h): the same database as importing the
// same batches one by one, conflicts with concurrent writers found at commit
// (ABORTED, nothing written) whether they land before the lock-free re-check
// or in the window after it, and nothing written nor left on disk when a
// bulk import is dropped or stopped before its ingest.
#include "storage/bulk_import.h"

#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/stop_check.h"
#include "absl/time/time.h"
#include "common/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/importer.h"
#include "storage/keys.h"
#include "storage/rocks_db.h"
#include "tests/storage/import_test_util.h"
#include "tests/storage/storage_test_util.h"
#include "tools/graphgen/synthetic_graph.h"

namespace evidencegraph::storage {
namespace {

using ::evidencegraph::storage::testing::Batch;
using ::evidencegraph::storage::testing::Claim;
using ::evidencegraph::storage::testing::Contents;
using ::evidencegraph::storage::testing::Critique;
using ::evidencegraph::storage::testing::Edge;
using ::evidencegraph::storage::testing::ExpectSameContents;
using ::evidencegraph::storage::testing::FailingBatch;
using ::evidencegraph::storage::testing::MixedBatch;
using ::evidencegraph::storage::testing::OpenDb;
using ::evidencegraph::storage::testing::ReadAll;
using ::evidencegraph::storage::testing::StatusIs;
using ::evidencegraph::storage::testing::Study;
using ::evidencegraph::storage::testing::SyntheticBatches;
using ::evidencegraph::storage::testing::TempDir;
using keys::Family;

// The synthetic graph in batches of 500; then its first batches again
// (skipped: staged before), a batch mixing new and existing records (one
// edge to the seeded study too), and a failing batch.
std::vector<Batch> TestBatches() {
  graphgen::SyntheticGraphOptions options;
  options.edges = 5000;
  options.seed = 17;
  options.batch_size = 500;
  std::vector<Batch> batches = SyntheticBatches(options, /*update_times=*/false);
  for (size_t i = 0; i < 3; ++i) batches.push_back(batches[i]);  // all skipped
  Batch mixed = MixedBatch(batches[0].nodes[0]);
  mixed.edges.push_back(Edge("studies/seeded", v1::EDGE_KIND_SUPPORTS, "claims/late-claim"));
  batches.push_back(std::move(mixed));
  batches.push_back(FailingBatch());
  return batches;
}

// What both databases hold before the import: an endpoint and counters.
void Seed(const RocksDb& db, absl::Time now) {
  std::vector<v1::Node> nodes = {Study("seeded"),
                                 Claim("seeded-claim", "Seeded claims about recovery", {})};
  ASSERT_TRUE(ImportBatchExclusive(db, nodes, {}, false, now, 0).ok());
}

// Chunk bytes; whether the store holds records before the import (an empty
// one lets the batches skip their store lookups).
class BulkImportChunks : public ::testing::TestWithParam<std::tuple<size_t, bool>> {};

TEST_P(BulkImportChunks, SameDatabaseAsPerMessageImport) {
  const auto [chunk_bytes, seeded] = GetParam();
  const std::vector<Batch> batches = TestBatches();
  const absl::Time now = absl::FromUnixSeconds(1'700'000'000);
  TempDir dir;
  std::unique_ptr<RocksDb> per_message = OpenDb(dir.Sub("per-message"));
  std::unique_ptr<RocksDb> bulk_db = OpenDb(dir.Sub("bulk"));
  ASSERT_NE(per_message, nullptr);
  ASSERT_NE(bulk_db, nullptr);
  if (seeded) {
    Seed(*per_message, now);
    Seed(*bulk_db, now);
  }

  absl::StatusOr<std::unique_ptr<BulkImport>> bulk = BulkImport::Start(*bulk_db, chunk_bytes);
  ASSERT_TRUE(bulk.ok()) << bulk.status();
  const uint64_t before = bulk_db->db()->GetLatestSequenceNumber();
  int failed = 0;
  for (const Batch& batch : batches) {
    absl::StatusOr<ImportBatchResult> a =
        ImportBatchExclusive(*per_message, batch.nodes, batch.edges, false, now, 0);
    absl::StatusOr<ImportBatchResult> b = (*bulk)->Stage(batch.nodes, batch.edges, false, now);
    ASSERT_EQ(a.ok(), b.ok()) << a.status() << " vs " << b.status();
    if (!a.ok()) {
      EXPECT_EQ(a.status(), b.status());
      ++failed;
      continue;
    }
    EXPECT_EQ(a->nodes_created, b->nodes_created);
    EXPECT_EQ(a->edges_created, b->edges_created);
    EXPECT_EQ(a->nodes_skipped, b->nodes_skipped);
    EXPECT_EQ(a->edges_skipped, b->edges_skipped);
  }
  EXPECT_EQ(failed, seeded ? 1 : 2);  // unseeded, the mixed batch lacks studies/seeded
  // Staged, not visible.
  EXPECT_EQ(bulk_db->db()->GetLatestSequenceNumber(), before);
  ASSERT_TRUE((*bulk)->Prepare().ok());
  ASSERT_TRUE((*bulk)->CommitExclusive().ok());
  EXPECT_GT(bulk_db->db()->GetLatestSequenceNumber(), before);
  bulk->reset();

  const Contents expected = ReadAll(*per_message);
  ExpectSameContents(expected, ReadAll(*bulk_db));
  for (Family family : {Family::kNodes, Family::kOutEdges, Family::kInEdges,
                        Family::kLabelIndex, Family::kTermIndex, Family::kMeta}) {
    EXPECT_FALSE(expected[static_cast<int>(family)].empty()) << keys::FamilyName(family);
  }
  EXPECT_TRUE(std::filesystem::is_empty(bulk_db->ingest_dir()));
}

// 64 KiB: many chunk files merged per family; 64 MiB: one chunk.
INSTANTIATE_TEST_SUITE_P(ChunkSizes, BulkImportChunks,
                         ::testing::Combine(::testing::Values(size_t{64} << 10,
                                                              size_t{64} << 20),
                                            ::testing::Bool()));

TEST(BulkImportTest, EmptyStoreShortcutEndsWithTheFirstOtherWrite) {
  const absl::Time now = absl::FromUnixSeconds(1'700'000'000);
  TempDir dir;
  std::unique_ptr<RocksDb> db = OpenDb(dir.Sub("db"));
  ASSERT_NE(db, nullptr);
  absl::StatusOr<std::unique_ptr<BulkImport>> bulk = BulkImport::Start(*db, 64u << 20);
  ASSERT_TRUE(bulk.ok());
  ASSERT_TRUE((*bulk)->Stage({Study("a")}, {}, false, now).ok());
  // Written by someone else while the import stages: later batches see it.
  ASSERT_TRUE(ImportBatchExclusive(*db, {Claim("b", "Claims about naps", {})}, {}, false, now, 0)
                  .ok());
  absl::StatusOr<ImportBatchResult> result = (*bulk)->Stage(
      {Claim("b", "Another text", {})},
      {Edge("studies/a", v1::EDGE_KIND_SUPPORTS, "claims/b")}, false, now);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->nodes_skipped, 1);
  EXPECT_EQ(result->edges_created, 1);
  ASSERT_TRUE((*bulk)->Prepare().ok());
  ASSERT_TRUE((*bulk)->CommitExclusive().ok());
  std::string value;
  EXPECT_TRUE(db->db()
                  ->Get(rocksdb::ReadOptions(), db->cf(Family::kOutEdges),
                        keys::OutEdgeKey("studies/a", v1::EDGE_KIND_SUPPORTS, "claims/b"), &value)
                  .ok());
}

TEST(BulkImportTest, DroppedBeforeCommitWritesNothingAndRemovesItsFiles) {
  const absl::Time now = absl::FromUnixSeconds(1'700'000'000);
  TempDir dir;
  std::unique_ptr<RocksDb> db = OpenDb(dir.Sub("db"));
  ASSERT_NE(db, nullptr);
  Seed(*db, now);
  const Contents before = ReadAll(*db);
  const uint64_t sequence = db->db()->GetLatestSequenceNumber();
  {
    absl::StatusOr<std::unique_ptr<BulkImport>> bulk = BulkImport::Start(*db, 16u << 10);
    ASSERT_TRUE(bulk.ok());
    for (const Batch& batch : TestBatches()) {
      (void)(*bulk)->Stage(batch.nodes, batch.edges, false, now);
    }
    EXPECT_GT((*bulk)->staged_records(), 1000);
    EXPECT_FALSE(std::filesystem::is_empty(db->ingest_dir()));  // chunks were spilled
  }
  EXPECT_EQ(db->db()->GetLatestSequenceNumber(), sequence);
  ExpectSameContents(before, ReadAll(*db));
  EXPECT_TRUE(std::filesystem::is_empty(db->ingest_dir()));
}

TEST(BulkImportTest, LeftoverStagingFilesAreRemovedAtOpen) {
  TempDir dir;
  {
    std::unique_ptr<RocksDb> db = OpenDb(dir.Sub("db"));
    ASSERT_NE(db, nullptr);
    absl::StatusOr<std::unique_ptr<BulkImport>> bulk = BulkImport::Start(*db, 1);
    ASSERT_TRUE(bulk.ok());
    ASSERT_TRUE((*bulk)->Stage({Study("s")}, {}, false, absl::Now()).ok());
    // A crash: the object is never destroyed.
    (void)bulk->release();
  }
  std::unique_ptr<RocksDb> reopened = OpenDb(dir.Sub("db"));
  ASSERT_NE(reopened, nullptr);
  EXPECT_TRUE(std::filesystem::is_empty(reopened->ingest_dir()));
}

// Expects `bulk`'s commit (Prepare, Precheck unless `precheck` is false,
// CommitExclusive) to fail with ABORTED naming `record`, with nothing written
// and no staged file left.
void ExpectConflictAtCommit(RocksDb& db, std::unique_ptr<BulkImport> bulk,
                            absl::string_view record, bool precheck = true) {
  const Contents before = ReadAll(db);
  const uint64_t sequence = db.db()->GetLatestSequenceNumber();
  ASSERT_TRUE(bulk->Prepare().ok());
  absl::Status status = precheck ? bulk->Precheck() : absl::OkStatus();
  if (status.ok()) status = bulk->CommitExclusive();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ErrorReason(status), "IMPORT_CONFLICT");
  EXPECT_EQ(ErrorResource(status), std::string(record));
  EXPECT_EQ(db.db()->GetLatestSequenceNumber(), sequence);
  ExpectSameContents(before, ReadAll(db));
  bulk.reset();
  EXPECT_TRUE(std::filesystem::is_empty(db.ingest_dir()));
}

// A seeded store and a bulk import started on it.
class SeededBulkImportTest : public ::testing::Test {
 protected:
  // Opens and seeds the store, then starts a bulk import of `chunk_bytes`
  // chunks.
  void StartBulk(size_t chunk_bytes) {
    db_ = OpenDb(dir_.Sub("db"));
    ASSERT_NE(db_, nullptr);
    Seed(*db_, now_);
    absl::StatusOr<std::unique_ptr<BulkImport>> bulk = BulkImport::Start(*db_, chunk_bytes);
    ASSERT_TRUE(bulk.ok());
    bulk_ = *std::move(bulk);
  }

  TempDir dir_;
  const absl::Time now_ = absl::FromUnixSeconds(1'700'000'000);
  std::unique_ptr<RocksDb> db_;
  std::unique_ptr<BulkImport> bulk_;
};

// One bulk import staging claims/new (and an edge from the seeded study), a
// concurrent change, then the commit.
class BulkImportConflictTest : public SeededBulkImportTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StartBulk(64u << 20));
    ASSERT_TRUE(bulk_
                    ->Stage({Claim("new", "New claims about sleep", {"sleep"})},
                            {Edge("studies/seeded", v1::EDGE_KIND_SUPPORTS, "claims/new")}, false,
                            now_)
                    .ok());
    ASSERT_TRUE(bulk_
                    ->Stage({},
                            {Edge("claims/seeded-claim", v1::EDGE_KIND_SUPPORTS, "claims/new"),
                             Edge("studies/seeded", v1::EDGE_KIND_SUPPORTS,
                                  "claims/seeded-claim")},
                            false, now_)
                    .ok());
  }

  // Commits without the lock-free Precheck (the check under the lock finds
  // it) and expects ABORTED naming `record`, with nothing written.
  void ExpectConflict(absl::string_view record) {
    ExpectConflictAtCommit(*db_, std::move(bulk_), record, /*precheck=*/false);
  }
};

TEST_F(BulkImportConflictTest, StagedNodeCreatedConcurrentlyAborts) {
  ASSERT_TRUE(ImportBatchExclusive(*db_, {Claim("new", "Someone else's claim", {})}, {}, false,
                                   now_, 0)
                  .ok());
  ExpectConflict("claims/new");
}

TEST_F(BulkImportConflictTest, StagedEdgeCreatedConcurrentlyAborts) {
  ASSERT_TRUE(ImportBatchExclusive(
                  *db_, {},
                  {Edge("studies/seeded", v1::EDGE_KIND_SUPPORTS, "claims/seeded-claim")}, false,
                  now_, 0)
                  .ok());
  ExpectConflict("studies/seeded/edges/supports/claims/seeded-claim");
}

TEST_F(BulkImportConflictTest, EndpointDeletedConcurrentlyAborts) {
  ASSERT_TRUE(db_->db()
                  ->Delete(rocksdb::WriteOptions(), db_->cf(Family::kNodes),
                           keys::NodeKey("studies/seeded"))
                  .ok());
  ExpectConflict("studies/seeded");
}

TEST_F(BulkImportConflictTest, UnrelatedConcurrentWritesCommit) {
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(
        ImportBatchExclusive(*db_, {Study(absl::StrCat("other-", i))}, {}, false, now_, 0).ok());
  }
  const uint64_t sequence = db_->db()->GetLatestSequenceNumber();
  ASSERT_TRUE(bulk_->Prepare().ok());
  ASSERT_TRUE(bulk_->CommitExclusive().ok());
  EXPECT_GT(db_->db()->GetLatestSequenceNumber(), sequence);
  std::string value;
  EXPECT_TRUE(db_->db()
                  ->Get(rocksdb::ReadOptions(), db_->cf(Family::kNodes), keys::NodeKey("claims/new"),
                        &value)
                  .ok());
  EXPECT_TRUE(db_->db()
                  ->Get(rocksdb::ReadOptions(), db_->cf(Family::kNodes),
                        keys::NodeKey("studies/other-19"), &value)
                  .ok());
}

TEST_F(BulkImportConflictTest, StagedRecordsCountAsExistingInLaterBatches) {
  // Skipped, or ALREADY_EXISTS with fail_on_conflict: as if already written.
  absl::StatusOr<ImportBatchResult> skipped =
      bulk_->Stage({Claim("new", "Again", {})}, {}, false, now_);
  ASSERT_TRUE(skipped.ok());
  EXPECT_EQ(skipped->nodes_skipped, 1);
  EXPECT_THAT(bulk_->Stage({Claim("new", "Again", {})}, {}, true, now_),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(
      bulk_->Stage({}, {Edge("studies/seeded", v1::EDGE_KIND_SUPPORTS, "claims/new")}, true, now_),
      StatusIs(absl::StatusCode::kAlreadyExists));
  // An edge to a staged edge is fine; to an unknown one NOT_FOUND.
  EXPECT_TRUE(bulk_
                  ->Stage({Critique("critic")},
                          {Edge("critiques/critic", v1::EDGE_KIND_TARGETS,
                                "studies/seeded/edges/supports/claims/new")},
                          false, now_)
                  .ok());
}

// The store-endpoint edge check: a TARGETS edge staged against an edge found
// in the store, that edge deleted before the commit.
TEST(BulkImportTest, TargetEdgeDeletedWhileStagingAborts) {
  const absl::Time now = absl::FromUnixSeconds(1'700'000'000);
  TempDir dir;
  std::unique_ptr<RocksDb> db = OpenDb(dir.Sub("db"));
  ASSERT_NE(db, nullptr);
  Seed(*db, now);
  ASSERT_TRUE(ImportBatchExclusive(
                  *db, {Critique("critic")},
                  {Edge("studies/seeded", v1::EDGE_KIND_SUPPORTS, "claims/seeded-claim")}, false,
                  now, 0)
                  .ok());
  absl::StatusOr<std::unique_ptr<BulkImport>> bulk = BulkImport::Start(*db, 64u << 20);
  ASSERT_TRUE(bulk.ok());
  const std::string target = "studies/seeded/edges/supports/claims/seeded-claim";
  ASSERT_TRUE((*bulk)
                  ->Stage({}, {Edge("critiques/critic", v1::EDGE_KIND_TARGETS, target)}, false,
                          now)
                  .ok());
  ASSERT_TRUE(db->db()
                  ->Delete(rocksdb::WriteOptions(), db->cf(Family::kOutEdges),
                           keys::OutEdgeKey("studies/seeded", v1::EDGE_KIND_SUPPORTS,
                                            "claims/seeded-claim"))
                  .ok());
  ExpectConflictAtCommit(*db, *std::move(bulk), target);
}

// Chunks of one batch each: the staged names span many spilled files, and a
// conflict on a record of a middle chunk is still found.
class BulkImportSpilledConflictTest : public SeededBulkImportTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StartBulk(1));
    for (int chunk = 0; chunk < 5; ++chunk) {
      std::vector<v1::Node> nodes;
      std::vector<v1::Edge> edges;
      for (int i = 0; i < 20; ++i) {
        const std::string id = absl::StrCat("c", chunk, "-", i);
        nodes.push_back(Claim(id, absl::StrCat("Claim ", id, " about sleep"), {}));
        edges.push_back(
            Edge("studies/seeded", v1::EDGE_KIND_SUPPORTS, absl::StrCat("claims/", id)));
      }
      if (chunk == 4) {  // an edge between two stored nodes, in the last chunk
        edges.push_back(Edge("studies/seeded", v1::EDGE_KIND_REFUTES, "claims/seeded-claim"));
      }
      ASSERT_TRUE(bulk_->Stage(nodes, edges, false, now_).ok());
    }
    size_t files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(db_->ingest_dir())) {
      if (entry.is_regular_file()) ++files;
    }
    EXPECT_GE(files, 5u);  // one spill per batch, several families each
  }
};

TEST_F(BulkImportSpilledConflictTest, NodeOfAMiddleChunkCreatedConcurrentlyAborts) {
  ASSERT_TRUE(ImportBatchExclusive(*db_, {Claim("c2-7", "Someone else's claim", {})}, {}, false,
                                   now_, 0)
                  .ok());
  ExpectConflictAtCommit(*db_, std::move(bulk_), "claims/c2-7");
}

TEST_F(BulkImportSpilledConflictTest, EdgeOfTheLastChunkCreatedConcurrentlyAborts) {
  ASSERT_TRUE(ImportBatchExclusive(
                  *db_, {},
                  {Edge("studies/seeded", v1::EDGE_KIND_REFUTES, "claims/seeded-claim")}, false,
                  now_, 0)
                  .ok());
  ExpectConflictAtCommit(*db_, std::move(bulk_),
                         "studies/seeded/edges/refutes/claims/seeded-claim");
}

TEST_F(BulkImportSpilledConflictTest, EndpointDeletedConcurrentlyAborts) {
  ASSERT_TRUE(db_->db()
                  ->Delete(rocksdb::WriteOptions(), db_->cf(Family::kNodes),
                           keys::NodeKey("studies/seeded"))
                  .ok());
  ExpectConflictAtCommit(*db_, std::move(bulk_), "studies/seeded");
}

TEST_F(BulkImportSpilledConflictTest, CommitsWithoutConflicts) {
  ASSERT_TRUE(
      ImportBatchExclusive(*db_, {Study("unrelated")}, {}, false, now_, 0).ok());
  ASSERT_TRUE(bulk_->Prepare().ok());
  ASSERT_TRUE(bulk_->Precheck().ok());
  ASSERT_TRUE(bulk_->CommitExclusive().ok());
  std::string value;
  for (absl::string_view name : {"claims/c0-0", "claims/c2-7", "claims/c4-19"}) {
    EXPECT_TRUE(db_->db()
                    ->Get(rocksdb::ReadOptions(), db_->cf(Family::kNodes), keys::NodeKey(name),
                          &value)
                    .ok())
        << name;
  }
  EXPECT_TRUE(db_->db()
                  ->Get(rocksdb::ReadOptions(), db_->cf(Family::kOutEdges),
                        keys::OutEdgeKey("studies/seeded", v1::EDGE_KIND_SUPPORTS, "claims/c3-3"),
                        &value)
                  .ok());
}

// The full re-check runs outside the writer lock (Precheck); under it the
// commit repeats it only when a write landed after Precheck noted the
// sequence number.
TEST_F(BulkImportConflictTest, PrecheckRunsOnlyWhenTheStoreChanged) {
  ASSERT_TRUE(bulk_->Prepare().ok());
  ASSERT_TRUE(bulk_->Precheck().ok());
  EXPECT_EQ(bulk_->full_checks(), 0);  // nothing written since Start()
  ASSERT_TRUE(bulk_->CommitExclusive().ok());
  EXPECT_EQ(bulk_->full_checks(), 0);
}

TEST_F(BulkImportConflictTest, CommitSkipsTheRecheckWhenNothingLandedAfterPrecheck) {
  ASSERT_TRUE(ImportBatchExclusive(*db_, {Study("unrelated")}, {}, false, now_, 0).ok());
  ASSERT_TRUE(bulk_->Prepare().ok());
  ASSERT_TRUE(bulk_->Precheck().ok());
  EXPECT_EQ(bulk_->full_checks(), 1);
  ASSERT_TRUE(bulk_->CommitExclusive().ok());
  EXPECT_EQ(bulk_->full_checks(), 1);
}

TEST_F(BulkImportConflictTest, ConflictLandingAfterPrecheckIsFoundUnderTheLock) {
  ASSERT_TRUE(ImportBatchExclusive(*db_, {Study("unrelated")}, {}, false, now_, 0).ok());
  ASSERT_TRUE(bulk_->Prepare().ok());
  ASSERT_TRUE(bulk_->Precheck().ok());
  EXPECT_EQ(bulk_->full_checks(), 1);
  // In the window between the lock-free re-check and the lock.
  ASSERT_TRUE(ImportBatchExclusive(*db_, {Claim("new", "Someone else's claim", {})}, {}, false,
                                   now_, 0)
                  .ok());
  const Contents before = ReadAll(*db_);
  absl::Status status = bulk_->CommitExclusive();
  EXPECT_EQ(bulk_->full_checks(), 2);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ErrorResource(status), "claims/new");
  ExpectSameContents(before, ReadAll(*db_));
}

TEST_F(BulkImportConflictTest, PrecheckFindsAConflictWithoutTheLock) {
  ASSERT_TRUE(db_->db()
                  ->Delete(rocksdb::WriteOptions(), db_->cf(Family::kNodes),
                           keys::NodeKey("studies/seeded"))
                  .ok());
  ASSERT_TRUE(bulk_->Prepare().ok());
  absl::Status status = bulk_->Precheck();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ErrorResource(status), "studies/seeded");
}

// A StopCheck that fails (CANCELLED) from its `fail_from`-th call on (0-based),
// counting its calls.
StopCheck FailingFrom(int fail_from, int* calls) {
  return [fail_from, calls]() -> absl::Status {
    if ((*calls)++ >= fail_from) return absl::CancelledError("cancelled by the test");
    return absl::OkStatus();
  };
}

// A cancel or deadline that wins the race with the commit, at each point the
// commit polls it, writes nothing; once past the last poll (under the writer
// lock, right before the ingest) the commit is written and OK.
TEST(BulkImportSessionTest, StopBeforeTheIngestWritesNothingAfterItCannotUndo) {
  TempDir dir;
  std::unique_ptr<GraphStore> store = testing::OpenStore(dir.Sub("db"));
  ASSERT_NE(store, nullptr);
  int polls = 0;
  {
    absl::StatusOr<std::unique_ptr<BulkImportSession>> session = store->StartBulkImport();
    ASSERT_TRUE(session.ok());
    ASSERT_TRUE((*session)->Stage({Study("probe")}, {}, false).ok());
    ASSERT_TRUE((*session)->Commit(FailingFrom(1 << 20, &polls)).ok());
  }
  ASSERT_GE(polls, 2);  // at least before the work and under the lock
  for (int fail_at = 0; fail_at < polls; ++fail_at) {
    absl::StatusOr<std::unique_ptr<BulkImportSession>> session = store->StartBulkImport();
    ASSERT_TRUE(session.ok());
    const std::string id = absl::StrCat("stopped-", fail_at);
    ASSERT_TRUE((*session)->Stage({Study(id)}, {}, false).ok());
    int calls = 0;
    EXPECT_THAT((*session)->Commit(FailingFrom(fail_at, &calls)),
                StatusIs(absl::StatusCode::kCancelled))
        << "stop at poll " << fail_at;
    EXPECT_THAT(store->Snapshot()->GetNode(absl::StrCat("studies/", id)),
                StatusIs(absl::StatusCode::kNotFound));
  }
  // Stopping after the last poll (while or after the ingest runs) is too late
  // to matter: written and OK.
  absl::StatusOr<std::unique_ptr<BulkImportSession>> session = store->StartBulkImport();
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE((*session)->Stage({Study("written")}, {}, false).ok());
  int calls = 0;
  EXPECT_TRUE((*session)->Commit(FailingFrom(polls, &calls)).ok());
  EXPECT_EQ(calls, polls);
  EXPECT_TRUE(store->Snapshot()->GetNode("studies/written").ok());
}

// Through GraphStore: transactional writers run while a session stages (they
// are not held out), and the commit finds what they changed.
TEST(BulkImportSessionTest, WritersRunWhileStagingAndConflictsAbortTheCommit) {
  TempDir dir;
  std::unique_ptr<GraphStore> store = testing::OpenStore(dir.Sub("db"));
  ASSERT_NE(store, nullptr);
  absl::StatusOr<std::unique_ptr<BulkImportSession>> session = store->StartBulkImport();
  ASSERT_TRUE(session.ok()) << session.status();
  ASSERT_TRUE((*session)->Stage({Claim("bulk", "Bulk claims about sleep", {})}, {}, false).ok());
  std::thread writer([&] {
    EXPECT_TRUE(testing::CreateNode(*store, Study("other")).ok());
    EXPECT_TRUE(testing::CreateNode(*store, Claim("bulk", "Written first", {})).ok());
  });
  writer.join();
  absl::Status status = (*session)->Commit(NeverStop());
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ErrorResource(status), "claims/bulk");
  session->reset();
  absl::StatusOr<v1::Node> node = store->Snapshot()->GetNode("claims/bulk");
  ASSERT_TRUE(node.ok());
  EXPECT_EQ(node->claim().statement(), "Written first");

  // Without a conflict the session commits after the same kind of writes.
  session = store->StartBulkImport();
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE((*session)
                  ->Stage({Study("bulk-study")},
                          {Edge("studies/bulk-study", v1::EDGE_KIND_SUPPORTS, "claims/bulk")},
                          false)
                  .ok());
  ASSERT_TRUE(testing::CreateNode(*store, Study("another")).ok());
  ASSERT_TRUE((*session)->Commit(NeverStop()).ok());
  EXPECT_TRUE(store->Snapshot()->GetNode("studies/bulk-study").ok());
  EXPECT_TRUE(store->Snapshot()->GetNode("studies/another").ok());
}

}  // namespace
}  // namespace evidencegraph::storage
