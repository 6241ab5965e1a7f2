// Test helpers: build a Qbaf from a compact description and read strengths
// by argument name. Header-only; used by every reasoning test.
// Thread-safety: none needed (tests).
#ifndef EVIDENCEGRAPH_TESTS_REASONING_QBAF_TEST_UTIL_H_
#define EVIDENCEGRAPH_TESTS_REASONING_QBAF_TEST_UTIL_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "reasoning/evaluator.h"
#include "reasoning/qbaf.h"

namespace evidencegraph::reasoning::testing {

struct QbafSpec {
  std::vector<std::pair<std::string, double>> arguments;
  std::vector<std::pair<std::string, std::string>> attacks;   // {from, to}
  std::vector<std::pair<std::string, std::string>> supports;  // {from, to}
};

inline absl::StatusOr<Qbaf> BuildQbaf(const QbafSpec& spec,
                                      QbafBuildOptions options = {}) {
  QbafBuilder b;
  for (const auto& [name, base] : spec.arguments) {
    auto id = b.AddArgument(name, base);
    if (!id.ok()) return id.status();
  }
  QbafBuilder* bp = &b;
  auto id_of = [bp](const std::string& name) {
    for (int i = 0; i < bp->num_arguments(); ++i) {
      if (bp->name(i) == name) return i;
    }
    return -1;
  };
  for (const auto& [from, to] : spec.attacks) {
    auto e = b.AddAttack(id_of(from), id_of(to));
    if (!e.ok()) return e.status();
  }
  for (const auto& [from, to] : spec.supports) {
    auto e = b.AddSupport(id_of(from), id_of(to));
    if (!e.ok()) return e.status();
  }
  return std::move(b).Build(options);
}

inline double StrengthOf(const Qbaf& q, const Evaluation& e, const std::string& name) {
  auto id = q.Find(name);
  EXPECT_TRUE(id.has_value()) << "no argument " << name;
  return id.has_value() ? e.strength[*id] : -1.0;
}

}  // namespace evidencegraph::reasoning::testing

#endif  // EVIDENCEGRAPH_TESTS_REASONING_QBAF_TEST_UTIL_H_
