// Seeded random property tests of the semantics, the cycle handling and the
// contribution functions: thousands of generated frameworks per property.
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "reasoning/contributions.h"
#include "reasoning/evaluator.h"
#include "reasoning/semantics.h"
#include "tests/reasoning/qbaf_test_util.h"

namespace evidencegraph::reasoning {
namespace {

using testing::BuildQbaf;
using testing::QbafSpec;

constexpr Semantics kBounded[] = {Semantics::kDfQuad, Semantics::kQuadraticEnergy,
                                  Semantics::kEulerBased};

// A random framework of n arguments "a0".."a{n-1}". Acyclic frameworks only
// have edges from higher to lower indices.
QbafSpec RandomSpec(std::mt19937_64& rng, int n, double edge_probability, bool acyclic) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  QbafSpec spec;
  for (int i = 0; i < n; ++i) {
    double r = unit(rng);
    double base = r < 0.05 ? 0.0 : r > 0.95 ? 1.0 : unit(rng);
    spec.arguments.emplace_back(absl::StrCat("a", i), base);
  }
  for (int from = 0; from < n; ++from) {
    for (int to = 0; to < n; ++to) {
      if (acyclic ? from <= to : from == to) continue;
      if (unit(rng) >= edge_probability) continue;
      auto edge = std::make_pair(absl::StrCat("a", from), absl::StrCat("a", to));
      (unit(rng) < 0.5 ? spec.attacks : spec.supports).push_back(edge);
    }
  }
  return spec;
}

EvaluationOptions With(Semantics s) {
  EvaluationOptions o;
  o.semantics = s;
  return o;
}

Evaluation MustEvaluate(const Qbaf& q, const EvaluationOptions& o) {
  auto e = Evaluate(q, o);
  EXPECT_TRUE(e.ok()) << e.status();
  return e.ok() ? *e : Evaluation{};
}

// The right-hand side of the fixed-point equation, recomputed independently
// from the public semantics functions.
double Rhs(const Qbaf& q, Semantics s, const std::vector<double>& sigma, int v) {
  double att = AggregateStart(s), sup = AggregateStart(s);
  for (int e : q.incoming(v)) {
    const QbafEdge& edge = q.edge(e);
    if (edge.role == EdgeRole::kAttack) att = AggregateAdd(s, att, sigma[edge.from]);
    if (edge.role == EdgeRole::kSupport) sup = AggregateAdd(s, sup, sigma[edge.from]);
  }
  return Influence(s, q.base(v), AggregateValue(s, att), AggregateValue(s, sup));
}

TEST(Properties, StrengthsStayInTheUnitIntervalAndConvergedResultsAreFixedPoints) {
  std::mt19937_64 rng(20240601);
  int converged_cyclic = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    int n = 2 + static_cast<int>(rng() % 14);
    bool acyclic = trial % 2 == 0;
    auto q = BuildQbaf(RandomSpec(rng, n, 0.25, acyclic));
    ASSERT_TRUE(q.ok()) << q.status();
    Semantics s = kBounded[trial % 3];
    Evaluation e = MustEvaluate(*q, With(s));
    for (int v = 0; v < n; ++v) {
      ASSERT_TRUE(std::isfinite(e.strength[v]));
      ASSERT_GE(e.strength[v], -1e-12) << "trial " << trial;
      ASSERT_LE(e.strength[v], 1.0 + 1e-12) << "trial " << trial;
      if (e.stats.converged) {
        ASSERT_NEAR(Rhs(*q, s, e.strength, v), e.strength[v], 1e-7)
            << "trial " << trial << " " << SemanticsName(s);
      }
    }
    if (acyclic) {
      EXPECT_TRUE(e.stats.converged);
      EXPECT_LE(e.stats.iterations, 1);
    } else if (!q->acyclic() && e.stats.converged) {
      ++converged_cyclic;
    }
  }
  EXPECT_GT(converged_cyclic, 100);  // the fixed-point check really ran on cycles
}

TEST(Properties, AddingASupporterNeverLowersAndAnAttackerNeverRaisesTheTarget) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int trial = 0; trial < 3000; ++trial) {
    int n = 1 + static_cast<int>(rng() % 12);
    QbafSpec spec = RandomSpec(rng, n, 0.3, /*acyclic=*/true);
    Semantics s = kBounded[trial % 3];
    auto q = BuildQbaf(spec);
    ASSERT_TRUE(q.ok());
    Evaluation before = MustEvaluate(*q, With(s));
    std::string target = absl::StrCat("a", rng() % n);
    bool support = trial % 2 == 0;
    QbafSpec grown = spec;
    grown.arguments.emplace_back("new", unit(rng));
    (support ? grown.supports : grown.attacks).emplace_back("new", target);
    auto q2 = BuildQbaf(grown);
    ASSERT_TRUE(q2.ok());
    Evaluation after = MustEvaluate(*q2, With(s));
    double b = testing::StrengthOf(*q, before, target);
    double a = testing::StrengthOf(*q2, after, target);
    if (support) {
      ASSERT_GE(a, b - 1e-12) << "trial " << trial << " " << SemanticsName(s);
    } else {
      ASSERT_LE(a, b + 1e-12) << "trial " << trial << " " << SemanticsName(s);
    }
  }
}

TEST(Properties, UnconnectedArgumentsChangeNothing) {
  std::mt19937_64 rng(99);
  for (int trial = 0; trial < 2000; ++trial) {
    int n = 1 + static_cast<int>(rng() % 12);
    QbafSpec spec = RandomSpec(rng, n, 0.3, /*acyclic=*/trial % 2 == 0);
    Semantics s = kBounded[trial % 3];
    auto q = BuildQbaf(spec);
    ASSERT_TRUE(q.ok());
    Evaluation before = MustEvaluate(*q, With(s));
    QbafSpec more = spec;
    more.arguments.emplace_back("x", 0.7);
    more.arguments.emplace_back("y", 0.4);
    more.attacks.emplace_back("x", "y");
    more.supports.emplace_back("y", "x");
    auto q2 = BuildQbaf(more);
    ASSERT_TRUE(q2.ok());
    Evaluation after = MustEvaluate(*q2, With(s));
    for (int v = 0; v < n; ++v) {
      ASSERT_EQ(before.strength[v], after.strength[v]) << "trial " << trial;
    }
  }
}

TEST(Properties, IterationStopsWithinTheRoundLimitAndFlagsNonConvergence) {
  std::mt19937_64 rng(5);
  int flagged = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    int n = 2 + static_cast<int>(rng() % 10);
    auto q = BuildQbaf(RandomSpec(rng, n, 0.4, /*acyclic=*/false));
    ASSERT_TRUE(q.ok());
    EvaluationOptions o = With(kBounded[trial % 3]);
    o.max_rounds = 1 + static_cast<int>(rng() % 6);
    Evaluation e = MustEvaluate(*q, o);
    ASSERT_LE(e.stats.iterations, o.max_rounds);
    ASSERT_EQ(e.stats.converged, e.stats.unstable_components == 0);
    ASSERT_EQ(static_cast<int>(e.stats.unstable_component_ids.size()),
              e.stats.unstable_components);
    for (int c : e.stats.unstable_component_ids) ASSERT_TRUE(q->component_cyclic(c));
    if (!e.stats.converged) ++flagged;
  }
  EXPECT_GT(flagged, 100);  // small limits really do cut iterations short
}

TEST(Properties, ShapleyValuesSumToTargetStrengthMinusItsBase) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 1500; ++trial) {
    int n = 2 + static_cast<int>(rng() % 8);
    QbafSpec spec = RandomSpec(rng, n, 0.35, /*acyclic=*/trial % 3 != 0);
    spec.arguments[0].second = 0.5;  // the target behaves like a claim
    auto q = BuildQbaf(spec);
    ASSERT_TRUE(q.ok());
    ContributionOptions opts;
    opts.seed = trial;
    if (trial % 2 == 1) {
      opts.exact_max_players = 0;  // force sampling
      opts.samples = 25;
    }
    auto r = ComputeContributions(*q, Scenario::Full(*q), With(kBounded[trial % 3]), 0, {},
                                  opts);
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_TRUE(r->shapley_computed);
    double sum = 0.0;
    for (const Contribution& c : r->items) sum += c.shapley;
    ASSERT_NEAR(sum, r->target_strength - 0.5, 1e-9) << "trial " << trial;
    ASSERT_NEAR(r->target_alone, 0.5, 1e-12);
    if (r->items.size() == 1 && r->shapley_exact) {
      // One player: both contribution functions agree.
      ASSERT_NEAR(r->items[0].shapley, r->items[0].removal, 1e-12);
    }
  }
}

}  // namespace
}  // namespace evidencegraph::reasoning
