#include "reasoning/semantics.h"

namespace evidencegraph::reasoning {

absl::string_view SemanticsName(Semantics semantics) {
  switch (semantics) {
    case Semantics::kDfQuad: return "dfquad";
    case Semantics::kQuadraticEnergy: return "qe";
    case Semantics::kEulerBased: return "euler";
    case Semantics::kLinear: return "linear";
  }
  return "unknown";
}

std::optional<Semantics> ParseSemantics(absl::string_view name) {
  for (Semantics s : {Semantics::kDfQuad, Semantics::kQuadraticEnergy,
                      Semantics::kEulerBased, Semantics::kLinear}) {
    if (name == SemanticsName(s)) return s;
  }
  return std::nullopt;
}

}  // namespace evidencegraph::reasoning
