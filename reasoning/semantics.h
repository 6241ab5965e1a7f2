// Gradual semantics for quantitative bipolar argumentation frameworks, in the
// modular form of Mossakowski & Neuhaus (2018): an aggregation function folds
// the strengths of an argument's attackers and supporters, an influence
// function turns (base score, aggregate) into the new strength.
//
//   semantics  aggregation                          influence
//   dfquad     v_a = 1-prod(1-s_att), v_s likewise  v_a>=v_s: t - t(v_a-v_s); else t + (1-t)(v_s-v_a)
//   qe         E = sum s_sup - sum s_att            t - t h(-E) + (1-t) h(E), h(x)=max(0,x)^2/(1+max(0,x)^2)
//   euler      E = sum s_sup - sum s_att            1 - (1-t^2)/(1 + t e^E)
//   linear     E = sum s_sup - sum s_att            t + E  (unbounded; the "basic" semantics of the
//                                                   contribution-function literature, for research)
// DF-QuAD (Rago et al., KR 2016) is the default. With no attackers and no
// supporters every semantics returns t.
// Thread-safety: pure functions.
#ifndef EVIDENCEGRAPH_REASONING_SEMANTICS_H_
#define EVIDENCEGRAPH_REASONING_SEMANTICS_H_

#include <cmath>
#include <optional>

#include "absl/strings/string_view.h"

namespace evidencegraph::reasoning {

enum class Semantics : int {
  kDfQuad = 0,
  kQuadraticEnergy = 1,
  kEulerBased = 2,
  kLinear = 3,
};

// "dfquad", "qe", "euler", "linear".
absl::string_view SemanticsName(Semantics semantics);
// Inverse of SemanticsName; nullopt for anything else.
std::optional<Semantics> ParseSemantics(absl::string_view name);

// True when strengths stay in [0, 1] for bases in [0, 1] (all but linear).
inline bool IsBounded(Semantics s) { return s != Semantics::kLinear; }

// --- Aggregation ------------------------------------------------------------
// An accumulator per polarity. For the product aggregation it holds
// prod(1 - s); for the sum aggregation it holds sum(s). Start() gives the
// empty value, Add() folds one strength in, Value() gives v (product: 1-acc).
inline bool UsesProduct(Semantics s) { return s == Semantics::kDfQuad; }
inline double AggregateStart(Semantics s) { return UsesProduct(s) ? 1.0 : 0.0; }
inline double AggregateAdd(Semantics s, double acc, double strength) {
  return UsesProduct(s) ? acc * (1.0 - strength) : acc + strength;
}
inline double AggregateValue(Semantics s, double acc) {
  return UsesProduct(s) ? 1.0 - acc : acc;
}

// --- Influence --------------------------------------------------------------
// `attack` and `support` are AggregateValue()s of the two polarities.
inline double QuadraticEnergyH(double x) {
  double p = x > 0.0 ? x : 0.0;
  double p2 = p * p;
  return p2 / (1.0 + p2);
}

inline double Influence(Semantics s, double base, double attack, double support) {
  switch (s) {
    case Semantics::kDfQuad:
      if (attack >= support) return base - base * (attack - support);
      return base + (1.0 - base) * (support - attack);
    case Semantics::kQuadraticEnergy: {
      double energy = support - attack;
      return base - base * QuadraticEnergyH(-energy) +
             (1.0 - base) * QuadraticEnergyH(energy);
    }
    case Semantics::kEulerBased: {
      double energy = support - attack;
      return 1.0 - (1.0 - base * base) / (1.0 + base * std::exp(energy));
    }
    case Semantics::kLinear:
      return base + support - attack;
  }
  return base;
}

}  // namespace evidencegraph::reasoning

#endif  // EVIDENCEGRAPH_REASONING_SEMANTICS_H_
