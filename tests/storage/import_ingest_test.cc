// The two write paths of an import batch (storage/importer.h): one WriteBatch
// or SST files ingested in one step (storage/sst_ingest.h). Both must leave
// byte-identical databases, and an ingested batch must be atomic for
// snapshot readers and advance the store's revision like any write.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/importer.h"
#include "storage/keys.h"
#include "storage/rocks_db.h"
#include "storage/rocks_graph_store.h"
#include "storage/sorted_writes.h"
#include "tests/storage/import_test_util.h"
#include "tests/storage/storage_test_util.h"
#include "tools/graphgen/synthetic_graph.h"

namespace evidencegraph::storage {
namespace {

using ::evidencegraph::storage::testing::Batch;
using ::evidencegraph::storage::testing::Claim;
using ::evidencegraph::storage::testing::Contents;
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
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using keys::Family;

int64_t CountKeys(const RocksDb& db, Family family, const rocksdb::Snapshot* snapshot) {
  rocksdb::ReadOptions options;
  options.total_order_seek = true;
  options.snapshot = snapshot;
  std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator(options, db.cf(family)));
  int64_t n = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
  return n;
}

// The synthetic graph in batches of 700 records; then the same graph again
// (everything skipped), a batch mixing new and existing records, and a batch
// that fails.
std::vector<Batch> TestBatches() {
  graphgen::SyntheticGraphOptions options;
  options.edges = 6000;
  options.seed = 11;
  options.batch_size = 700;
  std::vector<Batch> batches = SyntheticBatches(options, /*update_times=*/true);
  const size_t generated = batches.size();
  for (size_t i = 0; i < generated; ++i) batches.push_back(batches[i]);  // all skipped
  batches.push_back(MixedBatch(batches[0].nodes[0]));
  batches.push_back(FailingBatch());
  return batches;
}

TEST(ImportIngestTest, BothWritePathsLeaveByteIdenticalDatabases) {
  const std::vector<Batch> batches = TestBatches();
  // The clock is fixed: records without times get this one on both paths.
  const absl::Time now = absl::FromUnixSeconds(1'700'000'000);
  TempDir dir;
  std::unique_ptr<RocksDb> by_batch = OpenDb(dir.Sub("writebatch"));
  std::unique_ptr<RocksDb> by_files = OpenDb(dir.Sub("ingest"));
  ASSERT_NE(by_batch, nullptr);
  ASSERT_NE(by_files, nullptr);
  int ingested_batches = 0;
  for (const Batch& batch : batches) {
    absl::StatusOr<ImportBatchResult> a =
        ImportBatchExclusive(*by_batch, batch.nodes, batch.edges, false, now,
                             /*ingest_min_records=*/0);
    const uint64_t before = by_files->db()->GetLatestSequenceNumber();
    absl::StatusOr<ImportBatchResult> b =
        ImportBatchExclusive(*by_files, batch.nodes, batch.edges, false, now,
                             /*ingest_min_records=*/1);
    ASSERT_EQ(a.ok(), b.ok()) << a.status() << " vs " << b.status();
    if (!a.ok()) {
      EXPECT_EQ(a.status(), b.status());
      EXPECT_EQ(by_files->db()->GetLatestSequenceNumber(), before);  // nothing written
      continue;
    }
    EXPECT_EQ(a->nodes_created, b->nodes_created);
    EXPECT_EQ(a->edges_created, b->edges_created);
    EXPECT_EQ(a->nodes_skipped, b->nodes_skipped);
    EXPECT_EQ(a->edges_skipped, b->edges_skipped);
    if (b->nodes_created + b->edges_created > 0) {
      ++ingested_batches;
      // The revision advances with every ingested batch, like a write.
      EXPECT_GT(by_files->db()->GetLatestSequenceNumber(), before);
    }
  }
  EXPECT_GT(ingested_batches, 10);

  const Contents expected = ReadAll(*by_batch);
  const Contents actual = ReadAll(*by_files);
  ASSERT_NO_FATAL_FAILURE(ExpectSameContents(expected, actual));
  // Nodes, both edge families, labels, terms and counters all have content.
  for (Family family : {Family::kNodes, Family::kOutEdges, Family::kInEdges,
                        Family::kLabelIndex, Family::kTermIndex, Family::kMeta}) {
    EXPECT_FALSE(actual[static_cast<int>(family)].empty()) << keys::FamilyName(family);
  }
  // No staged file is left behind.
  EXPECT_TRUE(std::filesystem::is_empty(by_files->ingest_dir()));
}

TEST(ImportIngestTest, SnapshotsSeeAnIngestedBatchWholeOrNotAtAll) {
  TempDir dir;
  std::unique_ptr<RocksDb> db = OpenDb(dir.Sub("db"));
  ASSERT_NE(db, nullptr);
  const absl::Time now = absl::FromUnixSeconds(1'700'000'000);
  std::vector<v1::Node> nodes = {Claim("c", "Stretching prevents injury", {"sport"}),
                                 Study("s")};
  std::vector<v1::Edge> edges = {Edge("studies/s", v1::EDGE_KIND_SUPPORTS, "claims/c")};
  const rocksdb::Snapshot* before = db->db()->GetSnapshot();
  ASSERT_TRUE(ImportBatchExclusive(*db, nodes, edges, false, now, 1).ok());
  const rocksdb::Snapshot* after = db->db()->GetSnapshot();
  EXPECT_GT(after->GetSequenceNumber(), before->GetSequenceNumber());
  for (Family family : {Family::kNodes, Family::kOutEdges, Family::kInEdges,
                        Family::kLabelIndex, Family::kTermIndex}) {
    EXPECT_EQ(CountKeys(*db, family, before), 0) << keys::FamilyName(family);
    EXPECT_GT(CountKeys(*db, family, after), 0) << keys::FamilyName(family);
  }
  db->db()->ReleaseSnapshot(before);
  db->db()->ReleaseSnapshot(after);
}

// Writers (optimistic transactions) and snapshot readers run while batches
// are ingested: no reader ever sees an edge in out_edges without its
// in_edges entry (or the reverse), every write succeeds (imports exclude
// writers; none conflicts with an ingest) and everything is there at the end.
TEST(ImportIngestTest, ConcurrentWritersAndReadersNeverSeeHalfAnIngest) {
  TempDir dir;
  GraphStoreOptions options;
  options.path = dir.Sub("db");
  options.block_cache_bytes = 8u << 20;
  options.write_buffer_bytes = 1u << 20;
  options.import_ingest_min_records = 1;
  absl::StatusOr<std::unique_ptr<RocksDb>> opened = RocksDb::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  const RocksDb* raw = opened->get();
  RocksGraphStore store(*std::move(opened), options);
  ASSERT_TRUE(store.ImportBatch({Claim("hub", "The hub claim")}, {}, false).ok());

  constexpr int kImportBatches = 20;
  constexpr int kStudiesPerBatch = 40;
  constexpr int kWrites = 60;
  std::atomic<bool> done{false};
  std::atomic<int> torn{0};
  std::thread reader([&] {
    while (!done.load()) {
      const rocksdb::Snapshot* snapshot = raw->db()->GetSnapshot();
      if (CountKeys(*raw, Family::kOutEdges, snapshot) !=
          CountKeys(*raw, Family::kInEdges, snapshot)) {
        ++torn;
      }
      raw->db()->ReleaseSnapshot(snapshot);
    }
  });
  std::thread writer([&] {
    for (int i = 0; i < kWrites; ++i) {
      std::vector<WriteOp> ops;
      ops.push_back(CreateNodeOp{Study(absl::StrCat("written-", i))});
      ops.push_back(CreateEdgeOp{Edge(absl::StrCat("studies/written-", i),
                                      v1::EDGE_KIND_SUPPORTS, "claims/hub")});
      EXPECT_TRUE(store.Write(testing::Request(std::move(ops))).ok());
    }
  });
  for (int b = 0; b < kImportBatches; ++b) {
    std::vector<v1::Node> nodes;
    std::vector<v1::Edge> edges;
    for (int i = 0; i < kStudiesPerBatch; ++i) {
      const std::string id = absl::StrCat("imported-", b, "-", i);
      nodes.push_back(Study(id));
      edges.push_back(Edge("studies/" + id, v1::EDGE_KIND_SUPPORTS, "claims/hub"));
    }
    absl::StatusOr<ImportBatchResult> result =
        store.ImportBatch(std::move(nodes), std::move(edges), false);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->edges_created, kStudiesPerBatch);
  }
  writer.join();
  done = true;
  reader.join();
  EXPECT_EQ(torn.load(), 0);
  const int64_t edges = kImportBatches * kStudiesPerBatch + kWrites;
  EXPECT_EQ(CountKeys(*raw, Family::kOutEdges, nullptr), edges);
  EXPECT_EQ(CountKeys(*raw, Family::kInEdges, nullptr), edges);
  EXPECT_EQ(CountKeys(*raw, Family::kNodes, nullptr), 1 + edges);
}

TEST(ImportIngestTest, FailedIngestWritesNothing) {
  TempDir dir;
  std::unique_ptr<RocksDb> db = OpenDb(dir.Sub("db"));
  ASSERT_NE(db, nullptr);
  const Contents empty = ReadAll(*db);
  // The staging folder is gone: writing the first file fails.
  std::filesystem::remove_all(db->ingest_dir());
  absl::StatusOr<ImportBatchResult> result = ImportBatchExclusive(
      *db, {Claim("c", "Ice baths help"), Study("s")},
      {Edge("studies/s", v1::EDGE_KIND_SUPPORTS, "claims/c")}, false,
      absl::FromUnixSeconds(1'700'000'000), 1);
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(result.status().message(), HasSubstr("import file"));
  EXPECT_EQ(ReadAll(*db), empty);
}

TEST(ImportIngestTest, OpenEmptiesTheStagingFolder) {
  TempDir dir;
  std::string staged;
  {
    std::unique_ptr<RocksDb> db = OpenDb(dir.Sub("db"));
    ASSERT_NE(db, nullptr);
    staged = db->ingest_dir() + "/left-by-a-crash.sst";
    std::ofstream(staged) << "partial";
  }
  std::unique_ptr<RocksDb> db = OpenDb(dir.Sub("db"));
  ASSERT_NE(db, nullptr);
  EXPECT_FALSE(std::filesystem::exists(staged));
  EXPECT_TRUE(std::filesystem::is_directory(db->ingest_dir()));
}

TEST(SortedWritesTest, SortsEachFamilyAndRejectsAKeyWrittenTwice) {
  SortedWrites writes;
  ASSERT_TRUE(writes.Put(Family::kNodes, "b", "2").ok());
  ASSERT_TRUE(writes.PutOwned(Family::kNodes, "a", "1").ok());
  ASSERT_TRUE(writes.Merge(Family::kMeta, "m", keys::EncodeCounter(3)).ok());
  ASSERT_TRUE(writes.Finish().ok());
  std::vector<std::string> node_keys;
  for (const SortedWrites::Entry& e : writes.entries(Family::kNodes)) node_keys.push_back(e.key);
  EXPECT_THAT(node_keys, ElementsAre("a", "b"));
  EXPECT_EQ(writes.size(), 3u);

  SortedWrites twice;
  ASSERT_TRUE(twice.Put(Family::kLabelIndex, "x", "").ok());
  ASSERT_TRUE(twice.Put(Family::kLabelIndex, "x", "").ok());
  const absl::Status finished = twice.Finish();
  EXPECT_THAT(finished, StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(finished.message(), HasSubstr("twice"));
}

}  // namespace
}  // namespace evidencegraph::storage
