// Specification of query/evidence_cone.h: which stored nodes and edges make
// up a claim's evidence cone, bounds, errors, the 1:1 mapping into the
// reasoning structs, and that the reasoning library accepts every cone.
#include "query/evidence_cone.h"

#include <set>
#include <string>

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
