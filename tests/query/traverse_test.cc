// Specification of query/traverse.h on a real store: breadth-first order and
// depths, the attacked-inference vertices, filters, bounds and caps,
// truncation, batching, cancellation, one snapshot; and agreement with a
// reference BFS on a generated graph of 100k edges.
#include "query/traverse.h"

#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/query/reference_graph.h"
#include "tests/query/small_graph.h"
#include "tests/query/test_graph.h"

namespace evidencegraph::query {
namespace {

using ::evidencegraph::testing::AddSmallGraph;
using ::evidencegraph::testing::CraneSupportsGenes;
using ::evidencegraph::testing::CraneSupportsInflammation;
using ::testing::ElementsAre;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

// Runs a whole traversal; returns every visit in order.
absl::StatusOr<std::vector<Visit>> Walk(const storage::GraphSnapshot& snapshot,
                                        const TraverseOptions& options,
                                        bool* truncated = nullptr,
                                        StopCheck stop = NeverStop()) {
  auto walk = Traversal::Start(snapshot, options);
  if (!walk.ok()) return walk.status();
  std::vector<Visit> all, batch;
  for (bool done = false; !done;) {
    absl::StatusOr<bool> next = (*walk)->NextBatch(stop, &batch);
    if (!next.ok()) return next.status();
    done = *next;
    EXPECT_LE(batch.size(), (*walk)->batch_size());
    all.insert(all.end(), batch.begin(), batch.end());
  }
  if (truncated != nullptr) *truncated = (*walk)->truncated();
  return all;
}

std::map<std::string, int> Depths(const std::vector<Visit>& visits) {
  std::map<std::string, int> depths;
  for (const Visit& v : visits) depths[v.name] = v.depth;
  return depths;
}

class TraverseTest : public ::testing::Test {
 protected:
  void SetUp() override { AddSmallGraph(store_); }
  testing::TestStore store_;
};

TEST_F(TraverseTest, ReportsStartAtDepthZeroThenNeighboursWithTheEdgeTheyCameBy) {
  auto snapshot = store_.Snapshot();
  TraverseOptions options;
  options.start = {"claims/genes"};
  options.max_depth = 1;
  options.direction = v1::EDGE_DIRECTION_INCOMING;
  auto visits = Walk(*snapshot, options);
  ASSERT_TRUE(visits.ok()) << visits.status();
  ASSERT_FALSE(visits->empty());
  EXPECT_EQ((*visits)[0].name, "claims/genes");
  EXPECT_EQ((*visits)[0].depth, 0);
  EXPECT_TRUE((*visits)[0].via_edge.empty());
  // The study, the source, and the attacked inference crane->genes.
  EXPECT_THAT(Depths(*visits),
              UnorderedElementsAre(Pair("claims/genes", 0), Pair("studies/crane", 1),
                                   Pair("sources/article", 1),
                                   Pair(CraneSupportsGenes(), 1)));
  for (const Visit& v : *visits) {
    if (v.name != "studies/crane") continue;
    EXPECT_EQ(v.via_edge, CraneSupportsGenes());
    EXPECT_EQ(v.via_kind, v1::EDGE_KIND_SUPPORTS);
    EXPECT_EQ(v.parent, "claims/genes");
    EXPECT_FALSE(v.via_outgoing);
    EXPECT_EQ(v.kind, v1::NODE_KIND_STUDY);
  }
}

TEST_F(TraverseTest, AnExpertReachesTheClaimsTheirUndercutWeakensWalkingOutwards) {
  auto snapshot = store_.Snapshot();
  TraverseOptions options;
  options.start = {"experts/gorski"};
  options.direction = v1::EDGE_DIRECTION_OUTGOING;
  auto visits = Walk(*snapshot, options);
  ASSERT_TRUE(visits.ok()) << visits.status();
  EXPECT_THAT(Depths(*visits),
              UnorderedElementsAre(Pair("experts/gorski", 0),
                                   Pair("critiques/single-genes", 1),
                                   Pair(CraneSupportsGenes(), 2),
                                   Pair(CraneSupportsInflammation(), 2),
                                   Pair("claims/genes", 3), Pair("claims/inflammation", 3)));
  for (const Visit& v : *visits) {
    if (v.name == CraneSupportsGenes()) {
      EXPECT_EQ(v.kind, v1::NODE_KIND_UNSPECIFIED);
    }
  }
}

TEST_F(TraverseTest, DepthsNeverDecreaseAndEachVertexIsReportedOnce) {
  auto snapshot = store_.Snapshot();
  TraverseOptions options;
  options.start = {"claims/inflammation", "claims/doms"};
  options.max_depth = 10;
  auto visits = Walk(*snapshot, options);
  ASSERT_TRUE(visits.ok()) << visits.status();
  std::map<std::string, int> seen;
  int last_depth = 0;
  for (const Visit& v : *visits) {
    EXPECT_GE(v.depth, last_depth) << v.name;
    last_depth = v.depth;
    EXPECT_TRUE(seen.emplace(v.name, v.depth).second) << v.name << " reported twice";
  }
  // Every node of the small graph is connected to these two claims.
  EXPECT_EQ(seen.count("experts/gorski"), 1u);
  EXPECT_EQ(seen.count("claims/injuries"), 1u);
}

TEST_F(TraverseTest, EdgeKindFilterFollowsOnlyThoseKindsAndDropsInferencesWithoutTargets) {
  auto snapshot = store_.Snapshot();
  TraverseOptions options;
  options.start = {"claims/genes"};
  options.edges.kinds = {v1::EDGE_KIND_SUPPORTS};
  options.max_depth = 5;
  auto visits = Walk(*snapshot, options);
  ASSERT_TRUE(visits.ok()) << visits.status();
  EXPECT_THAT(Depths(*visits),
              UnorderedElementsAre(Pair("claims/genes", 0), Pair("studies/crane", 1),
                                   Pair("claims/inflammation", 2)));
}

TEST_F(TraverseTest, NodeKindFilterNeitherReportsNorExpandsOtherKinds) {
  auto snapshot = store_.Snapshot();
  TraverseOptions options;
  options.start = {"experts/ingraham"};
  options.max_depth = 6;
  options.nodes.kinds = {v1::NODE_KIND_STUDY, v1::NODE_KIND_CLAIM};
  auto visits = Walk(*snapshot, options);
  ASSERT_TRUE(visits.ok()) << visits.status();
  // The critique between Ingraham and the study is filtered out, so nothing
  // beyond the start is reachable.
  EXPECT_THAT(Depths(*visits), ElementsAre(Pair("experts/ingraham", 0)));
}

TEST_F(TraverseTest, StopsAtMaxNodesWithTruncatedAndAReason) {
  auto snapshot = store_.Snapshot();
  TraverseOptions options;
  options.start = {"studies/crane"};
  options.max_nodes = 3;
  auto walk = Traversal::Start(*snapshot, options);
  ASSERT_TRUE(walk.ok()) << walk.status();
  std::vector<Visit> all, batch;
  for (bool done = false; !done;) {
    auto next = (*walk)->NextBatch(NeverStop(), &batch);
    ASSERT_TRUE(next.ok()) << next.status();
    done = *next;
    all.insert(all.end(), batch.begin(), batch.end());
  }
  EXPECT_EQ(all.size(), 3u);
  EXPECT_TRUE((*walk)->truncated());
  EXPECT_THAT((*walk)->truncation_reason(), ::testing::HasSubstr("max_nodes (3)"));
}

TEST_F(TraverseTest, AWalkThatFitsExactlyIsNotTruncated) {
  auto snapshot = store_.Snapshot();
  TraverseOptions options;
  options.start = {"experts/gorski"};
  options.direction = v1::EDGE_DIRECTION_OUTGOING;
  bool truncated = true;
  auto all = Walk(*snapshot, options, &truncated);
  ASSERT_TRUE(all.ok());
  EXPECT_FALSE(truncated);
  options.max_nodes = static_cast<int>(all->size());
  auto exact = Walk(*snapshot, options, &truncated);
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->size(), all->size());
  EXPECT_FALSE(truncated);
  options.max_nodes = static_cast<int>(all->size()) - 1;
  ASSERT_TRUE(Walk(*snapshot, options, &truncated).ok());
  EXPECT_TRUE(truncated);
}

TEST_F(TraverseTest, SmallBatchesConcatenateToTheSameWalk) {
  auto snapshot = store_.Snapshot();
  TraverseOptions options;
  options.start = {"claims/inflammation"};
  options.max_depth = 4;
  auto whole = Walk(*snapshot, options);
  options.batch_size = 2;
  auto pieces = Walk(*snapshot, options);
  ASSERT_TRUE(whole.ok() && pieces.ok());
  ASSERT_EQ(whole->size(), pieces->size());
  for (size_t i = 0; i < whole->size(); ++i) {
    EXPECT_EQ((*whole)[i].name, (*pieces)[i].name);
    EXPECT_EQ((*whole)[i].via_edge, (*pieces)[i].via_edge);
  }
}

TEST_F(TraverseTest, ValuesOverTheCapsAreInvalidArgumentNamingTheField) {
  auto snapshot = store_.Snapshot();
  struct Case {
    std::function<void(TraverseOptions&)> set;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](TraverseOptions& o) { o.max_depth = kTraverseMaxDepth.cap + 1; }, "max_depth"},
      {[](TraverseOptions& o) { o.max_nodes = kTraverseMaxNodes.cap + 1; }, "max_nodes"},
      {[](TraverseOptions& o) {
         o.start.assign(kMaxStartVertices + 1, "claims/genes");
       },
       "start"},
  };
  for (const Case& c : cases) {
    TraverseOptions options;
    options.start = {"claims/genes"};
    c.set(options);
    auto walk = Traversal::Start(*snapshot, options);
    ASSERT_FALSE(walk.ok()) << c.field;
    EXPECT_EQ(walk.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ErrorField(walk.status()), c.field);
    EXPECT_EQ(ErrorReason(walk.status()), "EXCEEDS_CAP");
    EXPECT_THAT(std::string(walk.status().message()), ::testing::HasSubstr("at most"));
  }
}

TEST_F(TraverseTest, BadStartsAreRejectedBeforeAnythingIsWalked) {
  auto snapshot = store_.Snapshot();
  TraverseOptions options;
  auto empty = Traversal::Start(*snapshot, options);
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(empty.status()), "start");

  options.start = {"claims/genes", "not a name"};
  auto malformed = Traversal::Start(*snapshot, options);
  EXPECT_EQ(malformed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(malformed.status()), "start[1]");

  options.start = {"claims/genes", "claims/nowhere"};
  auto missing = Traversal::Start(*snapshot, options);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorResource(missing.status()), "claims/nowhere");

  options.start = {"claims/genes"};
  options.max_depth = -1;
  auto negative = Traversal::Start(*snapshot, options);
  EXPECT_EQ(negative.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(negative.status()), "max_depth");
}

TEST_F(TraverseTest, AnEdgeCanBeAStartVertex) {
  auto snapshot = store_.Snapshot();
  TraverseOptions options;
  options.start = {CraneSupportsGenes()};
  options.max_depth = 1;
  auto visits = Walk(*snapshot, options);
  ASSERT_TRUE(visits.ok()) << visits.status();
  EXPECT_THAT(Depths(*visits),
              UnorderedElementsAre(Pair(CraneSupportsGenes(), 0), Pair("studies/crane", 1),
                                   Pair("claims/genes", 1),
                                   Pair("critiques/single-genes", 1)));
}

TEST_F(TraverseTest, ACancelledCallerStopsTheWalkWithItsStatus) {
  auto snapshot = store_.Snapshot();
  TraverseOptions options;
  options.start = {"claims/genes"};
  auto walk = Traversal::Start(*snapshot, options);
  ASSERT_TRUE(walk.ok());
  std::vector<Visit> batch;
  auto next = (*walk)->NextBatch([] { return absl::CancelledError("client went away"); },
                                 &batch);
  EXPECT_EQ(next.status().code(), absl::StatusCode::kCancelled);
}

TEST_F(TraverseTest, ReadsOneSnapshotAndReportsItsRevision) {
  auto snapshot = store_.Snapshot();
  store_.Add({testing::ClaimNode("later")},
             {testing::MakeEdge("studies/review", v1::EDGE_KIND_SUPPORTS, "claims/later")});
  TraverseOptions options;
  options.start = {"studies/review"};
  auto walk = Traversal::Start(*snapshot, options);
  ASSERT_TRUE(walk.ok());
  EXPECT_EQ((*walk)->revision(), snapshot->revision());
  auto visits = Walk(*snapshot, options);
  ASSERT_TRUE(visits.ok());
  EXPECT_EQ(Depths(*visits).count("claims/later"), 0u) << "a later write leaked in";
  auto fresh = store_.Snapshot();
  EXPECT_GT(fresh->revision(), snapshot->revision());
  EXPECT_EQ(Depths(*Walk(*fresh, options)).count("claims/later"), 1u);
}

// --- 100k edges against the reference BFS ----------------------------------

class LargeGraphTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    graph_ = new testing::GeneratedGraph(testing::GenerateGraph(100000, 20241125));
    reference_ = new testing::ReferenceGraph(*graph_);
    store_ = new testing::TestStore();
    store_->Add(graph_->nodes, {});
    constexpr size_t kBatch = 20000;
    for (size_t i = 0; i < graph_->edges.size(); i += kBatch) {
      std::vector<v1::Edge> batch(
          graph_->edges.begin() + i,
          graph_->edges.begin() + std::min(graph_->edges.size(), i + kBatch));
      store_->Add({}, batch);
    }
  }
  static void TearDownTestSuite() {
    delete store_;
    delete reference_;
    delete graph_;
  }
  static testing::GeneratedGraph* graph_;
  static testing::ReferenceGraph* reference_;
  static testing::TestStore* store_;
};
testing::GeneratedGraph* LargeGraphTest::graph_ = nullptr;
testing::ReferenceGraph* LargeGraphTest::reference_ = nullptr;
testing::TestStore* LargeGraphTest::store_ = nullptr;

TEST_F(LargeGraphTest, TraverseAgreesWithReferenceBfsInEveryDirection) {
  auto snapshot = store_->Snapshot();
  std::mt19937 rng(7);
  const auto& vertices = reference_->vertices();
  const v1::EdgeDirection directions[] = {v1::EDGE_DIRECTION_OUTGOING,
                                          v1::EDGE_DIRECTION_INCOMING,
                                          v1::EDGE_DIRECTION_BOTH};
  int64_t compared = 0;
  for (int round = 0; round < 9; ++round) {
    TraverseOptions options;
    options.direction = directions[round % 3];
    options.max_depth = round % 3 == 2 ? 3 : 5;
    options.max_nodes = kTraverseMaxNodes.cap;
    for (int s = 0; s < 1 + round % 3; ++s) {
      options.start.push_back(vertices[rng() % vertices.size()]);
    }
    auto visits = Walk(*snapshot, options);
    ASSERT_TRUE(visits.ok()) << visits.status();
    const auto expected = reference_->Bfs(options.start, options.max_depth, options.direction);
    ASSERT_EQ(Depths(*visits), expected) << "round " << round;
    // Each vertex's parent is one level up and joined to it by via_edge.
    const auto depths = Depths(*visits);
    for (const Visit& v : *visits) {
      if (v.depth == 0) continue;
      ASSERT_EQ(depths.at(v.parent), v.depth - 1) << v.name;
      bool joined = false;
      for (const auto& hop : reference_->Hops(v.parent, options.direction)) {
        joined |= hop.neighbor == v.name && hop.edge == v.via_edge;
      }
      ASSERT_TRUE(joined) << v.parent << " -/-> " << v.name << " via " << v.via_edge;
    }
    compared += static_cast<int64_t>(visits->size());
  }
  EXPECT_GT(compared, 1000) << "the walks were too small to mean anything";
}

}  // namespace
}  // namespace evidencegraph::query
