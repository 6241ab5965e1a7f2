// Contribution functions: the published removal-vs-Shapley vector (section 8)
// and the bookkeeping of sampled Shapley values.
#include <cmath>

#include "gtest/gtest.h"
#include "reasoning/contributions.h"
#include "tests/reasoning/qbaf_test_util.h"

namespace evidencegraph::reasoning {
namespace {

using testing::BuildQbaf;

// tau a..d = 2,1,1,1; b attacks a, a attacks d, c supports b; basic
// (linear) semantics sigma = tau + sum(supporters) - sum(attackers).
TEST(ContributionVectors, RemovalAndShapleyDifferAsPublished) {
  QbafBuildOptions unbounded;
  unbounded.require_unit_interval = false;
  auto q = BuildQbaf({{{"a", 2}, {"b", 1}, {"c", 1}, {"d", 1}},
                      {{"b", "a"}, {"a", "d"}},
                      {{"c", "b"}}},
                     unbounded);
  ASSERT_TRUE(q.ok()) << q.status();
  EvaluationOptions eval;
  eval.semantics = Semantics::kLinear;
  int a = *q->Find("a"), b = *q->Find("b"), c = *q->Find("c");
  auto r = ComputeContributions(*q, Scenario::Full(*q), eval, a, {}, ContributionOptions{});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->items.size(), 2u);  // d is not in a's cone
  EXPECT_TRUE(r->shapley_exact);
  for (const Contribution& x : r->items) {
    ASSERT_TRUE(x.removal_computed);
    if (x.argument == b) {
      EXPECT_NEAR(x.removal, -2.0, 1e-12);
      EXPECT_NEAR(x.shapley, -1.5, 1e-12);
    } else {
      EXPECT_EQ(x.argument, c);
      EXPECT_NEAR(x.removal, -1.0, 1e-12);
      EXPECT_NEAR(x.shapley, -0.5, 1e-12);
    }
  }
  EXPECT_NEAR(r->target_strength, 0.0, 1e-12);
  EXPECT_NEAR(r->target_alone, 2.0, 1e-12);
}

TEST(ContributionVectors, SamplingReportsItsSampleCountAndIsSeeded) {
  auto q = BuildQbaf({{{"t", .5}, {"x", .6}, {"y", .3}, {"z", .8}, {"w", .4}},
                      {{"x", "t"}, {"z", "y"}},
                      {{"y", "t"}, {"w", "t"}}});
  ASSERT_TRUE(q.ok());
  int t = *q->Find("t");
  ContributionOptions sampled;
  sampled.exact_max_players = 0;
  sampled.samples = 500;
  sampled.seed = 42;
  auto r1 = ComputeContributions(*q, Scenario::Full(*q), {}, t, {}, sampled);
  auto r2 = ComputeContributions(*q, Scenario::Full(*q), {}, t, {}, sampled);
  auto exact = ComputeContributions(*q, Scenario::Full(*q), {}, t, {}, ContributionOptions{});
  ASSERT_TRUE(r1.ok() && r2.ok() && exact.ok());
  EXPECT_FALSE(r1->shapley_exact);
  EXPECT_EQ(r1->shapley_samples, 500);
  double sum = 0.0;
  for (size_t i = 0; i < r1->items.size(); ++i) {
    EXPECT_EQ(r1->items[i].shapley, r2->items[i].shapley);  // same seed, same answer
    EXPECT_NEAR(r1->items[i].shapley, exact->items[i].shapley, 0.05);
    sum += r1->items[i].shapley;
  }
  EXPECT_NEAR(sum, r1->target_strength - 0.5, 1e-12);
}

TEST(ContributionVectors, WorkBudgetLimitsSamplesAndRemovals) {
  auto q = BuildQbaf({{{"t", .5}, {"x", .6}, {"y", .3}}, {{"x", "t"}}, {{"y", "t"}}});
  ASSERT_TRUE(q.ok());
  ContributionOptions tiny;
  tiny.exact_max_players = 0;
  tiny.max_work = 1;
  int t = *q->Find("t"), x = *q->Find("x");
  int priority[] = {x};
  auto r = ComputeContributions(*q, Scenario::Full(*q), {}, t, priority, tiny);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->shapley_computed);
  EXPECT_EQ(r->shapley_samples, 0);
  EXPECT_FALSE(r->removal_complete);
  for (const Contribution& c : r->items) EXPECT_EQ(c.removal_computed, c.argument == x);
}

}  // namespace
}  // namespace evidencegraph::reasoning
