// Benchmarks of the reasoning engine: QBAF evaluation at 1k/10k/100k
// arguments (acyclic and with cycles), and ExplainClaim with exact and
// sampled Shapley values. Per-argument cost is reported as the counter
// "per_arg" (seconds per argument; Google Benchmark prints it with SI
// prefixes, e.g. "25n" = 25 ns). Frameworks are seeded, built outside the
// timed loop, and have about 3 incoming edges per argument.
//
// Run: bench_reasoning --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//      --benchmark_out=reasoning.json
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "reasoning/evaluator.h"
#include "reasoning/explain.h"
#include "reasoning/qbaf.h"

namespace evidencegraph::reasoning {
namespace {

constexpr int kInDegree = 3;

// Edges go from higher to lower ids (acyclic). With `back_edge_fraction` > 0,
// that fraction of edges is reversed, which closes cycles.
Qbaf RandomFramework(int n, double back_edge_fraction, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  QbafBuilder b;
  for (int i = 0; i < n; ++i) (void)b.AddArgument(absl::StrCat("a", i), unit(rng));
  for (int to = 0; to + 1 < n; ++to) {
    for (int k = 0; k < kInDegree; ++k) {
      int from = to + 1 + static_cast<int>(rng() % std::min(n - to - 1, 1000));
      int a = from, t = to;
      if (unit(rng) < back_edge_fraction) std::swap(a, t);
      if (unit(rng) < 0.5) {
        (void)b.AddAttack(a, t);  // duplicates are refused; fine here
      } else {
        (void)b.AddSupport(a, t);
      }
    }
  }
  auto q = std::move(b).Build();
  if (!q.ok()) std::abort();
  return std::move(*q);
}

void Evaluate(benchmark::State& state, double back_edges, Semantics semantics) {
  const int n = static_cast<int>(state.range(0));
  Qbaf q = RandomFramework(n, back_edges, 42);
  EvaluationOptions options;
  options.semantics = semantics;
  int iterations = 0;
  bool converged = true;
  for (auto _ : state) {
    auto e = Evaluate(q, options);
    if (!e.ok()) state.SkipWithError("evaluation failed");
    iterations = e->stats.iterations;
    converged = e->stats.converged;
    benchmark::DoNotOptimize(e->strength.data());
  }
  int cyclic = 0;
  for (int c = 0; c < q.num_components(); ++c) cyclic += q.component_cyclic(c);
  state.counters["edges"] = q.num_edges();
  state.counters["cyclic_sccs"] = cyclic;
  state.counters["rounds"] = iterations;
  state.counters["converged"] = converged;
  state.counters["per_arg"] = benchmark::Counter(
      n, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["per_edge"] = benchmark::Counter(
      q.num_edges(), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_EvaluateAcyclicDfQuad(benchmark::State& s) { Evaluate(s, 0.0, Semantics::kDfQuad); }
void BM_EvaluateAcyclicQe(benchmark::State& s) { Evaluate(s, 0.0, Semantics::kQuadraticEnergy); }
void BM_EvaluateAcyclicEuler(benchmark::State& s) { Evaluate(s, 0.0, Semantics::kEulerBased); }
// 2% back edges: many small and a few large strongly connected components.
void BM_EvaluateCyclicDfQuad(benchmark::State& s) { Evaluate(s, 0.02, Semantics::kDfQuad); }

BENCHMARK(BM_EvaluateAcyclicDfQuad)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EvaluateAcyclicQe)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EvaluateAcyclicEuler)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EvaluateCyclicDfQuad)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);

// The build step (validation, CSR, Tarjan) for comparison.
void BM_BuildFramework(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    Qbaf q = RandomFramework(n, 0.02, 42);
    benchmark::DoNotOptimize(q.num_components());
  }
  state.counters["per_arg"] = benchmark::Counter(
      n, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_BuildFramework)->Arg(10000)->Unit(benchmark::kMillisecond);

// A claim with `studies` pieces of evidence (alternately for and against),
// each attacked by two critiques from experts, one critique of a critique.
EvidenceGraph ClaimNeighbourhood(int studies) {
  EvidenceGraph g;
  g.claims.push_back({"claims/c", "", "A claim under review"});
  for (int e = 0; e < 4; ++e) {
    Expert x;
    x.name = absl::StrCat("experts/x", e);
    x.full_name = absl::StrCat("Expert ", e);
    x.expertise = e;
    g.experts.push_back(x);
  }
  for (int i = 0; i < studies; ++i) {
    Study s;
    s.name = absl::StrCat("studies/s", i);
    s.design = i % 3 == 0 ? StudyDesign::kRct : StudyDesign::kCohort;
    s.sample_size = 50 + 37 * i;
    s.follow_up_days = 30;
    g.studies.push_back(s);
    Edge link;
    link.source = s.name;
    link.kind = i % 2 == 0 ? EdgeKind::kSupports : EdgeKind::kRefutes;
    link.target = "claims/c";
    g.edges.push_back(link);
    for (int k = 0; k < 2; ++k) {
      Critique c;
      c.name = absl::StrCat("critiques/k", i, "-", k);
      c.kind = CritiqueKind::kSmallSample;
      c.substantiated = k == 0;
      g.critiques.push_back(c);
      Edge t;
      t.source = c.name;
      t.kind = EdgeKind::kTargets;
      t.target = k == 0 ? s.name : EdgeNameOf(link);
      t.attack_type = k == 0 ? AttackType::kUndermine : AttackType::kUndercut;
      g.edges.push_back(t);
      Edge a;
      a.source = absl::StrCat("experts/x", (i + k) % 4);
      a.kind = EdgeKind::kAuthored;
      a.target = c.name;
      g.edges.push_back(a);
    }
    Edge meta;
    meta.source = absl::StrCat("critiques/k", i, "-1");
    meta.kind = EdgeKind::kTargets;
    meta.target = absl::StrCat("critiques/k", i, "-0");
    meta.attack_type = AttackType::kUndermine;
    g.edges.push_back(meta);
  }
  return g;
}

void BM_ExplainClaim(benchmark::State& state) {
  const int studies = static_cast<int>(state.range(0));
  EvidenceGraph g = ClaimNeighbourhood(studies);
  auto ag = ArgumentGraph::Build(g);
  if (!ag.ok()) std::abort();
  ExplainOptions options;
  options.shapley_samples = static_cast<int>(state.range(1));
  options.render_dot = true;
  int samples = 0;
  bool exact = false;
  for (auto _ : state) {
    auto e = ExplainClaim(*ag, "claims/c", options);
    if (!e.ok()) state.SkipWithError("explain failed");
    samples = e->shapley_samples;
    exact = e->shapley_exact;
    benchmark::DoNotOptimize(e->summary.data());
  }
  state.counters["players"] = 3 * studies;
  state.counters["shapley_exact"] = exact;
  state.counters["shapley_samples"] = samples;
  state.counters["per_arg"] = benchmark::Counter(
      3 * studies + 1, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
// 4 studies = 12 players: exact Shapley (4096 coalitions). 10 and 30
// studies: 30 and 90 players, 1000 sampled permutations; 3000 studies: a
// 12,001-argument neighbourhood where the work budget limits the samples.
BENCHMARK(BM_ExplainClaim)->Args({4, 1000})->Args({10, 1000})->Args({30, 1000})->Args({3000, 1000})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace evidencegraph::reasoning

BENCHMARK_MAIN();
