// Specification of query/evidence_cone.h: which stored nodes and edges make
// up a claim's evidence cone, bounds, errors, the 1:1 mapping into the
// reasoning structs, and that the reasoning library accepts every cone.
#include "query/evidence_cone.h"

#include <set>
#include <string>

#include "absl/strings/str_format.h"
#include "common/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reasoning/argument_graph.h"
#include "tests/query/small_graph.h"
#include "tests/query/test_graph.h"

namespace evidencegraph::query {
namespace {

using ::evidencegraph::testing::AddSmallGraph;
using ::evidencegraph::testing::CraneSupportsGenes;
using ::evidencegraph::testing::CraneSupportsInflammation;
using ::evidencegraph::testing::EdgeNameOf;
using ::testing::HasSubstr;

std::set<std::string> NodeNames(const EvidenceCone& cone) {
  std::set<std::string> out;
  for (const v1::Node& n : cone.nodes) out.insert(n.name());
  return out;
}
std::set<std::string> EdgeNames(const EvidenceCone& cone) {
  std::set<std::string> out;
  for (const v1::Edge& e : cone.edges) out.insert(e.name());
  return out;
}

class EvidenceConeTest : public ::testing::Test {
 protected:
  void SetUp() override { AddSmallGraph(store_); }
  absl::StatusOr<EvidenceCone> Load(const std::string& claim, int max_depth = 0,
                                    int max_nodes = 0) {
    auto snapshot = store_.Snapshot();
    ConeOptions options;
    options.claim = claim;
    options.max_depth = max_depth;
    options.max_nodes = max_nodes;
    return LoadEvidenceCone(*snapshot, options, NeverStop());
  }
  testing::TestStore store_;
};

TEST_F(EvidenceConeTest, HoldsEvidenceCritiquesOfStudyAndLinkAndTheirAuthors) {
  auto cone = Load("claims/genes");
  ASSERT_TRUE(cone.ok()) << cone.status();
  EXPECT_EQ(cone->claim.name(), "claims/genes");
  EXPECT_EQ(NodeNames(*cone),
            (std::set<std::string>{"claims/genes", "studies/crane", "experts/crane",
                                   "critiques/single-genes", "critiques/negative",
                                   "experts/gorski", "experts/ingraham"}));
  EXPECT_EQ(EdgeNames(*cone),
            (std::set<std::string>{
                CraneSupportsGenes(),
                EdgeNameOf("critiques/single-genes", v1::EDGE_KIND_TARGETS,
                           CraneSupportsGenes()),
                EdgeNameOf("critiques/negative", v1::EDGE_KIND_TARGETS, "studies/crane"),
                EdgeNameOf("experts/crane", v1::EDGE_KIND_AUTHORED, "studies/crane"),
                EdgeNameOf("experts/gorski", v1::EDGE_KIND_AUTHORED,
                           "critiques/single-genes"),
                EdgeNameOf("experts/ingraham", v1::EDGE_KIND_AUTHORED,
                           "critiques/negative")}));
  // Not part of the cone: the source that reports it, the other claim and
  // the undercut of the other link.
  EXPECT_FALSE(NodeNames(*cone).count("sources/article"));
  EXPECT_FALSE(EdgeNames(*cone).count(EdgeNameOf(
      "critiques/single-genes", v1::EDGE_KIND_TARGETS, CraneSupportsInflammation())));
  EXPECT_FALSE(cone->truncated);
  EXPECT_EQ(cone->graph.claims.size(), 1u);
  EXPECT_EQ(cone->graph.studies.size(), 1u);
  EXPECT_EQ(cone->graph.experts.size(), 3u);
  EXPECT_EQ(cone->graph.critiques.size(), 2u);
  EXPECT_EQ(cone->graph.edges.size(), cone->edges.size());
}

TEST_F(EvidenceConeTest, RelatedClaimsBringTheirOwnArgumentsAndRebuttalsAreIncluded) {
  auto cone = Load("claims/injuries");
  ASSERT_TRUE(cone.ok()) << cone.status();
  EXPECT_EQ(NodeNames(*cone), (std::set<std::string>{"claims/injuries", "claims/doms",
                                                      "critiques/perception"}));
}

TEST_F(EvidenceConeTest, MapsStoredFieldsOneToOne) {
  auto cone = Load("claims/genes");
  ASSERT_TRUE(cone.ok());
  const reasoning::Study& study = cone->graph.studies[0];
  EXPECT_EQ(study.name, "studies/crane");
  EXPECT_EQ(study.design, reasoning::StudyDesign::kRct);
  EXPECT_EQ(study.sample_size, 11);
  EXPECT_EQ(study.follow_up_days, 30.0);
  EXPECT_FALSE(study.effect_size.has_value()) << "unset stays unset";
  for (const reasoning::Edge& e : cone->graph.edges) {
    if (e.kind != reasoning::EdgeKind::kTargets) continue;
    EXPECT_NE(e.attack_type, reasoning::AttackType::kUnspecified) << e.name;
  }
  for (const reasoning::Expert& e : cone->graph.experts) {
    if (e.name == "experts/gorski") {
      EXPECT_EQ(e.full_name, "David Gorski");
    }
  }
}

TEST_F(EvidenceConeTest, TheReasoningLibraryAcceptsTheCone) {
  for (const char* claim : {"claims/genes", "claims/inflammation", "claims/injuries",
                            "claims/doms"}) {
    auto cone = Load(claim);
    ASSERT_TRUE(cone.ok()) << cone.status();
    auto arguments = reasoning::ArgumentGraph::Build(cone->graph);
    EXPECT_TRUE(arguments.ok()) << claim << ": " << arguments.status();
  }
}

TEST_F(EvidenceConeTest, DepthBoundTruncatesAndKeepsNoDanglingEdges) {
  auto cone = Load("claims/genes", /*max_depth=*/1);
  ASSERT_TRUE(cone.ok()) << cone.status();
  EXPECT_TRUE(cone->truncated);
  EXPECT_THAT(cone->truncation_reason, HasSubstr("max_depth"));
  EXPECT_EQ(NodeNames(*cone), (std::set<std::string>{"claims/genes", "studies/crane"}));
  EXPECT_EQ(EdgeNames(*cone), (std::set<std::string>{CraneSupportsGenes()}));
  EXPECT_TRUE(reasoning::ArgumentGraph::Build(cone->graph).ok());
}

TEST_F(EvidenceConeTest, NodeBoundTruncates) {
  auto cone = Load("claims/genes", 0, /*max_nodes=*/3);
  ASSERT_TRUE(cone.ok());
  EXPECT_TRUE(cone->truncated);
  EXPECT_THAT(cone->truncation_reason, HasSubstr("max_nodes"));
  EXPECT_LE(cone->vertices, 3);
  auto arguments = reasoning::ArgumentGraph::Build(cone->graph);
  EXPECT_TRUE(arguments.ok()) << arguments.status();
}

// A claim with `studies` supporting studies (s000, s001, ...), the first
// refuting it too, and a critique undercutting the first study's support.
void AddHub(testing::TestStore& store, int studies) {
  std::vector<v1::Node> nodes = {testing::ClaimNode("hub"), testing::CritiqueNode("undercut")};
  std::vector<v1::Edge> edges;
  for (int i = 0; i < studies; ++i) {
    const std::string id = absl::StrFormat("s%03d", i);
    nodes.push_back(testing::StudyNode(id));
    edges.push_back(testing::MakeEdge("studies/" + id, v1::EDGE_KIND_SUPPORTS, "claims/hub"));
  }
  edges.push_back(testing::MakeEdge("studies/s000", v1::EDGE_KIND_REFUTES, "claims/hub"));
  edges.push_back(testing::MakeEdge(
      "critiques/undercut", v1::EDGE_KIND_TARGETS,
      EdgeNameOf("studies/s000", v1::EDGE_KIND_SUPPORTS, "claims/hub"),
      v1::ATTACK_TYPE_UNDERCUT));
  store.Add(nodes, edges);
}

TEST_F(EvidenceConeTest, UntruncatedHubHoldsEveryEdgeInNameOrderWithLinksLast) {
  AddHub(store_, 30);
  auto cone = Load("claims/hub");
  ASSERT_TRUE(cone.ok()) << cone.status();
  EXPECT_FALSE(cone->truncated);
  // The claim, 30 studies, the critique; 31 links (30 supports, 1 refutes).
  EXPECT_EQ(cone->nodes.size(), 32u);
  EXPECT_EQ(cone->vertices, 32 + 31);
  ASSERT_EQ(cone->edges.size(), 32u);
  for (size_t i = 0; i + 2 < cone->edges.size(); ++i) {
    EXPECT_LT(cone->edges[i].name(), cone->edges[i + 1].name());
  }
  EXPECT_EQ(cone->edges.back().source(), "critiques/undercut");
  EXPECT_EQ(cone->nodes.front().name(), "claims/hub");
  EXPECT_TRUE(reasoning::ArgumentGraph::Build(cone->graph).ok());
}

TEST_F(EvidenceConeTest, NodeBoundStopsTheWalkAtTheBoundDeterministically) {
  AddHub(store_, 2000);
  // A stop check that counts its calls: the walk polls it every
  // kStopPollEdges adjacency entries, so a walk reading the hub's 2,001
  // incoming edges would call it 7 more times.
  int polls = 0;
  StopCheck counting = [&polls] {
    ++polls;
    return absl::OkStatus();
  };
  auto snapshot = store_.Snapshot();
  ConeOptions options;
  options.claim = "claims/hub";
  options.max_nodes = 11;
  auto cone = LoadEvidenceCone(*snapshot, options, counting);
  ASSERT_TRUE(cone.ok()) << cone.status();
  EXPECT_LE(polls, 3);  // at the start and before each of the two batch reads
  EXPECT_TRUE(cone->truncated);
  EXPECT_EQ(cone->truncation_reason, "max_nodes (11) reached");
  EXPECT_EQ(cone->vertices, 11);
  // Key order: the claim, then REFUTES before SUPPORTS; each study, then its
  // link: s000, its refutes link, its supports link, s001, its link, ...,
  // s004; s004's link is the vertex the bound rejects.
  std::vector<std::string> nodes;
  for (const v1::Node& n : cone->nodes) nodes.push_back(n.name());
  EXPECT_EQ(nodes, (std::vector<std::string>{"claims/hub", "studies/s000", "studies/s001",
                                             "studies/s002", "studies/s003", "studies/s004"}));
  // Only edges met before the stop, both endpoints loaded.
  const std::set<std::string> loaded(nodes.begin(), nodes.end());
  for (const v1::Edge& e : cone->edges) {
    EXPECT_TRUE(loaded.contains(e.source())) << e.name();
    EXPECT_TRUE(loaded.contains(e.target())) << e.name();
  }
  EXPECT_EQ(cone->edges.size(), 6u);  // refutes from s000, supports from s000-s004
  EXPECT_TRUE(reasoning::ArgumentGraph::Build(cone->graph).ok());
  // Same snapshot, same answer.
  auto again = LoadEvidenceCone(*snapshot, options, NeverStop());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(EdgeNames(*again), EdgeNames(*cone));
  EXPECT_EQ(NodeNames(*again), NodeNames(*cone));
}

TEST_F(EvidenceConeTest, OnlyExistingClaimsHaveCones) {
  auto study = Load("studies/crane");
  EXPECT_EQ(study.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(study.status()), "name");
  EXPECT_EQ(ErrorReason(study.status()), "NOT_A_CLAIM");
  auto edge = Load(CraneSupportsGenes());
  EXPECT_EQ(edge.status().code(), absl::StatusCode::kInvalidArgument);
  auto garbage = Load("claims/Not Valid");
  EXPECT_EQ(ErrorField(garbage.status()), "name");
  auto missing = Load("claims/none");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorResource(missing.status()), "claims/none");
  auto deep = Load("claims/genes", kConeMaxDepth.cap + 1);
  EXPECT_EQ(ErrorField(deep.status()), "max_depth");
}

}  // namespace
}  // namespace evidencegraph::query
