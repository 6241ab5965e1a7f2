#include "reasoning/grading.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors.h"

namespace evidencegraph::reasoning {
namespace {

constexpr std::array<double, 5> kTauAnchors = {0.10, 0.20, 0.45, 0.70, 0.90};

// The allowed points of each domain (inclusive), for validation of reviewer
// values and overrides.
struct Range {
  int lo;
  int hi;
};
Range DomainRange(GradeDomain domain) {
  switch (domain) {
    case GradeDomain::kDesign: return {0, 4};
    case GradeDomain::kRiskOfBias: return {-2, 0};
    case GradeDomain::kImprecision: return {-2, 0};
    case GradeDomain::kIndirectness: return {-2, 0};
    case GradeDomain::kFollowUp: return {-1, 0};
    case GradeDomain::kInconsistency: return {-2, 0};
    case GradeDomain::kPublicationBias: return {-1, 0};
    case GradeDomain::kLargeEffect: return {0, 2};
    case GradeDomain::kDoseResponse: return {0, 1};
    case GradeDomain::kUnspecified: break;
  }
  return {1, 0};  // empty: nothing is allowed
}

std::string Signed(int points) {
  return points > 0 ? absl::StrCat("+", points) : absl::StrCat(points);
}

absl::Status CheckRange(absl::string_view owner, absl::string_view field,
                        GradeDomain domain, int value) {
  Range r = DomainRange(domain);
  if (value < r.lo || value > r.hi) {
    return InvalidField(absl::StrCat(owner, ".", field),
                        absl::StrFormat("must be between %d and %d (got %d)",
                                        r.lo, r.hi, value));
  }
  return absl::OkStatus();
}

int DesignStart(StudyDesign design) {
  switch (design) {
    case StudyDesign::kMetaAnalysis:
    case StudyDesign::kSystematicReview:
    case StudyDesign::kRct:
      return 4;
    case StudyDesign::kControlledTrial:
    case StudyDesign::kCohort:
    case StudyDesign::kBeforeAfter:
      return 2;
    case StudyDesign::kCaseControl:
    case StudyDesign::kCrossSectional:
    case StudyDesign::kCaseSeries:
      return 1;
    default:
      return 0;
  }
}

bool IsReview(StudyDesign design) {
  return design == StudyDesign::kMetaAnalysis ||
         design == StudyDesign::kSystematicReview;
}

absl::string_view RatioName(EffectMeasure m) {
  switch (m) {
    case EffectMeasure::kRiskRatio: return "risk ratio";
    case EffectMeasure::kOddsRatio: return "odds ratio";
    case EffectMeasure::kHazardRatio: return "hazard ratio";
    default: return "";
  }
}

// Computed value of one domain with its reason text (without the sign).
struct Computed {
  int points = 0;
  std::string why;
  bool note_when_zero = false;  // keep a zero-point line (e.g. n unreported)
};

absl::StatusOr<Computed> ComputeDomain(GradeDomain domain, const Study& s,
                                       const Edge& link,
                                       absl::string_view link_name) {
  const StudyGrading& g = s.grading;
  Computed c;
  switch (domain) {
    case GradeDomain::kDesign:
      c.points = DesignStart(s.design);
      c.why = std::string(StudyDesignWords(s.design));
      if (g.pooled_studies > 0) absl::StrAppend(&c.why, " of ", g.pooled_studies, " studies");
      break;
    case GradeDomain::kRiskOfBias:
      if (g.risk_of_bias.has_value()) {
        c.points = *g.risk_of_bias;
        c.why = "reviewer-rated";
      } else if (g.blinding_impossible && g.subjective_outcome) {
        c.points = -1;
        c.why = "blinding impossible and outcome subjective (default)";
      }
      break;
    case GradeDomain::kImprecision:
      if (g.interval_crosses_benefit_and_harm) {
        c.points = -2;
        c.why = "confidence interval crosses benefit and harm";
      } else if (s.sample_size.has_value() && *s.sample_size < 400) {
        c.points = -1;
        c.why = absl::StrCat("n=", *s.sample_size, " < 400");
      } else if (!s.sample_size.has_value()) {
        c.why = "sample size not reported (no point taken)";
        c.note_when_zero = true;
      }
      break;
    case GradeDomain::kIndirectness:
      switch (link.grading.indirectness) {
        case Indirectness::kSurrogateOutcome:
          c.points = -1;
          c.why = "surrogate outcome";
          break;
        case Indirectness::kOtherPopulation:
          c.points = -1;
          c.why = "other population";
          break;
        case Indirectness::kVeryIndirect:
          c.points = -2;
          c.why = "very indirect";
          break;
        default:
          break;
      }
      break;
    case GradeDomain::kFollowUp:
      if (link.grading.follow_up_shorter_than_claim) {
        c.points = -1;
        c.why = "shorter than the claim implies";
      } else if (!s.follow_up_days.has_value() && !IsReview(s.design)) {
        c.points = -1;
        c.why = "duration not reported";
      }
      break;
    case GradeDomain::kInconsistency:
      if (g.inconsistency.has_value()) {
        c.points = *g.inconsistency;
        c.why = g.pooled_studies > 0
                    ? absl::StrCat("across ", g.pooled_studies, " pooled studies")
                    : std::string("reviewer-rated");
      }
      break;
    case GradeDomain::kPublicationBias:
      if (g.publication_bias.has_value()) {
        c.points = *g.publication_bias;
        c.why = "suspected";
      }
      break;
    case GradeDomain::kLargeEffect:
      if (g.large_effect.has_value()) {
        c.points = *g.large_effect;
        c.why = "reviewer-rated";
      } else if (!RatioName(s.effect_measure).empty() && s.effect_size.has_value()) {
        double r = *s.effect_size;
        if (!(r > 0.0) || !std::isfinite(r)) {
          return InvalidField(absl::StrCat(s.name, ".effect_size"),
                              "a ratio effect measure must be a finite number > 0");
        }
        if (r > 5.0 || r < 0.2) {
          c.points = 2;
        } else if (r > 2.0 || r < 0.5) {
          c.points = 1;
        }
        c.why = absl::StrFormat("%s %g", RatioName(s.effect_measure), r);
      }
      break;
    case GradeDomain::kDoseResponse:
      if (g.dose_response) {
        c.points = 1;
        c.why = "gradient shown";
      }
      break;
    case GradeDomain::kUnspecified:
      break;
  }
  (void)link_name;
  return c;
}

absl::Status CheckOverrides(const std::vector<DomainOverride>& list,
                            absl::string_view owner) {
  std::array<bool, 10> seen{};
  for (size_t i = 0; i < list.size(); ++i) {
    const DomainOverride& o = list[i];
    std::string field = absl::StrCat("overrides[", i, "]");
    int d = static_cast<int>(o.domain);
    if (d <= 0 || d > 9) {
      return InvalidField(absl::StrCat(owner, ".", field, ".domain"),
                          "must name a GRADE domain");
    }
    if (seen[d]) {
      return InvalidField(absl::StrCat(owner, ".", field, ".domain"),
                          absl::StrCat("overrides ", GradeDomainWords(o.domain),
                                       " twice"));
    }
    seen[d] = true;
    auto st = CheckRange(owner, absl::StrCat(field, ".points"), o.domain, o.points);
    if (!st.ok()) return st;
  }
  return absl::OkStatus();
}

const DomainOverride* FindOverride(const std::vector<DomainOverride>& list,
                                   GradeDomain domain) {
  for (const DomainOverride& o : list) {
    if (o.domain == domain) return &o;
  }
  return nullptr;
}

absl::Status ValidateInputs(const Study& s, const Edge& link,
                            absl::string_view link_name) {
  const StudyGrading& g = s.grading;
  std::string owner = absl::StrCat(s.name, ".grading");
  if (s.design == StudyDesign::kUnspecified ||
      static_cast<int>(s.design) < 0 || static_cast<int>(s.design) > 12) {
    return InvalidField(absl::StrCat(s.name, ".design"), "must be set to a known design");
  }
  if (s.sample_size.has_value() && *s.sample_size < 0) {
    return InvalidField(absl::StrCat(s.name, ".sample_size"), "must be >= 0");
  }
  if (s.follow_up_days.has_value() &&
      (!std::isfinite(*s.follow_up_days) || *s.follow_up_days < 0)) {
    return InvalidField(absl::StrCat(s.name, ".follow_up_days"),
                        "must be a finite number >= 0");
  }
  if (s.effect_size.has_value() && !std::isfinite(*s.effect_size)) {
    return InvalidField(absl::StrCat(s.name, ".effect_size"), "must be finite");
  }
  if (g.pooled_studies < 0) {
    return InvalidField(absl::StrCat(owner, ".pooled_studies"), "must be >= 0");
  }
  if (g.risk_of_bias) {
    auto st = CheckRange(owner, "risk_of_bias", GradeDomain::kRiskOfBias, *g.risk_of_bias);
    if (!st.ok()) return st;
  }
  if (g.inconsistency) {
    auto st = CheckRange(owner, "inconsistency", GradeDomain::kInconsistency, *g.inconsistency);
    if (!st.ok()) return st;
  }
  if (g.publication_bias) {
    auto st = CheckRange(owner, "publication_bias", GradeDomain::kPublicationBias,
                         *g.publication_bias);
    if (!st.ok()) return st;
  }
  if (g.large_effect) {
    auto st = CheckRange(owner, "large_effect", GradeDomain::kLargeEffect, *g.large_effect);
    if (!st.ok()) return st;
  }
  auto st = CheckOverrides(g.overrides, owner);
  if (!st.ok()) return st;
  std::string link_owner = absl::StrCat(link_name, ".grading");
  int ind = static_cast<int>(link.grading.indirectness);
  if (ind < 0 || ind > 4) {
    return InvalidField(absl::StrCat(link_owner, ".indirectness"), "unknown value");
  }
  st = CheckOverrides(link.grading.overrides, link_owner);
  if (!st.ok()) return st;
  if (link.grading.score_override) {
    double b = link.grading.score_override->base_score;
    if (!std::isfinite(b) || b < 0.0 || b > 1.0) {
      return InvalidField(absl::StrCat(link_owner, ".score_override.base_score"),
                          absl::StrFormat("must be in [0, 1] (got %g)", b));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::string_view CertaintyWords(CertaintyLevel level) {
  switch (level) {
    case CertaintyLevel::kVeryLow: return "very low";
    case CertaintyLevel::kLow: return "low";
    case CertaintyLevel::kModerate: return "moderate";
    case CertaintyLevel::kHigh: return "high";
    case CertaintyLevel::kNone: break;
  }
  return "none";
}

double TauForPoints(double points) {
  if (!(points > 0.0)) return kTauAnchors[0];  // also NaN
  if (points >= 4.0) return kTauAnchors[4];
  int lo = static_cast<int>(std::floor(points));
  double frac = points - lo;
  return kTauAnchors[lo] + frac * (kTauAnchors[lo + 1] - kTauAnchors[lo]);
}

CertaintyLevel LevelForPoints(int points) {
  if (points >= 4) return CertaintyLevel::kHigh;
  if (points == 3) return CertaintyLevel::kModerate;
  if (points == 2) return CertaintyLevel::kLow;
  return CertaintyLevel::kVeryLow;
}

CertaintyLevel LevelForStrength(double strength) {
  if (strength >= kTauAnchors[4]) return CertaintyLevel::kHigh;
  if (strength >= kTauAnchors[3]) return CertaintyLevel::kModerate;
  if (strength >= kTauAnchors[2]) return CertaintyLevel::kLow;
  return CertaintyLevel::kVeryLow;
}

namespace {

// "= 3 points (moderate) -> base score 0.70": a function of the clamped
// points alone (0-4), formatted once; every link of a cone ends with one.
const std::string& PointsSummary(int points) {
  static const std::array<std::string, 5> kSummaries = [] {
    std::array<std::string, 5> out;
    for (int p = 0; p <= 4; ++p) {
      out[p] = absl::StrFormat("= %d points (%s) -> base score %.2f", p,
                               CertaintyWords(LevelForPoints(p)), TauForPoints(p));
    }
    return out;
  }();
  return kSummaries[std::clamp(points, 0, 4)];
}

}  // namespace

absl::StatusOr<LinkGrade> GradeLink(const Study& study, const Edge& link,
                                    absl::string_view link_name) {
  absl::Status valid = ValidateInputs(study, link, link_name);
  if (!valid.ok()) return valid;

  LinkGrade grade;
  for (int d = 1; d <= 9; ++d) {
    GradeDomain domain = static_cast<GradeDomain>(d);
    absl::StatusOr<Computed> computed = ComputeDomain(domain, study, link, link_name);
    if (!computed.ok()) return computed.status();
    const DomainOverride* o = FindOverride(link.grading.overrides, domain);
    if (o == nullptr) o = FindOverride(study.grading.overrides, domain);

    GradeAdjustment adj;
    adj.domain = domain;
    adj.computed_points = computed->points;
    adj.points = o != nullptr ? o->points : computed->points;
    absl::string_view words = GradeDomainWords(domain);
    if (domain == GradeDomain::kDesign) {
      adj.reason = absl::StrCat(adj.computed_points, " start: ", computed->why);
    } else {
      adj.reason = absl::StrCat(Signed(adj.computed_points), " ", words,
                                computed->why.empty() ? "" : ": ", computed->why);
    }
    if (o != nullptr) {
      adj.overridden = true;
      adj.override_reason = o->reason;
      adj.override_reviewer = o->reviewer;
      adj.reason = absl::StrCat(
          domain == GradeDomain::kDesign ? absl::StrCat(adj.points)
                                         : Signed(adj.points),
          " ", words, ": override by ",
          o->reviewer.empty() ? std::string("a reviewer") : o->reviewer,
          " (computed ", Signed(adj.computed_points), ")",
          o->reason.empty() ? "" : ": ", o->reason);
    }
    grade.raw_points += adj.points;
    bool keep = domain == GradeDomain::kDesign || adj.points != 0 ||
                adj.overridden || computed->note_when_zero;
    if (keep) {
      grade.reasons.push_back(adj.reason);
      grade.adjustments.push_back(std::move(adj));
    }
  }
  grade.points = std::clamp(grade.raw_points, 0, 4);
  grade.level = LevelForPoints(grade.points);
  grade.computed_tau = TauForPoints(grade.points);
  grade.tau = grade.computed_tau;
  if (grade.points != grade.raw_points) {
    grade.reasons.push_back(absl::StrCat("points ", grade.raw_points,
                                         " clamped to ", grade.points));
  }
  grade.reasons.push_back(PointsSummary(grade.points));
  if (link.grading.score_override) {
    const ScoreOverride& so = *link.grading.score_override;
    ScoreOverrideApplied applied{grade.computed_tau, so.base_score, so.reason,
                                 so.reviewer};
    grade.tau = so.base_score;
    grade.reasons.push_back(absl::StrFormat(
        "base score overridden to %.2f by %s (computed %.2f)%s%s", so.base_score,
        so.reviewer.empty() ? std::string("a reviewer") : so.reviewer,
        grade.computed_tau, so.reason.empty() ? "" : ": ", so.reason));
    grade.score_override = std::move(applied);
  }
  return grade;
}

}  // namespace evidencegraph::reasoning
