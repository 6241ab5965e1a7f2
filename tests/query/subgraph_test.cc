// Specification of query/subgraph.h and query/subgraph_dot.h: the
// neighbourhood's full nodes and every edge among them, attacked inferences
// with their critiques, bounds, and a DOT picture that names everything.
#include "query/subgraph.h"

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "common/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "query/subgraph_dot.h"
#include "tests/query/small_graph.h"
#include "tests/query/test_graph.h"

namespace evidencegraph::query {
namespace {

using ::evidencegraph::testing::AddSmallGraph;
using ::evidencegraph::testing::CraneSupportsGenes;
using ::evidencegraph::testing::EdgeNameOf;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

std::set<std::string> NodeNames(const Subgraph& g) {
  std::set<std::string> out;
  for (const v1::Node& n : g.nodes) out.insert(n.name());
  return out;
}
std::set<std::string> EdgeNames(const Subgraph& g) {
  std::set<std::string> out;
  for (const v1::Edge& e : g.edges) out.insert(e.name());
  return out;
}

class SubgraphTest : public ::testing::Test {
 protected:
  void SetUp() override { AddSmallGraph(store_); }
  testing::TestStore store_;
};

TEST_F(SubgraphTest, DepthOneHoldsTheCentreItsNeighboursAndTheEdgesAmongThem) {
  auto snapshot = store_.Snapshot();
  SubgraphOptions options;
  options.center = "studies/crane";
  auto g = GetSubgraph(*snapshot, options, NeverStop());
  ASSERT_TRUE(g.ok()) << g.status();
  ASSERT_FALSE(g->nodes.empty());
  EXPECT_EQ(g->nodes[0].name(), "studies/crane");
  EXPECT_TRUE(g->nodes[0].has_study()) << "full node messages";
  EXPECT_EQ(NodeNames(*g),
            (std::set<std::string>{"studies/crane", "experts/crane", "claims/genes",
                                   "claims/inflammation", "critiques/negative"}));
  // Both attacked inferences are vertices, so their edges appear; the critique
  // that undercuts them is two hops away and does not.
  EXPECT_THAT(g->inferences, UnorderedElementsAre(CraneSupportsGenes(),
                                                  testing::CraneSupportsInflammation()));
  const auto edges = EdgeNames(*g);
  EXPECT_TRUE(edges.count(CraneSupportsGenes()));
  EXPECT_TRUE(edges.count(
      EdgeNameOf("critiques/negative", v1::EDGE_KIND_TARGETS, "studies/crane")));
  EXPECT_FALSE(edges.count(
      EdgeNameOf("critiques/single-genes", v1::EDGE_KIND_TARGETS, CraneSupportsGenes())));
  for (const v1::Edge& e : g->edges) EXPECT_FALSE(e.etag().empty()) << "full edge messages";
  EXPECT_EQ(g->revision, snapshot->revision());
  EXPECT_FALSE(g->truncated);
}

TEST_F(SubgraphTest, EdgesAmongTheVerticesAreIncludedWhateverTheWalkDirection) {
  auto snapshot = store_.Snapshot();
  SubgraphOptions options;
  options.center = "claims/inflammation";
  options.depth = 2;
  options.direction = v1::EDGE_DIRECTION_INCOMING;
  options.edges.kinds = {v1::EDGE_KIND_SUPPORTS, v1::EDGE_KIND_REFUTES};
  auto g = GetSubgraph(*snapshot, options, NeverStop());
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(NodeNames(*g), (std::set<std::string>{"claims/inflammation", "studies/crane",
                                                  "studies/review"}));
  EXPECT_EQ(EdgeNames(*g).size(), 2u);
}

TEST_F(SubgraphTest, MaxNodesTruncates) {
  auto snapshot = store_.Snapshot();
  SubgraphOptions options;
  options.center = "studies/crane";
  options.depth = 3;
  options.max_nodes = 2;
  auto g = GetSubgraph(*snapshot, options, NeverStop());
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->nodes.size() + g->inferences.size(), 2u);
  EXPECT_TRUE(g->truncated);
  EXPECT_THAT(g->truncation_reason, HasSubstr("max_nodes"));
}

TEST_F(SubgraphTest, BoundsAndMissingCentre) {
  auto snapshot = store_.Snapshot();
  SubgraphOptions options;
  options.center = "studies/crane";
  options.depth = kSubgraphDepth.cap + 1;
  auto deep = GetSubgraph(*snapshot, options, NeverStop());
  EXPECT_EQ(ErrorField(deep.status()), "depth");
  EXPECT_EQ(ErrorReason(deep.status()), "EXCEEDS_CAP");
  options.depth = 1;
  options.max_nodes = kSubgraphMaxNodes.cap + 1;
  EXPECT_EQ(ErrorField(GetSubgraph(*snapshot, options, NeverStop()).status()), "max_nodes");
  options.max_nodes = 0;
  options.center = "studies/none";
  auto missing = GetSubgraph(*snapshot, options, NeverStop());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  options.center = "";
  EXPECT_EQ(ErrorField(GetSubgraph(*snapshot, options, NeverStop()).status()), "name");
}

TEST_F(SubgraphTest, DotNamesEveryNodeAndDrawsUndercutsAtAPointOnTheirEdge) {
  auto snapshot = store_.Snapshot();
  SubgraphOptions options;
  options.center = "critiques/single-genes";
  options.depth = 2;
  options.include_dot = true;
  auto g = GetSubgraph(*snapshot, options, NeverStop());
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_THAT(g->dot, HasSubstr("digraph"));
  for (const v1::Node& n : g->nodes) EXPECT_THAT(g->dot, HasSubstr(DotQuote(n.name())));
  EXPECT_THAT(g->dot, HasSubstr(DotQuote(CraneSupportsGenes()) + " [shape=point"));
  EXPECT_THAT(g->dot, HasSubstr("targets (undercut)"));
  EXPECT_THAT(g->dot, HasSubstr("penwidth=3")) << "the centre is highlighted";
  options.include_dot = false;
  EXPECT_TRUE(GetSubgraph(*snapshot, options, NeverStop())->dot.empty());
}

TEST_F(SubgraphTest, GraphvizAcceptsTheDot) {
  if (std::system("command -v dot > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "Graphviz (dot) is not installed";
  }
  auto snapshot = store_.Snapshot();
  SubgraphOptions options;
  options.center = "claims/genes";
  options.depth = 3;
  options.include_dot = true;
  auto g = GetSubgraph(*snapshot, options, NeverStop());
  ASSERT_TRUE(g.ok()) << g.status();
  FILE* pipe = popen("dot -Tsvg -o /dev/null 2>/dev/null", "w");
  ASSERT_NE(pipe, nullptr);
  fwrite(g->dot.data(), 1, g->dot.size(), pipe);
  EXPECT_EQ(pclose(pipe), 0) << "dot rejected:\n" << g->dot;
}

TEST(DotQuoteTest, EscapesQuotesBackslashesAndNewlines) {
  EXPECT_EQ(DotQuote("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
}

}  // namespace
}  // namespace evidencegraph::query
