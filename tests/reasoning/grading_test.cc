// GRADE grading of study-claim links: starting points, every default rule,
// overrides, the tau table and validation.
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reasoning/grading.h"

namespace evidencegraph::reasoning {
namespace {

using ::testing::HasSubstr;

Study Rct(int64_t n) {
  Study s;
  s.name = "studies/s";
  s.design = StudyDesign::kRct;
  s.sample_size = n;
  s.follow_up_days = 30;
  return s;
}

Edge Supports() {
  Edge e;
  e.source = "studies/s";
  e.kind = EdgeKind::kSupports;
  e.target = "claims/c";
  return e;
}

LinkGrade Grade(const Study& s, const Edge& e = Supports()) {
  auto g = GradeLink(s, e, EdgeNameOf(e));
  EXPECT_TRUE(g.ok()) << g.status();
  return g.ok() ? *g : LinkGrade{};
}

std::string Reasons(const LinkGrade& g) { return absl::StrJoin(g.reasons, "\n"); }

TEST(TauTable, AnchorsAndLinearInterpolation) {
  EXPECT_DOUBLE_EQ(TauForPoints(0), 0.10);
  EXPECT_DOUBLE_EQ(TauForPoints(1), 0.20);
  EXPECT_DOUBLE_EQ(TauForPoints(2), 0.45);
  EXPECT_DOUBLE_EQ(TauForPoints(3), 0.70);
  EXPECT_DOUBLE_EQ(TauForPoints(4), 0.90);
  EXPECT_NEAR(TauForPoints(1.5), 0.325, 1e-12);
  EXPECT_NEAR(TauForPoints(3.5), 0.80, 1e-12);
  EXPECT_DOUBLE_EQ(TauForPoints(-3), 0.10);
  EXPECT_DOUBLE_EQ(TauForPoints(9), 0.90);
}

TEST(TauTable, LevelsReadTheSameTable) {
  EXPECT_EQ(LevelForPoints(4), CertaintyLevel::kHigh);
  EXPECT_EQ(LevelForPoints(3), CertaintyLevel::kModerate);
  EXPECT_EQ(LevelForPoints(2), CertaintyLevel::kLow);
  EXPECT_EQ(LevelForPoints(1), CertaintyLevel::kVeryLow);
  EXPECT_EQ(LevelForStrength(0.9), CertaintyLevel::kHigh);
  EXPECT_EQ(LevelForStrength(0.45), CertaintyLevel::kLow);
  EXPECT_EQ(LevelForStrength(0.449), CertaintyLevel::kVeryLow);
}

TEST(Grading, LargeWellReportedRctStartsHigh) {
  LinkGrade g = Grade(Rct(1000));
  EXPECT_EQ(g.points, 4);
  EXPECT_DOUBLE_EQ(g.tau, 0.90);
  EXPECT_EQ(g.level, CertaintyLevel::kHigh);
  EXPECT_THAT(Reasons(g), HasSubstr("4 start: randomised controlled trial"));
}

TEST(Grading, DesignsStartWhereGradeSays) {
  struct Case {
    StudyDesign design;
    int start;
  };
  for (Case c : {Case{StudyDesign::kMetaAnalysis, 4}, Case{StudyDesign::kCohort, 2},
                 Case{StudyDesign::kCaseSeries, 1}, Case{StudyDesign::kAnecdote, 0}}) {
    Study s = Rct(1000);
    s.design = c.design;
    EXPECT_EQ(Grade(s).points, c.start) << StudyDesignWords(c.design);
  }
}

TEST(Grading, SmallSampleCostsOnePointAndSaysWhy) {
  LinkGrade g = Grade(Rct(11));
  EXPECT_EQ(g.points, 3);
  EXPECT_THAT(Reasons(g), HasSubstr("-1 imprecision: n=11 < 400"));
}

TEST(Grading, IntervalCrossingBenefitAndHarmCostsTwo) {
  Study s = Rct(1000);
  s.grading.interval_crosses_benefit_and_harm = true;
  EXPECT_EQ(Grade(s).points, 2);
}

TEST(Grading, UnreportedSampleSizeIsNotedWithoutAPoint) {
  Study s = Rct(0);
  s.sample_size.reset();
  LinkGrade g = Grade(s);
  EXPECT_EQ(g.points, 4);
  EXPECT_THAT(Reasons(g), HasSubstr("sample size not reported"));
}

TEST(Grading, RiskOfBiasDefaultsFromBlindingAndSubjectiveOutcome) {
  Study s = Rct(1000);
  s.grading.blinding_impossible = true;
  EXPECT_EQ(Grade(s).points, 4);  // objective outcome: no default penalty
  s.grading.subjective_outcome = true;
  EXPECT_EQ(Grade(s).points, 3);
  s.grading.risk_of_bias = 0;  // the reviewer's value wins
  EXPECT_EQ(Grade(s).points, 4);
}

TEST(Grading, FollowUpRules) {
  Study s = Rct(1000);
  s.follow_up_days.reset();
  EXPECT_EQ(Grade(s).points, 3);  // unreported
  s.design = StudyDesign::kSystematicReview;
  EXPECT_EQ(Grade(s).points, 4);  // reviews are exempt
  Edge e = Supports();
  e.grading.follow_up_shorter_than_claim = true;
  s = Rct(1000);
  EXPECT_EQ(Grade(s, e).points, 3);
}

TEST(Grading, IndirectnessPerLink) {
  Edge e = Supports();
  e.grading.indirectness = Indirectness::kOtherPopulation;
  EXPECT_EQ(Grade(Rct(1000), e).points, 3);
  e.grading.indirectness = Indirectness::kVeryIndirect;
  EXPECT_EQ(Grade(Rct(1000), e).points, 2);
}

TEST(Grading, LargeEffectFromRatioMeasures) {
  Study s = Rct(11);
  s.design = StudyDesign::kCohort;  // starts at 2, -1 for n
  s.effect_measure = EffectMeasure::kRiskRatio;
  s.effect_size = 1.5;
  EXPECT_EQ(Grade(s).points, 1);
  s.effect_size = 2.5;
  EXPECT_EQ(Grade(s).points, 2);
  s.effect_size = 0.1;
  EXPECT_EQ(Grade(s).points, 3);
  s.effect_measure = EffectMeasure::kMeanDifference;  // not a ratio: no points
  EXPECT_EQ(Grade(s).points, 1);
}

TEST(Grading, PointsClampToTheTable) {
  Study s = Rct(11);
  s.design = StudyDesign::kAnecdote;
  s.grading.risk_of_bias = -2;
  LinkGrade g = Grade(s);
  EXPECT_EQ(g.raw_points, -3);
  EXPECT_EQ(g.points, 0);
  EXPECT_DOUBLE_EQ(g.tau, 0.10);
  EXPECT_THAT(Reasons(g), HasSubstr("clamped"));
}

TEST(Grading, LinkOverrideWinsOverStudyOverrideAndIsReported) {
  Study s = Rct(11);  // imprecision -1 computed
  s.grading.overrides.push_back({GradeDomain::kImprecision, -2, "tiny", "study team"});
  Edge e = Supports();
  e.grading.overrides.push_back({GradeDomain::kImprecision, 0, "n is fine here", "Dr Who"});
  LinkGrade g = Grade(s, e);
  EXPECT_EQ(g.points, 4);
  bool found = false;
  for (const GradeAdjustment& a : g.adjustments) {
    if (a.domain != GradeDomain::kImprecision) continue;
    found = true;
    EXPECT_TRUE(a.overridden);
    EXPECT_EQ(a.computed_points, -1);
    EXPECT_EQ(a.points, 0);
    EXPECT_EQ(a.override_reviewer, "Dr Who");
    EXPECT_EQ(a.override_reason, "n is fine here");
  }
  EXPECT_TRUE(found);
  EXPECT_THAT(Reasons(g), HasSubstr("override by Dr Who (computed -1)"));
}

TEST(Grading, ScoreOverrideKeepsTheComputedValue) {
  Edge e = Supports();
  e.grading.score_override = ScoreOverride{0.33, "panel consensus", "GRADE panel"};
  LinkGrade g = Grade(Rct(11), e);
  EXPECT_DOUBLE_EQ(g.tau, 0.33);
  ASSERT_TRUE(g.score_override.has_value());
  EXPECT_DOUBLE_EQ(g.score_override->computed_tau, 0.70);
  EXPECT_EQ(g.score_override->reviewer, "GRADE panel");
}

TEST(GradingValidation, OutOfRangeInputsNameTheField) {
  Study s = Rct(10);
  s.grading.risk_of_bias = 3;
  auto g = GradeLink(s, Supports(), "l");
  ASSERT_EQ(g.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(g.status().message()), HasSubstr("studies/s.grading.risk_of_bias"));

  Study nan_follow = Rct(10);
  nan_follow.follow_up_days = std::nan("");
  EXPECT_EQ(GradeLink(nan_follow, Supports(), "l").status().code(),
            absl::StatusCode::kInvalidArgument);

  Edge bad_override = Supports();
  bad_override.grading.score_override = ScoreOverride{1.2, "", ""};
  auto o = GradeLink(Rct(10), bad_override, "the-link");
  ASSERT_EQ(o.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(o.status().message()), HasSubstr("the-link.grading.score_override"));

  Study unspecified = Rct(10);
  unspecified.design = StudyDesign::kUnspecified;
  EXPECT_EQ(GradeLink(unspecified, Supports(), "l").status().code(),
            absl::StatusCode::kInvalidArgument);

  Study ratio = Rct(10);
  ratio.effect_measure = EffectMeasure::kOddsRatio;
  ratio.effect_size = -1;
  EXPECT_EQ(GradeLink(ratio, Supports(), "l").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace evidencegraph::reasoning
