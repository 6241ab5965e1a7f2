// Bad input never crashes or hangs: malformed frameworks and evidence graphs
// give INVALID_ARGUMENT naming the item and the rule; huge cycles evaluate;
// non-convergence is flagged; the StopCheck is honoured.
#include <cmath>
#include <limits>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reasoning/argument_graph.h"
#include "reasoning/explain.h"
#include "tests/reasoning/qbaf_test_util.h"
#include "tests/reasoning/worked_example.h"

namespace evidencegraph::reasoning {
namespace {

using ::testing::HasSubstr;
using testing::BuildQbaf;

std::string Message(const absl::Status& s) { return std::string(s.message()); }

TEST(QbafValidation, BaseScoreOutsideTheUnitIntervalNamesTheArgument) {
  auto q = BuildQbaf({{{"a", 0.5}, {"too-big", 1.5}}, {}, {}});
  ASSERT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(q.status()), HasSubstr("\"too-big\""));
  EXPECT_THAT(Message(q.status()), HasSubstr("[0, 1]"));
}

TEST(QbafValidation, NaNBaseIsRejected) {
  auto q = BuildQbaf({{{"nan-arg", std::nan("")}}, {}, {}});
  ASSERT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(q.status()), HasSubstr("\"nan-arg\""));
  EXPECT_THAT(Message(q.status()), HasSubstr("NaN"));
}

TEST(QbafValidation, UnknownEdgeEndsAndDuplicatesAreRejected) {
  QbafBuilder b;
  ASSERT_TRUE(b.AddArgument("a", .5).ok());
  ASSERT_TRUE(b.AddArgument("b", .5).ok());
  EXPECT_EQ(b.AddAttack(0, 7).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(b.AddSupport(-1, 0).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(b.AddAttack(0, 1).ok());
  EXPECT_EQ(b.AddAttack(0, 1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(b.AddArgument("a", .1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(b.AddArgument("", .1).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(QbafValidation, UnboundedModeStillRejectsInfinity) {
  QbafBuildOptions unbounded;
  unbounded.require_unit_interval = false;
  auto q = BuildQbaf({{{"inf", std::numeric_limits<double>::infinity()}}, {}, {}}, unbounded);
  EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Cycles, TenThousandArgumentAttackCycleConvergesWithoutRecursion) {
  QbafBuilder b;
  const int n = 10000;
  for (int i = 0; i < n; ++i) ASSERT_TRUE(b.AddArgument(absl::StrCat("a", i), 0.1).ok());
  for (int i = 0; i < n; ++i) ASSERT_TRUE(b.AddAttack(i, (i + 1) % n).ok());
  auto q = std::move(b).Build();
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->num_components(), 1);
  auto e = Evaluate(*q, EvaluationOptions{});
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->stats.converged);
  for (int i = 0; i < n; i += 997) EXPECT_NEAR(e->strength[i], 1.0 / 11.0, 1e-6);
}

TEST(Cycles, HundredThousandArgumentChainAndCycleBuildIteratively) {
  QbafBuilder b;
  const int n = 100000;
  for (int i = 0; i < n; ++i) ASSERT_TRUE(b.AddArgument(absl::StrCat("a", i), 0.3).ok());
  for (int i = 0; i + 1 < n; ++i) ASSERT_TRUE(b.AddSupport(i, i + 1).ok());
  ASSERT_TRUE(b.AddAttack(n - 1, 0).ok());  // closes one giant cycle
  auto q = std::move(b).Build();
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->num_components(), 1);
  EvaluationOptions o;
  o.max_rounds = 50;  // a bounded amount of work even if it does not settle
  auto e = Evaluate(*q, o);
  ASSERT_TRUE(e.ok());
  EXPECT_LE(e->stats.iterations, 50);
  EXPECT_EQ(e->stats.converged, e->stats.unstable_components == 0);
}

TEST(Cycles, LinearSemanticsDivergingOnASupportCycleIsFlaggedUnstable) {
  QbafBuildOptions unbounded;
  unbounded.require_unit_interval = false;
  auto q = BuildQbaf({{{"a", 1}, {"b", 1}}, {}, {{"a", "b"}, {"b", "a"}}}, unbounded);
  ASSERT_TRUE(q.ok());
  EvaluationOptions o;
  o.semantics = Semantics::kLinear;
  o.max_rounds = 100;
  auto e = Evaluate(*q, o);
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(e->stats.converged);
  EXPECT_EQ(e->stats.unstable_components, 1);
  EXPECT_EQ(e->stats.iterations, 100);
}

TEST(Cycles, StopCheckIsHonoured) {
  auto q = BuildQbaf({{{"a", .1}, {"b", .1}}, {{"a", "b"}, {"b", "a"}}, {}});
  ASSERT_TRUE(q.ok());
  EvaluationOptions o;
  o.stop_check = [] { return absl::CancelledError("client went away"); };
  EXPECT_EQ(Evaluate(*q, o).status().code(), absl::StatusCode::kCancelled);
  o.stop_check = StopAtDeadline(absl::InfinitePast());
  EXPECT_EQ(Evaluate(*q, o).status().code(), absl::StatusCode::kDeadlineExceeded);
}

TEST(Cycles, OptionsOutOfRangeAreRejected) {
  auto q = BuildQbaf({{{"a", .1}}, {}, {}});
  ASSERT_TRUE(q.ok());
  EvaluationOptions o;
  o.max_rounds = 0;
  EXPECT_EQ(Evaluate(*q, o).status().code(), absl::StatusCode::kInvalidArgument);
  o.max_rounds = 10;
  o.tolerance = std::nan("");
  EXPECT_EQ(Evaluate(*q, o).status().code(), absl::StatusCode::kInvalidArgument);
}

// --- Evidence graphs --------------------------------------------------------

absl::Status BuildStatus(const EvidenceGraph& g) { return ArgumentGraph::Build(g).status(); }

TEST(EvidenceGraphValidation, EdgeToAnUnknownNodeNamesTheEdgeAndTheMissingName) {
  EvidenceGraph g = testing::WorkedExample();
  Edge e;
  e.source = testing::kSingleGenes;
  e.kind = EdgeKind::kTargets;
  e.target = "studies/does-not-exist";
  e.attack_type = AttackType::kUndermine;
  g.edges.push_back(e);
  absl::Status s = BuildStatus(g);
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(s), HasSubstr(EdgeNameOf(e)));
  EXPECT_THAT(Message(s), HasSubstr("studies/does-not-exist"));
}

TEST(EvidenceGraphValidation, AttackTypesMustFitTheirTarget) {
  EvidenceGraph g = testing::WorkedExample();
  Edge e;
  e.source = testing::kSingleGenes;
  e.kind = EdgeKind::kTargets;
  e.target = testing::kS2;
  e.attack_type = AttackType::kRebut;  // rebut a study: not a conclusion
  g.edges.push_back(e);
  absl::Status s = BuildStatus(g);
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(s), HasSubstr("REBUT must target a claim"));

  g.edges.back().attack_type = AttackType::kUnspecified;
  EXPECT_THAT(Message(BuildStatus(g)), HasSubstr("attack_type"));
}

TEST(EvidenceGraphValidation, EndpointKindsAreChecked) {
  EvidenceGraph g = testing::WorkedExample();
  Edge e;
  e.source = testing::kC1;  // a claim cannot support a claim
  e.kind = EdgeKind::kSupports;
  e.target = testing::kC2;
  g.edges.push_back(e);
  absl::Status s = BuildStatus(g);
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(s), HasSubstr("study -> claim"));
}

TEST(EvidenceGraphValidation, NumbersOutOfRangeOrNaNAreRejected) {
  EvidenceGraph nan_weight = testing::WorkedExample();
  nan_weight.edges[0].weight = std::nan("");
  EXPECT_THAT(Message(BuildStatus(nan_weight)), HasSubstr("weight"));

  EvidenceGraph expertise = testing::WorkedExample();
  expertise.experts[0].expertise = 9;
  EXPECT_THAT(Message(BuildStatus(expertise)), HasSubstr("expertise"));

  EvidenceGraph risk = testing::WorkedExample();
  risk.studies[0].grading.risk_of_bias = 2;
  EXPECT_THAT(Message(BuildStatus(risk)), HasSubstr("risk_of_bias"));
}

TEST(EvidenceGraphValidation, DuplicateAndMalformedNamesAreRejected) {
  EvidenceGraph dup = testing::WorkedExample();
  dup.claims.push_back(dup.claims[0]);
  EXPECT_THAT(Message(BuildStatus(dup)), HasSubstr("used by two nodes"));

  EvidenceGraph wrong = testing::WorkedExample();
  wrong.studies[0].name = "claims/crane-2012";
  EXPECT_EQ(BuildStatus(wrong).code(), absl::StatusCode::kInvalidArgument);
}

TEST(ExplainErrors, UnknownClaimIsNotFound) {
  auto e = ExplainClaim(testing::WorkedExample(), "claims/nope", ExplainOptions{});
  ASSERT_EQ(e.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(e.status()), HasSubstr("claims/nope"));
}

TEST(ExplainErrors, BadOptionsAndWhatIfsNameTheField) {
  EvidenceGraph g = testing::WorkedExample();
  ExplainOptions o;
  o.thresholds.alpha = std::nan("");
  EXPECT_THAT(Message(ExplainClaim(g, testing::kC1, o).status()), HasSubstr("alpha"));

  o = ExplainOptions{};
  o.semantics = Semantics::kLinear;
  EXPECT_EQ(ExplainClaim(g, testing::kC1, o).status().code(),
            absl::StatusCode::kInvalidArgument);

  o = ExplainOptions{};
  o.what_if_removals = {testing::kS3, "studies/unknown"};
  EXPECT_THAT(Message(ExplainClaim(g, testing::kC1, o).status()),
              HasSubstr("what_if_removals[1]"));

  o.what_if_removals = {testing::kC1};
  EXPECT_THAT(Message(ExplainClaim(g, testing::kC1, o).status()),
              HasSubstr("cannot remove the claim being explained"));
}

// A ring of 10,000 critiques undermining each other, one of which rebuts a
// claim that a strong RCT supports.
EvidenceGraph CritiqueRing(int n) {
  EvidenceGraph g;
  g.claims.push_back({"claims/c", "", "A claim"});
  Study s;
  s.name = "studies/rct";
  s.design = StudyDesign::kRct;
  s.sample_size = 1000;
  s.follow_up_days = 365;
  g.studies.push_back(s);
  Edge support;
  support.source = "studies/rct";
  support.kind = EdgeKind::kSupports;
  support.target = "claims/c";
  g.edges.push_back(support);
  for (int i = 0; i < n; ++i) {
    Critique k;
    k.name = absl::StrCat("critiques/k", i);
    k.kind = CritiqueKind::kOther;
    k.substantiated = i % 2 == 0;
    g.critiques.push_back(k);
    Edge t;
    t.source = k.name;
    t.kind = EdgeKind::kTargets;
    t.target = absl::StrCat("critiques/k", (i + 1) % n);
    t.attack_type = AttackType::kUndermine;
    g.edges.push_back(t);
  }
  Edge rebut;
  rebut.source = "critiques/k0";
  rebut.kind = EdgeKind::kTargets;
  rebut.target = "claims/c";
  rebut.attack_type = AttackType::kRebut;
  g.edges.push_back(rebut);
  return g;
}

TEST(ExplainCycles, TenThousandCritiqueRingIsExplainedWithBoundedWork) {
  EvidenceGraph g = CritiqueRing(10000);
  ExplainOptions o;
  o.render_dot = true;
  auto e = ExplainClaim(g, "claims/c", o);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_GE(e->strength, 0.0);
  EXPECT_LE(e->strength, 1.0);
  EXPECT_EQ(e->cone_size, 10002);
  EXPECT_FALSE(e->removal_complete);  // 10,001 players x 10,002 > budget
  EXPECT_FALSE(e->dot.empty());
  EXPECT_LE(e->paths.size(), 32u);
  double shapley_sum = 0.0;
  for (const ContributionItem& c : e->contributions) shapley_sum += c.shapley;
  if (e->shapley_computed) {
    EXPECT_NEAR(shapley_sum, e->strength - 0.5, 1e-9);
  }
}

TEST(ExplainCycles, NonConvergenceCapsTheVerdictAtContested) {
  EvidenceGraph g = CritiqueRing(2);
  ExplainOptions o;
  auto settled = ExplainClaim(g, "claims/c", o);
  ASSERT_TRUE(settled.ok());
  ASSERT_FALSE(settled->unstable);
  ASSERT_EQ(settled->verdict, Verdict::kHolds) << settled->verdict_rule;
  o.max_rounds = 1;  // far too few for the critique cycle
  auto cut = ExplainClaim(g, "claims/c", o);
  ASSERT_TRUE(cut.ok());
  EXPECT_TRUE(cut->unstable);
  EXPECT_EQ(cut->verdict, Verdict::kContested);
  EXPECT_THAT(cut->verdict_rule, HasSubstr("did not converge"));
}

TEST(ExplainCycles, CancellationIsReturnedAsIs) {
  ExplainOptions o;
  o.stop_check = [] { return absl::CancelledError("cancelled by client"); };
  auto e = ExplainClaim(CritiqueRing(100), "claims/c", o);
  EXPECT_EQ(e.status().code(), absl::StatusCode::kCancelled);
}

TEST(ExplainCycles, CancellationReachesContributionLoopsOnAcyclicCones) {
  // C1's cone is small and acyclic: only the contribution loops can poll.
  ExplainOptions o;
  o.shapley_exact_max_items = 0;
  o.shapley_samples = 100000;
  int calls = 0;
  o.stop_check = [&calls] {
    return ++calls > 5 ? absl::CancelledError("cancelled by client") : absl::OkStatus();
  };
  auto e = ExplainClaim(testing::WorkedExample(), testing::kC1, o);
  EXPECT_EQ(e.status().code(), absl::StatusCode::kCancelled);
  EXPECT_LT(calls, 100);  // it stopped soon after the first refusal
}

}  // namespace
}  // namespace evidencegraph::reasoning
