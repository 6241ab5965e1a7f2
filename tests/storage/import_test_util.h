// Test support for the import tests that compare raw databases: every key
// and value read back, a small RocksDb, and a synthetic graph in batches.
#ifndef EVIDENCEGRAPH_TESTS_STORAGE_IMPORT_TEST_UTIL_H_
#define EVIDENCEGRAPH_TESTS_STORAGE_IMPORT_TEST_UTIL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/graph_store.h"
#include "storage/keys.h"
#include "storage/rocks_db.h"
#include "tests/storage/storage_test_util.h"
#include "tools/graphgen/synthetic_graph.h"

namespace evidencegraph::storage::testing {

// Every key and value of every family, family by family.
using Contents = std::vector<std::vector<std::pair<std::string, std::string>>>;

inline Contents ReadAll(const RocksDb& db, const rocksdb::Snapshot* snapshot = nullptr) {
  Contents out;
  for (keys::Family family : keys::kAllFamilies) {
    rocksdb::ReadOptions options;
    options.total_order_seek = true;  // across prefixes
    options.snapshot = snapshot;
    std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator(options, db.cf(family)));
    auto& entries = out.emplace_back();
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      entries.emplace_back(it->key().ToString(), it->value().ToString());
    }
    EXPECT_TRUE(it->status().ok()) << it->status().ToString();
  }
  return out;
}

// Entry by entry, so a failure names the family and the first differing entry.
inline void ExpectSameContents(const Contents& expected, const Contents& actual) {
  ASSERT_EQ(expected.size(), actual.size());
  for (size_t f = 0; f < expected.size(); ++f) {
    const std::string family(keys::FamilyName(keys::kAllFamilies[f]));
    ASSERT_EQ(expected[f].size(), actual[f].size()) << family;
    for (size_t i = 0; i < expected[f].size(); ++i) {
      ASSERT_EQ(expected[f][i], actual[f][i]) << family << " entry " << i;
    }
  }
}

inline std::unique_ptr<RocksDb> OpenDb(const std::string& path) {
  GraphStoreOptions options;
  options.path = path;
  options.block_cache_bytes = 8u << 20;
  options.write_buffer_bytes = 1u << 20;  // small: flushes happen during the import
  absl::StatusOr<std::unique_ptr<RocksDb>> db = RocksDb::Open(options);
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? *std::move(db) : nullptr;
}

struct Batch {
  std::vector<v1::Node> nodes;
  std::vector<v1::Edge> edges;
};

// A synthetic graph (every node and edge kind, labels, claims with text,
// edges targeting edges) in the batches `options` asks for, some records
// carrying their own create times (nodes also update times when
// `update_times`) and labels.
inline std::vector<Batch> SyntheticBatches(const graphgen::SyntheticGraphOptions& options,
                                           bool update_times) {
  std::vector<Batch> batches;
  int64_t record = 0;
  graphgen::GenerateSyntheticGraph(options, [&](const v1::ImportGraphRequest& request) {
    Batch& batch = batches.emplace_back();
    batch.nodes.assign(request.nodes().begin(), request.nodes().end());
    batch.edges.assign(request.edges().begin(), request.edges().end());
    for (v1::Node& node : batch.nodes) {
      if (++record % 3 == 0) {
        node.mutable_create_time()->set_seconds(1'600'000'000 + record);
        if (update_times) node.mutable_update_time()->set_seconds(1'600'000'100 + record);
      }
      if (record % 5 == 0) node.add_labels(absl::StrCat("label-", record % 7));
    }
    for (v1::Edge& edge : batch.edges) {
      if (++record % 4 == 0) edge.mutable_create_time()->set_seconds(1'600'000'000 + record);
    }
  });
  return batches;
}

// A batch mixing new records with `existing` (stored before, so skipped):
// claims/late-claim (with text and labels), studies/late-study and an edge
// between them.
inline Batch MixedBatch(const v1::Node& existing) {
  Batch mixed;
  mixed.nodes.push_back(existing);
  mixed.nodes.push_back(Claim("late-claim", "Late claims about recovery are indexed too",
                              {"late", "claims"}));
  mixed.nodes.push_back(Study("late-study"));
  mixed.edges.push_back(Edge("studies/late-study", v1::EDGE_KIND_SUPPORTS, "claims/late-claim"));
  return mixed;
}

// A batch that fails (an edge to an endpoint that exists nowhere) and must
// write nothing, not even its valid node.
inline Batch FailingBatch() {
  Batch failing;
  failing.nodes.push_back(Study("never-written"));
  failing.edges.push_back(
      Edge("studies/never-written", v1::EDGE_KIND_SUPPORTS, "claims/does-not-exist"));
  return failing;
}

}  // namespace evidencegraph::storage::testing

#endif  // EVIDENCEGRAPH_TESTS_STORAGE_IMPORT_TEST_UTIL_H_
