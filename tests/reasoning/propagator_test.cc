// The Propagator agrees with a full evaluation after any sequence of
// switches, for every semantics, with and without cycles, including inputs at
// strength exactly 1 (the zero-factor case of the running products).
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "reasoning/cone.h"
#include "reasoning/evaluator.h"
#include "reasoning/propagator.h"
#include "tests/reasoning/qbaf_test_util.h"

namespace evidencegraph::reasoning {
namespace {

using testing::BuildQbaf;
using testing::QbafSpec;

QbafSpec RandomSpec(std::mt19937_64& rng, int n, bool acyclic) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  QbafSpec spec;
  for (int i = 0; i < n; ++i) {
    double r = unit(rng);
    spec.arguments.emplace_back(absl::StrCat("a", i), r < 0.15 ? 1.0 : r < 0.2 ? 0.0 : unit(rng));
  }
  for (int from = 0; from < n; ++from) {
    for (int to = 0; to < n; ++to) {
      if ((acyclic ? from <= to : from == to) || unit(rng) > 0.3) continue;
      auto e = std::make_pair(absl::StrCat("a", from), absl::StrCat("a", to));
      (unit(rng) < 0.5 ? spec.attacks : spec.supports).push_back(e);
    }
  }
  return spec;
}

TEST(Propagator, MatchesFullEvaluationAfterRandomSwitches) {
  std::mt19937_64 rng(123);
  const Semantics semantics[] = {Semantics::kDfQuad, Semantics::kQuadraticEnergy,
                                 Semantics::kEulerBased};
  for (int trial = 0; trial < 600; ++trial) {
    int n = 2 + static_cast<int>(rng() % 12);
    auto q = BuildQbaf(RandomSpec(rng, n, trial % 2 == 0));
    ASSERT_TRUE(q.ok());
    EvaluationOptions options;
    options.semantics = semantics[trial % 3];
    std::vector<unsigned char> all(n, 1);
    Propagator p(*q, options, Scenario::Full(*q), all);
    ASSERT_TRUE(p.Reset().ok());
    Scenario mirror = Scenario::Full(*q);
    for (int step = 0; step < 20; ++step) {
      int a = static_cast<int>(rng() % n);
      bool on = rng() % 2 == 0;
      mirror.argument_active[a] = on;
      ASSERT_TRUE(p.SetActive(a, on).ok());
      auto full = Evaluate(*q, mirror, options);
      ASSERT_TRUE(full.ok());
      for (int v = 0; v < n; ++v) {
        ASSERT_NEAR(p.strength(v), full->strength[v], 1e-9)
            << "trial " << trial << " step " << step << " argument " << v;
      }
    }
  }
}

TEST(Propagator, TentativeSwitchesRevertToTheExactPreviousState) {
  // Removal sweeps switch one argument off tentatively and Revert(): the
  // strengths in between match a full evaluation, and after Revert() every
  // strength is bit-for-bit what it was (then later switches still agree).
  std::mt19937_64 rng(77);
  const Semantics semantics[] = {Semantics::kDfQuad, Semantics::kQuadraticEnergy,
                                 Semantics::kEulerBased};
  for (int trial = 0; trial < 300; ++trial) {
    int n = 2 + static_cast<int>(rng() % 12);
    auto q = BuildQbaf(RandomSpec(rng, n, trial % 2 == 0));
    ASSERT_TRUE(q.ok());
    EvaluationOptions options;
    options.semantics = semantics[trial % 3];
    Propagator p(*q, options, Scenario::Full(*q), std::vector<unsigned char>(n, 1));
    ASSERT_TRUE(p.Reset().ok());
    Scenario mirror = Scenario::Full(*q);
    for (int step = 0; step < 20; ++step) {
      int a = static_cast<int>(rng() % n);
      if (step % 3 == 2) {  // a permanent switch between the tentative ones
        mirror.argument_active[a] = !mirror.argument_active[a];
        ASSERT_TRUE(p.SetActive(a, mirror.argument_active[a]).ok());
        continue;
      }
      std::vector<double> before(n);
      for (int v = 0; v < n; ++v) before[v] = p.strength(v);
      Scenario tentative = mirror;
      tentative.argument_active[a] = !mirror.argument_active[a];
      ASSERT_TRUE(p.SetActiveTentatively(a, tentative.argument_active[a]).ok());
      auto full = Evaluate(*q, tentative, options);
      ASSERT_TRUE(full.ok());
      for (int v = 0; v < n; ++v) {
        ASSERT_NEAR(p.strength(v), full->strength[v], 1e-9)
            << "trial " << trial << " step " << step << " argument " << v;
      }
      p.Revert();
      EXPECT_EQ(p.scenario().argument_active, mirror.argument_active);
      for (int v = 0; v < n; ++v) {
        ASSERT_EQ(p.strength(v), before[v]) << "trial " << trial << " step " << step;
      }
    }
    auto full = Evaluate(*q, mirror, options);
    ASSERT_TRUE(full.ok());
    for (int v = 0; v < n; ++v) ASSERT_NEAR(p.strength(v), full->strength[v], 1e-9);
  }
}

TEST(Propagator, OnlyMaintainsItsScope) {
  // t <- x, and an unrelated y -> z outside the scope.
  auto q = BuildQbaf({{{"t", .5}, {"x", .6}, {"y", .9}, {"z", .4}}, {{"x", "t"}, {"y", "z"}}, {}});
  ASSERT_TRUE(q.ok());
  std::vector<unsigned char> scope(4, 0);
  scope[*q->Find("t")] = scope[*q->Find("x")] = 1;
  Propagator p(*q, EvaluationOptions{}, Scenario::Full(*q), scope);
  ASSERT_TRUE(p.Reset().ok());
  EXPECT_NEAR(p.strength(*q->Find("t")), 0.5 * 0.4, 1e-12);
  ASSERT_TRUE(p.SetActive(*q->Find("x"), false).ok());
  EXPECT_NEAR(p.strength(*q->Find("t")), 0.5, 1e-12);
  EXPECT_EQ(p.strength(*q->Find("z")), 0.0);  // never evaluated: out of scope
}

}  // namespace
}  // namespace evidencegraph::reasoning
