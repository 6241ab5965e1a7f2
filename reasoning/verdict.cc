#include "reasoning/verdict.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors.h"

namespace evidencegraph::reasoning {
namespace {

// Strengths equal up to rounding noise count as equal when comparing with
// thresholds, so 0.4 computed as 0.39999999999999997 still meets alpha = 0.4.
constexpr double kSlack = 1e-12;

double Aggregate(const std::vector<SideArgument>& side) {
  double acc = 1.0;
  for (const SideArgument& a : side) acc *= 1.0 - a.strength;
  return 1.0 - acc;
}

bool BurdenNotMet(const std::vector<SideArgument>& pro) {
  bool offered = false;
  for (const SideArgument& a : pro) {
    if (a.transfer) {
      if (a.strength > kSlack) return false;  // unattackable and still standing
      continue;
    }
    if (a.base <= kSlack) continue;  // offered nothing
    offered = true;
    if (a.strength > a.base / 2.0 + kSlack) return false;
  }
  return offered;
}

}  // namespace

absl::string_view VerdictWords(Verdict verdict) {
  switch (verdict) {
    case Verdict::kHolds: return "holds";
    case Verdict::kDoesNotHold: return "does not hold";
    case Verdict::kContested: return "contested";
    case Verdict::kInsufficientEvidence: return "insufficient evidence";
  }
  return "unknown";
}

absl::Status ValidateThresholds(const VerdictThresholds& t) {
  if (!std::isfinite(t.alpha) || t.alpha < 0.0 || t.alpha > 1.0) {
    return InvalidField("alpha", absl::StrFormat("must be in [0, 1] (got %g)", t.alpha));
  }
  if (!std::isfinite(t.beta) || t.beta < 0.0 || t.beta > 1.0) {
    return InvalidField("beta", absl::StrFormat("must be in [0, 1] (got %g)", t.beta));
  }
  return absl::OkStatus();
}

VerdictOutcome DecideVerdict(const std::vector<SideArgument>& pro,
                             const std::vector<SideArgument>& con, bool unstable,
                             const VerdictThresholds& t) {
  VerdictOutcome out;
  const double p = out.pro = Aggregate(pro);
  const double n = out.con = Aggregate(con);
  if (p + kSlack >= t.alpha && p - n + kSlack >= t.beta) {
    out.verdict = Verdict::kHolds;
    out.winner = WinningSide::kPro;
    out.rule = absl::StrFormat("P %.3f >= alpha %.2f and P - N %.3f >= beta %.2f",
                               p, t.alpha, p - n, t.beta);
  } else if (n - p + kSlack >= t.beta) {
    out.verdict = Verdict::kDoesNotHold;
    out.winner = WinningSide::kCon;
    out.rule = absl::StrFormat("N - P %.3f >= beta %.2f", n - p, t.beta);
  } else if (p + kSlack < t.alpha && BurdenNotMet(pro)) {
    out.verdict = Verdict::kDoesNotHold;
    out.winner = WinningSide::kCon;
    out.burden_not_met = true;
    out.rule = absl::StrFormat(
        "P %.3f < alpha %.2f and every argument for it lost at least half its "
        "base score to attacks (burden of proof not met)", p, t.alpha);
  } else if (p + kSlack >= t.alpha && n + kSlack >= t.alpha) {
    out.verdict = Verdict::kContested;
    out.rule = absl::StrFormat("P %.3f and N %.3f both >= alpha %.2f", p, n, t.alpha);
  } else {
    out.verdict = Verdict::kInsufficientEvidence;
    out.rule = absl::StrFormat(
        "P %.3f, N %.3f: no proof standard met (alpha %.2f, beta %.2f)", p, n,
        t.alpha, t.beta);
  }
  if (unstable && (out.verdict == Verdict::kHolds || out.verdict == Verdict::kDoesNotHold)) {
    out.capped_as_unstable = true;
    out.rule = absl::StrCat("capped at contested because the evaluation did not converge (",
                            VerdictWords(out.verdict), ": ", out.rule, ")");
    out.verdict = Verdict::kContested;
    out.winner = WinningSide::kNone;
    out.burden_not_met = false;
  }
  return out;
}

}  // namespace evidencegraph::reasoning
