// GRADE grading of one study-claim link: study and link facts -> points ->
// base score tau, with one human-readable reason line per adjustment.
//
// Contract (docs/reasoning.md, "Grading", is the user-facing statement)
//   - Points start from the design (4 reviews/RCTs, 2 controlled trials/
//     cohorts/before-after, 1 case-control/cross-sectional/case series,
//     0 mechanistic/expert opinion/anecdote) and move with the GRADE domains;
//     the sum is clamped to [0, 4] and mapped to tau by TauForPoints().
//   - Defaults where the reviewer left a domain unset:
//       risk of bias     -1 if blinding_impossible && subjective_outcome, else 0
//       imprecision      -2 if interval_crosses_benefit_and_harm; else -1 if a
//                        sample size is reported and < 400; else 0 (an
//                        unreported size is said in a reason line, no point)
//       indirectness     0 direct/unset, -1 surrogate or other population,
//                        -2 very indirect (per link)
//       follow-up        -1 if the link says the follow-up is shorter than the
//                        claim implies, or if follow_up_days is unset and the
//                        design is not a meta-analysis / systematic review
//       inconsistency    the reviewer's value, else 0
//       publication bias the reviewer's value, else 0
//       large effect     the reviewer's value, else from a ratio measure
//                        (RR/OR/HR > 2 or < 0.5: +1; > 5 or < 0.2: +2), else 0
//       dose-response    +1 when shown
//   - Overrides: study-level DomainOverrides, then link-level ones (which win),
//     replace a domain's points; the link's ScoreOverride replaces tau. Both
//     are reported with the computed value, the override, the reason and who.
//   - Out-of-range inputs give INVALID_ARGUMENT naming "<study or edge>.<field>".
// Thread-safety: pure functions.
#ifndef EVIDENCEGRAPH_REASONING_GRADING_H_
#define EVIDENCEGRAPH_REASONING_GRADING_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reasoning/evidence_graph.h"

namespace evidencegraph::reasoning {

// GRADE certainty levels. kNone = no winning side (contested / insufficient).
enum class CertaintyLevel : int { kNone = 0, kVeryLow, kLow, kModerate, kHigh };

// "very low", "low", "moderate", "high"; "none" for kNone.
absl::string_view CertaintyWords(CertaintyLevel level);

// The GRADE table: points 0,1,2,3,4 -> 0.10, 0.20, 0.45, 0.70, 0.90, linear in
// between (1.5 points -> 0.325), clamped to [0, 4]. Integer domains only ever
// produce the anchors; interpolation exists for callers with fractional points.
double TauForPoints(double points);

// Level of an integer point total: 4 high, 3 moderate, 2 low, 0-1 very low.
CertaintyLevel LevelForPoints(int points);

// Level of a strength read on the same table: >= 0.90 high, >= 0.70 moderate,
// >= 0.45 low, else very low. Used for the certainty of a surviving argument.
CertaintyLevel LevelForStrength(double strength);

// One domain's contribution to a link's points.
struct GradeAdjustment {
  GradeDomain domain = GradeDomain::kUnspecified;
  int points = 0;           // what was applied
  int computed_points = 0;  // what the rules computed
  bool overridden = false;
  std::string override_reason;
  std::string override_reviewer;
  std::string reason;  // e.g. "-1 imprecision: n=11 < 400"
};

// The reviewer's replacement of tau, kept beside the computed tau.
struct ScoreOverrideApplied {
  double computed_tau = 0.0;
  double tau = 0.0;
  std::string reason;
  std::string reviewer;
};

struct LinkGrade {
  int raw_points = 0;  // before clamping
  int points = 0;      // clamped to [0, 4]
  double computed_tau = 0.0;
  double tau = 0.0;  // computed_tau unless overridden
  CertaintyLevel level = CertaintyLevel::kVeryLow;  // from points
  std::optional<ScoreOverrideApplied> score_override;
  // Every domain that moved the points, was overridden, or needs a note
  // (design first).
  std::vector<GradeAdjustment> adjustments;
  // Lines quoted by explanations: each adjustment's reason, notes, the total.
  std::vector<std::string> reasons;
};

// Grades `link` (a SUPPORTS or REFUTES edge whose source is `study`).
// `link_name` names the edge in errors.
absl::StatusOr<LinkGrade> GradeLink(const Study& study, const Edge& link,
                                    absl::string_view link_name);

}  // namespace evidencegraph::reasoning

#endif  // EVIDENCEGRAPH_REASONING_GRADING_H_
