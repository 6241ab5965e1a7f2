// The worked example of reasoning.md section 7: grading, strengths, verdicts,
// the explanation of C2 and the three what-ifs.
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reasoning/argument_graph.h"
#include "reasoning/dot.h"
#include "reasoning/explain.h"
#include "tests/reasoning/worked_example.h"

namespace evidencegraph::reasoning {
namespace {

using ::testing::HasSubstr;
using namespace ::evidencegraph::reasoning::testing;  // NOLINT: fixture ids

class WorkedExampleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    graph_ = WorkedExample();
    auto built = ArgumentGraph::Build(graph_);
    ASSERT_TRUE(built.ok()) << built.status();
    args_.emplace(std::move(*built));
  }

  ClaimExplanation Explain(const std::string& claim,
                           std::vector<std::string> removals = {}) {
    ExplainOptions options;
    options.what_if_removals = std::move(removals);
    options.render_dot = true;
    auto e = ExplainClaim(*args_, claim, options);
    EXPECT_TRUE(e.ok()) << e.status();
    return e.ok() ? *e : ClaimExplanation{};
  }

  double BaseOf(const std::string& argument) {
    auto id = args_->qbaf().Find(argument);
    EXPECT_TRUE(id.has_value()) << argument;
    return id ? args_->qbaf().base(*id) : -1.0;
  }

  std::string LinkName(const char* s, EdgeKind k, const char* c) { return EdgeName(s, k, c); }

  EvidenceGraph graph_;
  std::optional<ArgumentGraph> args_;
};

TEST_F(WorkedExampleTest, GradingGivesTheTableOfSection7) {
  EXPECT_NEAR(BaseOf(LinkName(kS1, EdgeKind::kSupports, kC2)), 0.20, 1e-12);
  EXPECT_NEAR(BaseOf(LinkName(kS1, EdgeKind::kSupports, kC1)), 0.10, 1e-12);
  EXPECT_NEAR(BaseOf(LinkName(kS2, EdgeKind::kSupports, kC4)), 0.45, 1e-12);
  EXPECT_NEAR(BaseOf(LinkName(kS3, EdgeKind::kRefutes, kC1)), 0.45, 1e-12);
  EXPECT_NEAR(BaseOf(LinkName(kS3, EdgeKind::kRefutes, kC3)), 0.45, 1e-12);
  EXPECT_NEAR(BaseOf(LinkName(kS4, EdgeKind::kSupports, kC3)), 0.20, 1e-12);
  EXPECT_NEAR(BaseOf(LinkName(kS5, EdgeKind::kSupports, kC5)), 0.45, 1e-12);
}

TEST_F(WorkedExampleTest, CritiquesAndAssertionGetCredibilityWeightedBases) {
  EXPECT_NEAR(BaseOf(kCraneNegative), 0.45, 1e-12);
  EXPECT_NEAR(BaseOf(kSingleGenes), 0.525, 1e-12);
  EXPECT_NEAR(BaseOf(kDomsEffect), 0.45, 1e-12);
  EXPECT_NEAR(BaseOf(kPerception), 0.375, 1e-12);
  EXPECT_NEAR(BaseOf(LinkName(kProponents, EdgeKind::kAsserts, kC6)), 0.25 * 0.625, 1e-12);
}

TEST_F(WorkedExampleTest, StrengthsAndVerdictsMatchSection7) {
  struct Expected {
    const char* claim;
    double strength;
    double tolerance;
    Verdict verdict;
  };
  const Expected cases[] = {
      {kC1, 0.288, 0.001, Verdict::kDoesNotHold},
      {kC2, 0.526, 0.001, Verdict::kDoesNotHold},
      {kC3, 0.330, 0.001, Verdict::kDoesNotHold},
      {kC4, 0.725, 0.001, Verdict::kHolds},
      {kC5, 0.725, 0.001, Verdict::kHolds},
      {kC6, 0.305, 0.016, Verdict::kDoesNotHold},  // .29-.32 per reasoning.md
  };
  for (const Expected& c : cases) {
    ClaimExplanation e = Explain(c.claim);
    EXPECT_NEAR(e.strength, c.strength, c.tolerance) << c.claim;
    EXPECT_EQ(e.verdict, c.verdict) << c.claim << ": " << e.verdict_rule;
    EXPECT_FALSE(e.unstable) << c.claim;
  }
}

TEST_F(WorkedExampleTest, ClaimsThatHoldCarryLowCertainty) {
  for (const char* claim : {kC4, kC5}) {
    ClaimExplanation e = Explain(claim);
    EXPECT_EQ(e.certainty, CertaintyLevel::kLow) << claim;
    EXPECT_EQ(CertaintyWords(e.certainty), "low");
  }
}

TEST_F(WorkedExampleTest, C2ExplanationShowsItsOnlySupportAndWhoWeakenedIt) {
  ClaimExplanation e = Explain(kC2);
  ASSERT_EQ(e.evidence_for.size(), 1u);
  EXPECT_TRUE(e.evidence_against.empty());
  const ExplanationItem& s1 = e.evidence_for[0];
  EXPECT_EQ(s1.node, kS1);
  EXPECT_EQ(s1.kind, ArgumentKind::kEvidence);
  EXPECT_NEAR(s1.base, 0.20, 1e-12);
  EXPECT_NEAR(s1.strength, 0.052, 0.001);
  std::string reasons = absl::StrJoin(s1.reasons, "\n");
  EXPECT_THAT(reasons, HasSubstr("n=11"));
  EXPECT_THAT(reasons, HasSubstr("surrogate outcome"));

  std::vector<std::string> who;
  for (const CritiqueHit& hit : s1.critiques) {
    for (const std::string& a : hit.authors) who.push_back(a);
  }
  EXPECT_THAT(who, ::testing::UnorderedElementsAre("David Gorski", "Paul Ingraham"));
  for (const CritiqueHit& hit : s1.critiques) {
    ASSERT_EQ(hit.attack_types.size(), 1u);
    if (hit.critique == kSingleGenes) {
      EXPECT_EQ(hit.attack_types[0], AttackType::kUndercut);
      EXPECT_EQ(hit.kind, CritiqueKind::kWrongUnitOfAnalysis);
      EXPECT_NEAR(hit.strength, 0.525, 1e-12);
    } else {
      EXPECT_EQ(hit.critique, kCraneNegative);
      EXPECT_EQ(hit.attack_types[0], AttackType::kUndermine);
    }
  }
  EXPECT_THAT(e.summary, HasSubstr("Crane et al. 2012"));
  EXPECT_THAT(e.summary, HasSubstr("David Gorski"));
  EXPECT_THAT(e.summary, HasSubstr("Paul Ingraham"));
  EXPECT_THAT(e.summary, HasSubstr("does not hold"));
}

TEST_F(WorkedExampleTest, ShapleyValuesAreExactHereAndSumToStrengthMinusHalf) {
  for (const char* claim : {kC1, kC2, kC3, kC4, kC5, kC6}) {
    ClaimExplanation e = Explain(claim);
    ASSERT_TRUE(e.shapley_computed) << claim;
    EXPECT_TRUE(e.shapley_exact) << claim;
    double sum = 0.0;
    for (const ContributionItem& c : e.contributions) sum += c.shapley;
    EXPECT_NEAR(sum, e.strength - 0.5, 1e-9) << claim;
  }
}

TEST_F(WorkedExampleTest, RemovalContributionEqualsTheWhatIfDelta) {
  ClaimExplanation e = Explain(kC2);
  const ContributionItem* gorski = nullptr;
  for (const ContributionItem& c : e.contributions) {
    if (c.argument == kSingleGenes) gorski = &c;
  }
  ASSERT_NE(gorski, nullptr);
  ASSERT_TRUE(gorski->removal_computed);
  ClaimExplanation without = Explain(kC2, {kSingleGenes});
  ASSERT_TRUE(without.what_if.has_value());
  EXPECT_NEAR(gorski->removal, -without.what_if->delta, 1e-12);
  EXPECT_LT(gorski->removal, 0.0);  // the critique lowered C2
}

TEST_F(WorkedExampleTest, WhatIfsOfSection7GiveInsufficientEvidence) {
  struct Case {
    const char* claim;
    const char* removed;
  };
  for (const Case& c : {Case{kC2, kSingleGenes}, Case{kC3, kS3}, Case{kC6, kPerception}}) {
    ClaimExplanation e = Explain(c.claim, {c.removed});
    EXPECT_EQ(e.verdict, Verdict::kInsufficientEvidence)
        << c.claim << " without " << c.removed << ": " << e.verdict_rule;
    ASSERT_TRUE(e.what_if.has_value());
    EXPECT_EQ(e.what_if->baseline_verdict, Verdict::kDoesNotHold);
    EXPECT_NEAR(e.what_if->delta, e.strength - e.what_if->baseline_strength, 1e-15);
    EXPECT_THAT(e.summary, HasSubstr("Without"));
  }
}

TEST_F(WorkedExampleTest, RemovingAnExpertRemovesEverythingTheyAuthored) {
  // Without Ingraham both of his critiques go: S1 is only undercut by Gorski.
  ClaimExplanation e = Explain(kC2, {kIngraham});
  ASSERT_EQ(e.evidence_for.size(), 1u);
  EXPECT_NEAR(e.evidence_for[0].strength, 0.2 * (1 - 0.525), 1e-12);
  ASSERT_TRUE(e.what_if.has_value());
  EXPECT_THAT(e.what_if->removed_arguments,
              ::testing::UnorderedElementsAre(kCraneNegative, kDomsEffect));
  // Without Justin Crane his study's evidence goes: nothing supports C2.
  ClaimExplanation no_crane = Explain(kC2, {kCrane});
  EXPECT_TRUE(no_crane.evidence_for.empty());
  EXPECT_NEAR(no_crane.strength, 0.5, 1e-12);
}

TEST_F(WorkedExampleTest, RemovingATargetsEdgeRemovesOnlyThatAttack) {
  std::string undercut_c1 = EdgeName(kSingleGenes, EdgeKind::kTargets,
                                     EdgeName(kS1, EdgeKind::kSupports, kC1));
  ClaimExplanation c2 = Explain(kC2, {undercut_c1});
  EXPECT_NEAR(c2.what_if->delta, 0.0, 1e-15);  // C2's link is still undercut
  ClaimExplanation c1 = Explain(kC1, {undercut_c1});
  EXPECT_GT(c1.what_if->delta, 0.0);
}

TEST_F(WorkedExampleTest, PathsAreSignedAndEndAtTheClaim) {
  ClaimExplanation e = Explain(kC2);
  // Leaves are the two critiques: critique -> A(S1,C2) -> C2, twice.
  ASSERT_EQ(e.paths.size(), 2u);
  std::vector<std::string> leaves;
  for (const ArgumentPath& p : e.paths) {
    ASSERT_EQ(p.steps.size(), 3u);
    leaves.push_back(p.steps.front().argument);
    EXPECT_EQ(p.steps[1].argument, EdgeName(kS1, EdgeKind::kSupports, kC2));
    EXPECT_NEAR(p.steps[1].strength, 0.05225, 1e-9);
    EXPECT_EQ(p.steps.back().argument, kC2);
    EXPECT_EQ(p.sign, -1);  // a critique of the only support lowers the claim
  }
  EXPECT_THAT(leaves, ::testing::UnorderedElementsAre(kSingleGenes, kCraneNegative));
  EXPECT_FALSE(e.paths_truncated);
}

TEST_F(WorkedExampleTest, DotDrawsKindsPolarityAndAuthors) {
  ClaimExplanation e = Explain(kC2);
  EXPECT_THAT(e.dot, HasSubstr("digraph explanation {"));
  EXPECT_THAT(e.dot, HasSubstr("shape=octagon"));   // critiques
  EXPECT_THAT(e.dot, HasSubstr("arrowhead=tee"));   // attacks
  EXPECT_THAT(e.dot, HasSubstr("color=darkgreen")); // support
  EXPECT_THAT(e.dot, HasSubstr("0.20→0.05"));       // tau→sigma of A(S1,C2)
  EXPECT_THAT(e.dot, HasSubstr("David Gorski"));
  EXPECT_THAT(e.dot, HasSubstr("authored"));
}

TEST_F(WorkedExampleTest, WhatIfEqualsEvaluatingTheGraphWithoutTheItem) {
  // Remove S3 (its node and its edges) from a copy of the graph and compare
  // with the what-if, which only re-evaluates S3's downstream cone.
  EvidenceGraph without = WorkedExample();
  std::erase_if(without.studies, [](const Study& s) { return s.name == kS3; });
  std::erase_if(without.edges, [](const Edge& e) { return e.source == kS3; });
  for (const char* claim : {kC1, kC3, kC6}) {
    auto direct = ExplainClaim(without, claim, ExplainOptions{});
    ASSERT_TRUE(direct.ok()) << direct.status();
    ClaimExplanation what_if = Explain(claim, {kS3});
    EXPECT_NEAR(what_if.strength, direct->strength, 1e-9) << claim;
    EXPECT_EQ(what_if.verdict, direct->verdict) << claim;
  }
}

TEST_F(WorkedExampleTest, DotEscapesQuotesAndBackslashesInTitles) {
  graph_.critiques[1].display_title = "Gorski: \"single genes\" \\ pathways";
  auto built = ArgumentGraph::Build(graph_);
  ASSERT_TRUE(built.ok());
  ExplainOptions options;
  options.render_dot = true;
  auto e = ExplainClaim(*built, kC2, options);
  ASSERT_TRUE(e.ok());
  EXPECT_THAT(e->dot, HasSubstr("Gorski: \\\"single genes\\\" \\\\ pathways"));
  EXPECT_EQ(DotQuote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
}

TEST_F(WorkedExampleTest, ThresholdsAreEchoedAndChangeTheVerdict) {
  ExplainOptions strict;
  strict.thresholds.alpha = 0.5;
  auto e = ExplainClaim(*args_, kC4, strict);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->thresholds.alpha, 0.5);
  EXPECT_EQ(e->verdict, Verdict::kInsufficientEvidence);  // P = 0.45 < 0.5
}

}  // namespace
}  // namespace evidencegraph::reasoning
