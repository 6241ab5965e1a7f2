// Specification of the synthetic graph generator: deterministic, sized as
// asked, every edge unique and importable in order (endpoints defined first).
#include "tools/graphgen/synthetic_graph.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "common/resource_names.h"
#include "gtest/gtest.h"

namespace evidencegraph::graphgen {
namespace {

std::vector<std::string> Serialise(const SyntheticGraphOptions& options) {
  std::vector<std::string> out;
  GenerateSyntheticGraph(options, [&](const v1::ImportGraphRequest& batch) {
    std::string bytes;
    batch.SerializeToString(&bytes);
    out.push_back(std::move(bytes));
  });
  return out;
}

TEST(SyntheticGraphTest, SameSeedSameGraphOtherSeedOtherGraph) {
  SyntheticGraphOptions options;
  options.edges = 5'000;
  EXPECT_EQ(Serialise(options), Serialise(options));
  SyntheticGraphOptions other = options;
  other.seed = 2;
  EXPECT_NE(Serialise(options), Serialise(other));
}

TEST(SyntheticGraphTest, SizedAsAskedWithValidUniqueEdgesInImportOrder) {
  for (int64_t edges : {1'000, 20'000}) {
    SyntheticGraphOptions options;
    options.edges = edges;
    options.batch_size = 700;
    absl::flat_hash_set<std::string> defined;  // nodes and edges seen so far
    int64_t edge_count = 0;
    const SyntheticGraphTotals totals =
        GenerateSyntheticGraph(options, [&](const v1::ImportGraphRequest& batch) {
          EXPECT_LE(batch.nodes_size() + batch.edges_size(), 700);
          for (const v1::Node& node : batch.nodes()) {
            EXPECT_TRUE(ParseNodeName(node.name()).ok()) << node.name();
            EXPECT_EQ(PayloadKind(node), ParseNodeName(node.name())->kind);
            EXPECT_TRUE(defined.insert(node.name()).second) << node.name();
          }
          for (const v1::Edge& edge : batch.edges()) {
            ++edge_count;
            const std::string name = MakeEdgeName(edge.source(), edge.kind(), edge.target());
            EXPECT_TRUE(ParseEdgeName(name).ok()) << name;
            EXPECT_TRUE(defined.contains(edge.source())) << name;
            EXPECT_TRUE(defined.contains(edge.target())) << name;
            EXPECT_EQ(edge.kind() == v1::EDGE_KIND_TARGETS,
                      edge.attack_type() != v1::ATTACK_TYPE_UNSPECIFIED) << name;
            EXPECT_TRUE(defined.insert(name).second) << "duplicate " << name;
          }
        });
    EXPECT_EQ(totals.edges, edge_count);
    EXPECT_GE(edge_count, edges * 9 / 10) << edges;
    EXPECT_LE(edge_count, edges * 11 / 10) << edges;
    EXPECT_GE(totals.nodes, edges / 6);
  }
}

}  // namespace
}  // namespace evidencegraph::graphgen
