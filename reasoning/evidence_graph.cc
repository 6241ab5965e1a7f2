#include "reasoning/evidence_graph.h"

#include "absl/strings/str_cat.h"

namespace evidencegraph::reasoning {

absl::string_view EdgeKindSegment(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::kSupports: return "supports";
    case EdgeKind::kRefutes: return "refutes";
    case EdgeKind::kTargets: return "targets";
    case EdgeKind::kAuthored: return "authored";
    case EdgeKind::kAsserts: return "asserts";
    case EdgeKind::kCites: return "cites";
    case EdgeKind::kAggregates: return "aggregates";
    case EdgeKind::kReports: return "reports";
    case EdgeKind::kSpecialises: return "specialises";
    case EdgeKind::kGeneralises: return "generalises";
    case EdgeKind::kUnspecified: break;
  }
  return "unspecified";
}

std::string EdgeName(absl::string_view source, EdgeKind kind,
                     absl::string_view target) {
  return absl::StrCat(source, "/edges/", EdgeKindSegment(kind), "/", target);
}

std::string EdgeNameOf(const Edge& edge) {
  if (!edge.name.empty()) return edge.name;
  return EdgeName(edge.source, edge.kind, edge.target);
}

absl::string_view StudyDesignWords(StudyDesign design) {
  switch (design) {
    case StudyDesign::kMetaAnalysis: return "meta-analysis";
    case StudyDesign::kSystematicReview: return "systematic review";
    case StudyDesign::kRct: return "randomised controlled trial";
    case StudyDesign::kControlledTrial: return "controlled non-randomised trial";
    case StudyDesign::kCohort: return "cohort study";
    case StudyDesign::kBeforeAfter: return "before-after study";
    case StudyDesign::kCaseControl: return "case-control study";
    case StudyDesign::kCrossSectional: return "cross-sectional study";
    case StudyDesign::kCaseSeries: return "case series";
    case StudyDesign::kMechanistic: return "mechanistic or laboratory study";
    case StudyDesign::kExpertOpinion: return "expert opinion";
    case StudyDesign::kAnecdote: return "anecdote";
    case StudyDesign::kUnspecified: break;
  }
  return "unspecified design";
}

absl::string_view CritiqueKindWords(CritiqueKind kind) {
  switch (kind) {
    case CritiqueKind::kSmallSample: return "small sample";
    case CritiqueKind::kTrivialEffect: return "trivial effect";
    case CritiqueKind::kShortLivedEffect: return "short-lived effect";
    case CritiqueKind::kMisinterpretedData: return "misinterpreted data";
    case CritiqueKind::kWrongUnitOfAnalysis: return "wrong unit of analysis";
    case CritiqueKind::kSurrogateOutcome: return "surrogate outcome";
    case CritiqueKind::kConfounding: return "confounding";
    case CritiqueKind::kConflictOfInterest: return "conflict of interest";
    case CritiqueKind::kNotReplicated: return "not replicated";
    case CritiqueKind::kPlaceboOrPerception: return "placebo or perception";
    case CritiqueKind::kCounterexample: return "counterexample";
    case CritiqueKind::kOther: return "other";
    case CritiqueKind::kUnspecified: break;
  }
  return "unspecified";
}

absl::string_view AttackTypeWords(AttackType type) {
  switch (type) {
    case AttackType::kUndermine: return "undermine";
    case AttackType::kUndercut: return "undercut";
    case AttackType::kRebut: return "rebut";
    case AttackType::kUnspecified: break;
  }
  return "unspecified";
}

absl::string_view GradeDomainWords(GradeDomain domain) {
  switch (domain) {
    case GradeDomain::kDesign: return "design";
    case GradeDomain::kRiskOfBias: return "risk of bias";
    case GradeDomain::kImprecision: return "imprecision";
    case GradeDomain::kIndirectness: return "indirectness";
    case GradeDomain::kFollowUp: return "follow-up";
    case GradeDomain::kInconsistency: return "inconsistency";
    case GradeDomain::kPublicationBias: return "publication bias";
    case GradeDomain::kLargeEffect: return "large effect";
    case GradeDomain::kDoseResponse: return "dose-response";
    case GradeDomain::kUnspecified: break;
  }
  return "unspecified domain";
}

}  // namespace evidencegraph::reasoning
