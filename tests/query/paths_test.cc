// Specification of query/paths.h on a real store: shortest first, simple
// paths only, direction, edge kinds, max_paths with truncation, bounds and
// errors; and agreement with an exhaustive reference search on a generated
// graph of 100k edges.
#include "query/paths.h"

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/query/reference_graph.h"
#include "tests/query/small_graph.h"
#include "tests/query/test_graph.h"

namespace evidencegraph::query {
namespace {

using ::evidencegraph::testing::AddSmallGraph;
using ::evidencegraph::testing::CraneSupportsInflammation;
using ::testing::ElementsAre;

// "v0 |e1| v1 ..." as the reference spells paths.
std::string Spell(const FoundPath& path) {
  std::string out = path.vertices[0];
  for (size_t i = 0; i < path.hops.size(); ++i) {
    absl::StrAppend(&out, " |", path.hops[i].edge, "| ", path.vertices[i + 1]);
  }
  return out;
}

class PathsTest : public ::testing::Test {
 protected:
  void SetUp() override { AddSmallGraph(store_); }
  testing::TestStore store_;
};

TEST_F(PathsTest, ConnectsAnExpertToAClaimThroughTheLinkTheirCritiqueUndercuts) {
  auto snapshot = store_.Snapshot();
  FindPathsOptions options;
  options.source = "experts/gorski";
  options.target = "claims/inflammation";
  options.direction = v1::EDGE_DIRECTION_OUTGOING;
  auto result = FindPaths(*snapshot, options, NeverStop());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->shortest_length, 3);
  ASSERT_EQ(result->paths.size(), 1u);
  const FoundPath& path = result->paths[0];
  EXPECT_THAT(path.vertices,
              ElementsAre("experts/gorski", "critiques/single-genes",
                          CraneSupportsInflammation(), "claims/inflammation"));
  EXPECT_EQ(path.hops[1].kind, v1::EDGE_KIND_TARGETS);
  EXPECT_EQ(path.hops[2].edge, CraneSupportsInflammation());
  EXPECT_TRUE(path.hops[2].forward);
  EXPECT_FALSE(result->truncated);
  EXPECT_EQ(result->revision, snapshot->revision());
}

TEST_F(PathsTest, ShortestFirstAndEverySimplePathWithinTheLength) {
  auto snapshot = store_.Snapshot();
  FindPathsOptions options;
  options.source = "experts/gorski";
  options.target = "claims/inflammation";
  options.max_length = 6;
  options.max_paths = 100;
  auto result = FindPaths(*snapshot, options, NeverStop());
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_GE(result->paths.size(), 3u);
  size_t last = 0;
  std::set<std::string> distinct;
  for (const FoundPath& p : result->paths) {
    EXPECT_GE(p.hops.size(), last);
    last = p.hops.size();
    EXPECT_LE(p.hops.size(), 6u);
    EXPECT_EQ(p.vertices.size(), p.hops.size() + 1);
    std::set<std::string> vertices(p.vertices.begin(), p.vertices.end());
    EXPECT_EQ(vertices.size(), p.vertices.size()) << "not simple: " << Spell(p);
    EXPECT_TRUE(distinct.insert(Spell(p)).second) << "twice: " << Spell(p);
  }
  EXPECT_EQ(result->paths[0].hops.size(), 3u);
}

TEST_F(PathsTest, MaxPathsKeepsTheShortestAndSaysMoreExist) {
  auto snapshot = store_.Snapshot();
  FindPathsOptions options;
  options.source = "experts/gorski";
  options.target = "claims/inflammation";
  options.max_length = 6;
  options.max_paths = 100;
  auto all = FindPaths(*snapshot, options, NeverStop());
  ASSERT_TRUE(all.ok());
  options.max_paths = 2;
  auto two = FindPaths(*snapshot, options, NeverStop());
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->paths.size(), 2u);
  EXPECT_TRUE(two->truncated);
  EXPECT_THAT(two->truncation_reason, ::testing::HasSubstr("max_paths"));
  EXPECT_EQ(Spell(two->paths[0]), Spell(all->paths[0]));
  EXPECT_EQ(Spell(two->paths[1]), Spell(all->paths[1]));
}

TEST_F(PathsTest, DirectionDecidesWhichWayEdgesMayBeWalked) {
  auto snapshot = store_.Snapshot();
  FindPathsOptions options;
  options.source = "claims/inflammation";
  options.target = "experts/gorski";
  options.direction = v1::EDGE_DIRECTION_OUTGOING;
  auto forward = FindPaths(*snapshot, options, NeverStop());
  ASSERT_TRUE(forward.ok());
  EXPECT_TRUE(forward->paths.empty());
  EXPECT_EQ(forward->shortest_length, 0);
  options.direction = v1::EDGE_DIRECTION_INCOMING;
  auto backward = FindPaths(*snapshot, options, NeverStop());
  ASSERT_TRUE(backward.ok());
  ASSERT_FALSE(backward->paths.empty());
  EXPECT_EQ(backward->shortest_length, 3);
  for (const PathStep& hop : backward->paths[0].hops) EXPECT_FALSE(hop.forward);
}

TEST_F(PathsTest, EdgeKindsFilterThePaths) {
  auto snapshot = store_.Snapshot();
  FindPathsOptions options;
  options.source = "claims/genes";
  options.target = "claims/inflammation";
  options.edges.kinds = {v1::EDGE_KIND_SUPPORTS};
  auto result = FindPaths(*snapshot, options, NeverStop());
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->paths.size(), 1u);
  EXPECT_THAT(result->paths[0].vertices,
              ElementsAre("claims/genes", "studies/crane", "claims/inflammation"));
}

TEST_F(PathsTest, NoPathWithinTheLengthIsAnEmptyAnswerNotAnError) {
  auto snapshot = store_.Snapshot();
  FindPathsOptions options;
  options.source = "experts/gorski";
  options.target = "claims/inflammation";
  options.max_length = 2;
  auto result = FindPaths(*snapshot, options, NeverStop());
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->paths.empty());
  EXPECT_EQ(result->shortest_length, 0);
}

TEST_F(PathsTest, BadRequestsNameTheField) {
  auto snapshot = store_.Snapshot();
  FindPathsOptions options;
  options.source = "claims/genes";
  options.target = "claims/genes";
  auto same = FindPaths(*snapshot, options, NeverStop());
  EXPECT_EQ(same.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(same.status()), "target");

  options.target = "claims/nowhere";
  auto missing = FindPaths(*snapshot, options, NeverStop());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorResource(missing.status()), "claims/nowhere");

  options.target = "claims/inflammation";
  options.max_length = kPathsMaxLength.cap + 1;
  auto long_paths = FindPaths(*snapshot, options, NeverStop());
  EXPECT_EQ(ErrorField(long_paths.status()), "max_length");
  EXPECT_EQ(ErrorReason(long_paths.status()), "EXCEEDS_CAP");

  options.max_length = 0;
  options.max_paths = kPathsMaxPaths.cap + 1;
  auto many = FindPaths(*snapshot, options, NeverStop());
  EXPECT_EQ(ErrorField(many.status()), "max_paths");

  options.max_paths = 0;
  options.source = "";
  auto empty = FindPaths(*snapshot, options, NeverStop());
  EXPECT_EQ(ErrorField(empty.status()), "source");
}

TEST_F(PathsTest, ACancelledCallerGetsItsStatus) {
  auto snapshot = store_.Snapshot();
  FindPathsOptions options;
  options.source = "experts/gorski";
  options.target = "claims/inflammation";
  auto result = FindPaths(*snapshot, options,
                          [] { return absl::DeadlineExceededError("too late"); });
  EXPECT_EQ(result.status().code(), absl::StatusCode::kDeadlineExceeded);
}

// --- 100k edges against the exhaustive reference ----------------------------

TEST(LargePathsTest, AgreesWithExhaustiveSearchOnAGeneratedGraph) {
  const testing::GeneratedGraph graph = testing::GenerateGraph(100000, 99);
  const testing::ReferenceGraph reference(graph);
  testing::TestStore store;
  store.Add(graph.nodes, {});
  for (size_t i = 0; i < graph.edges.size(); i += 20000) {
    store.Add({}, std::vector<v1::Edge>(graph.edges.begin() + i,
                                        graph.edges.begin() +
                                            std::min(graph.edges.size(), i + 20000)));
  }
  auto snapshot = store.Snapshot();
  std::mt19937 rng(3);
  const auto& vertices = reference.vertices();
  const v1::EdgeDirection directions[] = {v1::EDGE_DIRECTION_BOTH,
                                          v1::EDGE_DIRECTION_OUTGOING,
                                          v1::EDGE_DIRECTION_INCOMING};
  int with_paths = 0, truncated = 0;
  for (int round = 0; round < 30; ++round) {
    const v1::EdgeDirection direction = directions[round % 3];
    const std::string source = vertices[rng() % vertices.size()];
    // A target 1-4 hops away when there is one, else any vertex.
    const auto ball = reference.Bfs({source}, 4, direction);
    std::vector<std::string> near;
    for (const auto& [v, d] : ball) if (d >= 1) near.push_back(v);
    const std::string target =
        near.empty() ? vertices[rng() % vertices.size()] : near[rng() % near.size()];
    if (target == source) continue;

    FindPathsOptions options;
    options.source = source;
    options.target = target;
    options.max_length = 4;
    options.max_paths = 50;
    options.direction = direction;
    auto result = FindPaths(*snapshot, options, NeverStop());
    ASSERT_TRUE(result.ok()) << result.status();

    std::vector<std::string> expected =
        reference.AllPaths(source, target, 4, direction, 1000000);
    std::stable_sort(expected.begin(), expected.end(),
                     [](const std::string& a, const std::string& b) {
                       return std::count(a.begin(), a.end(), '|') <
                              std::count(b.begin(), b.end(), '|');
                     });
    const auto dist = reference.Bfs({source}, 4, direction);
    const auto it = dist.find(target);
    EXPECT_EQ(result->shortest_length, it == dist.end() ? 0 : it->second)
        << source << " -> " << target;

    const size_t want = std::min<size_t>(expected.size(), 50);
    ASSERT_EQ(result->paths.size(), want) << source << " -> " << target;
    EXPECT_EQ(result->truncated, expected.size() > 50);
    const std::set<std::string> all(expected.begin(), expected.end());
    for (size_t i = 0; i < want; ++i) {
      const std::string got = Spell(result->paths[i]);
      EXPECT_TRUE(all.count(got)) << "not a path of the graph: " << got;
      // Same length as the i-th shortest reference path.
      EXPECT_EQ(result->paths[i].hops.size(),
                static_cast<size_t>(std::count(expected[i].begin(), expected[i].end(), '|') / 2));
    }
    if (expected.size() <= 50) {
      std::set<std::string> got;
      for (const FoundPath& p : result->paths) got.insert(Spell(p));
      EXPECT_EQ(got, all);
    }
    with_paths += !expected.empty();
    truncated += expected.size() > 50;
  }
  EXPECT_GE(with_paths, 15) << "too few connected pairs to mean anything";
}

}  // namespace
}  // namespace evidencegraph::query
