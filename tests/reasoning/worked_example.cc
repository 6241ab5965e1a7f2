#include "tests/reasoning/worked_example.h"

#include <string>

namespace evidencegraph::reasoning::testing {
namespace {

Edge Link(const std::string& source, EdgeKind kind, const std::string& target,
          Indirectness indirectness = Indirectness::kDirect) {
  Edge e;
  e.source = source;
  e.kind = kind;
  e.target = target;
  e.grading.indirectness = indirectness;
  return e;
}

Edge Targets(const std::string& critique, const std::string& target, AttackType type) {
  Edge e;
  e.source = critique;
  e.kind = EdgeKind::kTargets;
  e.target = target;
  e.attack_type = type;
  return e;
}

Study MakeStudy(const std::string& name, const std::string& title, StudyDesign design) {
  Study s;
  s.name = name;
  s.display_title = title;
  s.design = design;
  return s;
}

Expert MakeExpert(const std::string& name, const std::string& full_name, int expertise,
                  bool organisation = false) {
  Expert x;
  x.name = name;
  x.full_name = full_name;
  x.expertise = expertise;
  x.organisation = organisation;
  return x;
}

Critique MakeCritique(const std::string& name, const std::string& title, CritiqueKind kind,
                      const std::string& text) {
  Critique k;
  k.name = name;
  k.display_title = title;
  k.kind = kind;
  k.text = text;
  k.substantiated = true;
  return k;
}

}  // namespace

EvidenceGraph WorkedExample() {
  EvidenceGraph g;
  g.claims = {
      {kC1, "", "Massage reduces inflammation after intense exercise"},
      {kC2, "", "Massage changes gene expression in muscle (inflammation, mitochondria)"},
      {kC3, "", "Massage reduces delayed-onset muscle soreness (DOMS)"},
      {kC4, "", "Exercise changes gene expression in muscle far more than massage"},
      {kC5, "", "Moderate-pressure massage stimulates the parasympathetic nervous system"},
      {kC6, "", "Massage helps runners prevent injuries or heal faster"},
  };

  Study s1 = MakeStudy(kS1, "Crane et al. 2012", StudyDesign::kRct);
  s1.sample_size = 11;
  s1.grading.risk_of_bias = -1;
  s1.follow_up_days = 0.125;
  Study s2 = MakeStudy(kS2, "UC Irvine 2007", StudyDesign::kBeforeAfter);
  s2.sample_size = 12;
  s2.grading.risk_of_bias = 0;
  s2.grading.large_effect = 1;
  s2.follow_up_days = 0.1;
  Study s3 = MakeStudy(kS3, "2008 review of 17 studies", StudyDesign::kSystematicReview);
  s3.grading.pooled_studies = 17;
  s3.grading.risk_of_bias = -1;
  s3.grading.inconsistency = -1;
  Study s4 = MakeStudy(kS4, "J Athl Train 2005", StudyDesign::kRct);
  s4.sample_size = 10;
  s4.grading.risk_of_bias = -1;
  Study s5 = MakeStudy(kS5, "University of Miami 2009", StudyDesign::kRct);
  s5.sample_size = 20;
  s5.grading.risk_of_bias = -1;
  s5.follow_up_days = 0.05;
  g.studies = {s1, s2, s3, s4, s5};

  g.experts = {
      MakeExpert(kIngraham, "Paul Ingraham", 2),
      MakeExpert(kGorski, "David Gorski", 3),
      MakeExpert(kCrane, "Justin Crane", 3),
      MakeExpert(kRoose, "Rajam Roose", 1),
      MakeExpert(kNg, "Nick Ng", 1),
      MakeExpert(kProponents, "Massage proponents", 1, /*organisation=*/true),
  };

  g.critiques = {
      MakeCritique(kCraneNegative, "Ingraham: the Crane data were negative",
                   CritiqueKind::kMisinterpretedData,
                   "No significant effect; tiny sample; trivial, short-lived changes."),
      MakeCritique(kSingleGenes, "Gorski: single genes mean little",
                   CritiqueKind::kWrongUnitOfAnalysis,
                   "Changes in single genes mean little; pathways matter."),
      MakeCritique(kDomsEffect, "Ingraham: the DOMS effect is small",
                   CritiqueKind::kTrivialEffect,
                   "A 30% pain reduction is small and maybe temporary; no effect on strength."),
      MakeCritique(kPerception, "Roose: the benefit is perception",
                   CritiqueKind::kPlaceboOrPerception,
                   "The benefit is perception; massaged runners still get injured."),
  };

  g.sources = {{kSource, "Massage for runners", "Massage for runners"}};

  Edge s1c2 = Link(kS1, EdgeKind::kSupports, kC2, Indirectness::kSurrogateOutcome);
  Edge s1c1 = Link(kS1, EdgeKind::kSupports, kC1, Indirectness::kVeryIndirect);
  Edge s4c3 = Link(kS4, EdgeKind::kSupports, kC3);
  Edge assert_c6 = Link(kProponents, EdgeKind::kAsserts, kC6);
  g.edges = {
      s1c2,
      s1c1,
      Link(kS2, EdgeKind::kSupports, kC4),
      Link(kS3, EdgeKind::kRefutes, kC1),
      Link(kS3, EdgeKind::kRefutes, kC3),
      s4c3,
      Link(kS5, EdgeKind::kSupports, kC5),
      Link(kCrane, EdgeKind::kAuthored, kS1),
      Link(kNg, EdgeKind::kAuthored, kSource),
      Link(kIngraham, EdgeKind::kAuthored, kCraneNegative),
      Link(kIngraham, EdgeKind::kAuthored, kDomsEffect),
      Link(kGorski, EdgeKind::kAuthored, kSingleGenes),
      Link(kRoose, EdgeKind::kAuthored, kPerception),
      assert_c6,
      Targets(kCraneNegative, kS1, AttackType::kUndermine),
      Targets(kSingleGenes, EdgeNameOf(s1c2), AttackType::kUndercut),
      Targets(kSingleGenes, EdgeNameOf(s1c1), AttackType::kUndercut),
      Targets(kDomsEffect, EdgeNameOf(s4c3), AttackType::kUndercut),
      Targets(kPerception, EdgeNameOf(assert_c6), AttackType::kUndercut),
      Targets(kPerception, kC6, AttackType::kRebut),
      Link(kC3, EdgeKind::kSpecialises, kC6),
  };
  for (const char* claim : {kC1, kC2, kC3, kC4, kC5, kC6}) {
    g.edges.push_back(Link(kSource, EdgeKind::kReports, claim));
  }
  // Link() set indirectness on every edge; only SUPPORTS/REFUTES use it.
  return g;
}

}  // namespace evidencegraph::reasoning::testing
