// Test support for the Traverse stream tests: a store holding a synthetic
// graph (its node names and inference vertices noted) and the messages of a
// TraverseWriter collected.
#ifndef EVIDENCEGRAPH_TESTS_SERVICES_TRAVERSE_TEST_UTIL_H_
#define EVIDENCEGRAPH_TESTS_SERVICES_TRAVERSE_TEST_UTIL_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/resource_names.h"
#include "gtest/gtest.h"
#include "query/traverse.h"
#include "services/traverse_stream.h"
#include "storage/graph_store.h"
#include "tests/storage/storage_test_util.h"
#include "tools/graphgen/synthetic_graph.h"

namespace evidencegraph::services::testing {

// Every message TraverseWriter writes for `options` (the pooled stream's
// source), and its error in `error`. A finished writer leaves no bytes.
inline std::vector<std::string> WrittenTraverse(const storage::GraphStore& store,
                                                const query::TraverseOptions& options,
                                                absl::Status* error) {
  TraverseWriter writer(store, options);
  std::vector<std::string> out;
  for (;;) {
    std::string message;
    absl::StatusOr<bool> more = writer.Next(nullptr, &message);
    if (!more.ok()) {
      *error = more.status();
      return out;
    }
    if (!*more) {
      EXPECT_TRUE(message.empty());
      return out;
    }
    out.push_back(std::move(message));
  }
}

// A store holding a 3000-edge synthetic graph (seed 5, batches of 1000).
class SyntheticGraphStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = storage::testing::OpenStore(temp_.Sub("data"));
    ASSERT_NE(store_, nullptr);
    graphgen::SyntheticGraphOptions options;
    options.edges = 3000;
    options.seed = 5;
    options.batch_size = 1000;
    graphgen::GenerateSyntheticGraph(options, [&](const v1::ImportGraphRequest& batch) {
      for (const v1::Node& n : batch.nodes()) nodes_.push_back(n.name());
      for (const v1::Edge& e : batch.edges()) {
        // An undercut link (a TARGETS edge's target) is an inference vertex.
        if (e.kind() == v1::EDGE_KIND_TARGETS && LooksLikeEdgeName(e.target())) {
          inferences_.push_back(e.target());
        }
      }
      const std::vector<v1::Node> nodes(batch.nodes().begin(), batch.nodes().end());
      const std::vector<v1::Edge> edges(batch.edges().begin(), batch.edges().end());
      absl::StatusOr<storage::ImportBatchResult> result =
          store_->ImportBatch(nodes, edges, /*fail_on_conflict=*/true);
      ASSERT_TRUE(result.ok()) << result.status();
    });
    ASSERT_GT(nodes_.size(), 100u);
    ASSERT_FALSE(inferences_.empty());
  }
  void TearDown() override { store_.reset(); }

  storage::testing::TempDir temp_;  // outlives store_ (declared first)
  std::unique_ptr<storage::GraphStore> store_;
  std::vector<std::string> nodes_;
  std::vector<std::string> inferences_;
};

}  // namespace evidencegraph::services::testing

#endif  // EVIDENCEGRAPH_TESTS_SERVICES_TRAVERSE_TEST_UTIL_H_
