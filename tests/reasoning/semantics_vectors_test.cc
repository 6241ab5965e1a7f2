// The published test vectors of reasoning.md section 8 for the semantics,
// plus closed-form checks of the alternative semantics.
#include <cmath>
#include <string>

#include "gtest/gtest.h"
#include "reasoning/evaluator.h"
#include "reasoning/qbaf.h"
#include "reasoning/semantics.h"
#include "tests/reasoning/qbaf_test_util.h"

namespace evidencegraph::reasoning {
namespace {

using testing::BuildQbaf;
using testing::QbafSpec;
using testing::StrengthOf;

constexpr double kTol = 1e-6;

EvaluationOptions With(Semantics s) {
  EvaluationOptions o;
  o.semantics = s;
  return o;
}

// Rago et al. (KR 2016) style example from reasoning.md section 8.
QbafSpec RagoExample() {
  return QbafSpec{
      {{"A1", .5}, {"A2", .5}, {"P1", .7}, {"P2", .5}, {"P3", .9},
       {"C1", .2}, {"C2", .2}, {"C3", .6}, {"C4", .5}},
      {{"C1", "A2"}, {"C2", "P2"}, {"C3", "P2"}, {"C4", "P2"}},
      {{"P1", "A1"}, {"P2", "A1"}, {"P3", "A2"}}};
}

TEST(DfQuadVectors, RagoExampleGivesPublishedStrengths) {
  auto q = BuildQbaf(RagoExample());
  ASSERT_TRUE(q.ok()) << q.status();
  auto e = Evaluate(*q, With(Semantics::kDfQuad));
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_NEAR(StrengthOf(*q, *e, "P2"), 0.08, kTol);
  EXPECT_NEAR(StrengthOf(*q, *e, "A1"), 0.862, kTol);
  EXPECT_NEAR(StrengthOf(*q, *e, "A2"), 0.85, kTol);
  EXPECT_TRUE(e->stats.converged);
  EXPECT_TRUE(q->acyclic());
}

TEST(DfQuadVectors, UnattackedUnsupportedArgumentsKeepTheirBase) {
  auto q = BuildQbaf(RagoExample());
  ASSERT_TRUE(q.ok());
  auto e = Evaluate(*q, With(Semantics::kDfQuad));
  ASSERT_TRUE(e.ok());
  for (const char* leaf : {"P1", "P3", "C1", "C2", "C3", "C4"}) {
    EXPECT_DOUBLE_EQ(StrengthOf(*q, *e, leaf), q->base(*q->Find(leaf))) << leaf;
  }
}

TEST(DfQuadVectors, MutualAttackConvergesToPublishedFixedPoint) {
  auto q = BuildQbaf({{{"a", 1.0}, {"b", 0.5}}, {{"a", "b"}, {"b", "a"}}, {}});
  ASSERT_TRUE(q.ok());
  auto e = Evaluate(*q, With(Semantics::kDfQuad));
  ASSERT_TRUE(e.ok());
  EXPECT_NEAR(StrengthOf(*q, *e, "a"), 0.9999999990686774, kTol);
  EXPECT_NEAR(StrengthOf(*q, *e, "b"), 0.0, kTol);
  EXPECT_TRUE(e->stats.converged);
  EXPECT_GT(e->stats.iterations, 1);
}

TEST(DfQuadVectors, FourCycleOfAttacksEndsWithAllEqualOneEleventh) {
  auto q = BuildQbaf({{{"a", .1}, {"b", .1}, {"c", .1}, {"d", .1}},
                      {{"a", "b"}, {"b", "c"}, {"c", "d"}, {"d", "a"}},
                      {}});
  ASSERT_TRUE(q.ok());
  auto e = Evaluate(*q, With(Semantics::kDfQuad));
  ASSERT_TRUE(e.ok());
  for (const char* n : {"a", "b", "c", "d"}) {
    EXPECT_NEAR(StrengthOf(*q, *e, n), 1.0 / 11.0, kTol) << n;
  }
  EXPECT_TRUE(e->stats.converged);
}

TEST(DfQuadVectors, PersistentOscillationIsDampedToTheFixedPoint) {
  // a = 1 - b, b = 1 - a from (1, 1) oscillates (0,0),(1,1),... undamped.
  auto q = BuildQbaf({{{"a", 1.0}, {"b", 1.0}}, {{"a", "b"}, {"b", "a"}}, {}});
  ASSERT_TRUE(q.ok());
  auto e = Evaluate(*q, With(Semantics::kDfQuad));
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->stats.converged);
  double a = StrengthOf(*q, *e, "a"), b = StrengthOf(*q, *e, "b");
  EXPECT_NEAR(a, 1.0 - b, kTol);  // a fixed point of the equations
}

TEST(AlternativeSemantics, QuadraticEnergyMatchesClosedForm) {
  // One attacker x (0.6) and one supporter y (0.3) on t (0.5): E = -0.3.
  auto q = BuildQbaf({{{"t", .5}, {"x", .6}, {"y", .3}}, {{"x", "t"}}, {{"y", "t"}}});
  ASSERT_TRUE(q.ok());
  auto e = Evaluate(*q, With(Semantics::kQuadraticEnergy));
  ASSERT_TRUE(e.ok());
  double h = 0.09 / 1.09;
  EXPECT_NEAR(StrengthOf(*q, *e, "t"), 0.5 - 0.5 * h, 1e-12);
}

TEST(AlternativeSemantics, EulerBasedMatchesClosedForm) {
  auto q = BuildQbaf({{{"t", .5}, {"x", .6}, {"y", .3}}, {{"x", "t"}}, {{"y", "t"}}});
  ASSERT_TRUE(q.ok());
  auto e = Evaluate(*q, With(Semantics::kEulerBased));
  ASSERT_TRUE(e.ok());
  double expected = 1.0 - (1.0 - 0.25) / (1.0 + 0.5 * std::exp(-0.3));
  EXPECT_NEAR(StrengthOf(*q, *e, "t"), expected, 1e-12);
  // Leaves keep their base under Euler too: 1 - (1-t^2)/(1+t) = t.
  EXPECT_NEAR(StrengthOf(*q, *e, "x"), 0.6, 1e-12);
}

TEST(AlternativeSemantics, LinearSemanticsAddsSupportAndSubtractsAttack) {
  QbafBuildOptions unbounded;
  unbounded.require_unit_interval = false;
  auto q = BuildQbaf({{{"a", 2}, {"b", 1}, {"c", 1}, {"d", 1}},
                      {{"b", "a"}, {"a", "d"}},
                      {{"c", "b"}}},
                     unbounded);
  ASSERT_TRUE(q.ok()) << q.status();
  auto e = Evaluate(*q, With(Semantics::kLinear));
  ASSERT_TRUE(e.ok());
  EXPECT_NEAR(StrengthOf(*q, *e, "b"), 2.0, 1e-12);
  EXPECT_NEAR(StrengthOf(*q, *e, "a"), 0.0, 1e-12);
  EXPECT_NEAR(StrengthOf(*q, *e, "d"), 1.0, 1e-12);
}

TEST(SemanticsNames, RoundTrip) {
  for (Semantics s : {Semantics::kDfQuad, Semantics::kQuadraticEnergy,
                      Semantics::kEulerBased, Semantics::kLinear}) {
    auto parsed = ParseSemantics(SemanticsName(s));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, s);
  }
  EXPECT_FALSE(ParseSemantics("DF-QuAD").has_value());
}

}  // namespace
}  // namespace evidencegraph::reasoning
